"""Forms of the study administrators' pages."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from study.models import Difficulty, QuestionKind, StudyTest, StudyTopic, TestKind


class TopicForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("study", "Topic"), max_length=100)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("Month"), min_value=1, max_value=12, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class CardForm(forms.Form):
    topic = forms.ModelChoiceField(label=pgettext_lazy("study", "Topic"), queryset=StudyTopic.objects.all())
    title = forms.CharField(label=pgettext_lazy("study", "Title"), max_length=120)
    publish_on = forms.DateField(label=_("Day pushed"), widget=forms.DateInput(attrs={"type": "date"}))
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Markdown: ## for a heading, **bold**, - for a list, a blank line between paragraphs."),
    )
    min_seconds = forms.IntegerField(label=_("Minimum reading time (seconds)"), initial=30)


class QuestionForm(forms.Form):
    topic = forms.ModelChoiceField(label=pgettext_lazy("study", "Topic"), queryset=StudyTopic.objects.all())
    kind = forms.ChoiceField(label=_("Question kind"), choices=QuestionKind.choices)
    difficulty = forms.TypedChoiceField(
        label=_("Difficulty"), choices=Difficulty.choices, coerce=int, initial=Difficulty.MEDIUM
    )
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}))
    options = forms.CharField(
        label=_("Options, one per line (choice questions)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    answer = forms.CharField(
        label=_("Answer"),
        max_length=300,
        help_text=_(
            "Choices: the letters (B, ACD); true/false: 对 or 错; "
            "blanks: each blank's answer separated by ；, alternatives by |."
        ),
    )
    explanation = forms.CharField(
        label=pgettext_lazy("study", "Explanation"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class TestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TestKind.choices)
    title = forms.CharField(label=pgettext_lazy("study", "Title"), max_length=120)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("Month"), min_value=1, max_value=12, required=False)
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics drawn from"), queryset=StudyTopic.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    single = forms.IntegerField(label=_("Single-choice questions"), min_value=0, initial=5)
    multiple = forms.IntegerField(label=_("Multiple-choice questions"), min_value=0, initial=3)
    judge = forms.IntegerField(label=_("True-or-false questions"), min_value=0, initial=2)
    blank = forms.IntegerField(label=_("Fill-in-the-blank questions"), min_value=0, initial=0)
    duration_minutes = forms.IntegerField(label=_("Time limit (minutes)"), min_value=1, max_value=240, initial=20)
    pass_mark = forms.IntegerField(label=_("Pass mark (of 100)"), min_value=0, max_value=100, initial=60)
    max_attempts = forms.IntegerField(label=_("Attempts allowed"), min_value=1, max_value=10, initial=1)
    opens_at = forms.DateTimeField(label=_("Opens at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    makeup_for = forms.ModelChoiceField(
        label=_("Make-up for (make-up exams only)"),
        queryset=StudyTest.objects.exclude(kind=TestKind.MAKEUP),
        required=False,
    )

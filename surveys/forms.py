import secrets

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from surveys.models import QuestionKind, SurveyKind


class SurveyForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("survey", "Survey title"), max_length=150)
    kind = forms.ChoiceField(label=_("kind"), choices=SurveyKind.choices)
    intro = forms.CharField(
        label=pgettext_lazy("survey", "Letter to the recipients"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Shown at the top of the answer page and in the e-mail."),
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous: answers are kept without any link to who gave them"), required=False
    )
    opens_on = forms.DateField(
        label=pgettext_lazy("survey", "Opens on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_on = forms.DateField(
        label=pgettext_lazy("survey", "Closes on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    submit_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)  # new surveys: one per form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("submit_key", secrets.token_urlsafe(16))


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=pgettext_lazy("survey", "Question kind"), choices=QuestionKind.choices)
    text = forms.CharField(label=pgettext_lazy("survey", "Question"), max_length=300)
    options = forms.CharField(
        label=pgettext_lazy("survey", "Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line, best level first for a rating scale (left empty: 好/较好/一般/差)."),
    )
    required = forms.BooleanField(label=pgettext_lazy("survey", "Answer required"), required=False, initial=True)


class RecipientsForm(forms.Form):
    units = forms.CharField(
        label=_("Units (one name or unified social credit code a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    all_units = forms.BooleanField(label=_("Send to every active unit"), required=False)
    recommenders = forms.CharField(
        label=_("City/county bureaus and departments (one name a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    all_recommenders = forms.BooleanField(label=_("Send to every bureau and department"), required=False)
    users = forms.CharField(
        label=_("Accounts (one account name a line)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    externals = forms.CharField(
        label=_("External people (name, e-mail — one a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FindingForm(forms.Form):
    problem = forms.CharField(
        label=pgettext_lazy("survey", "Problem found"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    question = forms.TypedChoiceField(
        label=pgettext_lazy("survey", "From question"), required=False, coerce=int, empty_value=None
    )
    office = forms.TypedChoiceField(label=_("Responsible office"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, questions=(), offices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = [("", "—")] + [(q.pk, q.text) for q in questions]
        self.fields["office"].choices = [("", "—")] + [(o.pk, o.name) for o in offices]

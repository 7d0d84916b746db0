from django import forms
from django.utils.translation import gettext_lazy as _

from orgs.models import Recommender, UnitType
from plans.models import Call, Program
from plans.services import ATTACHMENT_KINDS, CALL_FIELDS

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
CHECKBOXES = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})


class TitleListField(forms.CharField):
    """Professional titles typed as a list separated by commas or 、."""

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        return [part.strip() for part in text.replace("、", ",").replace("，", ",").split(",") if part.strip()]

    def prepare_value(self, value):
        return "、".join(value) if isinstance(value, list) else value


class CallForm(forms.ModelForm):
    eligible_unit_types = forms.MultipleChoiceField(
        label=_("Eligible unit types"), choices=UnitType.choices, widget=CHECKBOXES
    )
    pi_titles = TitleListField(
        label=_("PI titles accepted"),
        required=False,
        help_text=_("Separate with 、 or commas; empty accepts any title."),
    )
    required_attachments = forms.MultipleChoiceField(
        label=_("Required attachments"), choices=list(ATTACHMENT_KINDS.items()), widget=CHECKBOXES, required=False
    )
    opens_at = forms.DateTimeField(label=_("Opens at"), widget=DATETIME_WIDGET)
    closes_at = forms.DateTimeField(
        label=_("Closes at"), widget=DATETIME_WIDGET, help_text=_("Beijing time, server clock.")
    )

    class Meta:
        model = Call
        fields = ["program", *CALL_FIELDS]
        widgets = {"notice": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, offices: list[int] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        programs = Program.objects.filter(is_active=True).select_related("office")
        if offices is not None:
            programs = programs.filter(office_id__in=offices)
        self.fields["program"].queryset = programs
        self.fields["program"].empty_label = _("Please choose")
        if self.instance.pk:
            self.fields.pop("program")


class TopicForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    budget_cap = forms.DecimalField(label=_("Grant cap (10k yuan)"), required=False, min_value=0, decimal_places=2)


class ChallengeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    requirement = forms.CharField(label=_("Requirement"), widget=forms.Textarea(attrs={"rows": 3}))
    prize_amount = forms.DecimalField(label=_("Prize (10k yuan)"), min_value=0, decimal_places=2)
    deadline = forms.DateField(label=_("Deadline for delivery"), widget=forms.DateInput(attrs={"type": "date"}))
    issuer = forms.CharField(label=_("Issuing enterprise or body"), max_length=100, required=False)


class QuotaForm(forms.Form):
    recommender = forms.ModelChoiceField(
        label=_("Recommender"), queryset=Recommender.objects.filter(is_active=True), empty_label=_("Please choose")
    )
    quota = forms.IntegerField(label=_("Quota"), min_value=0)


class NoticeFileForm(forms.Form):
    file = forms.FileField(label=_("File"))

"""Forms of the ledger pages. The services re-check everything; forms only parse input."""

import secrets

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from accounts.roles import Role
from orgs.models import Office
from rectification.models import RectificationSource

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name or obj.username


def officers():
    return (
        User.objects.filter(role_assignments__role=Role.OFFICER, role_assignments__is_active=True, is_active=True)
        .distinct()
        .order_by("full_name", "username")
    )


class ClaritiesForm(forms.Form):
    """The four clarities and the one commitment (四明确一承诺)."""

    problem = forms.CharField(label=_("Problem"), widget=TEXT, max_length=2000)
    goal = forms.CharField(label=_("Rectification goal"), widget=TEXT, required=False, max_length=2000)
    deadline = forms.DateField(label=pgettext_lazy("rectification", "Deadline"), widget=DATE, required=False)
    measures = forms.CharField(label=_("Rectification measures"), widget=TEXT, required=False, max_length=4000)
    office = forms.ModelChoiceField(
        label=_("Responsible office"), queryset=Office.objects.filter(is_active=True), required=False
    )
    responsible = OfficerChoiceField(label=_("Responsible person"), queryset=User.objects.none(), required=False)
    commitment = forms.CharField(label=_("Public commitment"), widget=TEXT, required=False, max_length=2000)
    is_public = forms.BooleanField(label=_("Shown on the public roadmap"), required=False, initial=True)
    internal_note = forms.CharField(
        label=_("Internal note (never public)"), widget=TEXT, required=False, max_length=2000
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = officers()


class ItemEditForm(ClaritiesForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ItemNewForm(ClaritiesForm):
    source = forms.ChoiceField(label=_("Source"), choices=RectificationSource.choices)
    source_ref = forms.CharField(
        label=_("Source details"),
        max_length=200,
        required=False,
        help_text=_("E.g. the meeting, the inspection or the request the problem was found in."),
    )
    # one item per form sent: a double click or a resubmitted page finds the item made before
    submit_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)
    field_order = ["source", "source_ref"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["internal_note"]  # added on the edit page, through the audited update
        if not self.is_bound:
            self.initial.setdefault("submit_key", secrets.token_urlsafe(16))


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=120)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)


class MilestoneEditForm(MilestoneForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file"))

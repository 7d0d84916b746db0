"""Forms of the party pages that edit the organization tree (the other pages post plain fields)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from orgs.models import Office, Unit
from party.models import OrgKind, PartyMember, Post
from party.structure import CHILD_KINDS


class OrgForm(forms.Form):
    name = forms.CharField(label=_("Full name of the organization"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"))
    office = forms.ModelChoiceField(label=_("Agency office"), queryset=Office.objects.all(), required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.filter(is_active=True), required=False)
    team = forms.CharField(
        label=_("Research team"),
        max_length=100,
        required=False,
        help_text=_("For a branch built on an innovation team or project group."),
    )
    term_started_on = forms.DateField(
        label=_("Current term started on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    term_years = forms.IntegerField(
        label=_("Term (years)"),
        required=False,
        help_text=_("Leave empty for the rule: committees 5 years, general branches and branches 3."),
    )
    dues_day = forms.IntegerField(label=_("Dues collection day"), initial=10, required=False)
    order = forms.IntegerField(label=_("Order"), initial=0, min_value=0, required=False)

    def __init__(self, *args, parent_kind=None, kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = (kind,) if kind else CHILD_KINDS.get(parent_kind, ())
        self.fields["kind"].choices = [(k, OrgKind(k).label) for k in kinds]
        if OrgKind.BRANCH in kinds:
            self.fields["kind"].initial = OrgKind.BRANCH  # most new organizations are branches
        if kind:
            self.fields["kind"].disabled = True
            self.fields["kind"].initial = kind


class PostForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=PartyMember.objects.none())
    post = forms.ChoiceField(label=_("Post"), choices=Post.choices)
    since = forms.DateField(label=_("Since"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["member"].queryset = members

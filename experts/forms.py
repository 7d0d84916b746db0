"""The expert's profile form and the officer's filter and decision forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from experts.models import ExpertProfile, ProfileStatus
from experts.services import discipline_codes_parse
from orgs.models import Region, RegionLevel, Unit

AVOID_ROWS = 5


class ExpertProfileForm(forms.Form):
    title = forms.CharField(label=_("Professional title"), max_length=50)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.order_by("name"), required=False)
    unit_name = forms.CharField(
        label=_("Unit name"), max_length=100, required=False, help_text=_("Only when your unit is not in the list.")
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.exclude(level=RegionLevel.PROVINCE),
        help_text=_("City or county where you work (used for off-site review)."),
    )
    discipline_codes = forms.CharField(
        label=_("Discipline codes"), max_length=100, help_text=_("GB/T 13745 codes, e.g. 520.20、520.60")
    )
    keywords = forms.CharField(label=_("Keywords"), max_length=200)
    research_fields = forms.CharField(label=_("Research fields"), max_length=1000, widget=forms.Textarea({"rows": 3}))
    available = forms.BooleanField(label=_("Available for review"), required=False, initial=True)
    unavailable_until = forms.DateField(
        label=_("Unavailable until"), required=False, widget=forms.DateInput({"type": "date"})
    )
    avoid_units = forms.ModelMultipleChoiceField(
        label=_("Units to avoid"),
        queryset=Unit.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple({"size": 5}),
        help_text=_("Besides your own unit, which is always avoided."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_discipline_codes(self) -> list[str]:
        return discipline_codes_parse(self.cleaned_data["discipline_codes"])

    @classmethod
    def initial_from(cls, profile: ExpertProfile | None, user) -> dict:
        if profile is None:
            return {"title": user.title, "unit": user.unit_id, "available": True}
        return {
            "title": profile.title,
            "unit": profile.unit_id,
            "unit_name": profile.unit_name,
            "region": profile.region_id,
            "discipline_codes": "、".join(profile.discipline_codes),
            "keywords": profile.keywords,
            "research_fields": profile.research_fields,
            "available": profile.available,
            "unavailable_until": profile.unavailable_until,
            "avoid_units": list(profile.avoid_units.values_list("pk", flat=True)),
            "version": profile.version,
        }


def avoid_people_from(data) -> list[dict]:
    rows = (
        {"name": data.get(f"avoid-{n}-name", ""), "unit": data.get(f"avoid-{n}-unit", "")} for n in range(AVOID_ROWS)
    )
    return [row for row in rows if row["name"].strip()]


class PoolFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, unit or keyword"), required=False)
    discipline = forms.CharField(label=_("Discipline code"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *ProfileStatus.choices], required=False)

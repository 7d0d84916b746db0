from django import forms
from django.utils.translation import gettext_lazy as _

from orgs.models import Region, RegionLevel, Unit


class UnitForm(forms.ModelForm):
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.exclude(level=RegionLevel.PROVINCE).select_related("parent")
    )

    class Meta:
        model = Unit
        fields = ["name", "credit_code", "unit_type", "region", "address", "contact_name", "contact_phone"]


class UnitProfileForm(forms.ModelForm):
    """What a unit admin may change about the unit."""

    class Meta:
        model = Unit
        fields = ["address", "contact_name", "contact_phone"]


class AttachmentUploadForm(forms.Form):
    file = forms.FileField(label=_("File"))
    kind = forms.ChoiceField(
        label=_("Document kind"),
        choices=[("license", _("Business licence / registration certificate")), ("other", _("Other document"))],
    )

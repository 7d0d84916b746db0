from django import forms
from django.utils.translation import gettext_lazy as _

from orgs.models import Recommender, RecommenderKind, Region, RegionLevel, Unit


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


class OfficeForm(forms.Form):
    name = forms.CharField(label=_("Office name"), max_length=100)
    code = forms.SlugField(label=_("Code"), max_length=30, help_text=_("Short Latin code, e.g. hightech"))
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    sort_order = forms.IntegerField(label=_("Order"), min_value=0, initial=0)

    def clean_name(self) -> str:
        from orgs.models import Office

        name = self.cleaned_data["name"].strip()
        if Office.objects.filter(name=name).exists():
            raise forms.ValidationError(_("An office with this name exists."))
        return name

    def clean_code(self) -> str:
        from orgs.models import Office

        code = self.cleaned_data["code"]
        if Office.objects.filter(code=code).exists():
            raise forms.ValidationError(_("An office with this code exists."))
        return code


class RecommenderForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=RecommenderKind.choices)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.select_related("parent"))
    parent = forms.ModelChoiceField(label=_("Higher recommender"), queryset=Recommender.objects.all(), required=False)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if Recommender.objects.filter(name=name).exists():
            raise forms.ValidationError(_("A recommender with this name exists."))
        return name

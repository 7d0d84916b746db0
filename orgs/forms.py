from django import forms
from django.utils.translation import gettext_lazy as _

from orgs.models import Recommender, RecommenderKind, Region, RegionLevel, Unit, UnitType


class RegionChoiceField(forms.ModelChoiceField):
    """Regions listed by full name (省市区), so same-named districts can be told apart."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("queryset", Region.objects.select_related("parent__parent").order_by("code"))
        kwargs.setdefault("empty_label", _("Please choose"))
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Region) -> str:
        return obj.full_name


class UnitForm(forms.ModelForm):
    region = RegionChoiceField(
        label=_("Region"), queryset=Region.objects.exclude(level=RegionLevel.PROVINCE).select_related("parent__parent")
    )

    class Meta:
        model = Unit
        fields = ["name", "credit_code", "unit_type", "region", "address", "contact_name", "contact_phone"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit_type"].choices = [("", _("Please choose")), *UnitType.choices]


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
    region = RegionChoiceField(label=_("Region"))
    parent = forms.ModelChoiceField(
        label=_("Higher recommender"), queryset=Recommender.objects.all(), required=False, empty_label=_("None")
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if Recommender.objects.filter(name=name).exists():
            raise forms.ValidationError(_("A recommender with this name exists."))
        return name

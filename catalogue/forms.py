from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.models import ServiceItem, ServiceMaterial
from catalogue.services import ITEM_FIELDS, MATERIAL_FIELDS
from orgs.models import Office


class ItemForm(forms.ModelForm):
    """The item's fields; the rules between them are the service's (shown at the fields)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ServiceItem
        fields = ITEM_FIELDS
        widgets = {
            "legal_basis": forms.Textarea(attrs={"rows": 4}),
            "conditions": forms.Textarea(attrs={"rows": 4}),
            "procedure": forms.Textarea(attrs={"rows": 5}),
            "fee_basis": forms.Textarea(attrs={"rows": 2}),
            "visit_reason": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "online_url": _("A page of this platform (e.g. /portal/) or an http/https address."),
            "promised_limit_days": _("0 means done on the spot (即办件)."),
            "legal_limit_days": _("Leave empty where the law sets no time limit."),
        }

    def __init__(self, *args, offices=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices if offices is not None else Office.objects.filter(is_active=True)
        self.fields["office"].empty_label = None
        self.fields["power_class"].required = False
        for name in ("legal_basis", "procedure", "promised_limit_days"):
            self.fields[name].required = True
        self.fields["legal_basis"].help_text = _("One basis per line, e.g. 《中华人民共和国科学技术进步法》第十二条.")

    def validate_unique(self) -> None:
        """The service checks the code (with a Chinese message at the field)."""


class MaterialForm(forms.ModelForm):
    class Meta:
        model = ServiceMaterial
        fields = MATERIAL_FIELDS
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class BlankFormUploadForm(forms.Form):
    file = forms.FileField(label=_("Blank form (PDF, Word or Excel)"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawal"), widget=forms.Textarea(attrs={"rows": 2}), max_length=500)

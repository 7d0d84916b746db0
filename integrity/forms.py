from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from integrity.models import ListKind, Restriction
from orgs.models import Unit


class IntegrityRecordForm(forms.Form):
    account = forms.CharField(label=_("Person (account name)"), required=False, max_length=150)
    credit_code = forms.CharField(label=_("Or unit (unified social credit code)"), required=False, max_length=18)
    list_kind = forms.ChoiceField(label=_("List"), choices=ListKind.choices)
    restrictions = forms.MultipleChoiceField(
        label=_("Restrictions"),
        choices=Restriction.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    starts_on = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    ends_on = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict:
        data = super().clean()
        account, code = data.get("account", "").strip(), data.get("credit_code", "").strip().upper()
        if bool(account) == bool(code):
            raise forms.ValidationError(_("Give either a person's account name or a unit's credit code."))
        if account:
            data["person"] = User.objects.filter(username=account).first()
            if data["person"] is None:
                self.add_error("account", _("No account has this name."))
        else:
            data["unit"] = Unit.objects.filter(credit_code=code).first()
            if data["unit"] is None:
                self.add_error("credit_code", _("No unit has this credit code."))
        return data

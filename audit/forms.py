from django import forms
from django.utils.translation import gettext_lazy as _

from audit.models import Result


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Actor"), required=False)
    action = forms.CharField(label=_("Action"), required=False)
    target = forms.CharField(label=_("Target"), required=False)
    result = forms.ChoiceField(label=_("Result"), required=False, choices=[("", "—"), *Result.choices])
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

from django import forms
from django.utils.translation import gettext_lazy as _

from audit.labels import action_choices
from audit.models import AuditEvent, Result


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Actor"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    target = forms.CharField(label=_("Target"), required=False)
    result = forms.ChoiceField(label=_("Result"), required=False, choices=[("", _("All")), *Result.choices])
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        recorded = list(AuditEvent.objects.order_by().values_list("action", flat=True).distinct())
        self.fields["action"].choices = [("", _("All")), *action_choices(recorded)]

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from notifications.models import WebhookKind


class WebhookForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    kind = forms.ChoiceField(label=_("Kind"), choices=WebhookKind.choices)
    url = forms.CharField(
        label=_("Webhook URL"),
        max_length=500,
        validators=[URLValidator(schemes=["https", "http"])],
        help_text=_("The robot's address including its access_token, from the group chat's robot settings."),
    )
    secret = forms.CharField(
        label=_("Signing secret"), max_length=200, required=False, help_text=_("DingTalk robots with signing: SEC…")
    )

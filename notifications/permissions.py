"""Access functions for notifications."""

from django.http import Http404

from accounts.roles import Role
from notifications.models import Notification, WebhookEndpoint


def notification_get_for_user(user, pk: int) -> Notification:
    """A notification of the user's own inbox; anything else is 404."""
    note = Notification.objects.filter(pk=pk, recipient=user).first()
    if note is None:
        raise Http404
    return note


def webhook_get_for_user(user, pk: int) -> WebhookEndpoint:
    """A robot endpoint, for the system admin only."""
    endpoint = WebhookEndpoint.objects.filter(pk=pk).first()
    if endpoint is None or Role.SYSADMIN not in user.role_names:
        raise Http404
    return endpoint

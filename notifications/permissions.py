"""Access functions for notifications."""

from django.http import Http404

from notifications.models import Notification


def notification_get_for_user(user, pk: int) -> Notification:
    """A notification of the user's own inbox; anything else is 404."""
    note = Notification.objects.filter(pk=pk, recipient=user).first()
    if note is None:
        raise Http404
    return note

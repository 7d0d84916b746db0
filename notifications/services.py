"""Sending notifications: in-app rows now, e-mail and webhooks by background tasks after commit."""

from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.utils import timezone

from notifications.models import Delivery, Notification, WebhookEndpoint


def notify(
    *,
    recipients: Iterable,
    title: str,
    body: str = "",
    url: str = "",
    email: bool = True,
    webhook: bool = False,
) -> list[Notification]:
    """Put a message in each recipient's inbox; queue e-mail (and robot messages) once committed."""
    from notifications import tasks

    notes = Notification.objects.bulk_create(
        [Notification(recipient=user, title=title[:200], body=body, url=url) for user in recipients]
    )
    if email:
        for note in notes:
            if note.recipient.email:
                delivery = Delivery.objects.create(channel="email", notification=note)
                transaction.on_commit(partial(tasks.deliver_email.enqueue, delivery.pk))
    if webhook:
        broadcast(title=title, body=body, url=url)
    return notes


def broadcast(*, title: str, body: str = "", url: str = "") -> int:
    """Send one message to every active group-chat robot."""
    from notifications import tasks

    count = 0
    for endpoint in WebhookEndpoint.objects.filter(is_active=True):
        delivery = Delivery.objects.create(channel=endpoint.kind, endpoint=endpoint)
        transaction.on_commit(partial(tasks.deliver_webhook.enqueue, delivery.pk, title, body, url))
        count += 1
    return count


def notification_mark_read(*, actor, notification: Notification | None = None) -> int:
    """Mark one notification (or all of the actor's) as read."""
    unread = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    return unread.update(read_at=timezone.now())

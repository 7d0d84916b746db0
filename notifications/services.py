"""Sending notifications: in-app rows now, e-mail and webhooks by background tasks after commit."""

from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
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


def broadcast_to(*, endpoint: WebhookEndpoint, title: str, body: str = "", url: str = "") -> None:
    """Send one message to a single robot (used for the "send a test message" button)."""
    from notifications import tasks

    delivery = Delivery.objects.create(channel=endpoint.kind, endpoint=endpoint)
    transaction.on_commit(partial(tasks.deliver_webhook.enqueue, delivery.pk, title, body, url))


@transaction.atomic
def webhook_create(*, actor, name: str, kind: str, url: str, secret: str = "") -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.create(name=name, kind=kind, url=url, secret=secret)
    audit_record(actor=actor, action="webhook.create", target=endpoint, after={"name": name, "kind": kind})
    return endpoint


@transaction.atomic
def webhook_set_active(*, actor, endpoint: WebhookEndpoint, active: bool) -> None:
    endpoint.is_active = active
    endpoint.save(update_fields=["is_active"])
    audit_record(actor=actor, action="webhook.activate" if active else "webhook.deactivate", target=endpoint)


def notification_mark_read(*, actor, notification: Notification | None = None) -> int:
    """Mark one notification (or all of the actor's) as read."""
    unread = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    return unread.update(read_at=timezone.now())

"""Background delivery of e-mail and webhook messages."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from notifications import channels
from notifications.models import Delivery, DeliveryStatus


def _finish(delivery: Delivery, error: str = "") -> None:
    delivery.status = DeliveryStatus.FAILED if error else DeliveryStatus.SENT
    delivery.error = error[:300]
    delivery.sent_at = timezone.now()
    delivery.save(update_fields=["status", "error", "sent_at"])


@task()
def deliver_email(delivery_id: int) -> str:
    delivery = Delivery.objects.select_related("notification__recipient").get(pk=delivery_id)
    note = delivery.notification
    try:
        send_mail(
            subject=f"[{settings.KEJIWANG_NAME}] {note.title}",
            message=f"{note.body}\n\n{note.url}".strip(),
            from_email=None,
            recipient_list=[note.recipient.email],
        )
    except Exception as exc:
        _finish(delivery, str(exc))
        raise
    _finish(delivery)
    return delivery.status


@task()
def deliver_webhook(delivery_id: int, title: str, body: str, link: str = "") -> str:
    delivery = Delivery.objects.select_related("endpoint").get(pk=delivery_id)
    try:
        channels.post(delivery.endpoint, title, body, link)
    except Exception as exc:
        _finish(delivery, str(exc))
        raise
    _finish(delivery)
    return delivery.status

from django.db.models import QuerySet

from notifications.models import Notification


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def inbox(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def webhook_list():
    """Robots with the outcome of their latest delivery (one query)."""
    from django.db.models import OuterRef, Subquery

    from notifications.models import Delivery, WebhookEndpoint

    latest = Delivery.objects.filter(endpoint=OuterRef("pk")).order_by("-created_at", "-pk")
    return WebhookEndpoint.objects.annotate(
        last_status=Subquery(latest.values("status")[:1]),
        last_sent_at=Subquery(latest.values("sent_at")[:1]),
        last_error=Subquery(latest.values("error")[:1]),
    ).order_by("name")

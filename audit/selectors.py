"""Reading the audit log (audit admin only)."""

from datetime import date, datetime, time

from django.db.models import QuerySet
from django.utils import timezone

from audit.models import AuditEvent


def audit_search(
    *,
    actor: str = "",
    action: str = "",
    target: str = "",
    result: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
    if actor:
        events = events.filter(actor_name__icontains=actor)
    if action:
        events = events.filter(action=action)
    if target:
        events = events.filter(target_repr__icontains=target)
    if result:
        events = events.filter(result=result)
    if date_from:
        events = events.filter(created_at__gte=timezone.make_aware(datetime.combine(date_from, time.min)))
    if date_to:
        events = events.filter(created_at__lte=timezone.make_aware(datetime.combine(date_to, time.max)))
    return events.order_by("-seq")

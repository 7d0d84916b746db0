"""The yearly review of published service guides (办事指南动态调整): the responsible office is told
once per item and year when a published guide has not changed for a year."""

from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from catalogue.models import CatalogueReminder, ItemStatus, ServiceItem
from catalogue.services import office_officers
from notifications.services import notify

REVIEW_AFTER_DAYS = 365


def send_once(key: str) -> bool:
    """Claim the reminder ``key`` in the caller's transaction; False if it was already sent."""
    try:
        with transaction.atomic():
            CatalogueReminder.objects.create(key=key)
    except IntegrityError:
        return False
    return True


def review_sweep(today: date | None = None) -> int:
    """Remind the offices of guides unchanged for a year; returns how many reminders went out."""
    today = today or timezone.localdate()
    cutoff = timezone.make_aware(datetime.combine(today - timedelta(days=REVIEW_AFTER_DAYS), time.min))
    sent = 0
    stale = ServiceItem.objects.select_related("office").filter(status=ItemStatus.PUBLISHED, updated_at__lt=cutoff)
    for item in stale[:500]:
        with transaction.atomic():
            if not send_once(f"review:{item.pk}:{today.year}"):
                continue
            notify(
                recipients=office_officers(item),
                title=_("Please review the service guide: %(name)s") % {"name": item.name},
                body=_("The guide has not changed for a year; check its legal basis, materials and limits."),
                url=reverse("catalogue:item", args=[item.pk]),
            )
            audit_record(actor=None, action="service_item.review_reminder", target=item, after={"year": today.year})
            sent += 1
    return sent

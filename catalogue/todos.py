"""Workbench to-dos: drafts waiting for 政策法规处 to publish; published guides due for review."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.models import ItemStatus, ServiceItem
from catalogue.permissions import manages_catalogue, officer_office_ids
from catalogue.reminders import REVIEW_AFTER_DAYS
from workbench.registry import Todo, todo_provider


@todo_provider("catalogue")
def catalogue_todos(user) -> list[Todo]:
    offices = officer_office_ids(user)
    if not offices:
        return []
    manager = manages_catalogue(user)
    mine = Q() if manager else Q(office_id__in=offices)
    stale = timezone.now() - timedelta(days=REVIEW_AFTER_DAYS)
    counts = ServiceItem.objects.filter(mine).aggregate(
        drafts=Count("pk", filter=Q(status=ItemStatus.DRAFT)),
        stale=Count("pk", filter=Q(status=ItemStatus.PUBLISHED, updated_at__lt=stale)),
    )
    url = reverse("catalogue:items")
    section = _("Supervision and service")
    items = [Todo(section, _("Service guides due for the yearly review"), counts["stale"], url)]
    if manager:
        items.append(
            Todo(section, _("Service guide drafts to check and publish"), counts["drafts"], url + "?status=draft")
        )
    return items

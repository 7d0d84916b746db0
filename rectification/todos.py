"""Workbench to-dos: items of my office to complete or overdue; completions waiting for review."""

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rectification.models import EventKind, RectificationEvent, RectificationItem, RectificationStatus
from rectification.permissions import is_officer, is_supervisor, own_office_ids
from rectification.selectors import overdue_q
from rectification.services import week_start
from workbench.registry import Todo, todo_provider


@todo_provider("rectification")
def rectification_todos(user) -> list[Todo]:
    module = _("Rectification ledger")
    url = reverse("rectification:ledger")
    today = timezone.localdate()
    items = []
    if is_officer(user):
        offices = own_office_ids(user)
        counts = RectificationItem.objects.filter(office_id__in=offices).aggregate(
            drafts=Count("pk", filter=Q(status=RectificationStatus.DRAFT)),
            late=Count("pk", filter=overdue_q(today)),
        )
        items += [
            Todo(
                module, _("Rectification items to complete (four clarities)"), counts["drafts"], url + "?status=draft"
            ),
            Todo(module, _("Rectification items overdue"), counts["late"], url + "?overdue=1"),
        ]
    if is_supervisor(user):
        monday = week_start(today)
        checked = RectificationEvent.objects.filter(
            item=OuterRef("pk"), kind=EventKind.WEEKLY_CHECK, at__date__gte=monday
        )
        counts = RectificationItem.objects.aggregate(
            waiting=Count("pk", filter=Q(status=RectificationStatus.SUBMITTED)),
            unchecked=Count("pk", filter=Q(status=RectificationStatus.IN_PROGRESS) & ~Q(Exists(checked))),
        )
        items += [
            Todo(module, _("Rectification completions to review"), counts["waiting"], url + "?status=submitted"),
            Todo(
                module,
                _("Rectification items without this week's check"),
                counts["unchecked"],
                url + "?status=in_progress",
            ),
        ]
    return items

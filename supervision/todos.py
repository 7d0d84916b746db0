"""Workbench to-dos: tasks to handle, results to give feedback on, weekly checks due."""

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from supervision.models import ACTIVE_STATUSES, OPEN_STATUSES, SupervisedTask, TaskStatus, WeeklyCheck
from supervision.permissions import is_supervisor
from supervision.services import week_of
from workbench.registry import Todo, todo_provider


@todo_provider("supervision")
def supervision_todos(user) -> list[Todo]:
    offices = user.scopes(Role.OFFICER, "office")
    handle = Q(owner=user) | Q(office__in=offices) if offices else Q(owner=user)
    counts = SupervisedTask.objects.aggregate(
        handle=Count("pk", filter=handle & Q(status__in=OPEN_STATUSES)),
        feedback=Count("pk", filter=Q(raised_by=user, status=TaskStatus.REPORTED)),
    )
    section = _("Supervision and service")
    items = [
        Todo(section, _("Supervised tasks to handle"), counts["handle"], reverse("supervision:tasks") + "?mine=1"),
        Todo(
            section,
            _("Completed tasks awaiting your feedback"),
            counts["feedback"],
            reverse("supervision:tasks") + "?feedback=1",
        ),
    ]
    if is_supervisor(user):
        week = week_of(timezone.localdate())
        checked = WeeklyCheck.objects.filter(task=OuterRef("pk"), week=week)
        due = SupervisedTask.objects.filter(status__in=ACTIVE_STATUSES).exclude(Exists(checked)).count()
        items.append(Todo(section, _("Weekly checks due this week"), due, reverse("supervision:weekly")))
    return items

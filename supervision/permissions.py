"""Who sees and handles supervised tasks. Missing and forbidden both answer 404.

- Supervisors and leaders create and decompose tasks and see everything; supervisors keep the
  weekly check log, issue bulletins and set the policy.
- Officers see the tasks of their office (responsible or co-operating office); the owner and the
  officers of the responsible office handle a task (start, completion report, evidence); officers of
  a co-operating office report progress on their part.
- Whoever raised a task sees it and gives the result feedback (accept or send back).
"""

import rules
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.roles import Role, has_role
from supervision.models import ACTIVE_STATUSES, SupervisedTask, TaskStatus

is_supervisor = has_role(Role.SUPERVISOR)
manages_tasks = has_role(Role.SUPERVISOR, Role.LEADER)


def _office_ids(user) -> list[int]:
    return user.scopes(Role.OFFICER, "office") if user.is_authenticated else []


@rules.predicate
def raised_any(user) -> bool:
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_supervision_raised", None)
    if cached is None:
        cached = SupervisedTask.objects.filter(raised_by=user).exists()
        user._supervision_raised = cached
    return cached


takes_part = manages_tasks | has_role(Role.OFFICER) | raised_any
# The menu shows to the staff roles only: ``raised_any`` costs a query, and every page draws the
# menu for every user; a raiser who no longer holds a staff role reaches the task from its
# notification and the workbench.
shows_in_menu = manages_tasks | has_role(Role.OFFICER)


def tasks_visible_to(user) -> QuerySet[SupervisedTask]:
    """The tasks ``user`` may see (all for supervisors and leaders)."""
    tasks = SupervisedTask.objects.all()
    if manages_tasks(user):
        return tasks
    offices = _office_ids(user)
    condition = Q(raised_by=user) | Q(owner=user)
    if offices:
        condition |= Q(office__in=offices) | Q(co_offices__in=offices)
    # co_offices is a join: keep one row per task
    return tasks.filter(pk__in=SupervisedTask.objects.filter(condition).values("pk"))


def can_view(user, task: SupervisedTask) -> bool:
    if manages_tasks(user) or task.raised_by_id == user.pk or task.owner_id == user.pk:
        return True
    offices = set(_office_ids(user))
    return bool(offices) and (task.office_id in offices or bool(offices & co_office_ids(task)))


def co_office_ids(task: SupervisedTask) -> set[int]:
    if not hasattr(task, "_co_office_ids"):
        task._co_office_ids = set(task.co_offices.values_list("pk", flat=True))
    return task._co_office_ids


def can_handle(user, task: SupervisedTask) -> bool:
    """The owner or an officer of the responsible office: start, report completion, evidence."""
    return task.owner_id == user.pk or task.office_id in _office_ids(user)


def can_report_progress(user, task: SupervisedTask) -> bool:
    return can_handle(user, task) or bool(set(_office_ids(user)) & co_office_ids(task))


def can_give_feedback(user, task: SupervisedTask) -> bool:
    return task.raised_by_id == user.pk


def can_manage(user, task: SupervisedTask) -> bool:
    """Edit, decompose, withdraw: supervisors and leaders (and the raiser, for their own task)."""
    return manages_tasks(user) or task.raised_by_id == user.pk


def task_get_for_user(user, pk, *, write: bool = False) -> SupervisedTask:
    """The task if ``user`` may see it (or handle it, with ``write``); otherwise 404."""
    task = (
        SupervisedTask.objects.select_related("office", "owner", "leader", "raised_by", "parent", "rectification_item")
        .filter(pk=pk)
        .first()
    )
    if task is None or not can_view(user, task):
        raise Http404
    if write and not (can_handle(user, task) or can_manage(user, task)):
        raise Http404
    return task


def evidence_attachment_rule(user, task: SupervisedTask, write: bool) -> bool:
    """Evidence files: whoever sees the task reads them; the handlers manage them until closed."""
    if write:
        return can_handle(user, task) and task.status in ACTIVE_STATUSES and task.status != TaskStatus.REPORTED
    return can_view(user, task)

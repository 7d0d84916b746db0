"""Time-limited completion 限时办结: warnings before and after a task's deadline.

For a task being handled (assigned or in progress), with the policy in ``SupervisionPolicy``:

- before: when ``warn_before_days`` working days or fewer remain, the owner is warned once;
  an urgent task's owner is warned every working day from ``urgent_warn_before_days`` before;
- overdue: the first sweep after the deadline warns the owner and the responsible office
  (urgent tasks: every working day while overdue);
- escalation: once the task is ``escalate_after_days`` working days overdue (urgent:
  ``urgent_escalate_after_days``), the leader in charge is told, once.

Keys carry the deadline, so moving it re-arms the warnings; a ``SupervisionReminder`` row with
the key is written in the same transaction as the notification, so each goes out once.
Working days come from ``core.workdays``; tests drive the sweep with ``today=``.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.workdays import is_working_day, working_days_between, working_days_overdue
from notifications.services import notify
from supervision.models import OPEN_STATUSES, EventKind, SupervisedTask, SupervisionReminder, TaskEvent
from supervision.services import officers_of, policy, task_url

HORIZON_DAYS = 45  # calendar days ahead covering the longest warning window around holidays


def send_once(key: str, send) -> bool:
    """Run ``send`` only if no warning with ``key`` was sent before; True if it ran now."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                SupervisionReminder.objects.create(key=key)
        except IntegrityError:
            return False
        send()
    return True


def _send(task: SupervisedTask, recipients, title: str, note: str):
    def run() -> None:
        notify(recipients=recipients, title=title, body=task.requirements[:300], url=task_url(task))
        TaskEvent.objects.create(task=task, kind=EventKind.WARNING, text=note)

    return run


def warnings_send(*, today: dt.date | None = None) -> int:
    """Send the warnings due on ``today``; returns how many went out."""
    today = today or timezone.localdate()
    officers: dict[int, list] = {}  # office -> its officers, read once per sweep
    rules = policy()
    # the policy allows up to 60 working days of warning: look as far ahead as that can reach
    horizon = HORIZON_DAYS + 2 * max(rules.warn_before_days, rules.urgent_warn_before_days)
    tasks = SupervisedTask.objects.filter(
        status__in=OPEN_STATUSES, deadline__lte=today + dt.timedelta(days=horizon)
    ).select_related("owner", "leader", "office")
    done = set(
        SupervisionReminder.objects.filter(sent_at__gte=timezone.now() - dt.timedelta(days=120)).values_list(
            "key", flat=True
        )
    )
    working_today = is_working_day(today)
    sent = 0
    for task in tasks:
        for key, send in _warnings(task, today, rules, working_today, officers):
            if key in done:
                continue
            done.add(key)
            sent += send_once(key, send)
    return sent


def _warnings(task: SupervisedTask, today: dt.date, rules, working_today: bool, officers: dict):
    base = f"{task.pk}:{task.deadline.isoformat()}"
    names = {"number": task.number, "title": task.title[:60], "date": task.deadline.isoformat()}
    if today <= task.deadline:
        left = working_days_between(today + dt.timedelta(days=1), task.deadline)
        if task.is_urgent and left <= rules.urgent_warn_before_days and working_today:
            title = _("Urgent task %(number)s %(title)s is due on %(date)s") % names
            yield f"before:{base}:{today.isoformat()}", _send(task, [task.owner], title, title)
        elif not task.is_urgent and left <= rules.warn_before_days:
            title = _("Task %(number)s %(title)s is due on %(date)s (%(n)d working days left)") % (names | {"n": left})
            yield f"before:{base}", _send(task, [task.owner], title, title)
        return
    overdue = working_days_overdue(task.deadline, today)
    title = _("Task %(number)s %(title)s is overdue: it was due on %(date)s") % names
    if task.office_id not in officers:
        officers[task.office_id] = officers_of([task.office_id])
    people = {task.owner, *officers[task.office_id]}
    if task.is_urgent:
        if working_today:
            yield f"overdue:{base}:{today.isoformat()}", _send(task, people, title, title)
    else:
        yield f"overdue:{base}", _send(task, people, title, title)
    limit = rules.urgent_escalate_after_days if task.is_urgent else rules.escalate_after_days
    if overdue >= limit:
        escalated = _("Task %(number)s %(title)s is %(n)d working days overdue (office: %(office)s)") % (
            names | {"n": overdue, "office": task.office.name}
        )
        yield f"escalate:{base}", _send(task, [task.leader], escalated, escalated)

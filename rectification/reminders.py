"""Reminders before and after an item's deadline and a milestone's due date, each sent once.

- ``DUE_SOON_DAYS`` working days before the deadline: the responsible person (or the office's
  officers when nobody is named);
- the first working day after the deadline: the same people;
- ``ESCALATE_DAYS`` working days overdue: the supervisors too;
- a milestone past its due date and not done: the responsible people.

Each reminder is keyed by item, deadline and reopening round (``RectificationReminder.key`` is
unique and written in the same transaction as the message), so a changed deadline or a reopened
item reminds again, and two sweeps at once remind once.
"""

from collections.abc import Callable
from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from core.workdays import deadline_after, working_days_overdue
from notifications.services import notify
from rectification.models import RectificationItem, RectificationMilestone, RectificationReminder
from rectification.selectors import DUE_SOON_DAYS, OPEN_STATES
from rectification.services import office_officers

ESCALATE_DAYS = 5  # working days overdue before the supervisors are told


def send_once(key: str, send: Callable[[], None]) -> bool:
    """Run ``send`` only if no reminder with ``key`` was sent before; True if it ran now."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                RectificationReminder.objects.create(key=key)
        except IntegrityError:
            return False
        send()
    return True


def _people(item: RectificationItem) -> list:
    return [item.responsible] if item.responsible_id else list(office_officers(item.office))


def _supervisors() -> list:
    return list(
        User.objects.filter(
            role_assignments__role=Role.SUPERVISOR, role_assignments__is_active=True, is_active=True
        ).distinct()
    )


def _item_reminders(item: RectificationItem, today: date, soon: date, done: set[str]) -> int:
    base = f"{item.pk}:{item.deadline.isoformat()}:{item.reopen_count}"
    url = reverse("rectification:item", args=[item.pk])
    values = {"number": item.number, "date": item.deadline.isoformat()}
    plan = []
    if today <= item.deadline <= soon:
        plan.append(("soon", _("Rectification item %(number)s is due on %(date)s") % values, False))
    late = working_days_overdue(item.deadline, today)
    if late >= 1:
        plan.append(("late", _("Rectification item %(number)s is overdue (deadline %(date)s)") % values, False))
    if late >= ESCALATE_DAYS:
        title = _("Rectification item %(number)s is %(days)d working days overdue") % (values | {"days": late})
        plan.append(("escalated", title, True))
    sent = 0
    for kind, title, escalate in plan:
        key = f"{kind}:{base}"
        if key in done:
            continue
        people = _people(item) + (_supervisors() if escalate else [])
        if people:
            sent += send_once(key, lambda p=people, t=title: notify(recipients=p, title=t, url=url))
    return sent


def _milestone_reminders(milestone: RectificationMilestone, today: date, done: set[str]) -> int:
    key = f"milestone:{milestone.pk}:{milestone.due_on.isoformat()}"
    if key in done or milestone.due_on >= today:
        return 0
    item = milestone.item
    title = _("Milestone “%(title)s” of %(number)s is past its due date %(date)s") % {
        "title": milestone.title,
        "number": item.number,
        "date": milestone.due_on.isoformat(),
    }
    people = _people(item)
    url = reverse("rectification:item", args=[item.pk])
    return send_once(key, lambda: notify(recipients=people, title=title, url=url)) if people else 0


def reminders_send(*, today: date | None = None) -> int:
    """Send the reminders due ``today``; returns how many were sent now."""
    today = today or timezone.localdate()
    soon = deadline_after(today, DUE_SOON_DAYS)
    done = set(RectificationReminder.objects.values_list("key", flat=True))
    items = RectificationItem.objects.filter(status__in=OPEN_STATES, deadline__isnull=False, deadline__lte=soon)
    sent = 0
    for item in items.select_related("office", "responsible"):
        sent += _item_reminders(item, today, soon, done)
    milestones = RectificationMilestone.objects.filter(
        item__status__in=OPEN_STATES, done_on__isnull=True, due_on__lt=today
    ).select_related("item__office", "item__responsible")
    for milestone in milestones:
        sent += _milestone_reminders(milestone, today, done)
    return sent

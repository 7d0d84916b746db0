"""Time-limited completion: warnings before and after the deadline and the escalation to the
leader fire at the right moments, once, driven by a fixed clock (working days, holidays)."""

import datetime as dt

import pytest

from notifications.models import Notification
from supervision.models import SupervisionReminder, TaskStatus
from supervision.reminders import warnings_send
from supervision.services import task_report, task_update
from supervision.tests.conftest import pdf

pytestmark = pytest.mark.django_db


def _titles(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user, title__contains="DB-").values_list("title", flat=True))


def _sweep(day: dt.date) -> int:
    return warnings_send(today=day)


def test_the_owner_is_warned_once_three_working_days_before_the_deadline(make_task, owner):
    task = make_task(deadline=dt.date(2026, 10, 12), stages=[])  # Monday after the National Day week
    Notification.objects.all().delete()
    assert _sweep(dt.date(2026, 9, 30)) == 0  # Oct 8, 9, the adjusted Saturday Oct 10 and Oct 12: 4
    assert _sweep(dt.date(2026, 10, 7)) == 0  # still 4: the holiday week does not count
    assert _sweep(dt.date(2026, 10, 8)) == 1  # Oct 9, 10, 12: 3 working days left
    assert task.number in _titles(owner)[0]
    assert _sweep(dt.date(2026, 10, 9)) == 0  # once


def test_no_warning_while_more_working_days_remain(make_task):
    make_task(deadline=dt.date(2026, 10, 12), stages=[])
    assert _sweep(dt.date(2026, 9, 28)) == 0  # Sep 29, 30, Oct 8, 9, 10, 12 remain: 6


def test_the_day_after_the_deadline_the_owner_and_office_are_warned_then_the_leader(
    make_task, owner, colleague, leader
):
    make_task(deadline=dt.date(2026, 9, 30), stages=[])
    Notification.objects.all().delete()
    assert _sweep(dt.date(2026, 9, 30)) == 1  # the "before" warning, due on the day
    assert _sweep(dt.date(2026, 10, 1)) == 1  # overdue: owner and office
    assert any("overdue" in t or "逾期" in t for t in _titles(colleague))
    # Oct 1-7 are holidays: not yet 3 working days overdue, so no escalation during the holiday
    assert _sweep(dt.date(2026, 10, 7)) == 0
    assert not _titles(leader)
    assert _sweep(dt.date(2026, 10, 9)) == 0  # Oct 8, 9: two working days overdue
    assert _sweep(dt.date(2026, 10, 10)) == 1  # the adjusted Saturday workday is the third
    assert len(_titles(leader)) == 1
    assert _sweep(dt.date(2026, 10, 12)) == 0  # all once


def test_an_urgent_task_is_warned_every_working_day_and_escalated_after_one(make_task, owner, leader):
    make_task(deadline=dt.date(2026, 9, 8), is_urgent=True, stages=[])
    Notification.objects.all().delete()
    assert _sweep(dt.date(2026, 9, 4)) == 0  # Friday: Sep 7, 8 remain, more than one
    assert _sweep(dt.date(2026, 9, 7)) == 1  # Monday: one left
    assert _sweep(dt.date(2026, 9, 8)) == 1  # the day itself, again
    assert _sweep(dt.date(2026, 9, 8)) == 0
    assert _sweep(dt.date(2026, 9, 9)) == 2  # overdue (daily) and, one working day late, the leader
    assert _sweep(dt.date(2026, 9, 10)) == 1  # overdue again; the escalation went once
    assert _sweep(dt.date(2026, 9, 12)) == 0  # Saturday: not a working day
    assert len(_titles(leader)) == 1


def test_a_reported_task_is_not_warned(make_task, owner):
    task = make_task(deadline=dt.date(2026, 9, 8), stages=[])
    task_report(actor=owner, task=task, summary="已完成", uploads=[pdf()], today=dt.date(2026, 9, 3))
    assert task.__class__.objects.get(pk=task.pk).status == TaskStatus.REPORTED
    assert _sweep(dt.date(2026, 9, 10)) == 0


def test_moving_the_deadline_re_arms_the_warnings(make_task, supervisor):
    task = make_task(deadline=dt.date(2026, 9, 8), stages=[])
    assert _sweep(dt.date(2026, 9, 9)) == 1
    task_update(actor=supervisor, task=task, version=task.version, deadline=dt.date(2026, 9, 10))
    assert _sweep(dt.date(2026, 9, 11)) == 1
    assert SupervisionReminder.objects.filter(key__startswith="overdue:").count() == 2


def test_a_sweep_running_twice_sends_each_warning_once(make_task):
    make_task(deadline=dt.date(2026, 9, 8), stages=[])
    assert _sweep(dt.date(2026, 9, 9)) + _sweep(dt.date(2026, 9, 9)) == 1

"""Reminders before and after the deadline, counted in working days (the National Day holiday of
2026 runs 1–7 October, Saturday 10 October is an adjusted workday), each sent once, driven by a
fixed clock."""

from datetime import date

import pytest

from notifications.models import Notification
from rectification.models import RectificationItem, RectificationReminder
from rectification.reminders import reminders_send
from rectification.services import milestone_add

pytestmark = pytest.mark.django_db


def titles(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("title", flat=True))


def due(item, deadline: date):
    RectificationItem.objects.filter(pk=item.pk).update(deadline=deadline)
    item.refresh_from_db()
    return item


def test_due_soon_counts_working_days_across_the_national_day_holiday(item, officer):
    due(item, date(2026, 10, 13))  # the 5th working day after 30 September: 8, 9, 10 (Sat), 12, 13
    assert reminders_send(today=date(2026, 9, 29)) == 0
    assert reminders_send(today=date(2026, 9, 30)) == 1
    assert titles(officer) == [f"整改事项 {item.number} 将于 2026-10-13 到期"] or len(titles(officer)) == 1


def test_a_deadline_one_working_day_further_is_not_yet_due_soon(item, officer):
    due(item, date(2026, 10, 14))
    assert reminders_send(today=date(2026, 9, 30)) == 0


def test_overdue_waits_for_the_first_working_day_after_the_deadline(item, officer, supervisor):
    due(item, date(2026, 9, 30))
    reminders_send(today=date(2026, 9, 30))  # due today: the "due soon" reminder
    before = len(titles(officer))
    for holiday in range(1, 8):
        reminders_send(today=date(2026, 10, holiday))
    assert len(titles(officer)) == before  # the holiday counts no working day overdue
    assert reminders_send(today=date(2026, 10, 8)) == 1
    assert titles(supervisor) == []
    # Five working days overdue (8, 9, 10, 12, 13 October): the supervisors are told too.
    assert reminders_send(today=date(2026, 10, 12)) == 0
    assert reminders_send(today=date(2026, 10, 13)) == 1
    assert len(titles(supervisor)) == 1 and len(titles(officer)) == before + 2


def test_each_reminder_goes_out_once_however_often_the_sweep_runs(item, officer):
    due(item, date(2026, 10, 13))
    assert reminders_send(today=date(2026, 9, 30)) == 1
    assert reminders_send(today=date(2026, 9, 30)) == 0
    assert reminders_send(today=date(2026, 10, 9)) == 0  # still due soon: already reminded
    assert len(titles(officer)) == 1 and RectificationReminder.objects.count() == 1


def test_a_new_deadline_reminds_again(item, officer):
    due(item, date(2026, 10, 13))
    reminders_send(today=date(2026, 9, 30))
    due(item, date(2026, 10, 15))
    assert reminders_send(today=date(2026, 10, 9)) == 1


def test_a_reported_item_is_not_reminded(with_evidence, officer):
    from django.utils import timezone

    from rectification.services import completion_report

    completion_report(
        actor=officer, item=with_evidence, text="整改已全部完成并报送佐证", completed_on=timezone.localdate()
    )
    due(with_evidence, date(2026, 9, 30))
    assert reminders_send(today=date(2026, 10, 20)) == 0


def test_a_milestone_past_due_reminds_once(item, officer):
    from django.utils import timezone

    today = timezone.localdate()
    milestone_add(actor=officer, item=item, title="完成信息梳理", starts_on=today, due_on=today)
    later = date.fromordinal(today.toordinal() + 3)
    assert reminders_send(today=later) == 1
    assert reminders_send(today=later) == 0


def test_nobody_named_reminds_the_office_officers(draft, officer, colleague):
    due(draft, date(2026, 10, 13))
    RectificationItem.objects.filter(pk=draft.pk).update(responsible=None)
    assert reminders_send(today=date(2026, 9, 30)) == 1
    assert len(titles(officer)) == 1 and len(titles(colleague)) == 1

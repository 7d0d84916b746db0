"""Bi-monthly secretary reports: the period arithmetic, submission, the committee's comment,
the overdue list and the reminder before the due day."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evaluation.models import BimonthlyReport
from evaluation.reminders import reminders_send
from evaluation.reports import due_on, last_due_period, overdue, period_of, report_comment, report_submit
from notifications.models import Notification
from party.tests.conftest import post_holder

pytestmark = pytest.mark.django_db
WORK = "组织开展主题党日活动，召开支委会研究党员发展工作，完成党费收缴。"


def test_periods_and_due_days():
    assert period_of(date(2026, 1, 31)) == (2026, 1) and period_of(date(2026, 12, 1)) == (2026, 6)
    assert due_on(2026, 1) == date(2026, 3, 10)
    assert due_on(2026, 6) == date(2027, 1, 10)  # the December report is due in January
    assert last_due_period(date(2026, 3, 9)) == (2025, 6)
    assert last_due_period(date(2026, 3, 10)) == (2026, 1)


def test_the_branch_reports_and_the_committee_comments(tree, secretary, make_user):
    committee = post_holder(make_user, "committee1", tree["committee"])
    with pytest.raises(ValidationError) as short:
        report_submit(
            actor=secretary,
            organization=tree["branch"],
            year=2026,
            period=1,
            work_done="太短",
            problems="",
            next_steps="",
        )
    assert "work_done" in short.value.message_dict
    report = report_submit(
        actor=secretary, organization=tree["branch"], year=2026, period=1, work_done=WORK, problems="", next_steps=""
    )
    report_submit(  # corrected before the comment: the same report
        actor=secretary,
        organization=tree["branch"],
        year=2026,
        period=1,
        work_done=WORK + "补充。",
        problems="",
        next_steps="",
    )
    assert BimonthlyReport.objects.count() == 1
    with pytest.raises(PermissionDenied):
        report_comment(actor=secretary, report=report, comment="自己点评自己")
    report_comment(actor=committee, report=report, comment="工作扎实，建议加强党建与业务融合。")
    with pytest.raises(ValidationError):
        report_submit(
            actor=secretary,
            organization=tree["branch"],
            year=2026,
            period=1,
            work_done=WORK,
            problems="",
            next_steps="",
        )


def test_others_cannot_report_for_a_branch(tree, other_secretary):
    with pytest.raises(PermissionDenied):
        report_submit(
            actor=other_secretary,
            organization=tree["branch"],
            year=2026,
            period=1,
            work_done=WORK,
            problems="",
            next_steps="",
        )


def test_overdue_list_after_the_due_day(tree, secretary):
    ids = [tree["branch"].pk, tree["other"].pk]
    assert {o.pk for o, *_ in overdue(ids, date(2026, 3, 10))} == set(ids)
    report_submit(
        actor=secretary, organization=tree["branch"], year=2026, period=1, work_done=WORK, problems="", next_steps=""
    )
    assert [o.pk for o, *_ in overdue(ids, date(2026, 3, 10))] == [tree["other"].pk]


def test_secretaries_are_reminded_five_days_before_once(tree, secretary, other_secretary):
    assert reminders_send(today=date(2026, 3, 4)) == 0  # six days before
    assert reminders_send(today=date(2026, 3, 5)) == 2
    assert reminders_send(today=date(2026, 3, 6)) == 0
    assert Notification.objects.filter(recipient=secretary, title__contains="2026-03-10").count() == 1


def test_report_pages(tree, secretary, make_user, login):
    committee = post_holder(make_user, "committee1", tree["committee"])
    client = login(secretary)
    assert client.get("/evaluation/reports/").status_code == 200
    bad = client.post(
        f"/evaluation/reports/orgs/{tree['branch'].pk}/", {"year": "2026", "period": "1", "work_done": ""}
    )
    assert bad.status_code == 400 and "is-invalid" in bad.content.decode()
    client.post(f"/evaluation/reports/orgs/{tree['branch'].pk}/", {"year": "2026", "period": "1", "work_done": WORK})
    report = BimonthlyReport.objects.get()
    assert client.get(f"/evaluation/reports/orgs/{tree['other'].pk}/").status_code == 404
    committee_client = login(committee)
    committee_client.post(f"/evaluation/reports/{report.pk}/comment/", {"comment": "请继续做好党员发展工作。"})
    report.refresh_from_db()
    assert report.commented_by == committee
    assert "请继续做好党员发展工作" in client.get(f"/evaluation/reports/{report.pk}/").content.decode()

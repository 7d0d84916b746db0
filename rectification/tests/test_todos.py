"""The workbench to-dos: an officer's drafts and overdue items; a supervisor's completions to
review and items not yet checked this week."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rectification.models import RectificationItem
from rectification.services import completion_report, weekly_check_record
from rectification.todos import rectification_todos

pytestmark = pytest.mark.django_db


def counts(user) -> dict[str, int]:
    return {todo.url.rsplit("?", 1)[1]: todo.count for todo in rectification_todos(user)}


def test_an_officer_sees_drafts_and_overdue_items_of_their_office(officer, stranger, item, draft):
    RectificationItem.objects.filter(pk=item.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    assert counts(officer) == {"status=draft": 1, "overdue=1": 1}
    assert counts(stranger) == {"status=draft": 0, "overdue=0": 0} or counts(stranger) == {
        "status=draft": 0,
        "overdue=1": 0,
    }


def test_a_supervisor_sees_completions_to_review_and_unchecked_items(supervisor, officer, with_evidence):
    item = with_evidence
    assert counts(supervisor) == {"status=submitted": 0, "status=in_progress": 1}
    weekly_check_record(actor=supervisor, item=item, text="本周调度：专家征集已启动")
    assert counts(supervisor)["status=in_progress"] == 0
    completion_report(actor=officer, item=item, text="专家库更新工作全部完成", completed_on=timezone.localdate())
    assert counts(supervisor)["status=submitted"] == 1


def test_the_workbench_page_shows_the_ledger_to_dos(login, supervisor, item):
    response = login(supervisor).get("/")
    assert response.status_code == 200

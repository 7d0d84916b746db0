"""The roadmap: a Gantt of items and milestones with status colours and a today line for staff,
and a public version of committed public items without people, notes or history."""

import json
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from rectification.models import RectificationItem
from rectification.selectors import item_state, soon_limit
from rectification.services import milestone_add, milestone_done, rectification_item_create
from rectification.tests.conftest import clarities

pytestmark = pytest.mark.django_db


def gantt(response) -> dict:
    page = response.content.decode()
    start = page.index('data-gantt="') + len('data-gantt="')
    return json.loads(unescape(page[start : page.index('"', start)]))


@pytest.fixture
def plan(supervisor, office, officer, item):
    today = timezone.localdate()
    milestone_add(
        actor=officer,
        item=item,
        title="征集专家",
        starts_on=today - timedelta(days=5),
        due_on=today - timedelta(days=1),
    )
    done = milestone_add(
        actor=officer,
        item=item,
        title="信息梳理",
        starts_on=today - timedelta(days=5),
        due_on=today + timedelta(days=20),
    )
    milestone_done(actor=officer, milestone=done, done_on=today)
    RectificationItem.objects.filter(pk=item.pk).update(internal_note="内部备注：专家名单涉密")
    hidden, _ = rectification_item_create(actor=supervisor, **clarities(office, officer, problem="内部管理问题不公开"))
    RectificationItem.objects.filter(pk=hidden.pk).update(is_public=False)
    rectification_item_create(actor=supervisor, source="survey", problem="尚未明确的草稿问题")
    return item


def test_the_staff_roadmap_draws_items_and_milestones_with_their_states(login, leader, plan):
    response = login(leader).get("/rectification/roadmap/")
    assert response.status_code == 200 and 'id="roadmap-chart"' in response.content.decode()
    data = gantt(response)
    assert data["today"] == timezone.localdate().isoformat()
    assert len(data["rows"]) == 2  # the draft is not on the roadmap
    milestones = {bar["name"]: bar["state"] for bar in data["bars"] if bar["kind"] == "milestone"}
    assert milestones == {"征集专家": "overdue", "信息梳理": "done"}
    assert set(data["colours"]) == {"done", "overdue", "due_soon", "on_track"}


def test_the_roadmap_filters_by_office_and_year(login, supervisor, plan, other_office):
    boss = login(supervisor)
    assert gantt(boss.get(f"/rectification/roadmap/?office={plan.office_id}"))["rows"]
    assert "data-gantt" not in boss.get(f"/rectification/roadmap/?office={other_office.pk}").content.decode()
    assert "data-gantt" not in boss.get("/rectification/roadmap/?year=2001").content.decode()
    assert boss.get("/rectification/roadmap/?year=abc&office=-1").status_code == 200


def test_the_public_roadmap_shows_committed_public_items_without_people_or_notes(client, plan, officer):
    response = client.get("/portal/rectification/")
    assert response.status_code == 200
    page = response.content.decode()
    assert plan.problem in page and plan.goal in page and plan.commitment in page and plan.office.name in page
    assert "内部管理问题不公开" not in page and "尚未明确的草稿问题" not in page
    assert "内部备注" not in page and officer.full_name not in page and plan.number not in page
    data = gantt(response)
    assert data["rows"] == [plan.problem[:17] + "…"]
    assert officer.full_name not in json.dumps(data, ensure_ascii=False)


def test_the_item_state_follows_the_deadline_in_working_days(item):
    today = timezone.localdate()
    soon = soon_limit(today)
    item.deadline = soon
    assert item_state(item, today, soon) == "due_soon"
    item.deadline = soon + timedelta(days=1)
    assert item_state(item, today, soon) == "on_track"
    item.deadline = today - timedelta(days=1)
    assert item_state(item, today, soon) == "overdue"
    item.status = "closed"
    assert item_state(item, today, soon) == "done"

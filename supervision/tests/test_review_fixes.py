"""Defects found by the second reader, each pinned by a test."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from supervision.models import SupervisionPolicy
from supervision.reminders import warnings_send
from supervision.services import task_report
from supervision.tests.conftest import pdf

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/supervision/?month=9999-12", "/supervision/export/?month=9999-12"])
def test_a_month_beyond_the_calendar_is_ignored_rather_than_a_server_error(path, login, supervisor, task):
    assert login(supervisor).get(path).status_code == 200


@pytest.mark.parametrize("week", ["0001-01-03", "9999-12-31"])
def test_a_week_at_the_edge_of_the_calendar_shows_this_week_rather_than_a_server_error(week, login, supervisor, task):
    response = login(supervisor).get(f"/supervision/weekly/?week={week}")
    assert response.status_code == 200
    assert response.context["week"].year not in (1, 9999)


def test_a_task_reported_complete_cannot_be_split_so_it_is_never_closed_with_a_subtask_open(
    task, make_task, owner, login, supervisor
):
    task = task_report(actor=owner, task=task, summary="已完成", uploads=[pdf()])
    with pytest.raises(ValidationError) as caught:
        make_task(parent=task, deadline=dt.date(2026, 10, 20), stages=[], title="子任务")
    assert "parent" in caught.value.message_dict
    page = login(supervisor).get(f"/supervision/{task.pk}/")
    assert f"/supervision/{task.pk}/subtasks/new/" not in page.content.decode()


def test_a_long_warning_period_from_the_policy_warns_when_it_says_not_later(make_task, owner):
    SupervisionPolicy.objects.update_or_create(pk=1, defaults={"warn_before_days": 40})
    deadline = dt.date(2027, 3, 31)
    make_task(deadline=deadline, stages=[])
    from core.workdays import working_days_between

    day = dt.date(2026, 12, 1)
    while working_days_between(day + dt.timedelta(days=1), deadline) > 40:
        day += dt.timedelta(days=1)
    assert (deadline - day).days > 45  # beyond the fixed look-ahead the sweep used to have
    assert warnings_send(today=day - dt.timedelta(days=1)) == 0
    assert warnings_send(today=day) == 1

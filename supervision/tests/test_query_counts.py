"""The supervised-task list pages' query counts do not grow with tasks, stages and checks."""

import datetime as dt

import pytest

from supervision.bulletins import bulletin_issue
from supervision.services import progress_report, weekly_check_record

pytestmark = pytest.mark.django_db
PAGES = ("/supervision/", "/supervision/distribution/", "/supervision/weekly/", "/supervision/bulletins/", "/")


def grow(make_task, supervisor, owner, n: int) -> None:
    for _k in range(n):
        task = make_task()
        progress_report(actor=owner, task=task, text="推进中", progress=30)
        weekly_check_record(actor=supervisor, task=task, finding="正常")
    bulletin_issue(actor=supervisor, title="通报", today=dt.date(2026, 9, 20))


@pytest.mark.parametrize("path", PAGES)
def test_pages_cost_the_same_for_many_tasks(path, login, make_task, supervisor, owner, django_assert_max_num_queries):
    grow(make_task, supervisor, owner, 2)
    client = login(supervisor)
    client.get(path)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    grow(make_task, supervisor, owner, 8)
    with django_assert_max_num_queries(len(few) + 1):
        assert client.get(path).status_code == 200
    with django_assert_max_num_queries(40):
        client.get(path)

"""The ledger, the roadmaps and an item page cost the same number of queries for 3 or 30 items."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rectification.services import milestone_add, progress_report, rectification_item_create
from rectification.tests.conftest import clarities

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def grow(actor, office, officer, n: int, start: int) -> None:
    today = timezone.localdate()
    for k in range(n):
        item, _ = rectification_item_create(
            actor=actor, **clarities(office, officer, problem=f"问题{start + k}：制度执行不到位")
        )
        for m in range(2):
            milestone_add(
                actor=officer, item=item, title=f"步骤{m}", starts_on=today, due_on=today + timedelta(days=10 + m)
            )
        progress_report(actor=officer, item=item, text="已完成阶段性整改工作，形成台账")


@pytest.mark.parametrize("url", ["/rectification/", "/rectification/roadmap/", "/rectification/?overdue=1"])
def test_staff_pages_do_not_grow_with_items(login, supervisor, office, officer, django_assert_max_num_queries, url):
    client = login(supervisor)
    grow(supervisor, office, officer, 3, 0)
    client.get(url)
    small = queries(client, url)
    grow(supervisor, office, officer, 27, 3)
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200
    assert small <= 18


def test_the_public_roadmap_does_not_grow_with_items(
    client, supervisor, office, officer, django_assert_max_num_queries
):
    grow(supervisor, office, officer, 3, 0)
    small = queries(client, "/portal/rectification/")
    grow(supervisor, office, officer, 27, 3)
    with django_assert_max_num_queries(small):
        assert client.get("/portal/rectification/").status_code == 200
    assert small <= 9


def test_an_item_page_does_not_grow_with_its_history(
    login, supervisor, office, officer, item, django_assert_max_num_queries
):
    client = login(officer)
    client.get(f"/rectification/{item.pk}/")
    small = queries(client, f"/rectification/{item.pk}/")
    for _ in range(20):
        progress_report(actor=officer, item=item, text="本周继续推进专家征集工作")
    with django_assert_max_num_queries(small):
        assert client.get(f"/rectification/{item.pk}/").status_code == 200
    assert small <= 20

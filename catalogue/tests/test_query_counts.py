"""The list pages' query counts do not grow with the catalogue."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.services import material_add, service_item_create, service_item_publish
from catalogue.tests.conftest import item_data

pytestmark = pytest.mark.django_db


def grow(officer, policy_officer, office, start: int, n: int) -> None:
    for k in range(start, start + n):
        item = service_item_create(actor=officer, **item_data(office, code=f"KJ-{k:03d}", name=f"事项{k}"))
        material_add(actor=officer, item=item, name="申请表", form="original", copies=1, required=True)
        service_item_publish(actor=policy_officer, item=item)


def queries(client, path: str) -> int:
    client.get(path)  # warm the per-process caches (security policy), which expire after a minute
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", ["/catalogue/", "/portal/guide/", "/portal/guide/?level=once&q=事项"])
def test_list_pages_cost_the_same_for_3_and_25_items(login, officer, policy_officer, office, path, client):
    staff = login(officer) if path.startswith("/catalogue/") else client
    grow(officer, policy_officer, office, 0, 3)
    small = queries(staff, path)
    grow(officer, policy_officer, office, 3, 22)
    assert queries(staff, path) == small


def test_the_public_list_is_pinned(client, officer, policy_officer, office, django_assert_max_num_queries):
    grow(officer, policy_officer, office, 0, 5)
    with django_assert_max_num_queries(6):
        client.get("/portal/guide/")


def test_the_staff_list_is_pinned(login, officer, policy_officer, office, django_assert_max_num_queries):
    grow(officer, policy_officer, office, 0, 5)
    staff = login(officer)
    staff.get("/catalogue/")
    with django_assert_max_num_queries(16):
        staff.get("/catalogue/")


def test_the_item_pages_are_pinned(login, officer, policy_officer, office, client, django_assert_max_num_queries):
    grow(officer, policy_officer, office, 0, 1)
    from catalogue.models import ServiceItem

    item = ServiceItem.objects.get()
    for k in range(8):
        material_add(actor=officer, item=item, name=f"材料{k}", form="copy", copies=1, required=False)
    with django_assert_max_num_queries(5):
        client.get(f"/portal/guide/{item.pk}/")
    staff = login(officer)
    staff.get(f"/catalogue/{item.pk}/")
    with django_assert_max_num_queries(16):
        staff.get(f"/catalogue/{item.pk}/")

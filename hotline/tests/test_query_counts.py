"""The list, report and request pages cost the same number of queries for 3 requests or 30."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hotline.services import service_request_assign, service_request_reply
from hotline.tests.conftest import REPLY, file_request

pytestmark = pytest.mark.django_db


def _grow(categories, registrar, office, officer, n: int) -> None:
    for _k in range(n):
        request = file_request(categories)
        request = service_request_assign(actor=registrar, request=request, office=office, version=request.version)
        service_request_reply(actor=officer, request=request, reply=REPLY, version=request.version)


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/hotline/", "/hotline/report/?kind=year", "/hotline/?status=replied"])
def test_pages_do_not_grow_with_requests(
    login, categories, registrar, office, officer, url, django_assert_max_num_queries
):
    signed_in = login(registrar)
    _grow(categories, registrar, office, officer, 3)
    few = _count(signed_in, url)
    _grow(categories, registrar, office, officer, 27)
    with django_assert_max_num_queries(few):
        signed_in.get(url)
    with django_assert_max_num_queries(30):
        signed_in.get(url)


def test_the_request_page_is_bounded(login, replied, officer, django_assert_max_num_queries):
    signed_in = login(officer)
    signed_in.get(f"/hotline/{replied.pk}/")
    with django_assert_max_num_queries(25):
        signed_in.get(f"/hotline/{replied.pk}/")


def test_the_workbench_to_dos_cost_three_queries_at_most(categories, registrar, office, officer):
    from hotline.todos import hotline_todos

    _grow(categories, registrar, office, officer, 5)
    for user in (registrar, officer):
        with CaptureQueriesContext(connection) as queries:
            items = hotline_todos(user)
        assert len(queries) <= 3 and items

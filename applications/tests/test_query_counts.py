"""Staff list pages keep a constant number of queries whatever the data size (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from plans.models import Call

pytestmark = pytest.mark.django_db


def add_applications(call, pi, unit, n: int) -> None:
    Application.objects.bulk_create(
        Application(
            call=call,
            topic=call.topics.first(),
            pi=pi,
            unit=unit,
            title=f"批量项目{i}",
            status=ApplicationStatus.UNIT_ENDORSED,
            submitted_at=timezone.now(),
        )
        for i in range(n)
    )


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_officers_application_list_and_call_list_do_not_grow_with_the_data(
    open_call, applicant, unit, officer, login
):
    client = login(officer)
    urls = [f"/applications/calls/{open_call.pk}/", "/plans/calls/", f"/plans/calls/{open_call.pk}/"]
    add_applications(open_call, applicant, unit, 3)
    [queries(client, url) for url in urls]  # the first requests of a session also write the session
    small = [queries(client, url) for url in urls]
    add_applications(open_call, applicant, unit, 120)
    for i in range(5):
        Call.objects.create(
            program=open_call.program,
            year=2027,
            title=f"补充指南{i}",
            notice="—",
            opens_at=open_call.opens_at,
            closes_at=open_call.closes_at,
            budget_cap="100",
        )
    large = [queries(client, url) for url in urls]
    assert large == small
    page = client.get(f"/applications/calls/{open_call.pk}/").content.decode()
    assert "123" in page and page.count("批量项目") <= 50  # counted in full, shown a page at a time

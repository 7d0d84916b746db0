"""Officers see a call's applications with statistics, charts and an Excel export."""

import io

import pytest
from openpyxl import load_workbook

from applications.models import Application, ApplicationStatus
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def make_applications(call, unit, pi, count: int, status=ApplicationStatus.UNIT_ENDORSED) -> None:
    Application.objects.bulk_create(
        Application(call=call, unit=unit, pi=pi, title=f"项目{i}", status=status, topic=call.topics.first())
        for i in range(count)
    )


def test_officer_sees_statistics_and_only_applications_that_reached_the_agency(
    open_call, applicant, unit, officer, login
):
    make_applications(open_call, unit, applicant, 3)
    make_applications(open_call, unit, applicant, 2, status=ApplicationStatus.DRAFT)
    page = login(officer).get(f"/applications/calls/{open_call.pk}/").content.decode()
    assert page.count('href="/applications/') >= 3 and "共3份申报书" in page
    assert 'data-chart="' in page


def test_list_query_count_does_not_grow_with_applications(open_call, applicant, unit, officer, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(officer)
    client.get(f"/applications/calls/{open_call.pk}/")
    counts = []
    for _ in range(2):
        make_applications(open_call, unit, applicant, 20)
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/applications/calls/{open_call.pk}/")
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_export_is_an_audited_excel_file(open_call, applicant, unit, officer, login):
    make_applications(open_call, unit, applicant, 2)
    response = login(officer).get(f"/applications/calls/{open_call.pk}/export.xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "项目名称" and len(rows) == 3
    assert AuditEvent.objects.filter(action="application.export").exists()


def test_applicants_and_experts_cannot_open_the_statistics(open_call, applicant, expert, login):
    assert login(applicant).get(f"/applications/calls/{open_call.pk}/").status_code == 403
    assert login(expert).get(f"/applications/calls/{open_call.pk}/export.xlsx").status_code == 403

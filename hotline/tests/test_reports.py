"""The report: rates computed exactly from counts, by period and office; the page and the export."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from hotline.models import Rating, RatingLink
from hotline.selectors import Period, percent, report
from hotline.services import (
    service_request_assign,
    service_request_invalidate,
    service_request_rate,
    service_request_reply,
)
from hotline.tests.conftest import REPLY, at, file_request

pytestmark = pytest.mark.django_db


def test_percentages_are_exact_and_round_half_up():
    assert percent(40, 40) == "100.0%"
    assert percent(2, 3) == "66.7%"
    assert percent(1, 3) == "33.3%"
    assert percent(1, 8) == "12.5%"
    assert percent(1, 2000) == "0.1%"  # 0.05% rounds up
    assert percent(39, 50) == "78.0%"
    assert percent(0, 5) == "0.0%"
    assert percent(0, 0) == "—"


def test_periods_cover_whole_months_quarters_and_years():
    assert (Period("month", 2026, 2).first, Period("month", 2026, 2).last) == (date(2026, 2, 1), date(2026, 2, 28))
    assert (Period("quarter", 2026, 4).first, Period("quarter", 2026, 4).last) == (
        date(2026, 10, 1),
        date(2026, 12, 31),
    )
    assert Period("year", 2026, 1).last == date(2026, 12, 31)


def _handle(categories, registrar, office, officer, *, day, rating=None, late=False):
    request = file_request(categories, code="complaint", now=at(2026, 7, day))
    request = service_request_assign(actor=registrar, request=request, office=office, version=request.version)
    when = at(2026, 9, 30) if late else at(2026, 7, day, 16)
    request = service_request_reply(actor=officer, request=request, reply=REPLY, version=request.version, now=when)
    if rating:
        token = RatingLink.objects.get(request=request).token
        comment = "没有解决问题" if rating == Rating.UNSATISFIED else ""
        request = service_request_rate(token=token, rating=rating, comment=comment, now=when)
    return request


def test_forty_requests_in_a_quarter_all_resolved_on_time_and_satisfied_give_100_percent(
    categories, registrar, office, officer
):
    for n in range(40):
        _handle(
            categories, registrar, office, officer, day=1 + n % 28, rating=[Rating.SATISFIED, Rating.BASICALLY][n % 2]
        )
    figures = report(Period("quarter", 2026, 3))
    total = figures["total"]
    assert (total.received, total.resolved, total.on_time, total.rated) == (40, 40, 40, 40)
    assert (total.resolution_rate, total.on_time_rate, total.satisfaction_rate) == ("100.0%", "100.0%", "100.0%")
    assert figures["by_office"][0][0] == office.name


def test_two_of_three_rated_satisfied_is_66_7_percent_and_reopened_requests_are_not_resolved(
    categories, registrar, office, officer, general
):
    _handle(categories, registrar, office, officer, day=1, rating=Rating.SATISFIED)
    _handle(categories, registrar, office, officer, day=2, rating=Rating.BASICALLY, late=True)
    _handle(categories, registrar, office, officer, day=3, rating=Rating.UNSATISFIED)  # reopened
    _handle(categories, registrar, office, officer, day=6)  # replied, not rated
    file_request(categories, now=at(2026, 7, 7))  # received, not assigned yet
    spam = file_request(categories, now=at(2026, 7, 8))
    service_request_invalidate(actor=registrar, request=spam, reason="广告", version=spam.version)
    file_request(categories, now=at(2026, 10, 8))  # another quarter
    total = report(Period("quarter", 2026, 3))["total"]
    assert (total.received, total.resolved, total.on_time, total.rated) == (5, 3, 2, 3)
    assert total.resolution_rate == "60.0%" and total.on_time_rate == "66.7%" and total.satisfaction_rate == "66.7%"
    assert (total.satisfied, total.basically, total.unsatisfied) == (1, 1, 1)
    by_office = dict(report(Period("quarter", 2026, 3))["by_office"])
    assert by_office[office.name].received == 4 and by_office[""].received == 1
    assert report(Period("month", 2026, 7))["total"].received == 5


def test_the_report_page_states_the_definitions_and_draws_the_charts(login, leader, replied):
    today = replied.received_at.date()
    page = login(leader).get(f"/hotline/report/?kind=year&year={today.year}").content.decode()
    assert 'data-testid="definitions"' in page and page.count('data-chart="') == 3
    assert 'data-testid="received">1<' in page and "echarts" in page


def test_bad_report_parameters_fall_back_to_the_current_quarter(login, leader, db):
    response = login(leader).get("/hotline/report/?kind=decade&year=²&number=99")
    assert response.status_code == 200 and response.context["period"].kind == "quarter"


def test_the_report_exports_to_excel(login, supervisor, replied):
    year = replied.received_at.year
    response = login(supervisor).get(f"/hotline/report/export/?kind=year&year={year}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[1][0] == replied.office.name and rows[1][1] == 1 and rows[-1][4] == "100.0%"

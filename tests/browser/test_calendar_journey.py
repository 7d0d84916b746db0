"""An officer opens the working-day calendar at the Spring Festival and sets an agency closure."""

import datetime as dt

import pytest

from core.models import AgencyClosure
from core.workdays import is_working_day
from tests.browser.conftest import snap

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_sees_the_holidays_and_sets_a_closure(open_as, officer):
    page = open_as(officer)
    page.goto("/orgs/calendar/?month=2026-02")
    assert page.locator("[data-kind=holiday]").count() == 9  # Feb 15–23
    assert page.locator("[data-kind=adjusted]").count() == 2  # Saturdays Feb 14 and 28
    snap(page, "77-working-day-calendar")
    future = dt.date.today() + dt.timedelta(days=30)
    while not is_working_day(future):
        future += dt.timedelta(days=1)
    page.fill("#cl-day", future.isoformat())
    page.fill("#cl-reason", "机关办公楼搬迁")
    page.click("#set-closure")
    page.wait_for_selector(".alert-success")
    assert AgencyClosure.objects.filter(day=future).exists()
    assert page.locator("[data-kind=closure]").count() == 1

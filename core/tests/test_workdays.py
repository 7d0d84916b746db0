"""The working-day calendar: national holidays, adjusted weekend workdays, agency closures."""

import datetime as dt

import pytest
from django.utils import timezone

from core.models import AgencyClosure
from core.workdays import is_working_day, last_working_day, period_end, working_days_between

pytestmark = pytest.mark.django_db


def test_national_day_week_is_skipped_and_the_adjusted_saturday_counts():
    # 2026: 1–7 October are holidays; Saturday 10 October is an adjusted workday (调休).
    assert not is_working_day(dt.date(2026, 10, 1))
    assert is_working_day(dt.date(2026, 10, 10))
    assert last_working_day(dt.date(2026, 9, 30), 5) == dt.date(2026, 10, 12)


def test_the_start_day_counts_only_when_it_is_a_working_day():
    assert last_working_day(dt.date(2026, 11, 23), 1) == dt.date(2026, 11, 23)  # a Monday
    assert last_working_day(dt.date(2026, 11, 22), 1) == dt.date(2026, 11, 23)  # a Sunday


def test_agency_closures_are_not_working_days():
    AgencyClosure.objects.create(day=dt.date(2026, 11, 24), reason="机关搬迁")
    assert not is_working_day(dt.date(2026, 11, 24))
    assert last_working_day(dt.date(2026, 11, 23), 2) == dt.date(2026, 11, 25)
    assert working_days_between(dt.date(2026, 11, 23), dt.date(2026, 11, 29)) == 4


def test_years_the_national_calendar_does_not_know_fall_back_to_weekdays():
    assert is_working_day(dt.date(2031, 3, 3))  # a Monday
    assert not is_working_day(dt.date(2031, 3, 2))  # a Sunday


def test_a_period_ends_at_midnight_after_its_last_working_day_in_beijing_time():
    start = timezone.make_aware(dt.datetime(2026, 9, 30, 15, 0))
    end = timezone.localtime(period_end(start, 5))
    assert (end.date(), end.hour, end.minute) == (dt.date(2026, 10, 13), 0, 0)
    assert str(end.tzinfo) == "Asia/Shanghai"


def test_spring_festival_and_its_adjusted_saturdays():
    from core.workdays import deadline_after, working_days_overdue

    # 2026: Spring Festival Feb 15–23; Saturday Feb 14 and Saturday Feb 28 are working days.
    assert is_working_day(dt.date(2026, 2, 14)) and not is_working_day(dt.date(2026, 2, 16))
    assert last_working_day(dt.date(2026, 2, 13), 5) == dt.date(2026, 2, 26)  # 13, 14, 24, 25, 26
    assert deadline_after(dt.date(2026, 2, 13), 5) == dt.date(2026, 2, 27)  # the day of receipt not counted
    assert working_days_overdue(dt.date(2026, 2, 13), dt.date(2026, 2, 25)) == 3  # 14, 24, 25
    assert working_days_overdue(dt.date(2026, 2, 13), dt.date(2026, 2, 13)) == 0


def test_national_day_overdue_counts_only_working_days():
    from core.workdays import deadline_after, working_days_overdue

    # 2026: National Day Oct 1–7; Sunday Sep 20 and Saturday Oct 10 are working days.
    assert working_days_overdue(dt.date(2026, 9, 30), dt.date(2026, 10, 9)) == 2  # Oct 8 and 9
    assert deadline_after(dt.date(2026, 9, 30), 3) == dt.date(2026, 10, 10)  # Oct 8, 9, then Saturday Oct 10


def test_calendar_page_and_closures(db, officer, applicant, login):
    client = login(officer)
    page = client.get("/orgs/calendar/?month=2026-02")
    assert page.status_code == 200 and 'data-kind="holiday"' in page.content.decode()
    assert "春节" in page.content.decode() and 'data-kind="adjusted"' in page.content.decode()
    future = dt.date.today() + dt.timedelta(days=400)
    while not is_working_day(future):
        future += dt.timedelta(days=1)
    bad = client.post("/orgs/calendar/", {"day": "2020-01-02", "reason": "过去的日子"})
    assert bad.status_code == 400
    client.post("/orgs/calendar/", {"day": future.isoformat(), "reason": "机关搬迁"})
    assert AgencyClosure.objects.filter(day=future).exists() and not is_working_day(future)
    closure = AgencyClosure.objects.get(day=future)
    client.post("/orgs/calendar/", {"remove": closure.pk})
    assert not AgencyClosure.objects.filter(day=future).exists()
    assert login(applicant).get("/orgs/calendar/").status_code == 403


def test_the_page_counter_of_overdue_days_agrees_with_the_calendar_service(db):
    from core.workdays import OverdueCounter, working_days_overdue

    date = dt.date
    counter = OverdueCounter(date(2026, 9, 1), date(2026, 12, 31))
    for deadline, day in ((date(2026, 9, 30), date(2026, 10, 12)), (date(2026, 9, 8), date(2026, 9, 7))):
        assert counter(deadline, day) == working_days_overdue(deadline, day)

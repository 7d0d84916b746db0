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

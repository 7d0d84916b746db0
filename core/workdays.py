"""The one working-day calendar of the platform.

Working days follow the national calendar (chinese-calendar: public holidays and the adjusted
weekend workdays 调休) minus the agency's own closures. For a year the national calendar does not
know yet (the State Council publishes each year's holidays in the autumn before), Monday to
Friday are working days until the package is updated.

A period of N working days "from" a day counts that day when it is a working day: publicity from
Monday for 5 working days ends on Friday at midnight (Asia/Shanghai). A time limit of N working
days "after" a day (自受理之日起 N 个工作日: a request received on Friday) does not count the day
itself: ``deadline_after``. ``working_days_overdue`` counts the working days past a deadline.
"""

import datetime as dt
from functools import lru_cache

from django.utils import timezone

MAX_SPAN = 400  # no rule in the platform speaks of more working days than this


@lru_cache(maxsize=4096)
def _nationally_working(day: dt.date) -> bool:
    import chinese_calendar

    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def _closures(first: dt.date, last: dt.date) -> set[dt.date]:
    from core.models import AgencyClosure

    return set(AgencyClosure.objects.filter(day__range=(first, last)).values_list("day", flat=True))


def is_working_day(day: dt.date) -> bool:
    return _nationally_working(day) and not _closures(day, day)


def last_working_day(start: dt.date, n: int) -> dt.date:
    """The last day of a period of ``n`` working days beginning on ``start``."""
    if n < 1:
        raise ValueError("n must be at least 1")
    closed = _closures(start, start + dt.timedelta(days=MAX_SPAN * 2))
    day, counted = start, 0
    while True:
        if _nationally_working(day) and day not in closed:
            counted += 1
            if counted == n:
                return day
        day += dt.timedelta(days=1)


def period_end(start: dt.datetime, n: int) -> dt.datetime:
    """The moment a period of ``n`` working days starting at ``start`` ends: midnight after its last day."""
    local = timezone.localtime(start)
    last = last_working_day(local.date(), n)
    return timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min))


def working_days_between(first: dt.date, last: dt.date) -> int:
    """Working days in ``first``..``last`` inclusive (0 when ``last`` is before ``first``)."""
    if last < first:
        return 0
    closed = _closures(first, last)
    span = (last - first).days + 1
    return sum(1 for i in range(span) if _nationally_working(d := first + dt.timedelta(days=i)) and d not in closed)


def deadline_after(day: dt.date, n: int) -> dt.date:
    """The last day of a time limit of ``n`` working days counted from the day after ``day``."""
    return last_working_day(day + dt.timedelta(days=1), n)


def working_days_overdue(deadline: dt.date, today: dt.date) -> int:
    """Working days after ``deadline`` up to and including ``today`` (0 when not overdue)."""
    return working_days_between(deadline + dt.timedelta(days=1), today)


class OverdueCounter:
    """``working_days_overdue`` for many deadlines with one read of the agency closures in
    ``first``..``last`` (a list page computes every row's overdue count with one query)."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        self.closed = _closures(first, last) if first <= last else set()

    def __call__(self, deadline: dt.date, today: dt.date) -> int:
        span = (today - deadline).days
        days = (deadline + dt.timedelta(days=i) for i in range(1, span + 1))
        return sum(1 for d in days if _nationally_working(d) and d not in self.closed)


def day_kind(day: dt.date) -> tuple[str, str]:
    """(kind, name) of a day for the calendar page: "holiday" (the holiday's name), "adjusted"
    (a weekend working day 调休), "weekend", "workday"; agency closures are looked up apart."""
    import chinese_calendar

    try:
        holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return ("weekend", "") if day.weekday() >= 5 else ("workday", "")
    label = HOLIDAY_NAMES.get(name or "", name or "")
    if holiday and name:
        return "holiday", label
    if not holiday and day.weekday() >= 5:
        return "adjusted", label
    return ("weekend", "") if holiday else ("workday", "")


HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}

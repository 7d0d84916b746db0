"""Reads of the service-request module: the list filters and the report.

Report definitions (stated on the report page as well):

- A request belongs to the period in which it was received (Asia/Shanghai); requests not accepted
  (不予受理) are left out of every figure.
- received 受理数: the requests received in the period.
- resolved 办结数: those with a reply in force (replied, or closed); a reopened request counts again
  once it is replied to again.
- resolved on time 按时办结数: resolved, with the reply in force given on or before the deadline of
  its round (in working days).
- resolution rate 办结率 = resolved / received; on-time rate 按时办结率 = resolved on time / resolved.
- satisfaction rate 满意率 = (满意 + 基本满意) / rated, each request counted once by its latest rating.

Rates are computed from the counts as exact fractions and shown as percentages with one decimal,
rounded half up (2/3 → 66.7%, 40/40 → 100.0%); a rate with no denominator is shown as "—".
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from hotline.models import RESOLVED_STATUSES, Rating, RequestStatus, ServiceRequest


def percent(numerator: int, denominator: int) -> str:
    """``numerator / denominator`` as a percentage with one decimal, rounded half up, or "—"."""
    if not denominator:
        return "—"
    tenths = Fraction(numerator * 1000, denominator)
    rounded = int(tenths + Fraction(1, 2))  # half up; the counts are never negative
    return f"{rounded // 10}.{rounded % 10}%"


def rate(numerator: int, denominator: int) -> Fraction | None:
    return Fraction(numerator, denominator) if denominator else None


@dataclass
class Figures:
    received: int = 0
    resolved: int = 0
    on_time: int = 0
    rated: int = 0
    satisfied: int = 0
    basically: int = 0
    unsatisfied: int = 0

    @property
    def resolution_rate(self) -> str:
        return percent(self.resolved, self.received)

    @property
    def on_time_rate(self) -> str:
        return percent(self.on_time, self.resolved)

    @property
    def satisfaction_rate(self) -> str:
        return percent(self.satisfied + self.basically, self.rated)

    def add(self, other: "Figures") -> None:
        for name in ("received", "resolved", "on_time", "rated", "satisfied", "basically", "unsatisfied"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Period:
    kind: str  # month, quarter, year
    year: int
    number: int  # month 1-12, quarter 1-4, 1 for the year
    first: date = field(init=False)
    last: date = field(init=False)

    def __post_init__(self) -> None:
        if self.kind == "month":
            start_month, months = self.number, 1
        elif self.kind == "quarter":
            start_month, months = 3 * (self.number - 1) + 1, 3
        else:
            start_month, months = 1, 12
        self.first = date(self.year, start_month, 1)
        end_month = start_month + months
        self.last = date(self.year + (end_month > 12), (end_month - 1) % 12 + 1, 1) - timedelta(days=1)

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.year}年{self.number}月"
        if self.kind == "quarter":
            return f"{self.year}年第{self.number}季度"
        return f"{self.year}年"


def requests_in(period: Period) -> QuerySet[ServiceRequest]:
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(timezone.datetime.combine(period.first, timezone.datetime.min.time()), tz)
    end = timezone.make_aware(
        timezone.datetime.combine(period.last + timedelta(days=1), timezone.datetime.min.time()), tz
    )
    return ServiceRequest.objects.filter(received_at__gte=start, received_at__lt=end).exclude(
        status=RequestStatus.INVALID
    )


COUNTS = {
    "received": Count("pk"),
    "resolved": Count("pk", filter=Q(status__in=RESOLVED_STATUSES)),
    "on_time": Count("pk", filter=Q(status__in=RESOLVED_STATUSES, on_time=True)),
    "rated": Count("pk", filter=~Q(rating="")),
    "satisfied": Count("pk", filter=Q(rating=Rating.SATISFIED)),
    "basically": Count("pk", filter=Q(rating=Rating.BASICALLY)),
    "unsatisfied": Count("pk", filter=Q(rating=Rating.UNSATISFIED)),
}


def report(period: Period) -> dict:
    """Figures by office (one grouped query) and in total, plus counts by category and channel."""
    from orgs.models import Office

    qs = requests_in(period)
    rows = list(qs.values("office_id").annotate(**COUNTS).order_by())
    names = dict(
        Office.objects.filter(pk__in=[r["office_id"] for r in rows if r["office_id"]]).values_list("pk", "name")
    )
    by_office, total = [], Figures()
    for row in rows:
        office_id = row.pop("office_id")
        figures = Figures(**row)
        total.add(figures)
        by_office.append((names.get(office_id, ""), figures))
    by_office.sort(key=lambda pair: (-pair[1].received, pair[0]))
    categories = list(qs.values_list("category__name").annotate(n=Count("pk")).order_by("-n", "category__name"))
    channels = dict(qs.values_list("channel").annotate(n=Count("pk")).order_by())
    return {"period": period, "total": total, "by_office": by_office, "categories": categories, "channels": channels}


def _start_of(day: date):
    return timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()))


def monthly_counts(year: int) -> list[tuple[int, int, int]]:
    """(month, received, resolved) for each month of ``year``: one query of conditional counts on
    time ranges (no per-row time-zone conversion, so it stays fast on SQLite)."""
    counts = {}
    for month in range(1, 13):
        period = Period("month", year, month)
        within = Q(received_at__gte=_start_of(period.first), received_at__lt=_start_of(period.last + timedelta(days=1)))
        counts[f"r{month}"] = Count("pk", filter=within)
        counts[f"d{month}"] = Count("pk", filter=within & Q(status__in=RESOLVED_STATUSES))
    found = requests_in(Period("year", year, 1)).aggregate(**counts)
    return [(m, found[f"r{m}"], found[f"d{m}"]) for m in range(1, 13)]

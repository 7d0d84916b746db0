"""Reads: the progress table 完成推进表 with its filters, the distribution table 任务分布表 and the
weekly check overview. Every read starts from ``tasks_visible_to``."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.roles import Role
from core.forms import as_int, as_month
from core.workdays import OverdueCounter
from orgs.models import Office
from supervision.models import (
    ACTIVE_STATUSES,
    OPEN_STATUSES,
    ProgressReport,
    SupervisedTask,
    TaskSource,
    TaskStage,
    TaskStatus,
    WeeklyCheck,
)
from supervision.permissions import tasks_visible_to

EXPORT_LIMIT = 5000
PER_OFFICE = 30  # rows per office on the distribution table
YEARS = range(2000, 2101)  # the years a filter or a week may name (9999-12 would overflow a date)


@dataclass
class TaskFilters:
    office: int | None = None
    source: str = ""
    status: str = ""
    overdue: bool = False
    urgent: bool = False
    month: dt.date | None = None
    q: str = ""
    mine: bool = False
    feedback: bool = False
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_query(cls, params) -> "TaskFilters":
        return cls(
            office=as_int(params.get("office"), None, low=1),
            source=params.get("source", "") if params.get("source") in TaskSource.values else "",
            status=params.get("status", "") if params.get("status") in TaskStatus.values else "",
            overdue=params.get("overdue") == "1",
            urgent=params.get("urgent") == "1",
            month=_in_years(as_month(params.get("month"))),
            q=(params.get("q") or "").strip()[:50],
            mine=params.get("mine") == "1",
            feedback=params.get("feedback") == "1",
        )

    def as_query(self) -> str:
        """The filters as a query string (for the export link and pagination)."""
        from urllib.parse import urlencode

        pairs = {
            "office": self.office or "",
            "source": self.source,
            "status": self.status,
            "overdue": "1" if self.overdue else "",
            "urgent": "1" if self.urgent else "",
            "month": self.month.strftime("%Y-%m") if self.month else "",
            "q": self.q,
            "mine": "1" if self.mine else "",
            "feedback": "1" if self.feedback else "",
        }
        return urlencode({k: v for k, v in pairs.items() if v})


def _in_years(day: dt.date | None) -> dt.date | None:
    return day if day is not None and day.year in YEARS else None


def _month_end(first: dt.date) -> dt.date:
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def task_table(user, filters: TaskFilters, *, today: dt.date | None = None) -> QuerySet[SupervisedTask]:
    """The tasks the user sees, filtered, with what each row of the progress table shows."""
    today = today or timezone.localdate()
    tasks = tasks_visible_to(user)
    if filters.office:
        tasks = tasks.filter(Q(office=filters.office) | Q(co_offices=filters.office)).distinct()
    if filters.source:
        tasks = tasks.filter(source=filters.source)
    if filters.status:
        tasks = tasks.filter(status=filters.status)
    if filters.overdue:
        tasks = tasks.filter(status__in=OPEN_STATUSES, deadline__lt=today)
    if filters.urgent:
        tasks = tasks.filter(is_urgent=True)
    if filters.month:
        tasks = tasks.filter(deadline__range=(filters.month, _month_end(filters.month)))
    if filters.q:
        tasks = tasks.filter(Q(title__icontains=filters.q) | Q(number__icontains=filters.q))
    if filters.mine:
        offices = user.scopes(Role.OFFICER, "office")
        tasks = tasks.filter(Q(owner=user) | Q(office__in=offices), status__in=OPEN_STATUSES)
    if filters.feedback:
        tasks = tasks.filter(raised_by=user, status=TaskStatus.REPORTED)
    latest = ProgressReport.objects.filter(task=OuterRef("pk")).order_by("-created_at", "-pk")
    return (
        tasks.select_related("office", "owner", "leader", "parent")
        .annotate(latest_report=Subquery(latest.values("text")[:1]))
        .prefetch_related(
            Prefetch("stages", queryset=TaskStage.objects.order_by("order", "due_on")),
            "co_offices",
        )
        .order_by("-assigned_on", "-pk")
    )


def annotate_rows(tasks, today: dt.date) -> list[SupervisedTask]:
    """Set ``days_overdue`` (working days) and ``current_stage`` on each task of a page."""
    rows = list(tasks)
    ends = {t: (today if t.status in OPEN_STATUSES else (t.reported_on or t.closed_on)) for t in rows}
    late = [t for t in rows if ends[t] and ends[t] > t.deadline]
    counter = OverdueCounter(min(t.deadline for t in late), max(ends[t] for t in late)) if late else None
    for task in rows:
        task.current_stage = next((s for s in task.stages.all() if s.completed_on is None), None)
        task.days_overdue = counter(task.deadline, ends[task]) if task in late else 0
    return rows


def distribution(user, *, parent: SupervisedTask | None = None, office: int | None = None) -> list[tuple]:
    """The task distribution table: per office, who does what by when (tasks being handled,
    or a parent's subtasks). Returns [(office, [task, ...]), ...] in the offices' order."""
    tasks = tasks_visible_to(user).select_related("office", "owner", "parent").prefetch_related("co_offices")
    if parent is not None:
        tasks = tasks.filter(Q(parent=parent) | Q(pk=parent.pk))
    else:
        tasks = tasks.filter(status__in=ACTIVE_STATUSES)
    if office:
        tasks = tasks.filter(office=office)
    counts = dict(tasks.order_by().values_list("office").annotate(n=Count("pk")))
    groups = []
    # one query per office (a fixed, short list), each with its first rows: the rest of an
    # office's tasks is one click away in the progress table
    for office in Office.objects.filter(pk__in=counts).order_by("sort_order", "name"):
        rows = list(tasks.filter(office=office).order_by("deadline", "pk")[:PER_OFFICE])
        groups.append((office, rows, counts[office.pk]))
    return groups


def weekly_overview(week: dt.date, *, offset: int = 0, limit: int = 100) -> list[SupervisedTask]:
    """Tasks being handled (a page of them), with this week's check (or none) as ``week_check``."""
    checks = Prefetch(
        "checks", queryset=WeeklyCheck.objects.filter(week=week).select_related("checked_by"), to_attr="week_checks"
    )
    rows = list(
        SupervisedTask.objects.filter(status__in=ACTIVE_STATUSES)
        .select_related("office", "owner")
        .prefetch_related(checks)
        .order_by("office__sort_order", "deadline", "pk")[offset : offset + limit]
    )
    for task in rows:
        task.week_check = task.week_checks[0] if task.week_checks else None
    return rows

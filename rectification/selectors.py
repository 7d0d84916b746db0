"""Reads of the ledger: the filtered list, the roadmap's rows and bars, and the findings not yet in it."""

import json
from dataclasses import dataclass
from datetime import date

from django.db.models import CharField, Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.forms import as_int
from core.workdays import deadline_after
from rectification.models import (
    RectificationItem,
    RectificationMilestone,
    RectificationSource,
    RectificationStatus,
)

DUE_SOON_DAYS = 5  # working days: "due soon" on the roadmap and the first reminder
OPEN_STATES = (RectificationStatus.DRAFT, RectificationStatus.IN_PROGRESS)


@dataclass(frozen=True)
class LedgerFilter:
    status: str = ""
    source: str = ""
    office: int | None = None
    overdue: bool = False
    year: int | None = None

    @classmethod
    def from_query(cls, query) -> "LedgerFilter":
        status = query.get("status", "")
        source = query.get("source", "")
        return cls(
            status=status if status in RectificationStatus.values else "",
            source=source if source in RectificationSource.values else "",
            office=as_int(query.get("office"), None, low=1),
            overdue=query.get("overdue") == "1",
            year=as_int(query.get("year"), None, low=2000, high=2100),
        )

    def apply(self, items: QuerySet, today: date) -> QuerySet:
        if self.status:
            items = items.filter(status=self.status)
        if self.source:
            items = items.filter(source=self.source)
        if self.office:
            items = items.filter(office_id=self.office)
        if self.overdue:
            items = items.filter(overdue_q(today))
        if self.year:
            items = items.filter(Q(created_at__year=self.year) | Q(deadline__year=self.year))
        return items

    def query_string(self) -> str:
        from urllib.parse import urlencode

        pairs = {
            "status": self.status,
            "source": self.source,
            "office": self.office or "",
            "overdue": "1" if self.overdue else "",
            "year": self.year or "",
        }
        return urlencode({k: v for k, v in pairs.items() if v})


def overdue_q(today: date) -> Q:
    """Past the deadline and not yet reported complete."""
    return Q(status__in=OPEN_STATES, deadline__lt=today)


def ledger_items(items: QuerySet) -> QuerySet:
    return items.select_related("office", "responsible").order_by("-created_at", "-pk")


def item_state(item: RectificationItem, today: date, soon: date) -> str:
    """done / overdue / due_soon / on_track, for the roadmap colours and the ledger badges."""
    if item.status in (RectificationStatus.SUBMITTED, RectificationStatus.CLOSED):
        return "done"
    if item.deadline is None:
        return "on_track"
    if item.deadline < today:
        return "overdue"
    return "due_soon" if item.deadline <= soon else "on_track"


def milestone_state(milestone: RectificationMilestone, today: date, soon: date) -> str:
    if milestone.done_on is not None:
        return "done"
    if milestone.due_on < today:
        return "overdue"
    return "due_soon" if milestone.due_on <= soon else "on_track"


def soon_limit(today: date) -> date:
    return deadline_after(today, DUE_SOON_DAYS)


STATE_COLOURS = {"done": "#198754", "overdue": "#dc3545", "due_soon": "#fd7e14", "on_track": "#0b4f9c"}


def state_labels() -> dict[str, str]:
    return {
        "done": _("Done"),
        "overdue": pgettext("rectification", "Overdue"),
        "due_soon": _("Due soon"),
        "on_track": _("On track"),
    }


def roadmap_items(items: QuerySet, *, limit: int = 200) -> list[RectificationItem]:
    """Items with their milestones (two queries), oldest deadline first, drafts left out."""
    milestones = Prefetch("milestones", queryset=RectificationMilestone.objects.order_by("order", "due_on", "pk"))
    return list(
        items.exclude(status=RectificationStatus.DRAFT)
        .select_related("office")
        .prefetch_related(milestones)
        .order_by("deadline", "pk")[:limit]
    )


def roadmap_data(items: list[RectificationItem], today: date, *, public: bool) -> str:
    """The roadmap's JSON for ``roadmap.js``: one row per item, its span and its milestones.

    The public version labels rows by the problem and the office only (no person, no note).
    """
    soon = soon_limit(today)
    labels = state_labels()
    rows, bars = [], []
    for index, item in enumerate(items):
        start = item.started_on or item.created_at.date()
        end = item.deadline or max(today, start)
        state = item_state(item, today, soon)
        short = item.problem if len(item.problem) <= 18 else item.problem[:17] + "…"
        rows.append(short if public else f"{item.number} {short}")
        office = item.office.name if item.office_id else ""
        bars.append(
            {
                "row": index,
                "kind": "item",
                "start": start.isoformat(),
                "end": end.isoformat(),
                "state": state,
                "name": item.problem[:60],
                "detail": f"{office} · {_('deadline')} {item.deadline or '—'} · {labels[state]}",
            }
        )
        for milestone in item.milestones.all():
            m_state = milestone_state(milestone, today, soon)
            bars.append(
                {
                    "row": index,
                    "kind": "milestone",
                    "start": milestone.starts_on.isoformat(),
                    "end": milestone.due_on.isoformat(),
                    "state": m_state,
                    "name": milestone.title,
                    "detail": f"{milestone.starts_on} – {milestone.due_on} · {labels[m_state]}",
                }
            )
    data = {
        "rows": rows,
        "bars": bars,
        "today": today.isoformat(),
        "todayLabel": _("Today"),
        "colours": STATE_COLOURS,
        "legend": [{"state": key, "label": label} for key, label in labels.items()],
    }
    return json.dumps(data, ensure_ascii=False)


def public_items(office: int | None = None, year: int | None = None) -> QuerySet:
    """What the portal shows: public items that are committed (not drafts)."""
    items = RectificationItem.objects.filter(is_public=True).exclude(status=RectificationStatus.DRAFT)
    if office:
        items = items.filter(office_id=office)
    if year:
        items = items.filter(Q(created_at__year=year) | Q(deadline__year=year))
    return items


def findings_pending() -> QuerySet:
    """Annual review findings not yet in the ledger (nor done), with what the page shows."""
    from evaluation.models import ReviewFinding

    keyed = RectificationItem.objects.filter(
        source_key=Concat(Value("evaluation.reviewfinding:"), Cast(OuterRef("pk"), CharField()))
    )
    return (
        ReviewFinding.objects.filter(done_on__isnull=True)
        .annotate(in_ledger=Exists(keyed))
        .filter(in_ledger=False)
        .select_related("subject__campaign", "subject__organization", "subject__secretary", "owner")
        .order_by("deadline", "pk")
    )

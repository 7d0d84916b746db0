"""The roadmap 整改路线图 (挂图作战): a Gantt of items and milestones, for staff and for the public."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import access, public
from core.forms import as_int
from orgs.models import Office
from rectification.permissions import reads_whole_ledger, uses_ledger, visible_items
from rectification.selectors import (
    item_state,
    public_items,
    roadmap_data,
    roadmap_items,
    soon_limit,
    state_labels,
)
from rectification.views.ledger import HOME


def _filters(request: HttpRequest) -> tuple[int | None, int]:
    today = timezone.localdate()
    return as_int(request.GET.get("office"), None, low=1), as_int(
        request.GET.get("year"), today.year, low=2000, high=2100
    )


def _year_q(items, year: int):
    from django.db.models import Q

    return items.filter(Q(created_at__year=year) | Q(deadline__year=year) | Q(started_on__year=year))


def _counts(items: list, today) -> dict[str, int]:
    soon = soon_limit(today)
    counts = dict.fromkeys(("on_track", "due_soon", "overdue", "done"), 0)
    for item in items:
        counts[item_state(item, today, soon)] += 1
    return counts


@access(uses_ledger)
def roadmap(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    office, year = _filters(request)
    items = _year_q(visible_items(request.user), year)
    if office:
        items = items.filter(office_id=office)
    shown = roadmap_items(items)
    context = {
        "items": shown,
        "gantt": roadmap_data(shown, today, public=False),
        "counts": _counts(shown, today),
        "labels": state_labels(),
        "office": office,
        "year": year,
        "years": range(today.year + 1, today.year - 5, -1),
        "offices": Office.objects.filter(is_active=True) if reads_whole_ledger(request.user) else [],
        "today": today,
        "breadcrumbs": [HOME, (_("Rectification roadmap"), None)],
    }
    return render(request, "rectification/roadmap.html", context)


@access(public)
def public_roadmap(request: HttpRequest) -> HttpResponse:
    """Committed public items: the problem, goal, deadline, measures, office and commitment only."""
    today = timezone.localdate()
    office, year = _filters(request)
    items = _year_q(public_items(office=office), year)
    shown = roadmap_items(items)
    page = Paginator(items.select_related("office").order_by("deadline", "pk"), 30).get_page(request.GET.get("page"))
    soon = soon_limit(today)
    context = {
        "gantt": roadmap_data(shown, today, public=True),
        "counts": _counts(shown, today),
        "labels": state_labels(),
        "page": page,
        "rows": [(item, item_state(item, today, soon)) for item in page],
        "office": office,
        "year": year,
        "years": range(today.year + 1, today.year - 5, -1),
        "offices": Office.objects.filter(is_active=True),
        "today": today,
    }
    return render(request, "rectification/public_roadmap.html", context)

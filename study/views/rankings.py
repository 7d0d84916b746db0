"""Rankings: by organization for party managers (their organizations) and study administrators
(all); individuals for study administrators only."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import access
from core.charts import bar_chart
from core.forms import as_int
from party.models import PartyOrganization
from party.permissions import holds_party_post, managed_org_ids
from study.permissions import runs_study
from study.selectors import org_ranking, people_ranking


def _year(request: HttpRequest) -> int:
    return as_int(request.GET.get("year"), timezone.localdate().year, low=2000, high=2100)


@access(holds_party_post)
def organizations(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    scope = (
        PartyOrganization.objects.filter(is_active=True).values_list("pk", flat=True)
        if runs_study.test(request.user)
        else managed_org_ids(request.user)
    )
    rows = org_ranking(year, scope)
    chart = bar_chart([r["org"].name[-10:] for r in rows[:20]], [float(r["average"]) for r in rows[:20]])
    context = {
        "rows": rows,
        "year": year,
        "chart": chart,
        "breadcrumbs": [(_("Study rankings by organization"), None)],
    }
    return render(request, "study/rankings.html", context)


@access(runs_study)
def people(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    page = Paginator(people_ranking(year), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "year": year,
        "breadcrumbs": [(_("Study administration"), "study:admin"), (_("Individual points"), None)],
    }
    return render(request, "study/people.html", context)

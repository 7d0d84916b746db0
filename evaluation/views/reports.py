"""Bi-monthly reports: writing one's branch's report, the committee's overdue list and comments."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import access
from core.forms import as_int, errors_by_field
from evaluation.models import BimonthlyReport
from evaluation.reports import REPORTING_KINDS, due_on, overdue, period_of, report_comment, report_submit
from party.models import PartyOrganization
from party.permissions import holds_party_post, managed_org_ids, org_get_for_manager

PERIODS = {n: f"{n * 2 - 1}–{n * 2}" for n in range(1, 7)}


def _period_just_ended(today) -> tuple[int, int]:
    """Reports are written on the period just ended (Sep–Oct in November and December)."""
    year, period = period_of(today)
    return (year, period - 1) if period > 1 else (year - 1, 6)


@access(holds_party_post)
def reports(request: HttpRequest) -> HttpResponse:
    managed = managed_org_ids(request.user)
    today = timezone.localdate()
    mine = (  # the organizations whose reports this user writes: where they hold a post themselves
        PartyOrganization.objects.filter(posts__member__user=request.user, kind__in=REPORTING_KINDS, is_active=True)
        .distinct()
        .order_by("name")
    )
    recent = (
        BimonthlyReport.objects.filter(organization__in=managed)
        .select_related("organization", "submitted_by")
        .order_by("-year", "-period", "organization__name")[:60]
    )
    context = {
        "mine": mine[:20],
        "overdue": overdue(managed, today),
        "recent": recent,
        "periods": PERIODS,
        "current": _period_just_ended(today),
        "breadcrumbs": [(_("Bi-monthly reports"), None)],
    }
    return render(request, "evaluation/reports.html", context)


@access(holds_party_post)
def report_form(request: HttpRequest, pk: int) -> HttpResponse:
    """Write (or correct, until commented) the organization's report on a period."""
    org = org_get_for_manager(request.user, pk)
    today = timezone.localdate()
    default = _period_just_ended(today)
    year = as_int(request.GET.get("year") or request.POST.get("year"), default[0], low=2000, high=2100)
    period = as_int(request.GET.get("period") or request.POST.get("period"), default[1], low=1, high=6)
    found = BimonthlyReport.objects.filter(organization=org, year=year, period=period).first()
    errors: dict = {}
    if request.method == "POST":
        try:
            report_submit(
                actor=request.user,
                organization=org,
                year=year,
                period=period,
                work_done=request.POST.get("work_done", ""),
                problems=request.POST.get("problems", ""),
                next_steps=request.POST.get("next_steps", ""),
            )
        except ValidationError as exc:
            errors = errors_by_field(exc)
        else:
            messages.success(request, _("The report was submitted."))
            return redirect("evaluation:reports")
    values = (
        request.POST
        if errors
        else {
            "work_done": found.work_done if found else "",
            "problems": found.problems if found else "",
            "next_steps": found.next_steps if found else "",
        }
    )
    context = {
        "org": org,
        "year": year,
        "period": period,
        "period_label": PERIODS.get(period, ""),
        "due": due_on(year, period) if 1 <= period <= 6 else None,
        "found": found,
        "values": values,
        "errors": errors,
        "breadcrumbs": [(_("Bi-monthly reports"), "evaluation:reports"), (org.name, None)],
    }
    return render(request, "evaluation/report_form.html", context, status=400 if errors else 200)


def _report_for(user, pk: int) -> BimonthlyReport:
    report = (
        BimonthlyReport.objects.select_related("organization", "submitted_by", "commented_by").filter(pk=pk).first()
    )
    if report is None or report.organization_id not in managed_org_ids(user):
        raise Http404
    return report


@access(holds_party_post)
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request.user, pk)
    context = {
        "report": report,
        "period_label": PERIODS[report.period],
        "can_comment": report.organization.parent_id in managed_org_ids(request.user),
        "breadcrumbs": [(_("Bi-monthly reports"), "evaluation:reports"), (report.organization.name, None)],
    }
    return render(request, "evaluation/report_detail.html", context)


@access(holds_party_post)
@require_POST
def report_comment_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request.user, pk)
    try:
        report_comment(actor=request.user, report=report, comment=request.POST.get("comment", ""))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The comment was saved."))
    return redirect("evaluation:report", pk=report.pk)

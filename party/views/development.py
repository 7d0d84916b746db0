"""Member development: an organization's cases and one case's steps."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.access import access
from core.forms import as_int, errors_by_field
from party.development import case_start, probation_extend, step_record
from party.models import (
    DevelopmentCase,
    DevelopmentStep,
    MemberStatus,
    PartyMember,
)
from party.permissions import (
    holds_party_post,
    managed_org_ids,
    org_get_for_manager,
)
from party.views._helpers import _date, _int_or_zero


@access(holds_party_post)
def development(request: HttpRequest, pk: int) -> HttpResponse:
    """An organization's development cases, and opening a new one (step 1: the application)."""
    org = org_get_for_manager(request.user, pk)
    errors: dict = {}
    if request.method == "POST":
        try:
            case = case_start(
                actor=request.user,
                organization=org,
                name=request.POST.get("name", ""),
                id_number=request.POST.get("id_number", ""),
                applied_on=_date(request.POST.get("applied_on")),
            )
        except ValidationError as exc:
            errors = errors_by_field(exc)
        else:
            messages.success(request, _("Development case opened."))
            return redirect("party:case", pk=case.pk)
    context = {
        "org": org,
        "cases": DevelopmentCase.objects.filter(organization=org, is_active=True).order_by("stage", "name"),
        "errors": errors,
        "posted": request.POST,
        "breadcrumbs": [
            (_("Party organizations"), "party:orgs"),
            (org.name, f"/party/orgs/{pk}/"),
            (_("Member development"), None),
        ],
    }
    return render(request, "party/development.html", context)


@access(holds_party_post)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = DevelopmentCase.objects.select_related("organization", "member").filter(pk=pk).first()
    if case is None or case.organization_id not in managed_org_ids(request.user):
        raise Http404
    errors: dict = {}
    if request.method == "POST":
        number = as_int(request.POST.get("step"), 0)
        data = {
            "sponsors": request.POST.getlist("sponsors"),
            "days": request.POST.get("days"),
            "hours": request.POST.get("hours"),
            "present": request.POST.get("present"),
            "yes": request.POST.get("yes"),
        }
        try:
            if request.POST.get("extend"):
                probation_extend(
                    actor=request.user,
                    case=case,
                    months=_int_or_zero(request.POST.get("months")),
                    reason=request.POST.get("reason", ""),
                )
            else:
                step_record(
                    actor=request.user,
                    case=case,
                    number=number,
                    done_on=_date(request.POST.get("done_on")),
                    document=request.POST.get("document", ""),
                    notes=request.POST.get("notes", ""),
                    data=data,
                )
        except ValidationError as exc:
            errors = errors_by_field(exc)
        else:
            messages.success(request, _("Recorded."))
            return redirect("party:case", pk=pk)
    done = {}
    for record in case.records.select_related("step"):
        done.setdefault(record.step.number, []).append(record)
    steps = list(DevelopmentStep.objects.all())
    next_number = next((s.number for s in steps if s.number not in done and not s.repeatable), None)
    choices = [s for s in steps if s.repeatable and s.number < (next_number or 99) and s.number in {6, 21}] + [
        s for s in steps if s.number == next_number
    ]
    context = {
        "case": case,
        "rows": [(s, done.get(s.number, [])) for s in steps],
        "choices": sorted(choices, key=lambda s: s.number),
        "next_number": next_number,
        "sponsors": PartyMember.objects.filter(
            organization=case.organization, is_active=True, status=MemberStatus.FULL
        ),
        "errors": errors,
        "posted": request.POST,
        "breadcrumbs": [
            (_("Party organizations"), "party:orgs"),
            (_("Member development"), f"/party/orgs/{case.organization_id}/development/"),
            (case.name, None),
        ],
    }
    return render(request, "party/case.html", context)

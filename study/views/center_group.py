"""Center-group study (中心组学习): a committee's yearly plan, its sessions (the committee's
center-group meetings in organization life) against the plan, circulating each session's summary
to the organizations below, and the members' writing against their targets."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import access
from core.forms import as_int, errors_by_field
from party.meetings import requirements, summary_circulate
from party.models import Meeting, MeetingKind, PartyMember, PartyOrganization
from party.permissions import descendants, holds_party_post, managed_org_ids
from study.models import CenterGroupPlan
from study.services import study_plan_save
from study.writing import center_group_member_ids, progress_many


def _groups(user):
    kinds = requirements()[MeetingKind.CENTER_GROUP].org_kinds
    return PartyOrganization.objects.filter(pk__in=managed_org_ids(user), kind__in=kinds, is_active=True)


@access(holds_party_post)
def overview(request: HttpRequest) -> HttpResponse:
    year = timezone.localdate().year
    groups = list(_groups(request.user).order_by("order", "name"))
    chosen = next((g for g in groups if str(g.pk) == request.GET.get("org")), groups[0] if groups else None)
    errors: dict = {}
    if chosen and request.method == "POST":
        try:
            study_plan_save(
                actor=request.user,
                organization=chosen,
                year=year,
                sessions_planned=as_int(request.POST.get("sessions_planned"), 0),
                plan=request.POST.get("plan", ""),
            )
        except ValidationError as exc:
            errors = errors_by_field(exc)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect(f"/study/center-group/?org={chosen.pk}")
    plan = CenterGroupPlan.objects.filter(organization=chosen, year=year).first() if chosen else None
    sessions = (
        list(Meeting.objects.filter(organization=chosen, kind=MeetingKind.CENTER_GROUP, held_on__year=year))
        if chosen
        else []
    )
    members = []
    if chosen:
        holders = list(
            PartyMember.objects.filter(posts__organization=chosen, is_active=True).distinct().order_by("name")
        )
        center = center_group_member_ids(holders)
        progress = progress_many([m for m in holders if m.pk in center], year)
        members = [(m, progress[m.pk]) for m in holders if m.pk in center]
    context = {
        "groups": groups,
        "chosen": chosen,
        "plan": plan,
        "sessions": sessions,
        "members": members,
        "year": year,
        "errors": errors,
        "values": request.POST
        if errors
        else {"sessions_planned": plan.sessions_planned if plan else 12, "plan": plan.plan if plan else ""},
        "breadcrumbs": [(_("Center-group study"), None)],
    }
    return render(request, "study/center_group.html", context, status=400 if errors else 200)


def _session_for(user, pk: int) -> Meeting:
    """A center-group session: for the committee's managers; for the managers of organizations
    below only once its summary has been circulated to them."""
    meeting = Meeting.objects.select_related("organization").filter(pk=pk, kind=MeetingKind.CENTER_GROUP).first()
    if meeting is None:
        raise Http404
    managed = managed_org_ids(user)
    if meeting.organization_id in managed:
        return meeting
    if meeting.circulated_at and managed & descendants([meeting.organization_id]):
        return meeting
    raise Http404


@access(holds_party_post)
def session(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _session_for(request.user, pk)
    context = {
        "meeting": meeting,
        "can_circulate": meeting.organization_id in managed_org_ids(request.user) and not meeting.circulated_at,
        "breadcrumbs": [(_("Center-group study"), "study:center_group"), (meeting.topic, None)],
    }
    return render(request, "study/session.html", context)


@access(holds_party_post)
@require_POST
def circulate(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _session_for(request.user, pk)
    if meeting.organization_id not in managed_org_ids(request.user):
        raise Http404
    try:
        told = summary_circulate(actor=request.user, meeting=meeting)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The summary was circulated to %(n)d branch secretaries.") % {"n": told})
    return redirect("study:session", pk=meeting.pk)

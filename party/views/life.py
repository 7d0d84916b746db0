"""Organization life: recording meetings with attendance and attachments, compliance, my meetings."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from attachments.selectors import attachments_of
from attachments.services import attachment_store
from core.access import access
from core.charts import bar_chart
from core.forms import as_int, errors_by_field
from party.meetings import compliance_of, compliance_table, entitled_for, meeting_record, requirements
from party.models import (
    Attendance,
    Meeting,
    MeetingKind,
    PartyMember,
    PartyOrganization,
)
from party.permissions import (
    holds_party_post,
    is_party_member,
    managed_org_ids,
    org_get_for_manager,
)
from party.views._helpers import _date


def _attendance_rows(org, kind: str, request: HttpRequest) -> list[dict]:
    """The attendance form's rows, with what was posted kept (everyone present by default)."""
    posted = request.method == "POST"
    present = set(request.POST.getlist("present")) if posted else set()
    return [
        {
            "member": m,
            "present": (str(m.pk) in present) if posted else True,
            "reason": request.POST.get(f"reason-{m.pk}", ""),
        }
        for m in (entitled_for(org, kind) if kind in MeetingKind.values else [])
    ]


@access(holds_party_post)
def meetings(request: HttpRequest, pk: int) -> HttpResponse:
    """An organization's meetings of the year, its compliance, and the form to record one."""
    org = org_get_for_manager(request.user, pk)
    year = as_int(request.GET.get("year"), timezone.localdate().year, low=2000, high=2100)
    kind = request.POST.get("kind") or request.GET.get("kind") or MeetingKind.COMMITTEE_MEETING
    errors: dict = {}
    if request.method == "POST":
        entitled = entitled_for(org, kind) if kind in MeetingKind.values else []
        members = {m.pk: m for m in entitled}
        try:
            meeting = meeting_record(
                actor=request.user,
                organization=org,
                kind=kind,
                held_on=_date(request.POST.get("held_on")),
                topic=request.POST.get("topic", ""),
                minutes=request.POST.get("minutes", ""),
                resolutions=request.POST.get("resolutions", ""),
                speakers=request.POST.get("speakers", ""),
                host=members.get(as_int(request.POST.get("host"))),
                recorder=members.get(as_int(request.POST.get("recorder"))),
                present_ids=[n for n in (as_int(x) for x in request.POST.getlist("present")) if n is not None],
                leave_reasons={m.pk: request.POST.get(f"reason-{m.pk}", "") for m in entitled},
            )
        except ValidationError as exc:
            errors = errors_by_field(exc)
        else:
            if meeting.quorate:
                messages.success(request, _("Meeting recorded."))
            else:
                messages.warning(
                    request,
                    _(
                        "Meeting recorded, but without quorum (%(present)d of %(entitled)d present): "
                        "it does not count as held."
                    )
                    % {"present": meeting.present, "entitled": meeting.entitled},
                )
            return redirect(f"/party/orgs/{pk}/meetings/?year={meeting.held_on.year}")
    context = {
        "org": org,
        "year": year,
        "kind": kind,
        "kinds": [(k, str(MeetingKind(k).label)) for k, r in requirements().items() if org.kind in r.org_kinds],
        "entitled": entitled_for(org, kind) if kind in MeetingKind.values else [],
        "posted": request.POST,
        "attendance_rows": _attendance_rows(org, kind, request),
        "errors": errors,
        "meetings": Meeting.objects.filter(organization=org, held_on__year=year).select_related("host"),
        "compliance": compliance_of(org, year),
        "breadcrumbs": [
            (_("Party organizations"), "party:orgs"),
            (org.name, f"/party/orgs/{pk}/"),
            (_("Organization life"), None),
        ],
    }
    return render(request, "party/meetings.html", context)


@access(holds_party_post)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A meeting's record, attendance and attachments (minutes scans, sign-in sheet, photos)."""
    meeting = Meeting.objects.select_related("organization", "host", "recorder").filter(pk=pk).first()
    if meeting is None or meeting.organization_id not in managed_org_ids(request.user):
        raise Http404
    errors: dict = {}
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors["file"] = [_("Choose a file to upload.")]
        else:
            try:
                attachment_store(actor=request.user, owner=meeting, upload=upload, kind="meeting")
            except ValidationError as exc:
                errors["file"] = exc.messages
            else:
                messages.success(request, _("The file was attached to the meeting."))
                return redirect("party:meeting", pk=meeting.pk)
    context = {
        "meeting": meeting,
        "attendance": meeting.attendance.select_related("member").order_by("-present", "member__name"),
        "files": attachments_of(meeting),
        "errors": errors,
        "breadcrumbs": [
            (_("Party organizations"), "party:orgs"),
            (meeting.organization.name, f"/party/orgs/{meeting.organization_id}/meetings/"),
            (str(meeting), None),
        ],
    }
    return render(request, "party/meeting_detail.html", context, status=400 if errors else 200)


@access(holds_party_post)
def compliance(request: HttpRequest) -> HttpResponse:
    """Every managed branch's compliance for the year, overdue types first, with a chart."""
    year = as_int(request.GET.get("year"), timezone.localdate().year, low=2000, high=2100)
    orgs = PartyOrganization.objects.filter(pk__in=managed_org_ids(request.user), is_active=True)
    rows = compliance_table(list(orgs.order_by("order", "name")), year)
    rows.sort(key=lambda r: (-r["overdue"], r["org"].name))
    chart = bar_chart([r["org"].name[-12:] for r in rows[:30]], [r["overdue"] for r in rows[:30]])
    context = {"rows": rows, "year": year, "chart": chart, "breadcrumbs": [(_("Organization life compliance"), None)]}
    return render(request, "party/compliance.html", context)


@access(is_party_member)
def my_meetings(request: HttpRequest) -> HttpResponse:
    member = PartyMember.objects.select_related("organization").get(user=request.user, is_active=True)
    rows = Attendance.objects.filter(member=member).select_related("meeting").order_by("-meeting__held_on")[:50]
    context = {"member": member, "rows": rows, "breadcrumbs": [(_("My meetings"), None)]}
    return render(request, "party/my_meetings.html", context)

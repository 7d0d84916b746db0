"""Pages of party building I: the organization tree, members, dues by branch and month, my dues."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from attachments.selectors import attachments_of
from attachments.services import attachment_store
from audit.services import audit_record
from core.access import access
from core.charts import bar_chart
from core.excel import workbook_bytes
from core.forms import errors_by_field
from core.masking import mask_id_number, mask_phone
from party.development import case_start, probation_extend, step_record
from party.dues import add_months, first_of_month
from party.meetings import compliance_of, compliance_table, entitled_for, meeting_record, requirements
from party.models import (
    COMMITTEE_FROM_FULL_MEMBERS,
    MIN_BRANCH_FULL_MEMBERS,
    TERM_WARNING_DAYS,
    ApprovalKind,
    Attendance,
    BillStatus,
    ContactLevel,
    ContactPoint,
    DevelopmentCase,
    DevelopmentStep,
    DuesBill,
    DuesRemittance,
    ElectionKind,
    Meeting,
    MeetingKind,
    MemberStatus,
    OrgKind,
    PartyMember,
    PartyOrganization,
    PaymentMethod,
    Post,
    Transfer,
    TransferStatus,
)
from party.organization import (
    contact_point_add,
    contact_visit_record,
    election_record,
    lost_contact,
    transfer_decide,
    transfer_issue,
    visit_overdue,
)
from party.permissions import (
    holds_party_post,
    is_party_member,
    managed_org_ids,
    member_get_for_manager,
    org_get_for_manager,
)
from party.remittance import holdings, remittance_confirm, remittance_record
from party.services import (
    arrears_of,
    bills_generate,
    disclosure,
    dues_approval_record,
    dues_base_declare,
    dues_pay,
    ledger,
)
from party.structure import CHILD_KINDS


def _tree(orgs: list[PartyOrganization]) -> list[tuple[PartyOrganization, int]]:
    """Depth-first order with depth, for an indented list."""
    ids = {o.pk for o in orgs}
    children: dict[int | None, list[PartyOrganization]] = {}
    for org in orgs:
        children.setdefault(org.parent_id if org.parent_id in ids else None, []).append(org)
    out: list[tuple[PartyOrganization, int]] = []

    def walk(parent, depth):
        for org in children.get(parent, []):
            out.append((org, depth))
            walk(org.pk, depth + 1)

    walk(None, 0)
    return out


def _warnings(org: PartyOrganization, today: date) -> list[str]:
    found = []
    if org.kind == OrgKind.BRANCH and org.full < MIN_BRANCH_FULL_MEMBERS:
        found.append(_("Fewer than %(n)d full members") % {"n": MIN_BRANCH_FULL_MEMBERS})
    if org.kind == OrgKind.BRANCH and org.full >= COMMITTEE_FROM_FULL_MEMBERS and not org.committee:
        found.append(
            _("%(n)d or more full members: a branch committee is expected") % {"n": COMMITTEE_FROM_FULL_MEMBERS}
        )
    ends = org.term_ends_on
    if ends and ends < today:
        found.append(_("Term expired on %(date)s: election overdue") % {"date": ends.isoformat()})
    elif ends and (ends - today).days <= TERM_WARNING_DAYS:
        found.append(_("Term ends on %(date)s: prepare the election") % {"date": ends.isoformat()})
    return found


@access(holds_party_post)
def orgs(request: HttpRequest) -> HttpResponse:
    managed = managed_org_ids(request.user)
    rows = list(
        PartyOrganization.objects.filter(pk__in=managed, is_active=True)
        .annotate(
            full=Count("members", filter=Q(members__status=MemberStatus.FULL, members__is_active=True)),
            probationary=Count("members", filter=Q(members__status=MemberStatus.PROBATIONARY, members__is_active=True)),
            committee=Count("posts", filter=Q(posts__post=Post.COMMITTEE_MEMBER), distinct=True),
        )
        .prefetch_related("posts__member")
    )
    today = timezone.localdate()
    tree = [(org, depth, min(5, depth * 2), _warnings(org, today)) for org, depth in _tree(rows)]
    context = {"tree": tree, "breadcrumbs": [(_("Party organizations"), None)]}
    return render(request, "party/orgs.html", context)


@access(holds_party_post)
def org_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = org_get_for_manager(request.user, pk)
    members = PartyMember.objects.filter(organization=org, is_active=True).order_by("status", "name")
    context = {
        "org": org,
        "posts": org.posts.select_related("member"),
        "members": [(m, mask_id_number(m.id_number), mask_phone(m.phone)) for m in members],
        "children": org.children.filter(is_active=True),
        "elections": org.elections.all()[:5],
        "lost_contact": lost_contact(org),
        "election_kinds": ElectionKind.choices,
        "incoming": Transfer.objects.filter(
            to_org=org, status__in=[TransferStatus.ISSUED, TransferStatus.SUSPENDED]
        ).select_related("member", "from_org"),
        "outgoing": Transfer.objects.filter(from_org=org).select_related("to_org", "member")[:10],
        "can_add_below": bool(CHILD_KINDS.get(org.kind)),
        "breadcrumbs": [(_("Party organizations"), "party:orgs"), (org.name, None)],
    }
    return render(request, "party/org_detail.html", context)


@access(holds_party_post)
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_get_for_manager(request.user, pk)
    revealed = False
    if request.method == "POST":  # showing the full numbers is itself audited
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action="party_member.reveal",
                target=member,
                after={"fields": ["id_number", "phone"]},
            )
        revealed = True
    context = {
        "member": member,
        "id_number": member.id_number if revealed else mask_id_number(member.id_number),
        "phone": member.phone if revealed else mask_phone(member.phone),
        "revealed": revealed,
        "bases": member.dues_bases.all()[:12],
        "bills": member.dues_bills.all()[:12],
        "targets": PartyOrganization.objects.filter(is_active=True, kind=OrgKind.BRANCH).exclude(
            pk=member.organization_id
        ),
        "approval_kinds": ApprovalKind.choices,
        "approvals": member.dues_approvals.all()[:10],
        "breadcrumbs": [
            (_("Party organizations"), "party:orgs"),
            (member.organization.name, f"/party/orgs/{member.organization_id}/"),
            (member.name, None),
        ],
    }
    return render(request, "party/member_detail.html", context)


def _month(text: str | None) -> date:
    try:
        year, month = (int(x) for x in (text or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return first_of_month(timezone.localdate())


@access(holds_party_post)
def dues(request: HttpRequest, pk: int) -> HttpResponse:
    org = org_get_for_manager(request.user, pk)
    month = _month(request.GET.get("month") or request.POST.get("month"))
    if request.method == "POST":
        try:
            if request.POST.get("action") == "bill":
                result = bills_generate(actor=request.user, organization=org, month=month)
                messages.success(
                    request, _("%(n)d bills created for %(month)s.") % {"n": result.created, "month": f"{month:%Y-%m}"}
                )
                if result.missing_base:
                    messages.warning(
                        request,
                        _("No declared base, not billed: %(names)s.") % {"names": "、".join(result.missing_base)},
                    )
            else:
                ids = [int(x) for x in request.POST.getlist("bill") if x.isdigit()]
                paid = dues_pay(
                    actor=request.user,
                    bills=list(DuesBill.objects.filter(pk__in=ids, organization=org)),
                    paid_on=timezone.localdate(),
                    method=request.POST.get("method", PaymentMethod.BATCH),
                    proxy_name=request.POST.get("proxy_name", ""),
                )
                messages.success(request, _("%(n)d payments recorded.") % {"n": len(paid)})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(f"/party/orgs/{pk}/dues/?month={month:%Y-%m}")
    bills = DuesBill.objects.filter(organization=org, month=month).select_related("member").order_by("member__name")
    totals = {
        "billed": sum(b.amount for b in bills),
        "paid": sum(b.paid_amount or 0 for b in bills if b.status == BillStatus.PAID),
        "unpaid": sum(1 for b in bills if b.status == BillStatus.UNPAID),
    }
    context = {
        "org": org,
        "month": month,
        "previous": add_months(month, -1),
        "next": add_months(month, 1),
        "bills": bills,
        "totals": totals,
        "arrears": arrears_of(org, up_to=month),
        "methods": [
            (PaymentMethod.BATCH, PaymentMethod.BATCH.label),
            (PaymentMethod.SELF, PaymentMethod.SELF.label),
            (PaymentMethod.PROXY, PaymentMethod.PROXY.label),
        ],
        "breadcrumbs": [
            (_("Party organizations"), "party:orgs"),
            (org.name, f"/party/orgs/{pk}/"),
            (_("Party dues"), None),
        ],
    }
    return render(request, "party/dues.html", context)


@access(holds_party_post)
def ledger_export(request: HttpRequest, pk: int) -> HttpResponse:
    org = org_get_for_manager(request.user, pk)
    year = int(request.GET.get("year")) if (request.GET.get("year") or "").isdigit() else timezone.localdate().year
    headers = [
        _("Month"),
        _("Bills"),
        _("Amount due"),
        _("Amount paid"),
        _("Voluntary extra"),
        _("Unpaid bills"),
        _("Outstanding"),
    ]
    rows = [
        [f"{r['month']:%Y-%m}", r["bills"], r["billed"], r["paid"], r["extra"], r["unpaid"], r["outstanding"]]
        for r in ledger(org, year)
    ]
    with transaction.atomic():
        audit_record(actor=request.user, action="dues.export", target=org, after={"year": year})
    response = HttpResponse(
        workbook_bytes(headers, rows, title=f"{year}"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(True, f"党费台账-{org.name}-{year}.xlsx")
    return response


@access(is_party_member)
def my_dues(request: HttpRequest) -> HttpResponse:
    member = PartyMember.objects.select_related("organization").get(user=request.user, is_active=True)
    bills = member.dues_bills.order_by("-month")[:24]
    context = {
        "member": member,
        "bills": bills,
        "unpaid": [b for b in bills if b.status == BillStatus.UNPAID],
        "breadcrumbs": [(_("My party dues"), None)],
    }
    return render(request, "party/my_dues.html", context)


# --- organization life ----------------------------------------------------------------------
def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


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
    year = int(request.GET["year"]) if (request.GET.get("year") or "").isdigit() else timezone.localdate().year
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
                host=members.get(int(request.POST["host"])) if (request.POST.get("host") or "").isdigit() else None,
                recorder=members.get(int(request.POST["recorder"]))
                if (request.POST.get("recorder") or "").isdigit()
                else None,
                present_ids=[int(x) for x in request.POST.getlist("present") if x.isdigit()],
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
    year = int(request.GET["year"]) if (request.GET.get("year") or "").isdigit() else timezone.localdate().year
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


# --- member development ---------------------------------------------------------------------
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
        number = int(request.POST["step"]) if (request.POST.get("step") or "").isdigit() else 0
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


def _int_or_zero(text) -> int:
    return int(text) if str(text or "").strip().isdigit() else 0


# --- elections and transfers ----------------------------------------------------------------
def _ballots(text: str) -> list[dict]:
    """Candidates as lines "name votes" (any separator); unparsable lines are ignored."""
    rows = []
    for line in (text or "").splitlines():
        parts = line.replace("：", " ").replace(":", " ").replace("，", " ").replace(",", " ").split()
        if len(parts) >= 2 and parts[-1].isdigit():
            rows.append({"name": " ".join(parts[:-1]), "votes": int(parts[-1])})
    return rows


@require_POST
@access(holds_party_post)
def election_new(request: HttpRequest, pk: int) -> HttpResponse:
    org = org_get_for_manager(request.user, pk)
    try:
        election = election_record(
            actor=request.user,
            organization=org,
            held_on=_date(request.POST.get("held_on")),
            present=_int_or_zero(request.POST.get("present")),
            ballots=_ballots(request.POST.get("ballots", "")),
            kind=request.POST.get("kind") or ElectionKind.REGULAR,
            approval_document=request.POST.get("approval_document", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if election.valid:
            messages.success(
                request, _("Election recorded; elected: %(names)s.") % {"names": "、".join(election.elected) or "—"}
            )
        else:
            messages.warning(
                request,
                _(
                    "Election recorded as invalid: %(present)d of %(entitled)d entitled voters present, "
                    "at least 4/5 are needed."
                )
                % {"present": election.present, "entitled": election.entitled},
            )
    return redirect("party:org", pk=pk)


@require_POST
@access(holds_party_post)
def transfer_new(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_get_for_manager(request.user, pk)
    to_id = request.POST.get("to_org", "")
    target = PartyOrganization.objects.filter(pk=int(to_id), is_active=True).first() if to_id.isdigit() else None
    try:
        transfer = transfer_issue(
            actor=request.user,
            member=member,
            to_org=target,
            to_name=request.POST.get("to_name", ""),
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("party:member", pk=pk)
    messages.success(request, _("Introduction letter %(number)s issued.") % {"number": transfer.letter_number})
    return redirect("party:org", pk=member.organization_id)


@require_POST
@access(holds_party_post)
def transfer_answer(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = Transfer.objects.select_related("to_org").filter(pk=pk).first()
    if transfer is None or transfer.to_org_id not in managed_org_ids(request.user):
        raise Http404
    answer = request.POST.get("answer")
    try:
        transfer_decide(
            actor=request.user,
            transfer=transfer,
            accept=answer == "accept",
            suspend=answer == "suspend",
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Transfer answered."))
    return redirect("party:org", pk=transfer.to_org_id)


# --- contact points (三级六点) ---------------------------------------------------------------
@access(holds_party_post)
def contact_points(request: HttpRequest) -> HttpResponse:
    """Every contact point of the organizations the user manages, with its last visit."""
    managed = managed_org_ids(request.user)
    if request.method == "POST":
        org = org_get_for_manager(request.user, _int_or_zero(request.POST.get("organization")))
        try:
            if request.POST.get("point"):
                point = ContactPoint.objects.filter(
                    pk=_int_or_zero(request.POST.get("point")), organization=org
                ).first()
                if point is None:
                    raise Http404
                contact_visit_record(
                    actor=request.user,
                    point=point,
                    visited_on=_date(request.POST.get("visited_on")),
                    summary=request.POST.get("summary", ""),
                )
            else:
                leader = PartyMember.objects.filter(pk=_int_or_zero(request.POST.get("leader")), is_active=True).first()
                if leader is None:
                    raise ValidationError({"leader": [_("Choose the leader.")]})
                contact_point_add(
                    actor=request.user,
                    leader=leader,
                    organization=org,
                    level=request.POST.get("level", ""),
                    team=request.POST.get("team", ""),
                )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Recorded."))
        return redirect("party:contact_points")
    points = (
        ContactPoint.objects.filter(organization__in=managed)
        .select_related("leader", "organization")
        .annotate(last_visit=Max("visits__visited_on"))
    )
    rows = [(p, visit_overdue(p.last_visit)) for p in points]
    context = {
        "rows": rows,
        "levels": ContactLevel.choices,
        "orgs": PartyOrganization.objects.filter(pk__in=managed, is_active=True).order_by("order", "name"),
        "leaders": PartyMember.objects.filter(posts__organization__in=managed, is_active=True)
        .distinct()
        .order_by("name"),
        "breadcrumbs": [(_("Contact points"), None)],
    }
    return render(request, "party/contact_points.html", context)


# --- dues bases and approvals on the member page --------------------------------------------
@require_POST
@access(holds_party_post)
def dues_base_new(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_get_for_manager(request.user, pk)
    try:
        month = _month(request.POST.get("effective_month"))
        dues_base_declare(
            actor=request.user, member=member, amount=request.POST.get("amount", ""), effective_month=month
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Dues base declared."))
    return redirect("party:member", pk=pk)


@require_POST
@access(holds_party_post)
def dues_approval_new(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_get_for_manager(request.user, pk)
    try:
        dues_approval_record(
            actor=request.user,
            member=member,
            kind=request.POST.get("kind", ""),
            months_from=_month(request.POST.get("months_from")),
            months_to=_month(request.POST.get("months_to")),
            reason=request.POST.get("reason", ""),
            document=request.POST.get("document", ""),
            amount=request.POST.get("amount") or None,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Approval recorded."))
    return redirect("party:member", pk=pk)


@access(holds_party_post)
def dues_disclosure(request: HttpRequest, pk: int) -> HttpResponse:
    """党费收缴使用情况公开: the year's dues by organization below this one, on screen or as Excel."""
    org = org_get_for_manager(request.user, pk)
    year = int(request.GET["year"]) if (request.GET.get("year") or "").isdigit() else timezone.localdate().year
    report = disclosure(org, year)
    if request.GET.get("format") == "xlsx":
        headers = [
            _("Party organization"),
            _("Members billed"),
            _("Amount due"),
            _("Amount paid"),
            _("Voluntary extra"),
            _("Outstanding"),
        ]
        rows = [
            [r["organization__name"], r["members"], r["due"], r["paid"], r["extra"], r["outstanding"]]
            for r in report["rows"]
        ]
        totals = report["totals"]
        rows.append(
            [_("Total"), totals["members"], totals["due"], totals["paid"], totals["extra"], totals["outstanding"]]
        )
        with transaction.atomic():
            audit_record(
                actor=request.user, action="dues.export", target=org, after={"year": year, "report": "disclosure"}
            )
        response = HttpResponse(
            workbook_bytes(headers, rows, title=f"{year}"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = content_disposition_header(True, f"党费收缴情况公开-{org.name}-{year}.xlsx")
        return response
    context = {
        "org": org,
        "report": report,
        "breadcrumbs": [
            (_("Party organizations"), "party:orgs"),
            (org.name, f"/party/orgs/{pk}/"),
            (_("Dues disclosure"), None),
        ],
    }
    return render(request, "party/disclosure.html", context)


# --- remittance upward ------------------------------------------------------------------------
@access(holds_party_post)
def remittances(request: HttpRequest, pk: int) -> HttpResponse:
    """What the organization holds, remittances it sent up and received from below; remit, confirm."""
    org = org_get_for_manager(request.user, pk)
    errors: dict = {}
    if request.method == "POST" and request.POST.get("confirm"):
        remittance = DuesRemittance.objects.filter(
            pk=_int_or_zero(request.POST["confirm"]), to_organization=org
        ).first()
        if remittance is None:
            raise Http404
        try:
            remittance_confirm(actor=request.user, remittance=remittance)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("The receipt was confirmed."))
        return redirect("party:remittances", pk=org.pk)
    if request.method == "POST":
        try:
            remittance_record(
                actor=request.user,
                organization=org,
                months_from=_month_or_none(request.POST.get("months_from")),
                months_to=_month_or_none(request.POST.get("months_to")),
                amount=request.POST.get("amount", ""),
                remitted_on=_date(request.POST.get("remitted_on")),
                reference=request.POST.get("reference", ""),
            )
        except ValidationError as exc:
            errors = errors_by_field(exc)
        else:
            messages.success(request, _("The remittance was recorded."))
            return redirect("party:remittances", pk=org.pk)
    context = {
        "org": org,
        "held": holdings(org),
        "sent": org.remittances_sent.select_related("to_organization", "confirmed_by"),
        "received": org.remittances_received.select_related("organization", "confirmed_by"),
        "errors": errors,
        "values": request.POST if errors else {},
        "breadcrumbs": [
            (_("Party organizations"), "party:orgs"),
            (org.name, f"/party/orgs/{org.pk}/"),
            (_("Dues remittance"), None),
        ],
    }
    return render(request, "party/remittances.html", context, status=400 if errors else 200)


def _month_or_none(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "")[:7] + "-01")
    except ValueError:
        return None

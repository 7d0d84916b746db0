"""The organization tree, an organization's page and a member's page; elections, transfers, contact points."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.services import audit_record
from core.access import access
from core.forms import as_int
from core.masking import mask_id_number, mask_phone
from party.models import (
    COMMITTEE_FROM_FULL_MEMBERS,
    MIN_BRANCH_FULL_MEMBERS,
    TERM_WARNING_DAYS,
    ApprovalKind,
    ContactLevel,
    ContactPoint,
    ElectionKind,
    MemberStatus,
    OrgKind,
    PartyMember,
    PartyOrganization,
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
    managed_org_ids,
    member_get_for_manager,
    org_get_for_manager,
)
from party.structure import CHILD_KINDS
from party.views._helpers import _ballots, _date, _int_or_zero


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
    target = PartyOrganization.objects.filter(pk=as_int(to_id), is_active=True).first() if as_int(to_id) else None
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

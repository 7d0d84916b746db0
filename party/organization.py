"""Terms, elections and transfers of membership.

- Elections (换届): full members vote (probationary members have none). The election is valid
  when the voters present are at least 4/5 of those entitled; a candidate is elected with more
  than half of the entitled voters' votes. A valid election starts a new term.
- A postponement (at most 12 months) or an early election needs an approval document.
- Transfers (组织关系转接): an introduction letter, valid 3 months by default, states up to which
  month dues are paid. Within the system the receiving organization accepts (the member moves) or
  rejects with a reason; a letter to an organization outside the system completes the transfer
  (the member leaves the registry). A letter not acted on in time expires.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from party.development import months_after
from party.models import (
    Attendance,
    BillStatus,
    ContactLevel,
    ContactPoint,
    ContactVisit,
    DuesBill,
    Election,
    ElectionKind,
    MemberStatus,
    PartyMember,
    PartyOrganization,
    Transfer,
    TransferStatus,
)
from party.permissions import descendants, require_manager

LETTER_VALID_MONTHS = 3
MAX_POSTPONEMENT_MONTHS = 12
QUORUM = (4, 5)  # voters present at least 4/5 of those entitled


def subtree_ids(org: PartyOrganization) -> set[int]:
    return descendants([org.pk])


def entitled_voters(org: PartyOrganization) -> int:
    """Full members of the organization and everything below it."""
    return PartyMember.objects.filter(
        organization__in=subtree_ids(org), is_active=True, status=MemberStatus.FULL
    ).count()


def election_valid(entitled: int, present: int) -> bool:
    return entitled > 0 and present * QUORUM[1] >= entitled * QUORUM[0]


def elected(entitled: int, ballots: list[dict]) -> list[str]:
    return [b["name"] for b in ballots if int(b["votes"]) * 2 > entitled]


@transaction.atomic
def election_record(
    *,
    actor,
    organization: PartyOrganization,
    held_on: date,
    present: int,
    ballots: list[dict],
    kind: str = ElectionKind.REGULAR,
    approval_document: str = "",
) -> Election:
    require_manager(actor, organization.pk)
    entitled = entitled_voters(organization)
    errors = {}
    if held_on is None or held_on > timezone.localdate():
        errors["held_on"] = [_("Give the date the election was held (not in the future).")]
    if not 0 <= present <= entitled:
        errors["present"] = [_("Voters present run from 0 to the %(n)d full members entitled.") % {"n": entitled}]
    if kind != ElectionKind.REGULAR and not approval_document.strip():
        errors["approval_document"] = [_("An early or postponed election needs the approval document.")]
    ballots = [{"name": b["name"].strip(), "votes": int(b["votes"])} for b in ballots if (b.get("name") or "").strip()]
    if not ballots:
        errors["ballots"] = [_("Give the candidates and their votes.")]
    elif any(not 0 <= b["votes"] <= present for b in ballots):
        errors["ballots"] = [_("A candidate cannot have more votes than voters present.")]
    if errors:
        raise ValidationError(errors)
    valid = election_valid(entitled, present)
    election = Election.objects.create(
        organization=organization,
        held_on=held_on,
        kind=kind,
        approval_document=approval_document.strip()[:100],
        entitled=entitled,
        present=present,
        ballots=ballots,
        elected=elected(entitled, ballots) if valid else [],
        valid=valid,
        recorded_by=actor,
    )
    if valid:
        PartyOrganization.objects.filter(pk=organization.pk).update(term_started_on=held_on, term_postponed_months=0)
    audit_record(
        actor=actor,
        action="party_election.record",
        target=organization,
        after={
            "held_on": held_on.isoformat(),
            "entitled": entitled,
            "present": present,
            "valid": valid,
            "elected": election.elected,
        },
    )
    return election


@transaction.atomic
def term_postpone(*, actor, organization: PartyOrganization, months: int, document: str) -> PartyOrganization:
    """Record an approved postponement of the election (at most 12 months in all)."""
    require_manager(actor, (organization.parent or organization).pk)
    if (
        not 1 <= months <= MAX_POSTPONEMENT_MONTHS
        or organization.term_postponed_months + months > MAX_POSTPONEMENT_MONTHS
    ):
        raise ValidationError({"months": [_("A term may be postponed by at most 12 months.")]})
    if not document.strip():
        raise ValidationError({"document": [_("Give the approval document.")]})
    PartyOrganization.objects.filter(pk=organization.pk).update(
        term_postponed_months=organization.term_postponed_months + months
    )
    audit_record(
        actor=actor,
        action="party_term.postpone",
        target=organization,
        after={"months": months, "document": document.strip()},
    )
    organization.refresh_from_db()
    return organization


def dues_paid_to(member: PartyMember) -> date | None:
    """The last month up to which every bill is settled (for the introduction letter)."""
    bills = list(DuesBill.objects.filter(member=member).order_by("month").values_list("month", "status"))
    last = None
    for month, status in bills:
        if status == BillStatus.UNPAID:
            break
        last = month
    return last


@transaction.atomic
def transfer_issue(
    *,
    actor,
    member: PartyMember,
    to_org: PartyOrganization | None = None,
    to_name: str = "",
    reason: str = "",
    issued_on: date | None = None,
) -> Transfer:
    """Issue the introduction letter for a member moving to another organization."""
    require_manager(actor, member.organization_id)
    if (to_org is None) == (not to_name.strip()):
        raise ValidationError({"to_org": [_("Choose the receiving organization, or name one outside the system.")]})
    if to_org is not None and to_org.pk == member.organization_id:
        raise ValidationError({"to_org": [_("The member already belongs to this organization.")]})
    if Transfer.objects.filter(member=member, status=TransferStatus.ISSUED).exists():
        raise ValidationError({"to_org": [_("A transfer of this member is already open.")]})
    issued_on = issued_on or timezone.localdate()
    number = f"ZZ{issued_on:%Y%m%d}{member.pk:06d}"
    transfer = Transfer.objects.create(
        member=member,
        from_org=member.organization,
        to_org=to_org,
        to_name=to_name.strip()[:100],
        letter_number=number,
        issued_on=issued_on,
        valid_until=months_after(issued_on, LETTER_VALID_MONTHS),
        dues_paid_to=dues_paid_to(member),
        reason=reason.strip()[:300],
        status=TransferStatus.ISSUED if to_org is not None else TransferStatus.COMPLETED,
        issued_by=actor,
    )
    if to_org is None:  # outside the system: the member leaves the registry
        PartyMember.objects.filter(pk=member.pk).update(is_active=False)
    audit_record(
        actor=actor,
        action="party_transfer.issue",
        target=member,
        after={"letter": number, "to": to_org.pk if to_org else to_name},
    )
    return transfer


@transaction.atomic
def transfer_decide(*, actor, transfer: Transfer, accept: bool, reason: str = "", suspend: bool = False) -> Transfer:
    """The receiving organization accepts (the member moves), rejects or suspends, with a reason."""
    transfer = Transfer.objects.select_for_update(of=("self",)).select_related("member", "to_org").get(pk=transfer.pk)
    if transfer.to_org is None:
        raise ValidationError(_("This transfer went outside the system."))
    require_manager(actor, transfer.to_org_id)
    if transfer.status not in (TransferStatus.ISSUED, TransferStatus.SUSPENDED):
        raise ValidationError(_("This transfer has already been decided."))
    if transfer.expired:
        raise ValidationError(
            _("The introduction letter expired on %(date)s; ask for a new one.") % {"date": transfer.valid_until}
        )
    if (not accept or suspend) and not reason.strip():
        raise ValidationError({"reason": [_("Give a reason.")]})
    status = TransferStatus.SUSPENDED if suspend else TransferStatus.ACCEPTED if accept else TransferStatus.REJECTED
    transfer.status, transfer.reason, transfer.decided_by = status, reason.strip()[:300] or transfer.reason, actor
    transfer.save(update_fields=["status", "reason", "decided_by"])
    if status == TransferStatus.ACCEPTED:
        PartyMember.objects.filter(pk=transfer.member_id).update(organization=transfer.to_org)
    audit_record(
        actor=actor,
        action=f"party_transfer.{status}",
        target=transfer.member,
        after={"letter": transfer.letter_number, "reason": reason.strip()},
    )
    return transfer


VISIT_EVERY_MONTHS = 3  # a contact point without a visit for a quarter is flagged
LOST_CONTACT_MONTHS = 6


@transaction.atomic
def contact_point_add(
    *, actor, leader: PartyMember, organization: PartyOrganization, level: str, team: str = ""
) -> "ContactPoint":
    from party.models import ContactPoint

    require_manager(actor, organization.pk)
    if level not in ContactLevel.values:
        raise ValidationError({"level": [_("Choose the level of the contact point.")]})
    point = ContactPoint.objects.create(
        leader=leader, organization=organization, level=level, team=team.strip()[:100], since=timezone.localdate()
    )
    audit_record(
        actor=actor, action="party_contact.add", target=organization, after={"leader": leader.pk, "level": level}
    )
    return point


@transaction.atomic
def contact_visit_record(*, actor, point, visited_on: date, summary: str):
    require_manager(actor, point.organization_id)
    errors = {}
    if visited_on is None or visited_on > timezone.localdate():
        errors["visited_on"] = [_("Give the date of the visit (not in the future).")]
    if not summary.strip():
        errors["summary"] = [_("Summarise the visit.")]
    if errors:
        raise ValidationError(errors)
    visit = ContactVisit.objects.create(point=point, visited_on=visited_on, summary=summary.strip(), recorded_by=actor)
    audit_record(
        actor=actor, action="party_contact.visit", target=point.organization, after={"on": visited_on.isoformat()}
    )
    return visit


def visit_overdue(last_visit: date | None, *, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return last_visit is None or months_after(last_visit, VISIT_EVERY_MONTHS) < today


def lost_contact(organization: PartyOrganization, *, today: date | None = None) -> list[PartyMember]:
    """Members who for 6 months neither attended a meeting, nor paid dues, nor transferred: to review."""
    today = today or timezone.localdate()
    since = months_after(today, -LOST_CONTACT_MONTHS)
    attended = Attendance.objects.filter(member=OuterRef("pk"), present=True, meeting__held_on__gte=since)
    paid = DuesBill.objects.filter(member=OuterRef("pk"), status=BillStatus.PAID, paid_on__gte=since)
    moving = Transfer.objects.filter(member=OuterRef("pk"), issued_on__gte=since)
    joined = PartyMember.objects.filter(pk=OuterRef("pk"), admitted_on__gte=since)
    return list(
        PartyMember.objects.filter(organization=organization, is_active=True)
        .annotate(a=Exists(attended), p=Exists(paid), t=Exists(moving), j=Exists(joined))
        .filter(a=False, p=False, t=False, j=False)
        .order_by("name")
    )

"""Honours (表彰): advanced party organizations, outstanding members and party workers, each with
the basis it rests on. Candidates are suggested from the sources: organizations whose secretary
was graded best in the annual review, members graded 优秀 in their branch's evaluation, the
members with the most study points."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from evaluation.models import EvaluationEntry, Honour, HonourKind, HonourSource, MemberGrade, ReviewSubject
from party.models import PartyMember
from party.permissions import require_manager


@transaction.atomic
def honour_award(
    *, actor, awarded_by, year: int, kind: str, source: str, reason: str, document: str, organization=None, member=None
) -> Honour:
    require_manager(actor, awarded_by.pk)
    errors: dict[str, list] = {}
    if kind not in HonourKind.values:
        errors["kind"] = [_("Choose the honour.")]
    if source not in HonourSource.values:
        errors["source"] = [_("Choose what the honour rests on.")]
    if kind == HonourKind.ORGANIZATION and organization is None:
        errors["organization"] = [_("Choose the organization honoured.")]
    if kind in (HonourKind.MEMBER, HonourKind.WORKER) and member is None:
        errors["member"] = [_("Choose the member honoured.")]
    if not reason.strip():
        errors["reason"] = [_("Describe the deeds.")]
    if not document.strip():
        errors["document"] = [_("Give the decision document's number.")]
    if errors:
        raise ValidationError(errors)
    require_manager(actor, (organization or member.organization).pk)  # within the awarding tree
    honour = Honour.objects.create(
        year=year,
        kind=kind,
        organization=organization if kind == HonourKind.ORGANIZATION else None,
        member=member if kind != HonourKind.ORGANIZATION else None,
        source=source,
        reason=reason.strip(),
        document=document.strip()[:100],
        awarded_on=timezone.localdate(),
        awarded_by=awarded_by,
        created_by=actor,
    )
    audit_record(actor=actor, action="honour.award", target=honour, after={"kind": kind, "year": year})
    return honour


def candidates(year: int, org_ids, *, with_points: bool = False) -> dict[str, list]:
    """Suggestions from the sources, within the organizations given (three queries). Individual
    study points are for the study administrators only (``with_points``)."""
    reviewed = (
        ReviewSubject.objects.filter(campaign__year=year, campaign__status="closed", organization__in=list(org_ids))
        .filter(rank__isnull=False)
        .select_related("organization", "secretary__organization")
        .order_by("rank")[:10]
    )
    excellent = (
        EvaluationEntry.objects.filter(
            evaluation__year=year, grade=MemberGrade.EXCELLENT, member__organization__in=list(org_ids)
        )
        .select_related("member__organization")
        .order_by("member__name")[:50]
    )
    studious = (
        []
        if not with_points
        else PartyMember.objects.filter(organization__in=list(org_ids), is_active=True)
        .annotate(total=Sum("points__points", filter=Q(points__day__year=year)))
        .filter(total__gt=0)
        .select_related("organization")
        .order_by("-total")[:20]
    )
    return {"reviewed": list(reviewed), "excellent": list(excellent), "studious": list(studious)}

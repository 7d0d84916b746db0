"""Democratic evaluation of members (民主评议党员), a branch's yearly campaign in three stages:

1. self-assessment: every member of the branch writes one;
2. mutual assessment: each member grades the others; only the counts per member and grade are
   kept (``MutualTally``), never who gave which;
3. grading by the branch committee: every full member gets 优秀/合格/基本合格/不合格, with 优秀
   for at most ``EXCELLENT_SHARE`` (one third) of the graded members; probationary members take
   part in stages 1 and 2 but are not graded.
"""

from fractions import Fraction

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from audit.services import audit_record
from evaluation.models import EvaluationEntry, EvaluationStage, MemberEvaluation, MemberGrade, MutualTally
from party.models import MemberStatus, OrgKind, PartyMember
from party.permissions import require_manager

EXCELLENT_SHARE = Fraction(1, 3)
STAGES = [EvaluationStage.SELF, EvaluationStage.MUTUAL, EvaluationStage.GRADING, EvaluationStage.CLOSED]


@transaction.atomic
def evaluation_start(*, actor, organization, year: int) -> MemberEvaluation:
    require_manager(actor, organization.pk)
    if organization.kind != OrgKind.BRANCH:
        raise ValidationError(_("Members are evaluated in their branch."))
    if MemberEvaluation.objects.filter(organization=organization, year=year).exists():
        raise ValidationError(_("The branch's evaluation for this year has begun already."))
    evaluation = MemberEvaluation.objects.create(organization=organization, year=year, created_by=actor)
    entries = EvaluationEntry.objects.bulk_create(
        [
            EvaluationEntry(evaluation=evaluation, member=m)
            for m in PartyMember.objects.filter(organization=organization, is_active=True)
        ]
    )
    MutualTally.objects.bulk_create([MutualTally(entry=e, grade=g) for e in entries for g in MemberGrade.values])
    audit_record(actor=actor, action="member_evaluation.start", target=evaluation, after={"members": len(entries)})
    return evaluation


@transaction.atomic
def evaluation_advance(*, actor, evaluation: MemberEvaluation, expected: str | None = None) -> MemberEvaluation:
    """Move to the next stage. ``expected`` is the stage the page showed: a second click (or a
    second window) finds the stage moved on and is refused instead of skipping a stage."""
    require_manager(actor, evaluation.organization_id)
    passed, evaluation = evaluation, _locked(evaluation)
    if expected is not None and expected != evaluation.stage:
        raise ValidationError(_("The evaluation has already moved on; reload the page."))
    if evaluation.stage == EvaluationStage.CLOSED:
        raise ValidationError(_("The evaluation is closed."))
    if evaluation.stage == EvaluationStage.GRADING:
        ungraded = evaluation.entries.filter(member__status=MemberStatus.FULL, grade="").count()
        if ungraded:
            raise ValidationError(_("%(n)d full members are not graded yet.") % {"n": ungraded})
    evaluation.stage = STAGES[STAGES.index(evaluation.stage) + 1]
    evaluation.save(update_fields=["stage"])
    passed.stage = evaluation.stage
    audit_record(actor=actor, action="member_evaluation.advance", target=evaluation, after={"stage": evaluation.stage})
    return evaluation


def _locked(evaluation: MemberEvaluation) -> MemberEvaluation:
    """The evaluation as it is now, locked (its stage may have moved since the page was read)."""
    return MemberEvaluation.objects.select_for_update().get(pk=evaluation.pk)


def _own_entry(actor, evaluation: MemberEvaluation) -> EvaluationEntry:
    entry = evaluation.entries.select_for_update().filter(member__user=actor).first()
    if entry is None:
        raise PermissionDenied
    return entry


@transaction.atomic
def self_assessment_submit(*, actor, evaluation: MemberEvaluation, text: str) -> EvaluationEntry:
    evaluation = _locked(evaluation)
    entry = _own_entry(actor, evaluation)
    if evaluation.stage != EvaluationStage.SELF:
        raise ValidationError(_("Self-assessments are no longer collected."))
    if len(text.strip()) < 50:
        raise ValidationError({"text": [_("Write at least 50 characters.")]})
    entry.self_assessment = text.strip()
    entry.save(update_fields=["self_assessment"])
    audit_record(actor=actor, action="member_evaluation.self", target=evaluation)
    return entry


@transaction.atomic
def mutual_submit(*, actor, evaluation: MemberEvaluation, grades: dict[int, str]) -> None:
    """Grade every other member of the branch (entry id → grade); counts only are kept."""
    evaluation = _locked(evaluation)
    entry = _own_entry(actor, evaluation)
    if evaluation.stage != EvaluationStage.MUTUAL:
        raise ValidationError(_("The mutual assessment is not open."))
    if entry.mutual_done:
        raise ValidationError(_("You have already taken part in the mutual assessment."))
    others = set(evaluation.entries.exclude(pk=entry.pk).values_list("pk", flat=True))
    if set(grades) != others:
        raise ValidationError(_("Grade every other member of the branch."))
    if any(g not in MemberGrade.values for g in grades.values()):
        raise ValidationError(_("Choose a grade for each member."))
    for other, grade in grades.items():
        MutualTally.objects.filter(entry_id=other, grade=grade).update(count=F("count") + 1)
    entry.mutual_done = True
    entry.save(update_fields=["mutual_done"])
    audit_record(actor=actor, action="member_evaluation.mutual", target=evaluation)


@transaction.atomic
def grades_record(*, actor, evaluation: MemberEvaluation, grades: dict[int, str]) -> None:
    """The branch committee's grades (entry id → grade) for full members; at most a third 优秀."""
    require_manager(actor, evaluation.organization_id)
    locked = _locked(evaluation)
    if locked.stage != EvaluationStage.GRADING:
        raise ValidationError(_("Grading is not open."))
    entries = {e.pk: e for e in locked.entries.select_related("member")}
    errors = []
    for pk, grade in grades.items():
        entry = entries.get(pk)
        if entry is None or grade not in MemberGrade.values:
            raise ValidationError(_("Choose a grade for each member."))
        if entry.member.status != MemberStatus.FULL:
            errors.append(
                _("%(name)s is a probationary member: probationary members take part but are not graded.")
                % {"name": entry.member.name}
            )
    if errors:
        raise ValidationError(errors)
    for pk, grade in grades.items():
        entries[pk].grade = grade
    full = [e for e in entries.values() if e.member.status == MemberStatus.FULL]
    excellent = sum(1 for e in full if e.grade == MemberGrade.EXCELLENT)
    limit = int(len(full) * EXCELLENT_SHARE)
    if excellent > limit:
        raise ValidationError(
            _("At most one third of the %(n)d full members may be graded excellent (%(limit)d); %(have)d are.")
            % {"n": len(full), "limit": limit, "have": excellent}
        )
    EvaluationEntry.objects.bulk_update([entries[pk] for pk in grades], ["grade"])
    audit_record(actor=actor, action="member_evaluation.grade", target=locked, after={"graded": len(grades)})

"""Writes of the study administrators: topics and tests (cards: ``study.cards``; questions:
``study.bank``; attempts: ``study.exams``; points: ``study.points``)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from study.exams import KIND_ORDER, draw, pool_of
from study.models import CenterGroupPlan, StudyTest, StudyTopic, TestKind
from study.permissions import runs_study

DEFAULT_POINTS = {"single": 10, "multiple": 10, "judge": 10, "blank": 10}


def _require(actor) -> None:
    if not runs_study.test(actor):
        raise PermissionDenied


@transaction.atomic
def topic_create(*, actor, name: str, year: int, month: int | None = None, description: str = "") -> StudyTopic:
    _require(actor)
    if StudyTopic.objects.filter(year=year, name=name.strip()).exists():
        raise ValidationError({"name": [_("The year already has a topic of this name.")]})
    topic = StudyTopic.objects.create(name=name.strip(), year=year, month=month, description=description.strip())
    audit_record(actor=actor, action="study_topic.create", target=topic)
    return topic


@transaction.atomic
def study_test_create(
    *, actor, topics, counts: dict[str, int], points: dict[str, int] | None = None, **values
) -> StudyTest:
    """Set a test; refused when the bank cannot fill the paper it asks for."""
    _require(actor)
    errors: dict[str, list] = {}
    counts = {k: int(counts.get(k) or 0) for k in KIND_ORDER}
    if not sum(counts.values()):
        errors["single"] = [_("Ask for at least one question.")]
    if values["closes_at"] <= values["opens_at"]:
        errors["closes_at"] = [_("The test must close after it opens.")]
    kind = values["kind"]
    if kind == TestKind.MAKEUP and not values.get("makeup_for"):
        errors["makeup_for"] = [_("Choose the exam this make-up exam is for.")]
    if kind != TestKind.MAKEUP:
        values["makeup_for"] = None
    if kind == TestKind.MONTHLY and not values.get("month"):
        errors["month"] = [_("A monthly test names its month.")]
    if not topics:
        errors["topics"] = [_("Choose the topics the questions are drawn from.")]
    if errors:
        raise ValidationError(errors)
    test = StudyTest.objects.create(counts=counts, points=points or DEFAULT_POINTS, created_by=actor, **values)
    test.topics.set(topics)
    try:
        draw(pool_of(test), counts, 0)
    except ValidationError as exc:
        raise ValidationError({"single": exc.messages}) from None
    audit_record(actor=actor, action="study_test.create", target=test, after={"kind": kind, "counts": counts})
    return test


@transaction.atomic
def study_plan_save(*, actor, organization, year: int, sessions_planned: int, plan: str) -> CenterGroupPlan:
    """Save a committee's yearly center-group study plan (its managers only)."""
    from party.meetings import requirements
    from party.models import MeetingKind
    from party.permissions import require_manager

    require_manager(actor, organization.pk)
    if organization.kind not in requirements()[MeetingKind.CENTER_GROUP].org_kinds:
        raise ValidationError(_("%(org)s holds no center-group study.") % {"org": organization.name})
    errors: dict[str, list] = {}
    if not plan.strip():
        errors["plan"] = [_("Write the plan: the topics by month and the speakers.")]
    if not 1 <= sessions_planned <= 52:
        errors["sessions_planned"] = [_("From 1 to 52 sessions.")]
    if errors:
        raise ValidationError(errors)
    found, created = CenterGroupPlan.objects.update_or_create(
        organization=organization,
        year=year,
        defaults={"sessions_planned": sessions_planned, "plan": plan.strip(), "created_by": actor},
    )
    audit_record(
        actor=actor, action="study_plan.save", target=found, after={"sessions": sessions_planned, "new": created}
    )
    return found

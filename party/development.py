"""Member development (发展党员): the 25 steps as data and the rules that guard each one.

The steps and their timing come from ``DevelopmentStep`` rows (loaded from ``STEPS`` by a data
migration, editable afterwards). Recording a step checks, in this order, and refuses with the rule
that blocks it:

- order: every earlier non-repeatable step is recorded, and the step itself only once;
- timing: not earlier than ``min_months`` after the step it counts from (probation: 12 months from
  the branch meeting, plus any extension of 6 to 12 months), not later than ``max_months``; later
  than ``due_months`` is accepted but flagged;
- extra rules: two full-member sponsors; training of at least 3 days or 24 class hours; at least
  one activist review per 6 months (two at the least) before becoming a candidate; branch meeting
  votes where the voting members present are more than half of those entitled (full members only:
  probationary members have no vote) and the yes votes more than half of the entitled.

Approval by the higher committee (step 17) enters the person in the registry as a probationary
member; approval of full membership (step 24) makes them a full member.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from party.dues import add_months
from party.models import (
    DevelopmentCase,
    DevelopmentRecord,
    DevelopmentStage,
    DevelopmentStep,
    MemberStatus,
    PartyMember,
)
from party.permissions import require_manager

A, AC, C, P, F = "applicant", "activist", "candidate", "probationary", "full"
# number, name, stage, counted from, min months, due months, max months, rule, repeatable
STEPS = (
    (1, "递交入党申请书", A, None, None, None, None, "", False),
    (2, "党组织派人谈话", A, 1, None, 1, None, "", False),
    (3, "推荐和确定入党积极分子", AC, 1, None, None, None, "", False),
    (4, "上级党委备案", AC, 3, None, None, None, "", False),
    (5, "指定培养联系人", AC, 3, None, None, None, "", False),
    (6, "培养教育考察", AC, 3, None, None, None, "", True),
    (7, "确定发展对象", C, 3, 12, None, None, "reviews", False),
    (8, "报上级党委备案", C, 7, None, None, None, "", False),
    (9, "确定入党介绍人", C, 7, None, None, None, "sponsors", False),
    (10, "进行政治审查", C, 7, None, None, None, "", False),
    (11, "开展集中培训", C, 7, None, None, None, "training", False),
    (12, "支部委员会审查", C, 11, None, None, None, "", False),
    (13, "上级党委预审", C, 12, None, None, None, "", False),
    (14, "填写入党志愿书", C, 13, None, None, None, "", False),
    (15, "支部大会讨论", C, 14, None, None, None, "vote", False),
    (16, "上级党委派人谈话", C, 15, None, None, None, "", False),
    (17, "上级党委审批", P, 15, None, 3, 6, "", False),
    (18, "再上一级党委组织部门备案", P, 17, None, None, None, "", False),
    (19, "编入党支部和党小组", P, 17, None, None, None, "", False),
    (20, "入党宣誓", P, 17, None, None, None, "", False),
    (21, "继续教育考察", P, 17, None, None, None, "", True),
    (22, "提出转正申请", P, 15, 12, None, None, "", False),
    (23, "支部大会讨论转正", P, 15, 12, None, None, "vote", False),
    (24, "上级党委审批转正", F, 23, None, 3, 6, "", False),
    (25, "材料归档", F, 24, None, None, None, "", False),
)
PROBATION_FROM = 15  # the branch meeting that admits the probationary member
ADMISSION_APPROVAL = 17
FULL_APPROVAL = 24
REVIEW_STEP = 6
REVIEW_EVERY_MONTHS = 6
MIN_TRAINING_DAYS = 3
MIN_TRAINING_HOURS = 24
SPONSORS = 2
EXTENSION_MONTHS = (6, 12)


def development_steps_load(model=None) -> int:
    """Create the 25 steps where missing (idempotent; the data migration calls it)."""
    model = model or DevelopmentStep
    existing = set(model.objects.values_list("number", flat=True))
    rows = [
        model(
            number=n,
            name=name,
            stage=stage,
            after=after,
            min_months=low,
            due_months=due,
            max_months=high,
            rule=rule,
            repeatable=repeat,
        )
        for n, name, stage, after, low, due, high, rule, repeat in STEPS
        if n not in existing
    ]
    model.objects.bulk_create(rows)
    return len(rows)


def months_after(day: date, months: int) -> date:
    """The same day ``months`` later (the last day of a shorter month where needed)."""
    first = add_months(day.replace(day=1), months)
    for candidate in range(day.day, 27, -1):
        try:
            return first.replace(day=candidate)
        except ValueError:
            continue
    return first.replace(day=min(day.day, 28))


def _extra_months(case: DevelopmentCase, step: DevelopmentStep) -> int:
    return case.probation_extension_months if step.after == PROBATION_FROM and step.min_months else 0


def check_vote(organization, data: dict) -> dict:
    """Branch meeting votes: entitled = the branch's full members (probationary have no vote)."""
    entitled = PartyMember.objects.filter(organization=organization, is_active=True, status=MemberStatus.FULL).count()
    try:
        present, yes = int(data.get("present", -1)), int(data.get("yes", -1))
    except (TypeError, ValueError):
        present = yes = -1
    if not 0 <= yes <= present <= entitled:
        raise ValidationError(
            {"vote": [_("Give the full members present and the yes votes (at most %(n)d entitled).") % {"n": entitled}]}
        )
    if present * 2 <= entitled:
        raise ValidationError(
            {
                "vote": [
                    _("Only %(present)d of %(entitled)d full members present: more than half must attend.")
                    % {"present": present, "entitled": entitled}
                ]
            }
        )
    if yes * 2 <= entitled:
        raise ValidationError(
            {
                "vote": [
                    _("%(yes)d yes votes of %(entitled)d full members entitled: more than half are needed.")
                    % {"yes": yes, "entitled": entitled}
                ]
            }
        )
    return {"entitled": entitled, "present": present, "yes": yes}


def check_sponsors(organization, data: dict) -> dict:
    ids = sorted({int(x) for x in data.get("sponsors", []) if str(x).isdigit()})
    full = PartyMember.objects.filter(pk__in=ids, is_active=True, status=MemberStatus.FULL).count()
    if len(ids) != SPONSORS or full != SPONSORS:
        raise ValidationError({"sponsors": [_("Name two full members as sponsors.")]})
    return {"sponsors": ids}


def check_training(data: dict) -> dict:
    try:
        days, hours = float(data.get("days") or 0), float(data.get("hours") or 0)
    except (TypeError, ValueError):
        days = hours = 0
    if days < MIN_TRAINING_DAYS and hours < MIN_TRAINING_HOURS:
        raise ValidationError(
            {
                "training": [
                    _("Training must last at least 3 days or 24 class hours (now %(d)g days, %(h)g hours).")
                    % {"d": days, "h": hours}
                ]
            }
        )
    return {"days": days, "hours": hours}


def check_reviews(case: DevelopmentCase, done: dict, done_on: date) -> None:
    since = done[3].done_on
    needed = max(2, ((done_on.year - since.year) * 12 + done_on.month - since.month) // REVIEW_EVERY_MONTHS)
    reviews = case.records.filter(step__number=REVIEW_STEP, done_on__lte=done_on).count()
    if reviews < needed:
        raise ValidationError(
            {
                "step": [
                    _(
                        "An activist is reviewed every 6 months: %(needed)d reviews are needed before "
                        "becoming a candidate, %(n)d are recorded."
                    )
                    % {"needed": needed, "n": reviews}
                ]
            }
        )


def case_start(*, actor, organization, name: str, id_number: str, applied_on: date) -> DevelopmentCase:
    """Open a development case with step 1 (the written application)."""
    require_manager(actor, organization.pk)
    if not name.strip():
        raise ValidationError({"name": [_("Give the applicant's name.")]})
    with transaction.atomic():
        case = DevelopmentCase.objects.create(
            name=name.strip()[:50], id_number=id_number.strip(), organization=organization
        )
        step_record(actor=actor, case=case, number=1, done_on=applied_on)
    return case


@transaction.atomic
def step_record(
    *,
    actor,
    case: DevelopmentCase,
    number: int,
    done_on: date,
    document: str = "",
    notes: str = "",
    data: dict | None = None,
) -> DevelopmentRecord:
    """Record step ``number`` of the case, or refuse with the rule that blocks it."""
    require_manager(actor, case.organization_id)
    case = DevelopmentCase.objects.select_for_update().get(pk=case.pk)
    if not case.is_active:
        raise ValidationError(_("This development case is closed."))
    steps = {s.number: s for s in DevelopmentStep.objects.all()}
    step = steps.get(number)
    if step is None or done_on is None:
        raise ValidationError({"step": [_("Choose a step and its date.")]})
    done = {r.step.number: r for r in case.records.select_related("step").order_by("done_on", "pk")}
    missing = [n for n, s in steps.items() if n < number and not s.repeatable and n not in done]
    if missing:
        first = steps[missing[0]]
        raise ValidationError({"step": [_("Step %(first)s comes first.") % {"first": str(first)}]})
    if number in done and not step.repeatable:
        raise ValidationError({"step": [_("This step is already recorded.")]})
    late = False
    if step.after:
        since = done[step.after].done_on
        if done_on < since:
            raise ValidationError(
                {"step": [_("The date cannot be before step %(n)d (%(date)s).") % {"n": step.after, "date": since}]}
            )
        if step.min_months is not None:
            earliest = months_after(since, step.min_months + _extra_months(case, step))
            if done_on < earliest:
                raise ValidationError(
                    {
                        "step": [
                            _("Too early: %(step)s can be done from %(date)s (%(n)d months after step %(after)d).")
                            % {
                                "step": step.name,
                                "date": earliest,
                                "n": step.min_months + _extra_months(case, step),
                                "after": step.after,
                            }
                        ]
                    }
                )
        if step.max_months is not None and done_on > months_after(since, step.max_months):
            raise ValidationError(
                {
                    "step": [
                        _("Too late: %(step)s must be done within %(n)d months of step %(after)d.")
                        % {"step": step.name, "n": step.max_months, "after": step.after}
                    ]
                }
            )
        late = step.due_months is not None and done_on > months_after(since, step.due_months)
    data = dict(data or {})
    if step.rule == "vote":
        data = check_vote(case.organization, data)
    elif step.rule == "sponsors":
        data = check_sponsors(case.organization, data)
    elif step.rule == "training":
        data = check_training(data)
    elif step.rule == "reviews":
        check_reviews(case, done, done_on)
        data = {}
    else:
        data = {}
    record = DevelopmentRecord.objects.create(
        case=case,
        step=step,
        done_on=done_on,
        document=document.strip()[:200],
        notes=notes.strip()[:300],
        data=data,
        late=late,
        recorded_by=actor,
    )
    changes = ["stage"]
    case.stage = step.stage
    if number == ADMISSION_APPROVAL:
        case.member = PartyMember.objects.create(
            name=case.name,
            id_number=case.id_number,
            organization=case.organization,
            status=MemberStatus.PROBATIONARY,
            applied_on=done[1].done_on,
            activist_on=done[3].done_on,
            candidate_on=done[7].done_on,
            admitted_on=done[PROBATION_FROM].done_on,
        )
        changes.append("member")
    if number == FULL_APPROVAL and case.member_id:
        full_on = months_after(done[PROBATION_FROM].done_on, 12 + case.probation_extension_months)
        PartyMember.objects.filter(pk=case.member_id).update(status=MemberStatus.FULL, full_on=full_on)
    case.save(update_fields=changes)
    audit_record(
        actor=actor,
        action="party_development.step",
        target=case,
        after={
            "step": number,
            "on": done_on.isoformat(),
            "late": late,
            **({"vote": data} if step.rule == "vote" else {}),
        },
    )
    return record


@transaction.atomic
def probation_extend(*, actor, case: DevelopmentCase, months: int, reason: str) -> DevelopmentCase:
    """Extend the probation by 6 to 12 months (decided by the branch meeting; once)."""
    require_manager(actor, case.organization_id)
    case = DevelopmentCase.objects.select_for_update().get(pk=case.pk)
    if case.stage != DevelopmentStage.PROBATIONARY or case.records.filter(step__number=23).exists():
        raise ValidationError(_("Only a probation not yet decided can be extended."))
    if case.probation_extension_months:
        raise ValidationError(_("The probation has already been extended once."))
    if not EXTENSION_MONTHS[0] <= months <= EXTENSION_MONTHS[1]:
        raise ValidationError({"months": [_("An extension lasts 6 to 12 months.")]})
    if not reason.strip():
        raise ValidationError({"reason": [_("Give a reason.")]})
    DevelopmentCase.objects.filter(pk=case.pk).update(probation_extension_months=months)
    audit_record(
        actor=actor, action="party_development.extend", target=case, after={"months": months, "reason": reason.strip()}
    )
    case.refresh_from_db()
    return case

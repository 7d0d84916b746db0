"""Writes about programs and calls."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import audit_record, changed
from core.workflow import Workflow, transition_apply
from orgs.models import Office, Recommender, UnitType
from plans.models import Call, CallStatus, Challenge, Program, RecommenderQuota, Topic
from plans.permissions import runs_call

CALL_FIELDS = (
    "title",
    "year",
    "notice",
    "opens_at",
    "closes_at",
    "eligible_unit_types",
    "pi_max_age",
    "pi_titles",
    "limit_per_pi",
    "limit_active_projects_per_pi",
    "limit_per_unit",
    "recommendation_path",
    "budget_cap",
    "required_attachments",
    "review_mode",
    "reviewers_per_item",
    "off_site_review",
    "publicity_working_days",
)


# Applicants rely on the published rules; only these may still change (e.g. to extend the deadline).
MUTABLE_AFTER_PUBLISHING = frozenset({"title", "notice", "opens_at", "closes_at", "publicity_working_days"})


def _check_call(call: Call) -> None:
    errors: dict[str, list] = {}
    if call.opens_at and call.closes_at and call.closes_at <= call.opens_at:
        errors["closes_at"] = [_("The call must close after it opens.")]
    unknown = set(call.eligible_unit_types) - set(UnitType.values)
    if unknown or not call.eligible_unit_types:
        errors["eligible_unit_types"] = [_("Choose at least one eligible unit type.")]
    if call.budget_cap is not None and Decimal(str(call.budget_cap)) <= Decimal("0"):
        errors["budget_cap"] = [_("The grant cap must be more than zero.")]
    if call.reviewers_per_item is not None and call.reviewers_per_item < 3:
        errors["reviewers_per_item"] = [_("At least 3 experts review each application.")]
    if call.publicity_working_days is not None and call.publicity_working_days < 1:
        errors["publicity_working_days"] = [_("Publicity lasts at least one working day.")]
    if errors:
        raise ValidationError(errors)


def _snapshot(call: Call) -> dict:
    return {field: getattr(call, field) for field in CALL_FIELDS}


@transaction.atomic
def program_create(*, actor, name: str, kind: str, office: Office, description: str = "") -> Program:
    program = Program.objects.create(name=name, kind=kind, office=office, description=description)
    audit_record(actor=actor, action="program.create", target=program, after={"name": name, "office": office.pk})
    return program


@transaction.atomic
def call_create(*, actor, program: Program, **fields) -> Call:
    """Draft a call for ``program``; only officers of its managing office may."""
    call = Call(program=program, **fields)
    if actor is not None and not runs_call(actor, call):
        raise ValidationError({"program": [_("You can only draft calls of your own office's programs.")]})
    _check_call(call)
    call.save()
    audit_record(actor=actor, action="call.create", target=call, after=_snapshot(call))
    return call


@transaction.atomic
def call_update(*, actor, call: Call, **changes) -> Call:
    """Change a call's settings (also after publication, e.g. to extend the deadline); audited field by field."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.status == CallStatus.CLOSED:
        raise ValidationError(_("A closed call can no longer be changed."))
    if call.status == CallStatus.PUBLISHED:
        frozen = {
            f: [_("This rule cannot change once the call is published.")]
            for f, v in changes.items()
            if f not in MUTABLE_AFTER_PUBLISHING and getattr(call, f) != v
        }
        if frozen:
            raise ValidationError(frozen)
    before = _snapshot(call)
    for field, value in changes.items():
        setattr(call, field, value)
    _check_call(call)
    call.save(update_fields=list(changes))
    old, new = changed(before, _snapshot(call))
    audit_record(actor=actor, action="call.update", target=call, before=old, after=new)
    return call


def _has_topics_or_challenges(call: Call, actor, changes: dict) -> None:
    if not call.topics.exists() and not call.challenges.exists():
        raise ValidationError(_("Add at least one topic (or challenge) before publishing."))


CALL_WORKFLOW = (
    Workflow(state_field="status")
    .add("publish", [CallStatus.DRAFT], CallStatus.PUBLISHED, rule=runs_call, guards=(_has_topics_or_challenges,))
    .add("close", [CallStatus.PUBLISHED], CallStatus.CLOSED, rule=runs_call)
)


def call_publish(*, actor, call: Call) -> Call:
    """Publish the call notice on the public portal."""
    return transition_apply(
        actor=actor, obj=call, workflow=CALL_WORKFLOW, name="publish", changes={"published_at": timezone.now()}
    )


def call_close(*, actor, call: Call) -> Call:
    return transition_apply(actor=actor, obj=call, workflow=CALL_WORKFLOW, name="close")


def _editable(call: Call) -> None:
    if call.status == CallStatus.CLOSED:
        raise ValidationError(_("A closed call can no longer be changed."))


@transaction.atomic
def topic_add(*, actor, call: Call, code: str, title: str, description: str = "", budget_cap=None) -> Topic:
    _editable(call)
    duplicate = ValidationError({"code": [_("This call already has a topic with this code.")]})
    if call.topics.filter(code=code).exists():
        raise duplicate
    try:
        with transaction.atomic():
            topic = Topic.objects.create(
                call=call, code=code, title=title, description=description, budget_cap=budget_cap
            )
    except IntegrityError:  # the same code added at the same moment in another session
        raise duplicate from None
    audit_record(
        actor=actor, action="topic.create", target=topic, after={"call": call.pk, "code": code, "title": title}
    )
    return topic


@transaction.atomic
def challenge_add(
    *, actor, call: Call, title: str, requirement: str, prize_amount, deadline, issuer: str = ""
) -> Challenge:
    _editable(call)
    challenge = Challenge.objects.create(
        call=call, title=title, requirement=requirement, prize_amount=prize_amount, deadline=deadline, issuer=issuer
    )
    audit_record(
        actor=actor,
        action="challenge.create",
        target=challenge,
        after={"call": call.pk, "title": title, "prize_amount": prize_amount},
    )
    return challenge


@transaction.atomic
def quota_set(*, actor, call: Call, recommender: Recommender, quota: int) -> RecommenderQuota:
    _editable(call)
    row, created = RecommenderQuota.objects.get_or_create(call=call, recommender=recommender, defaults={"quota": quota})
    before = None if created else {"quota": row.quota}
    if not created:
        row.quota = quota
        row.save(update_fields=["quota"])
    audit_record(actor=actor, action="quota.set", target=row, before=before, after={"quota": quota})
    return row


ATTACHMENT_KINDS = {
    "commitment": gettext_lazy("Unit commitment letter"),
    "cooperation_agreement": gettext_lazy("Cooperation agreement"),
    "budget_note": gettext_lazy("Budget explanation"),
    "ethics_review": gettext_lazy("Ethics review approval"),
    "qualification": gettext_lazy("Qualification certificates"),
    "other": gettext_lazy("Other supporting documents"),
}

"""Writes about applications: start, save (optimistic lock), submit (idempotent), endorse, return."""

import hashlib
import json
from decimal import Decimal, InvalidOperation
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import Role
from accounts.selectors import users_with_role
from applications.models import BUDGET_CATEGORIES, Application, ApplicationStatus, SubmissionReceipt
from applications.permissions import EDITABLE, is_pi, may_check_formally, may_endorse, may_recommend
from applications.selectors import RECOMMENDED_OR_LATER
from applications.tasks import check_duplicates
from attachments.selectors import attachments_of
from audit.services import audit_record
from core.errors import EditConflict
from core.workflow import Workflow, transition_apply
from notifications.services import notify
from plans.models import Call, Challenge, RecommendationPath, RecommenderQuota, Topic

EDITABLE_FIELDS = (
    "title",
    "topic",
    "challenge",
    "start_date",
    "end_date",
    "discipline_codes",
    "keywords",
    "abstract",
    "objectives",
    "team",
    "indicators",
    "budget",
    "cooperation_units",
)
MIN_TEXT = 100
MAX_AMOUNT = Decimal("1000000")


def _not_barred(person, unit) -> None:
    """Integrity records in force that bar the person or the unit from applying stop the application."""
    from integrity.models import Restriction
    from integrity.services import restrictions_in_force

    if restrictions_in_force(restriction=Restriction.APPLY, person=person, unit=unit):
        raise ValidationError(
            _("The applicant or the unit is on the integrity list and may not apply now."), code="barred"
        )


def _call_open(call: Call) -> None:
    if not call.is_open:
        raise ValidationError(_("This call is not accepting applications now."), code="closed")


@transaction.atomic
def application_start(
    *, actor, call: Call, title: str, topic: Topic | None = None, challenge: Challenge | None = None
) -> Application:
    """Open a draft for the actor (an applicant bound to a unit) in an open call."""
    _call_open(call)
    if Role.APPLICANT not in actor.role_names or actor.unit_id is None:
        raise PermissionDenied
    _not_barred(actor, actor.unit)
    application = Application.objects.create(
        call=call,
        topic=topic,
        challenge=challenge,
        pi=actor,
        unit_id=actor.unit_id,
        title=title.strip(),
        team=[{"name": actor.full_name, "unit": actor.unit.name, "title": actor.title, "role": _("PI")}],
        budget={key: {"grant": "0", "matching": "0"} for key in BUDGET_CATEGORIES},
    )
    audit_record(actor=actor, action="application.create", target=application, after={"call": call.pk, "title": title})
    return application


def _clean_budget(budget: dict) -> dict:
    cleaned, errors = {}, []
    for key in BUDGET_CATEGORIES:
        row = budget.get(key) or {}
        cleaned[key] = {}
        for part in ("grant", "matching"):
            try:
                amount = Decimal(str(row.get(part) or "0").strip())
            except InvalidOperation:
                amount = None
            if amount is None or not amount.is_finite() or abs(amount) >= MAX_AMOUNT:
                errors.append(_("Budget amounts must be numbers below 1,000,000 (10k yuan)."))
                amount = Decimal("0")
            elif amount < 0:
                errors.append(_("Budget amounts cannot be negative."))
            cleaned[key][part] = str(amount.quantize(Decimal("0.01")))
    if errors:
        raise ValidationError({"budget": sorted(set(errors))})
    return cleaned


@transaction.atomic
def application_save(*, actor, application: Application, version: int, **changes) -> Application:
    """Save draft fields if ``version`` is still current; otherwise raise EditConflict (nothing is written)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "budget" in changes:
        changes["budget"] = _clean_budget(changes["budget"])
    updated = Application.objects.filter(pk=application.pk, version=version, status__in=EDITABLE).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes
    )
    if not updated:
        raise EditConflict(application.pk)
    application.refresh_from_db()
    audit_record(actor=actor, action="application.save", target=application, after={"fields": sorted(changes)})
    return application


def missing_items(application: Application) -> list[str]:
    """What still stops the application from being submitted, in the applicant's words."""
    call = application.call
    missing = []
    if call.topics.exists() and application.topic_id is None:
        missing.append(_("Choose a topic of the call."))
    if call.challenges.exists() and application.challenge_id is None:
        missing.append(_("Choose the challenge you take on."))
    for field, label in (("abstract", _("abstract")), ("objectives", _("objectives and main research content"))):
        if len(getattr(application, field).strip()) < MIN_TEXT:
            missing.append(_("Write the %(part)s (at least %(n)d characters).") % {"part": label, "n": MIN_TEXT})
    if len([k for k in application.keywords.replace("，", ",").replace("、", ",").split(",") if k.strip()]) < 3:
        missing.append(_("Give at least 3 keywords."))
    if not application.discipline_codes.strip():
        missing.append(_("Give the discipline codes."))
    if not application.start_date or not application.end_date or application.end_date <= application.start_date:
        missing.append(_("Give a start date and a later end date."))
    if not application.indicators:
        missing.append(_("Add at least one deliverable indicator."))
    cap = application.topic.budget_cap if application.topic and application.topic.budget_cap else call.budget_cap
    if application.grant_total <= 0:
        missing.append(_("Fill in the budget."))
    elif application.grant_total > cap:
        missing.append(
            _("The grant requested (%(total)s) is over the cap of %(cap)s (10k yuan).")
            % {"total": application.grant_total, "cap": cap}
        )
    present = set(attachments_of(application).values_list("kind", flat=True))
    from plans.services import ATTACHMENT_KINDS

    for kind in call.required_attachments:
        if kind not in present:
            missing.append(_("Upload the required attachment: %(kind)s.") % {"kind": ATTACHMENT_KINDS.get(kind, kind)})
    return missing


def _content(application: Application) -> dict:
    """Exactly what is submitted: every field plus the digest of every attachment."""
    data = {field: getattr(application, field) for field in EDITABLE_FIELDS if field not in ("topic", "challenge")}
    data |= {"topic": application.topic_id, "challenge": application.challenge_id, "call": application.call_id}
    data["attachments"] = sorted([f.kind, f.original_name, f.sha256] for f in attachments_of(application))
    return json.loads(json.dumps(data, default=str, ensure_ascii=False))


def _within_quota(application: Application, actor, changes: dict) -> None:
    """Recommendations of one recommender in one call stay within its quota (row-locked)."""
    call, recommender_id = application.call, application.unit.recommender_id
    quotas = RecommenderQuota.objects.select_for_update().filter(call=call)
    if not quotas.exists():
        return  # the call sets no quotas
    row = quotas.filter(recommender_id=recommender_id).first()
    used = Application.objects.filter(
        call=call, unit__recommender_id=recommender_id, status__in=RECOMMENDED_OR_LATER
    ).count()
    if row is None or used >= row.quota:
        raise ValidationError(
            _("Your recommendation quota for this call is used up (%(used)d of %(quota)d).")
            % {"used": used, "quota": row.quota if row else 0},
            code="quota",
        )


READY_FOR_FORMAL_CHECK = [ApplicationStatus.RECOMMENDED, ApplicationStatus.UNIT_ENDORSED]


def _reached_agency(application: Application, actor, changes: dict) -> None:
    """Via a recommender the officer checks recommended items; on the direct path, endorsed ones."""
    direct = application.call.recommendation_path == RecommendationPath.DIRECT
    expected = ApplicationStatus.UNIT_ENDORSED if direct else ApplicationStatus.RECOMMENDED
    if application.status != expected:
        raise ValidationError(_("This application has not reached the agency yet."), code="path")


def _via_recommender(application: Application, actor, changes: dict) -> None:
    if application.call.recommendation_path != RecommendationPath.VIA_RECOMMENDER:
        raise ValidationError(_("This call does not go through recommenders."), code="path")


APPLICATION_WORKFLOW = (
    Workflow(state_field="status")
    .add("submit", [ApplicationStatus.DRAFT, ApplicationStatus.RETURNED], ApplicationStatus.SUBMITTED, rule=is_pi)
    .add("endorse", [ApplicationStatus.SUBMITTED], ApplicationStatus.UNIT_ENDORSED, rule=may_endorse)
    .add(
        "unit_return",
        [ApplicationStatus.SUBMITTED],
        ApplicationStatus.RETURNED,
        rule=may_endorse,
        needs_reason=True,
    )
    .add(
        "recommend",
        [ApplicationStatus.UNIT_ENDORSED],
        ApplicationStatus.RECOMMENDED,
        rule=may_recommend,
        guards=(_via_recommender, _within_quota),
    )
    .add(
        "recommender_return",
        [ApplicationStatus.UNIT_ENDORSED],
        ApplicationStatus.RETURNED,
        rule=may_recommend,
        guards=(_via_recommender,),
        needs_reason=True,
    )
    .add(
        "formal_pass",
        READY_FOR_FORMAL_CHECK,
        ApplicationStatus.FORMAL_PASSED,
        rule=may_check_formally,
        guards=(_reached_agency,),
    )
    .add(
        "formal_fail",
        READY_FOR_FORMAL_CHECK,
        ApplicationStatus.FORMAL_FAILED,
        rule=may_check_formally,
        guards=(_reached_agency,),
        needs_reason=True,
    )
    .add(
        "officer_return",
        READY_FOR_FORMAL_CHECK,
        ApplicationStatus.RETURNED,
        rule=may_check_formally,
        guards=(_reached_agency,),
        needs_reason=True,
    )
    # Decision and publicity: driven by the funding list (approvals), never by a button on one item.
    .add("propose", [ApplicationStatus.FORMAL_PASSED], ApplicationStatus.PROPOSED, rule=may_check_formally)
    .add("approve", [ApplicationStatus.PROPOSED], ApplicationStatus.APPROVED, rule=may_check_formally)
    .add(
        "not_fund",
        [ApplicationStatus.FORMAL_PASSED, ApplicationStatus.PROPOSED],
        ApplicationStatus.NOT_FUNDED,
        rule=may_check_formally,
    )
)
RETURNS = frozenset({"unit_return", "recommender_return", "officer_return"})
DECISIONS = {
    "endorse": gettext_lazy("Your application was endorsed by your unit"),
    "unit_return": gettext_lazy("Your application was returned for revision"),
    "recommend": gettext_lazy("Your application was recommended"),
    "recommender_return": gettext_lazy("Your application was returned for revision"),
    "officer_return": gettext_lazy("Your application was returned for revision"),
    "formal_pass": gettext_lazy("Your application passed the formal check"),
    "formal_fail": gettext_lazy("Your application did not pass the formal check"),
}


def application_submit(*, actor, application: Application, key: str) -> SubmissionReceipt:
    """Submit before the deadline (server clock); the same ``key`` always gives back the same receipt."""
    existing = SubmissionReceipt.objects.filter(key=key).first()
    if existing and existing.application_id == application.pk:
        return existing
    if existing:
        raise ValidationError(_("This submission form is out of date; reload the page and submit again."), code="key")
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",)).select_related("call", "topic").get(pk=application.pk)
        )
        existing = SubmissionReceipt.objects.filter(key=key, application=locked).first()
        if existing:  # a concurrent retry won the lock first
            return existing
        now = timezone.now()
        if now >= locked.call.closes_at or not locked.call.is_open:
            raise ValidationError(
                _("The call closed at %(time)s; the submission was refused.")
                % {"time": timezone.localtime(locked.call.closes_at).strftime("%Y-%m-%d %H:%M:%S")},
                code="late",
            )
        _not_barred(locked.pi, locked.unit)
        problems = missing_items(locked)
        if problems:
            raise ValidationError(problems, code="incomplete")
        content = _content(locked)
        digest = hashlib.sha256(
            json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
        ).hexdigest()
        receipt = SubmissionReceipt.objects.create(
            application=locked,
            key=key,
            number=f"{now:%Y%m%d}{locked.pk:06d}{locked.receipts.count() + 1:02d}",
            submitted_at=now,
            digest=digest,
            content=content,
        )
        transaction.on_commit(partial(check_duplicates.enqueue, locked.pk))
        notify(
            recipients=users_with_role(Role.UNIT_ADMIN, unit=locked.unit),
            title=_("An application waits for unit endorsement"),
            body=locked.title,
            url=f"/applications/{locked.pk}/",
        )
        transition_apply(  # last: the audit chain is locked from its event to the commit
            actor=actor,
            obj=locked,
            workflow=APPLICATION_WORKFLOW,
            name="submit",
            changes={"submitted_at": now, "return_reason": ""},
            audit_after={"receipt": receipt.number, "sha256": digest},
        )
    return receipt


def application_decide(*, actor, application: Application, name: str, reason: str = "") -> Application:
    """A checker's decision (endorse, recommend, or return for revision with a reason while the call is open).

    The applicant is notified and, for a return, sees the reason.
    """
    if name not in DECISIONS:
        raise ValueError(name)
    changes = {}
    if name in RETURNS:
        _call_open(application.call)
        changes["return_reason"] = reason.strip()
    elif name == "formal_fail":
        changes["return_reason"] = reason.strip()
    with transaction.atomic():
        done = transition_apply(
            actor=actor, obj=application, workflow=APPLICATION_WORKFLOW, name=name, reason=reason, changes=changes
        )
        notify(
            recipients=[done.pi], title=str(DECISIONS[name]), body=reason or done.title, url=f"/applications/{done.pk}/"
        )
        if name == "endorse" and done.call.recommendation_path == RecommendationPath.VIA_RECOMMENDER:
            notify(
                recipients=users_with_role(Role.RECOMMENDER, recommender_id=done.unit.recommender_id),
                title=_("An application waits for your recommendation"),
                body=done.title,
                url=f"/applications/{done.pk}/",
            )
    return done

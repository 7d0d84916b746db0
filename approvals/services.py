"""Writes about review scores, funding lists, joint sign-off, publicity, objections and final approval."""

from decimal import Decimal, InvalidOperation
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from accounts.selectors import users_with_role
from applications.models import Application, ApplicationStatus
from applications.services import APPLICATION_WORKFLOW
from approvals.models import (
    LEADER_SEAT,
    Decision,
    FundingItem,
    FundingList,
    ListStatus,
    Objection,
    ObjectionOutcome,
    ReviewScore,
    ScoreSource,
    SignOff,
)
from approvals.permissions import runs_list, signs_for
from audit.services import audit_record
from core.errors import EditConflict
from core.validators import validate_id_number, validate_mobile
from core.workdays import period_end
from core.workflow import Workflow, transition_apply
from notifications.services import notify
from orgs.models import Office
from plans.models import Call
from plans.permissions import runs_call
from projects.models import Project

MIN_OBJECTION = 20
MIN_ANSWER = 10


# --- Review scores (the hook the expert review plugs into) ------------------------------------


@transaction.atomic
def review_score_record(*, actor, application: Application, score, source: str, note: str = "") -> ReviewScore:
    """Record the aggregated score of an application; the ranking of the funding list follows from it.

    The expert review module calls this with ``source=REVIEW``; until it runs, an officer of the
    office running the call may enter scores by hand (``MANUAL``), shown as such everywhere.
    """
    if source == ScoreSource.MANUAL and not runs_call(actor, application.call):
        raise PermissionDenied
    if application.status != ApplicationStatus.FORMAL_PASSED:
        raise ValidationError({"score": [_("Only applications that passed the formal check are scored.")]})
    if FundingList.objects.filter(call=application.call).exclude(status=ListStatus.DRAFT).exists():
        raise ValidationError({"score": [_("The funding list is already in sign-off; scores are frozen.")]})
    try:
        value = Decimal(str(score).strip())
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not Decimal("0") <= value <= Decimal("100"):
        raise ValidationError({"score": [_("Enter a score from 0 to 100.")]})
    value = value.quantize(Decimal("0.01"))
    before = ReviewScore.objects.filter(application=application).values("score", "source").first()
    if before and before["source"] == ScoreSource.REVIEW and source == ScoreSource.MANUAL:
        raise ValidationError({"score": [_("This score comes from the expert review and cannot be overwritten.")]})
    result, _created = ReviewScore.objects.update_or_create(
        application=application,
        defaults={"score": value, "source": source, "note": note.strip()[:300], "entered_by": actor},
    )
    audit_record(
        actor=actor,
        action="review_score.record",
        target=application,
        before={"score": str(before["score"]), "source": before["source"]} if before else None,
        after={"score": str(value), "source": source},
    )
    return result


def ranked_candidates(call: Call) -> list[Application]:
    """Applications of the call that passed the formal check, best score first (unscored last)."""
    items = list(
        Application.objects.filter(call=call, status=ApplicationStatus.FORMAL_PASSED)
        .select_related("unit", "pi", "topic", "review_score")
        .order_by("submitted_at", "pk")
    )
    return sorted(items, key=lambda a: -(a.review_score.score if hasattr(a, "review_score") else Decimal(-1)))


# --- Funding list -----------------------------------------------------------------------------


def _has_items(funding_list: FundingList, actor, changes: dict) -> None:
    if not funding_list.items.exists():
        raise ValidationError(_("Put at least one project on the list."), code="empty")


def _joint(funding_list: FundingList, actor, changes: dict) -> None:
    offices = set(funding_list.offices.values_list("pk", flat=True))
    if len(offices) < 2 or funding_list.call.program.office_id not in offices:
        raise ValidationError(
            _("Joint review needs the managing office and at least one more office to sign off."), code="joint"
        )
    if not users_with_role(Role.LEADER).exclude(pk=funding_list.proposed_by_id).exists():
        raise ValidationError(_("No leader account can sign off this list."), code="leader")


def _all_signed(funding_list: FundingList, actor, changes: dict) -> None:
    seats = {f"office-{pk}" for pk in funding_list.offices.values_list("pk", flat=True)} | {LEADER_SEAT}
    agreed = set(
        funding_list.sign_offs.filter(round=funding_list.sign_off_round, decision=Decision.APPROVE).values_list(
            "seat", flat=True
        )
    )
    if seats - agreed:
        raise ValidationError(_("Not every office and leader has signed off yet."), code="unsigned")


def _publicity_over(funding_list: FundingList, actor, changes: dict) -> None:
    if funding_list.publicity_ends_at and timezone.now() < funding_list.publicity_ends_at:
        raise ValidationError(
            _("The publicity period runs until %(time)s; the list can be approved after it.")
            % {"time": timezone.localtime(funding_list.publicity_ends_at).strftime("%Y-%m-%d %H:%M")},
            code="publicity",
        )
    if funding_list.objections.filter(answered_at__isnull=True).exists():
        raise ValidationError(_("Answer every objection before the list is approved."), code="objections")


def _disagreed(user, funding_list: FundingList) -> bool:
    """A signer who has just disagreed in the current round returns the list."""
    return funding_list.sign_offs.filter(
        round=funding_list.sign_off_round, signer=user, decision=Decision.REJECT
    ).exists()


FUNDING_LIST_WORKFLOW = (
    Workflow(state_field="status", audit_prefix="funding_list")
    .add("submit", [ListStatus.DRAFT], ListStatus.SIGN_OFF, rule=runs_list, guards=(_has_items, _joint))
    .add("return", [ListStatus.SIGN_OFF], ListStatus.DRAFT, rule=_disagreed, needs_reason=True)
    .add("complete", [ListStatus.SIGN_OFF], ListStatus.SIGNED, guards=(_all_signed,))
    .add("publish", [ListStatus.SIGNED], ListStatus.PUBLICITY, rule=runs_list)
    .add("finalize", [ListStatus.PUBLICITY], ListStatus.FINAL, rule=runs_list, guards=(_publicity_over,))
)


@transaction.atomic
def funding_list_open(*, actor, call: Call) -> FundingList:
    """Start the funding list of a closed call; the managing office always signs off."""
    if not runs_call(actor, call):
        raise PermissionDenied
    if call.is_open or timezone.now() < call.closes_at:
        raise ValidationError(_("The funding list is drawn up after the call has closed."), code="open")
    try:
        with transaction.atomic():
            funding_list = FundingList.objects.create(call=call, proposed_by=actor)
    except IntegrityError:
        return FundingList.objects.get(call=call)
    funding_list.offices.add(call.program.office)
    audit_record(actor=actor, action="funding_list.create", target=funding_list, after={"call": call.pk})
    return funding_list


def _amount(raw, label: str) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value <= 0:
        raise ValidationError(_("%(what)s: enter a grant above zero.") % {"what": label})
    return value.quantize(Decimal("0.01"))


@transaction.atomic
def funding_list_save(
    *, actor, funding_list: FundingList, version: int, grants: dict[int, object], offices: list[Office], note: str
) -> FundingList:
    """Replace the list's items (application id → proposed grant), offices and note, if ``version`` is current.

    Ranks follow the review scores. A grant may not exceed what was requested nor the cap.
    """
    if not runs_list(actor, funding_list):
        raise PermissionDenied
    call = funding_list.call
    candidates = {a.pk: a for a in ranked_candidates(call)}
    errors = []
    rows = []
    for app_id, raw in grants.items():
        application = candidates.get(app_id)
        if application is None:
            errors.append(_("Application %(id)s has not passed the formal check in this call.") % {"id": app_id})
            continue
        if not hasattr(application, "review_score"):
            errors.append(_("%(title)s has no review score yet.") % {"title": application.title})
            continue
        try:
            grant = _amount(raw, application.title)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        cap = application.topic.budget_cap if application.topic and application.topic.budget_cap else call.budget_cap
        limit = min(application.grant_total, cap)
        if grant > limit:
            errors.append(
                _("%(title)s: the grant %(grant)s is more than requested or the cap (%(limit)s).")
                % {"title": application.title, "grant": grant, "limit": limit}
            )
            continue
        rows.append((application, grant))
    if errors:
        raise ValidationError({"items": errors})
    updated = FundingList.objects.filter(pk=funding_list.pk, version=version, status=ListStatus.DRAFT).update(
        version=F("version") + 1, note=note.strip()
    )
    if not updated:
        raise EditConflict(funding_list.pk)
    funding_list.items.all().delete()
    rows.sort(key=lambda row: (-row[0].review_score.score, row[0].submitted_at or timezone.now(), row[0].pk))
    FundingItem.objects.bulk_create(
        FundingItem(
            funding_list=funding_list,
            application=application,
            rank=rank,
            score=application.review_score.score,
            requested=application.grant_total,
            grant=grant,
        )
        for rank, (application, grant) in enumerate(rows, start=1)
    )
    funding_list.offices.set({*offices, call.program.office})
    funding_list.refresh_from_db()
    audit_record(
        actor=actor,
        action="funding_list.save",
        target=funding_list,
        after={
            "items": {str(a.pk): str(g) for a, g in rows},
            "offices": sorted(o.pk for o in funding_list.offices.all()),
        },
    )
    return funding_list


def _signers(funding_list: FundingList):
    offices = list(funding_list.offices.values_list("pk", flat=True))
    return (
        (users_with_role(Role.OFFICER, office_id__in=offices) | users_with_role(Role.LEADER))
        .exclude(pk=funding_list.proposed_by_id)
        .distinct()
    )


def _url(funding_list: FundingList) -> str:
    return f"/approvals/{funding_list.pk}/"


@transaction.atomic
def funding_list_submit(*, actor, funding_list: FundingList) -> FundingList:
    """Send the list to joint sign-off: a new round in which every office and a leader must agree."""
    done = transition_apply(
        actor=actor,
        obj=funding_list,
        workflow=FUNDING_LIST_WORKFLOW,
        name="submit",
        changes={"sign_off_round": funding_list.sign_off_round + 1, "return_reason": ""},
    )
    notify(
        recipients=_signers(done),
        title=_("A funding list waits for your sign-off"),
        body=str(done.call),
        url=_url(done),
    )
    return done


@transaction.atomic
def sign_off(*, actor, funding_list: FundingList, seat: str, decision: str, comment: str = "") -> FundingList:
    """One signature of the joint review; a disagreement returns the list to its proposer with the reason."""
    locked = FundingList.objects.select_for_update().get(pk=funding_list.pk)
    if seat not in signs_for(actor, locked):
        raise PermissionDenied
    if decision not in Decision.values:
        raise ValidationError({"decision": [_("Choose agree or disagree.")]})
    if decision == Decision.REJECT and not comment.strip():
        raise ValidationError({"comment": [_("Give the reason for disagreeing.")]})
    office = Office.objects.get(pk=int(seat.removeprefix("office-"))) if seat != LEADER_SEAT else None
    SignOff.objects.create(
        funding_list=locked,
        round=locked.sign_off_round,
        seat=seat,
        office=office,
        signer=actor,
        decision=decision,
        comment=comment.strip()[:500],
    )
    audit_record(
        actor=actor,
        action="funding_list.sign",
        target=locked,
        after={"round": locked.sign_off_round, "seat": seat, "decision": decision, "comment": comment.strip()},
    )
    if decision == Decision.REJECT:
        done = transition_apply(
            actor=actor,
            obj=locked,
            workflow=FUNDING_LIST_WORKFLOW,
            name="return",
            reason=comment,
            changes={"return_reason": comment.strip()[:500]},
        )
        notify(recipients=[done.proposed_by], title=_("The funding list was returned"), body=comment, url=_url(done))
        return done
    try:
        done = transition_apply(actor=actor, obj=locked, workflow=FUNDING_LIST_WORKFLOW, name="complete")
    except ValidationError:
        return locked  # other seats still to sign
    notify(
        recipients=users_with_role(Role.OFFICER, office=done.call.program.office),
        title=_("The funding list is signed off; it can go to publicity"),
        body=str(done.call),
        url=_url(done),
    )
    return done


@transaction.atomic
def publicity_start(*, actor, funding_list: FundingList) -> FundingList:
    """Publish the signed list on the portal for the call's publicity period in working days."""
    now = timezone.now()
    ends = period_end(now, funding_list.call.publicity_working_days)
    done = transition_apply(
        actor=actor,
        obj=funding_list,
        workflow=FUNDING_LIST_WORKFLOW,
        name="publish",
        changes={"publicity_starts_at": now, "publicity_ends_at": ends},
    )
    for item in done.items.select_related("application"):
        transition_apply(actor=actor, obj=item.application, workflow=APPLICATION_WORKFLOW, name="propose")
    for item in done.items.select_related("application__pi"):
        notify(
            recipients=[item.application.pi],
            title=_("Your application is proposed for funding and in publicity"),
            body=_("Publicity until %(time)s.") % {"time": timezone.localtime(ends).strftime("%Y-%m-%d %H:%M")},
            url=f"/applications/{item.application_id}/",
        )
    return done


def _clean_objection(name: str, id_number: str, phone: str, content: str) -> dict:
    errors: dict[str, list] = {}
    name = name.strip()
    if not 2 <= len(name) <= 50:
        errors["name"] = [_("Give your real name.")]
    id_number = id_number.strip().upper()
    try:
        validate_id_number(id_number)
    except ValidationError as exc:
        errors["id_number"] = exc.messages
    phone = phone.strip()
    try:
        validate_mobile(phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages
    if len(content.strip()) < MIN_OBJECTION:
        errors["content"] = [
            _("State the objection and its grounds (at least %(n)d characters).") % {"n": MIN_OBJECTION}
        ]
    if errors:
        raise ValidationError(errors)
    return {"name": name, "id_number": id_number, "phone": phone, "content": content.strip()}


@transaction.atomic
def objection_file(
    *,
    funding_list: FundingList,
    item: FundingItem | None,
    name: str,
    id_number: str,
    phone: str,
    email: str,
    content: str,
) -> Objection:
    """File a real-name objection during publicity. The identity is kept out of the audit trail's details."""
    locked = FundingList.objects.select_for_update().get(pk=funding_list.pk)
    if not locked.in_publicity:
        raise ValidationError(_("The publicity period is over; objections are no longer accepted."), code="closed")
    if item is not None and item.funding_list_id != locked.pk:
        raise ValidationError({"item": [_("Choose a project on this list.")]})
    cleaned = _clean_objection(name, id_number, phone, content)
    objection = Objection.objects.create(funding_list=locked, item=item, email=email.strip(), **cleaned)
    audit_record(
        actor=None,
        actor_name=_("Public (real-name objector)"),
        action="objection.file",
        target=objection,
        after={"list": locked.pk, "item": item.pk if item else None},
    )
    notify(
        recipients=users_with_role(Role.OFFICER, office=locked.call.program.office),
        title=_("An objection was filed against the funding list"),
        body=str(locked.call),
        url=_url(locked),
    )
    return objection


@transaction.atomic
def objection_answer(*, actor, objection: Objection, answer: str, outcome: str) -> Objection:
    """The officer's answer; an upheld objection withdraws the project it concerns from the list."""
    locked = (
        Objection.objects.select_for_update(of=("self",))
        .select_related("funding_list__call", "item")
        .get(pk=objection.pk)
    )
    if not runs_list(actor, locked.funding_list):
        raise PermissionDenied
    if locked.funding_list.status != ListStatus.PUBLICITY:
        raise ValidationError(_("The list is no longer in publicity."), code="state")
    if not locked.is_open:
        raise ValidationError(_("This objection has already been answered."), code="answered")
    errors = {}
    if len(answer.strip()) < MIN_ANSWER:
        errors["answer"] = [_("Write the answer (at least %(n)d characters).") % {"n": MIN_ANSWER}]
    if outcome not in ObjectionOutcome.values:
        errors["outcome"] = [_("Choose the outcome.")]
    elif outcome == ObjectionOutcome.UPHELD and locked.item is None:
        errors["outcome"] = [_("An objection about no particular project cannot withdraw one.")]
    if errors:
        raise ValidationError(errors)
    locked.answer, locked.outcome = answer.strip(), outcome
    locked.answered_by, locked.answered_at = actor, timezone.now()
    locked.save(update_fields=["answer", "outcome", "answered_by", "answered_at"])
    if outcome == ObjectionOutcome.UPHELD:
        FundingItem.objects.filter(pk=locked.item_id).update(withdrawn=True, withdrawn_reason=answer.strip()[:500])
    audit_record(
        actor=actor,
        action="objection.answer",
        target=locked,
        after={"outcome": outcome, "item": locked.item_id, "answer": answer.strip()},
    )
    if locked.email:
        from approvals.tasks import email_objection_answer

        transaction.on_commit(partial(email_objection_answer.enqueue, locked.pk))
    return locked


def _project_number(call: Call, sequence: int) -> str:
    return f"KJ{call.year}{call.pk:03d}{sequence:03d}"


@transaction.atomic
def funding_list_finalize(*, actor, funding_list: FundingList) -> list[Project]:
    """Approve the list once publicity is over and every objection answered; each item becomes a project."""
    done = transition_apply(
        actor=actor,
        obj=funding_list,
        workflow=FUNDING_LIST_WORKFLOW,
        name="finalize",
        changes={"finalized_at": timezone.now()},
    )
    call = done.call
    projects = []
    items = done.items.select_related("application__pi", "application__unit").order_by("rank")
    for item in items:
        application = item.application
        if item.withdrawn:
            transition_apply(
                actor=actor,
                obj=application,
                workflow=APPLICATION_WORKFLOW,
                name="not_fund",
                reason=item.withdrawn_reason,
                changes={"return_reason": item.withdrawn_reason},
            )
            continue
        transition_apply(actor=actor, obj=application, workflow=APPLICATION_WORKFLOW, name="approve")
        project = Project.objects.create(
            number=_project_number(call, len(projects) + 1),
            application=application,
            call=call,
            title=application.title,
            pi=application.pi,
            unit=application.unit,
            grant=item.grant,
            start_date=application.start_date,
            end_date=application.end_date,
            approved_at=done.finalized_at,
        )
        audit_record(actor=actor, action="project.create", target=project, after={"number": project.number})
        projects.append(project)
    for application in Application.objects.filter(call=call, status=ApplicationStatus.FORMAL_PASSED):
        transition_apply(actor=actor, obj=application, workflow=APPLICATION_WORKFLOW, name="not_fund")
    funded = {p.application_id for p in projects}
    for application in Application.objects.filter(
        call=call, status__in=[ApplicationStatus.APPROVED, ApplicationStatus.NOT_FUNDED]
    ).select_related("pi"):
        notify(
            recipients=[application.pi],
            title=_("Your application was approved")
            if application.pk in funded
            else _("Your application was not funded"),
            body=application.title,
            url=f"/applications/{application.pk}/",
        )
    return projects

"""Writes to the rectification ledger. Every change is audited in the same transaction."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from audit.services import audit_record
from core.errors import EditConflict
from core.workflow import Workflow, transition_apply
from notifications.services import notify
from rectification.models import (
    EventKind,
    RectificationEvent,
    RectificationItem,
    RectificationMilestone,
    RectificationSource,
    RectificationStatus,
)
from rectification.permissions import can_manage, can_work_on

COMMITMENT_FIELDS = ("problem", "goal", "deadline", "measures", "office", "responsible", "commitment")


def _next_number(year: int) -> str:
    prefix = f"ZG-{year}-"
    last = (
        RectificationItem.objects.select_for_update()
        .filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return f"{prefix}{int(last.rsplit('-', 1)[1]) + 1 if last else 1:03d}"


def is_committed(item: RectificationItem) -> bool:
    """All four clarities and the commitment are set (四明确一承诺)."""
    return all(getattr(item, name) not in (None, "") for name in COMMITMENT_FIELDS)


def rectification_item_create(
    *,
    actor,
    source: str,
    problem: str,
    source_ref: str = "",
    source_key: str | None = None,
    goal: str = "",
    deadline: date | None = None,
    measures: str = "",
    office=None,
    responsible=None,
    commitment: str = "",
    is_public: bool | None = None,
) -> tuple[RectificationItem, bool]:
    """Enter a problem in the ledger; returns ``(item, created)``.

    ``source_key`` ("surveys.finding:12") names the record the item is made from: a second call with
    the same key returns the existing item, so "turn into a rectification item" is safe to repeat.
    The item starts under rectification when the four clarities and the commitment are all given,
    otherwise as a draft for the responsible office to complete.
    Shown on the public roadmap unless ``is_public`` says otherwise; an item made from a service
    request is not by default: its problem is the requester's own text (names, numbers, addresses).
    """
    if is_public is None:
        is_public = source != RectificationSource.SERVICE_REQUEST
    with transaction.atomic():
        if source_key:
            existing = RectificationItem.objects.select_for_update().filter(source_key=source_key).first()
            if existing is not None:
                return existing, False
        item = RectificationItem(
            number=_next_number(timezone.localdate().year),
            source=source,
            source_ref=source_ref[:200],
            source_key=source_key or None,
            problem=problem.strip(),
            goal=goal.strip(),
            deadline=deadline,
            measures=measures.strip(),
            office=office,
            responsible=responsible,
            commitment=commitment.strip(),
            is_public=is_public,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        if is_committed(item):
            item.status = RectificationStatus.IN_PROGRESS
            item.started_on = timezone.localdate()
        item.save()
        RectificationEvent.objects.create(item=item, kind=EventKind.CREATED, text=source_ref, actor=item.created_by)
        audit_record(
            actor=actor,
            action="rectification_item.create",
            target=item,
            after={"number": item.number, "source": source, "source_key": source_key or "", "status": item.status},
        )
    return item, True


# --- Who may be named responsible -------------------------------------------------------------


def office_officers(office):
    """The active officers of ``office``: the people who may be named responsible for an item."""
    from accounts.models import User

    if office is None:
        return User.objects.none()
    return (
        User.objects.filter(
            role_assignments__role=Role.OFFICER,
            role_assignments__office=office,
            role_assignments__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "username")
    )


# --- The four clarities and the commitment -----------------------------------------------------


def _check_clarities(data: dict, item: RectificationItem) -> None:
    errors: dict[str, list] = {}
    if not data["problem"]:
        errors["problem"] = [_("Describe the problem.")]
    deadline = data["deadline"]
    started = item.started_on or (item.created_at.date() if item.created_at else timezone.localdate())
    if deadline is not None and deadline < started:
        errors["deadline"] = [_("The deadline cannot be before the item was entered (%(date)s).") % {"date": started}]
    responsible = data["responsible"]
    if responsible is not None and not office_officers(data["office"]).filter(pk=responsible.pk).exists():
        errors["responsible"] = [_("The responsible person must be an officer of the responsible office.")]
    if item.status != RectificationStatus.DRAFT:
        for name in COMMITMENT_FIELDS:
            if data[name] in (None, "") and name not in errors:
                errors[name] = [_("Under rectification the four clarities and the commitment cannot be cleared.")]
    if errors:
        raise ValidationError(errors)


def rectification_item_update(
    *,
    actor,
    item: RectificationItem,
    version: int,
    problem: str,
    goal: str,
    deadline: date | None,
    measures: str,
    office,
    responsible,
    commitment: str,
    is_public: bool,
    internal_note: str,
) -> RectificationItem:
    """Edit the four clarities and the commitment (optimistic lock on ``version``).

    A draft becomes "under rectification" the moment all of them are set; once under way none of
    them may be cleared again. Only drafts and items under rectification can be edited.
    """
    data = {
        "problem": problem.strip(),
        "goal": goal.strip(),
        "deadline": deadline,
        "measures": measures.strip(),
        "office": office,
        "responsible": responsible,
        "commitment": commitment.strip(),
        "is_public": bool(is_public),
        "internal_note": internal_note.strip(),
    }
    with transaction.atomic():
        locked = RectificationItem.objects.select_for_update().get(pk=item.pk)
        if locked.version != version:
            raise EditConflict(locked.pk)
        if locked.status not in (RectificationStatus.DRAFT, RectificationStatus.IN_PROGRESS):
            raise ValidationError(_("This item is no longer in a state that allows this action."), code="state")
        _check_clarities(data, locked)
        before = _snapshot(locked)
        for name, value in data.items():
            setattr(locked, name, value)
        fields = [*data, "version", "status", "started_on"]
        locked.version += 1
        if locked.status == RectificationStatus.DRAFT and is_committed(locked):
            locked.status = RectificationStatus.IN_PROGRESS
            locked.started_on = timezone.localdate()
            _event(locked, EventKind.COMMITTED, "", actor)
        locked.save(update_fields=fields)
        audit_record(
            actor=actor, action="rectification_item.update", target=locked, before=before, after=_snapshot(locked)
        )
    return locked


def _snapshot(item: RectificationItem) -> dict:
    return {
        "problem": item.problem,
        "goal": item.goal,
        "deadline": item.deadline.isoformat() if item.deadline else "",
        "measures": item.measures,
        "office": item.office_id,
        "responsible": item.responsible_id,
        "commitment": item.commitment,
        "is_public": item.is_public,
        "status": item.status,
    }


def _event(item: RectificationItem, kind: str, text: str, actor, at=None) -> RectificationEvent:
    return RectificationEvent.objects.create(
        item=item,
        kind=kind,
        text=text,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        **({"at": at} if at else {}),
    )


# --- Milestones (the bars of the roadmap) -------------------------------------------------------


def _check_milestone(item: RectificationItem, title: str, starts_on, due_on) -> None:
    errors: dict[str, list] = {}
    if not title:
        errors["title"] = [_("Name the milestone.")]
    if starts_on is None:
        errors["starts_on"] = [_("Give the start date.")]
    if due_on is None:
        errors["due_on"] = [_("Give the due date.")]
    elif starts_on is not None and due_on < starts_on:
        errors["due_on"] = [_("The due date cannot be before the start date.")]
    elif item.deadline is not None and due_on > item.deadline:
        errors["due_on"] = [
            _("The milestone cannot end after the item's deadline (%(date)s).") % {"date": item.deadline}
        ]
    if errors:
        raise ValidationError(errors)


def _require_working(item: RectificationItem) -> RectificationItem:
    locked = RectificationItem.objects.select_for_update().get(pk=item.pk)
    if locked.status not in (RectificationStatus.DRAFT, RectificationStatus.IN_PROGRESS):
        raise ValidationError(_("This item is no longer in a state that allows this action."), code="state")
    return locked


def milestone_add(*, actor, item: RectificationItem, title: str, starts_on, due_on) -> RectificationMilestone:
    """A step of the item's plan, drawn as a bar on the roadmap."""
    title = title.strip()
    with transaction.atomic():
        locked = _require_working(item)
        _check_milestone(locked, title, starts_on, due_on)
        order = locked.milestones.count() + 1
        milestone = RectificationMilestone.objects.create(
            item=locked, title=title[:120], starts_on=starts_on, due_on=due_on, order=order
        )
        audit_record(
            actor=actor,
            action="rectification_milestone.add",
            target=locked,
            after={"milestone": milestone.pk, "title": milestone.title, "due_on": due_on.isoformat()},
        )
    return milestone


def milestone_update(
    *, actor, milestone: RectificationMilestone, version: int, title: str, starts_on, due_on
) -> RectificationMilestone:
    """Change a milestone's name or dates (optimistic lock on ``version``)."""
    title = title.strip()
    with transaction.atomic():
        locked_item = _require_working(milestone.item)
        locked = RectificationMilestone.objects.select_for_update().get(pk=milestone.pk)
        if locked.version != version:
            raise EditConflict(locked.pk)
        _check_milestone(locked_item, title, starts_on, due_on)
        before = {"title": locked.title, "starts_on": locked.starts_on.isoformat(), "due_on": locked.due_on.isoformat()}
        locked.title, locked.starts_on, locked.due_on = title[:120], starts_on, due_on
        locked.version += 1
        locked.save(update_fields=["title", "starts_on", "due_on", "version"])
        audit_record(
            actor=actor,
            action="rectification_milestone.update",
            target=locked_item,
            before=before,
            after={"title": locked.title, "starts_on": starts_on.isoformat(), "due_on": due_on.isoformat()},
        )
    return locked


def milestone_done(*, actor, milestone: RectificationMilestone, done_on: date | None) -> RectificationMilestone:
    """Mark a milestone reached on ``done_on`` (not in the future); done twice changes nothing."""
    with transaction.atomic():
        locked_item = _require_working(milestone.item)
        locked = RectificationMilestone.objects.select_for_update().get(pk=milestone.pk)
        if locked.done_on is not None:
            return locked
        if done_on is None:
            raise ValidationError({"done_on": [_("Give the date it was reached.")]})
        if done_on > timezone.localdate():
            raise ValidationError({"done_on": [_("The date cannot be in the future.")]})
        if done_on < locked.starts_on:
            raise ValidationError({"done_on": [_("The date cannot be before the milestone started.")]})
        locked.done_on = done_on
        locked.save(update_fields=["done_on"])
        _event(locked_item, EventKind.PROGRESS, _("Milestone reached: %(title)s") % {"title": locked.title}, actor)
        audit_record(
            actor=actor,
            action="rectification_milestone.done",
            target=locked_item,
            after={"milestone": locked.pk, "done_on": done_on.isoformat()},
        )
    return locked


# --- Progress and weekly checks -----------------------------------------------------------------

MIN_TEXT = 10  # characters: a progress note or a check says something


def progress_report(*, actor, item: RectificationItem, text: str) -> RectificationEvent:
    """A progress note by the responsible office, shown in the item's history."""
    text = text.strip()
    if len(text) < MIN_TEXT:
        raise ValidationError({"text": [_("Write at least %(n)d characters.") % {"n": MIN_TEXT}]})
    with transaction.atomic():
        locked = _require_working(item)
        if locked.status != RectificationStatus.IN_PROGRESS:
            raise ValidationError({"text": [_("Complete the four clarities and the commitment first.")]})
        event = _event(locked, EventKind.PROGRESS, text, actor)
        audit_record(actor=actor, action="rectification_item.progress", target=locked, after={"event": event.pk})
    return event


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_check_record(*, actor, item: RectificationItem, text: str, now=None) -> RectificationEvent:
    """The supervisors' weekly check (每周调度) of an item under rectification: one per item and week."""
    text = text.strip()
    now = now or timezone.now()
    if len(text) < MIN_TEXT:
        raise ValidationError({"text": [_("Write at least %(n)d characters.") % {"n": MIN_TEXT}]})
    with transaction.atomic():
        locked = RectificationItem.objects.select_for_update().get(pk=item.pk)
        if locked.status not in (RectificationStatus.IN_PROGRESS, RectificationStatus.SUBMITTED):
            raise ValidationError({"text": [_("Only items under rectification are checked weekly.")]})
        monday = week_start(timezone.localtime(now).date())
        week = (monday, monday + timedelta(days=6))
        done = locked.events.filter(kind=EventKind.WEEKLY_CHECK, at__date__range=week).exists()
        if done:
            raise ValidationError({"text": [_("This week's check of this item is already recorded.")]})
        event = _event(locked, EventKind.WEEKLY_CHECK, text, actor, at=now)
        audit_record(actor=actor, action="rectification_item.weekly_check", target=locked, after={"event": event.pk})
    return event


# --- Completion, review, closure, reopening -------------------------------------------------------

EVIDENCE = "evidence"


def evidence_count(item: RectificationItem) -> int:
    from attachments.selectors import attachments_of

    return attachments_of(item, kind=EVIDENCE).count()


def evidence_add(*, actor, item: RectificationItem, upload) -> object:
    """Store an evidence file of the item's completion (type and content checked)."""
    from attachments.services import attachment_store

    with transaction.atomic():
        locked = _require_working(item)
        return attachment_store(actor=actor, owner=locked, upload=upload, kind=EVIDENCE)


def _has_evidence(item: RectificationItem, actor, changes: dict) -> None:
    if evidence_count(item) == 0:
        raise ValidationError({"file": [_("Attach at least one evidence file before reporting completion.")]})


def _is_committed(item: RectificationItem, actor, changes: dict) -> None:
    if not is_committed(item):
        raise ValidationError({"text": [_("Complete the four clarities and the commitment first.")]})


ITEM_WORKFLOW = (
    Workflow(state_field="status", audit_prefix="rectification_item")
    .add(
        "submit",
        [RectificationStatus.IN_PROGRESS],
        RectificationStatus.SUBMITTED,
        rule=lambda user, item: can_work_on(user, item),
        guards=(_is_committed, _has_evidence),
    )
    .add(
        "close",
        [RectificationStatus.SUBMITTED],
        RectificationStatus.CLOSED,
        rule=lambda user, item: can_manage(user, item),
    )
    .add(
        "send_back",
        [RectificationStatus.SUBMITTED],
        RectificationStatus.IN_PROGRESS,
        rule=lambda user, item: can_manage(user, item),
        needs_reason=True,
    )
    .add(
        "reopen",
        [RectificationStatus.CLOSED],
        RectificationStatus.IN_PROGRESS,
        rule=lambda user, item: can_manage(user, item),
        needs_reason=True,
    )
)


def completion_report(*, actor, item: RectificationItem, text: str, completed_on: date | None) -> RectificationItem:
    """Report the item complete (with at least one evidence file) for the supervisors' review."""
    text = text.strip()
    today = timezone.localdate()
    errors: dict[str, list] = {}
    if len(text) < MIN_TEXT:
        errors["text"] = [_("Write at least %(n)d characters.") % {"n": MIN_TEXT}]
    if completed_on is None:
        errors["completed_on"] = [_("Give the date the rectification was completed.")]
    elif completed_on > today:
        errors["completed_on"] = [_("The date cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        RectificationItem.objects.select_for_update().get(pk=item.pk)
        _event(item, EventKind.SUBMITTED, text, actor)
        return transition_apply(
            actor=actor,
            obj=item,
            workflow=ITEM_WORKFLOW,
            name="submit",
            changes={"completed_on": completed_on},
            audit_after={"completed_on": completed_on.isoformat(), "evidence": evidence_count(item)},
        )


def _notify_office(item: RectificationItem, title: str) -> None:
    recipients = [item.responsible] if item.responsible_id else list(office_officers(item.office))
    if recipients:
        url = reverse("rectification:item", args=[item.pk])
        notify(recipients=recipients, title=title, url=url)


def rectification_item_close(*, actor, item: RectificationItem, opinion: str = "") -> RectificationItem:
    """Review passed: strike the item off the ledger (销号)."""
    with transaction.atomic():
        RectificationItem.objects.select_for_update().get(pk=item.pk)
        _event(item, EventKind.CLOSED, opinion.strip(), actor)
        closed = transition_apply(
            actor=actor, obj=item, workflow=ITEM_WORKFLOW, name="close", changes={"closed_at": timezone.now()}
        )
        _notify_office(closed, _("Rectification item %(number)s closed") % {"number": closed.number})
    return closed


def rectification_item_send_back(*, actor, item: RectificationItem, reason: str) -> RectificationItem:
    """Review failed: back to the office under rectification, with the reason in the history."""
    with transaction.atomic():
        RectificationItem.objects.select_for_update().get(pk=item.pk)
        if reason.strip():
            _event(item, EventKind.SENT_BACK, reason.strip(), actor)
        back = transition_apply(
            actor=actor,
            obj=item,
            workflow=ITEM_WORKFLOW,
            name="send_back",
            reason=reason,
            changes={"completed_on": None},
        )
        _notify_office(back, _("Rectification item %(number)s sent back") % {"number": back.number})
    return back


def rectification_item_reopen(*, actor, item: RectificationItem, reason: str) -> RectificationItem:
    """Reopen a closed item (the problem came back, or the closure was wrong); history is kept."""
    with transaction.atomic():
        locked = RectificationItem.objects.select_for_update().get(pk=item.pk)
        if reason.strip():
            _event(item, EventKind.REOPENED, reason.strip(), actor)
        reopened = transition_apply(
            actor=actor,
            obj=item,
            workflow=ITEM_WORKFLOW,
            name="reopen",
            reason=reason,
            changes={"closed_at": None, "completed_on": None, "reopen_count": locked.reopen_count + 1},
        )
        _notify_office(reopened, _("Rectification item %(number)s reopened") % {"number": reopened.number})
    return reopened


# --- Annual review findings -> the ledger ---------------------------------------------------------


def finding_key(finding) -> str:
    return f"evaluation.reviewfinding:{finding.pk}"


def finding_import(*, actor, finding) -> tuple[RectificationItem, bool]:
    """Enter an annual review finding in the ledger (once: the key is the finding).

    The finding's owner becomes the responsible person when they are an officer of exactly one
    office; otherwise the supervisors complete the office and person on the draft.
    """
    subject = finding.subject
    source_ref = f"{subject.campaign.title} · {subject.organization.name} · {subject.secretary.name}"
    office = responsible = None
    user = getattr(finding.owner, "user", None)
    if user is not None:
        offices = user.scopes(Role.OFFICER, "office")
        if len(offices) == 1:
            from orgs.models import Office

            office, responsible = Office.objects.get(pk=offices[0]), user
    deadline = finding.deadline
    if deadline is not None and deadline < timezone.localdate():
        deadline = None  # a past deadline cannot be committed to; the supervisors set a new one
    return rectification_item_create(
        actor=actor,
        source=RectificationSource.REVIEW_FINDING,
        problem=finding.problem,
        source_ref=source_ref,
        source_key=finding_key(finding),
        deadline=deadline,
        office=office,
        responsible=responsible,
    )

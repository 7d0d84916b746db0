"""Writes on supervised tasks: assignment, decomposition, edits, progress, completion with evidence,
result feedback, withdrawal, weekly checks and the policy. Each in one transaction with its audit
event; state changes go through ``TASK_WORKFLOW``."""

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import users_with_role
from attachments.selectors import attachments_of
from attachments.services import attachment_store
from audit.services import audit_record
from core.errors import EditConflict
from core.workdays import deadline_after
from core.workflow import Workflow, transition_apply
from notifications.services import notify
from supervision.models import (
    ACTIVE_STATUSES,
    OPEN_STATUSES,
    EventKind,
    ProgressReport,
    SupervisedTask,
    SupervisionPolicy,
    TaskEvent,
    TaskSource,
    TaskStage,
    TaskStatus,
    WeeklyCheck,
)
from supervision.permissions import can_give_feedback, can_handle, can_manage, can_report_progress, is_supervisor

EVIDENCE = "evidence"
MAX_STAGES = 8
POLICY_FIELDS = (
    "default_limit_days",
    "urgent_limit_days",
    "warn_before_days",
    "urgent_warn_before_days",
    "escalate_after_days",
    "urgent_escalate_after_days",
)
EDIT_FIELDS = ("title", "requirements", "source_details", "deadline", "owner", "leader", "is_urgent")


def policy() -> SupervisionPolicy:
    """The one policy row (created with the defaults the first time)."""
    found, _created = SupervisionPolicy.objects.get_or_create(pk=1)
    return found


def default_deadline(assigned_on: dt.date, *, urgent: bool) -> dt.date:
    """N working days from the day after assignment (shorter for urgent tasks)."""
    rules = policy()
    return deadline_after(assigned_on, rules.urgent_limit_days if urgent else rules.default_limit_days)


def officers_of(office_ids: Iterable[int]) -> list[User]:
    ids = [i for i in office_ids if i]
    if not ids:
        return []
    return list(users_with_role(Role.OFFICER).filter(role_assignments__office__in=ids))


def task_url(task: SupervisedTask) -> str:
    return reverse("supervision:task", args=[task.pk])


def has_evidence(task: SupervisedTask) -> bool:
    return attachments_of(task, kind=EVIDENCE).exists()


def _event(task: SupervisedTask, kind: str, actor, text: str = "", day: dt.date | None = None) -> None:
    """A history row; ``day`` dates an action recorded for an earlier day (the demo's year)."""
    at = timezone.now()
    if day is not None and day < timezone.localdate():
        at = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    actor = actor if getattr(actor, "pk", None) else None
    TaskEvent.objects.create(task=task, kind=kind, actor=actor, text=text, at=at)


# --- the workflow -----------------------------------------------------------------------------


def _needs_evidence(task: SupervisedTask, actor, changes: dict) -> None:
    if not has_evidence(task):
        raise ValidationError(
            {
                "files": [
                    _("Attach at least one evidence file (documents, minutes, photos) before reporting completion.")
                ]
            }
        )


def _needs_summary(task: SupervisedTask, actor, changes: dict) -> None:
    if not (changes.get("completion_summary") or "").strip():
        raise ValidationError({"completion_summary": [_("Summarise what was done and the result.")]})


def _subtasks_finished(task: SupervisedTask, actor, changes: dict) -> None:
    if task.subtasks.filter(status__in=ACTIVE_STATUSES).exists():
        raise ValidationError({"completion_summary": [_("Every subtask must be closed before the whole task.")]})


TASK_WORKFLOW = (
    Workflow(state_field="status", audit_prefix="supervised_task")
    .add("start", [TaskStatus.ASSIGNED], TaskStatus.IN_PROGRESS, rule=can_handle)
    .add(
        "report",
        [TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS],
        TaskStatus.REPORTED,
        rule=can_handle,
        guards=(_needs_summary, _subtasks_finished, _needs_evidence),
    )
    .add("accept", [TaskStatus.REPORTED], TaskStatus.CLOSED, rule=can_give_feedback, guards=(_needs_evidence,))
    .add("send_back", [TaskStatus.REPORTED], TaskStatus.IN_PROGRESS, rule=can_give_feedback, needs_reason=True)
    .add("cancel", list(ACTIVE_STATUSES), TaskStatus.CANCELLED, rule=can_manage, needs_reason=True)
)


# --- assignment -------------------------------------------------------------------------------


def _clean_stages(stages: Sequence[tuple[str, dt.date | None]], start: dt.date, deadline: dt.date) -> list:
    cleaned = [(name.strip()[:60], due) for name, due in stages if name.strip() or due]
    if len(cleaned) > MAX_STAGES:
        raise ValidationError({"stages": [_("At most %(n)d stages.") % {"n": MAX_STAGES}]})
    previous = start
    for name, due in cleaned:
        if not name or due is None:
            raise ValidationError({"stages": [_("Give every stage a name and a date.")]})
        if due < previous or due > deadline:
            raise ValidationError(
                {"stages": [_("Stage dates run in order, from the assignment date up to the deadline.")]}
            )
        previous = due
    return cleaned


def _check_people(errors: dict, *, office, owner, leader) -> None:
    if (
        owner is not None
        and office is not None
        and not owner.role_assignments.filter(role=Role.OFFICER, office=office, is_active=True).exists()
    ):
        errors["owner"] = [_("The person responsible must be an officer of the responsible office.")]
    if leader is not None and Role.LEADER not in leader.role_names:
        errors["leader"] = [_("Choose an agency leader.")]


def _next_number(year: int) -> str:
    prefix = f"DB-{year}-"
    last = (
        SupervisedTask.objects.filter(number__startswith=prefix)
        .order_by(Length("number").desc(), "-number")  # "-1000" sorts after "-999"
        .values_list("number", flat=True)
    ).first()
    return f"{prefix}{int(last.rsplit('-', 1)[1]) + 1 if last else 1:03d}"


def task_create(
    *,
    actor,
    title: str,
    requirements: str,
    source: str,
    office,
    owner,
    leader,
    source_details: str = "",
    co_offices: Iterable = (),
    deadline: dt.date | None = None,
    is_urgent: bool = False,
    stages: Sequence[tuple[str, dt.date | None]] = (),
    parent: SupervisedTask | None = None,
    rectification_item=None,
    raised_by=None,
    assigned_on: dt.date | None = None,
    submit_key: str | None = None,
) -> SupervisedTask:
    """Assign a supervised task (or, with ``parent``, a subtask of it) and notify the office.

    Without a deadline the policy's time limit applies (N working days from the day after).
    A form's ``submit_key`` seen before returns the task it made (double clicks, retries).
    """
    if submit_key and (seen := SupervisedTask.objects.filter(submit_key=submit_key, created_by=actor).first()):
        return seen
    assigned_on = assigned_on or timezone.localdate()
    errors: dict[str, list] = {}
    if not title.strip():
        errors["title"] = [_("Give the task a title.")]
    if not requirements.strip():
        errors["requirements"] = [_("Say what is to be done and to what standard.")]
    if source not in TaskSource.values:
        errors["source"] = [_("Choose where the task comes from.")]
    if office is None:
        errors["office"] = [_("Choose the responsible office.")]
    if owner is None:
        errors["owner"] = [_("Choose the person responsible.")]
    if leader is None:
        errors["leader"] = [_("Choose the leader in charge.")]
    _check_people(errors, office=office, owner=owner, leader=leader)
    deadline = deadline or default_deadline(assigned_on, urgent=is_urgent)
    if deadline < assigned_on:
        errors["deadline"] = [_("The deadline cannot be before the assignment date.")]
    if parent is not None:
        # not once its completion is reported: the raiser could then accept it with the subtask open
        if parent.status not in OPEN_STATUSES or parent.parent_id:
            errors["parent"] = [_("Only an open top-level task can be split into subtasks.")]
        elif deadline > parent.deadline:
            errors["deadline"] = [
                _("A subtask is due by the parent's deadline (%(date)s).") % {"date": parent.deadline.isoformat()}
            ]
    if errors:
        raise ValidationError(errors)
    cleaned_stages = _clean_stages(stages, assigned_on, deadline)
    co_offices = [o for o in co_offices if o.pk != office.pk]
    with transaction.atomic():
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    task = SupervisedTask.objects.create(
                        number=_next_number(assigned_on.year),
                        title=title.strip()[:200],
                        requirements=requirements.strip(),
                        source=source,
                        source_details=source_details.strip()[:200],
                        raised_by=raised_by or actor,
                        office=office,
                        owner=owner,
                        leader=leader,
                        assigned_on=assigned_on,
                        deadline=deadline,
                        is_urgent=is_urgent,
                        parent=parent,
                        rectification_item=rectification_item,
                        submit_key=submit_key or None,
                        created_by=actor,
                    )
                break
            except IntegrityError:  # two assignments took the same number at once, or the same form
                if submit_key and (seen := SupervisedTask.objects.filter(submit_key=submit_key).first()):
                    return seen
                continue
        else:
            raise ValidationError({"title": [_("Please submit again.")]})
        task.co_offices.set(co_offices)
        TaskStage.objects.bulk_create(
            [TaskStage(task=task, order=n, name=name, due_on=due) for n, (name, due) in enumerate(cleaned_stages)]
        )
        _event(task, EventKind.CREATED, actor, _("Due on %(date)s") % {"date": deadline.isoformat()}, assigned_on)
        if parent is not None:
            _event(parent, EventKind.DECOMPOSED, actor, f"{task.number} {office.name}：{task.title}", assigned_on)
        audit_record(
            actor=actor,
            action="supervised_task.create",
            target=task,
            after={
                "office": office.pk,
                "owner": owner.pk,
                "deadline": deadline.isoformat(),
                "urgent": is_urgent,
                "parent": parent.pk if parent else None,
            },
        )
        recipients = {owner, *officers_of([office.pk, *(o.pk for o in co_offices)])}
        label = _("Urgent supervised task") if is_urgent else _("Supervised task")
        notify(
            recipients=recipients,
            title=_("%(label)s %(number)s assigned: %(title)s, due %(date)s")
            % {"label": label, "number": task.number, "title": task.title, "date": deadline.isoformat()},
            body=task.requirements,
            url=task_url(task),
        )
    return task


@transaction.atomic
def task_update(*, actor, task: SupervisedTask, version: int, co_offices: Iterable = (), **values) -> SupervisedTask:
    """Edit a task that is not finished (optimistic lock). A new deadline re-arms the warnings."""
    locked = SupervisedTask.objects.select_for_update().get(pk=task.pk)
    if not can_manage(actor, locked):
        raise ValidationError(_("You may not edit this task."))
    if locked.version != version:
        raise EditConflict(_("This task was changed in another window; reload it. Your text is kept below."))
    if locked.status not in ACTIVE_STATUSES:
        raise ValidationError(_("A closed or withdrawn task can no longer be edited."))
    errors: dict[str, list] = {}
    unknown = set(values) - set(EDIT_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    if not (values.get("title") or locked.title).strip():
        errors["title"] = [_("Give the task a title.")]
    _check_people(errors, office=locked.office, owner=values.get("owner"), leader=values.get("leader"))
    deadline = values.get("deadline") or locked.deadline
    if deadline < locked.assigned_on:
        errors["deadline"] = [_("The deadline cannot be before the assignment date.")]
    elif locked.parent_id and deadline > locked.parent.deadline:
        errors["deadline"] = [
            _("A subtask is due by the parent's deadline (%(date)s).") % {"date": locked.parent.deadline.isoformat()}
        ]
    if errors:
        raise ValidationError(errors)
    before = {f: _plain(getattr(locked, f)) for f in values}
    for field, value in values.items():
        if value is not None:
            setattr(locked, field, value)
    locked.version += 1
    locked.save(update_fields=[*values, "version"])
    locked.co_offices.set([o for o in co_offices if o.pk != locked.office_id])
    changed = {f: _plain(getattr(locked, f)) for f in values if _plain(getattr(locked, f)) != before[f]}
    _event(
        locked, EventKind.EDITED, actor, "、".join(str(SupervisedTask._meta.get_field(f).verbose_name) for f in changed)
    )
    audit_record(
        actor=actor,
        action="supervised_task.update",
        target=locked,
        before={f: before[f] for f in changed},
        after=changed,
    )
    return locked


def _plain(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


# --- handling ---------------------------------------------------------------------------------


def task_start(*, actor, task: SupervisedTask) -> SupervisedTask:
    """The office takes the task up (签收)."""
    with transaction.atomic():
        _event(task, EventKind.STARTED, actor)
        return transition_apply(actor=actor, obj=task, workflow=TASK_WORKFLOW, name="start")


def progress_report(
    *,
    actor,
    task: SupervisedTask,
    text: str,
    progress: int | None,
    stage: TaskStage | None = None,
    stage_done: bool = False,
    today: dt.date | None = None,
) -> ProgressReport:
    """Record progress on the task (and, with ``stage_done``, the completion of a stage)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = SupervisedTask.objects.select_for_update().get(pk=task.pk)
        if not can_report_progress(actor, locked):
            raise ValidationError(_("You may not report progress on this task."))
        if locked.status not in (TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS):
            raise ValidationError(_("Progress is reported while the task is being handled."))
        errors: dict[str, list] = {}
        if not text.strip():
            errors["text"] = [_("Say what was done since the last report.")]
        if progress is None or not 0 <= progress <= 100:
            errors["progress"] = [_("Progress is from 0 to 100%.")]
        if stage is not None and stage.task_id != locked.pk:
            errors["stage"] = [_("Choose a stage of this task.")]
        if errors:
            raise ValidationError(errors)
        report = ProgressReport.objects.create(
            task=locked, stage=stage, text=text.strip(), progress=progress, reported_by=actor, reported_on=today
        )
        locked.progress = progress
        locked.save(update_fields=["progress"])
        if stage is not None and stage_done and stage.completed_on is None:
            TaskStage.objects.filter(pk=stage.pk, completed_on__isnull=True).update(completed_on=today)
        label = f"【{stage.name}】" if stage else ""
        _event(locked, EventKind.PROGRESS, actor, f"{label}{progress}% {text.strip()}", today)
        audit_record(
            actor=actor,
            action="supervised_task.progress",
            target=locked,
            after={"progress": progress, "stage": stage.pk if stage else None, "stage_done": bool(stage_done)},
        )
        if locked.status == TaskStatus.ASSIGNED and can_handle(actor, locked):  # reporting takes the task up
            transition_apply(actor=actor, obj=locked, workflow=TASK_WORKFLOW, name="start")
    return report


def evidence_add(*, actor, task: SupervisedTask, upload):
    """Attach one evidence file (validated by the attachments module)."""
    if not can_handle(actor, task) or task.status not in (TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS):
        raise ValidationError({"files": [_("Evidence is added while the task is being handled.")]})
    return attachment_store(actor=actor, owner=task, upload=upload, kind=EVIDENCE)


def task_report(
    *, actor, task: SupervisedTask, summary: str, uploads: Sequence = (), today: dt.date | None = None
) -> SupervisedTask:
    """Report completion with a summary and evidence; the raiser is asked for feedback."""
    today = today or timezone.localdate()
    with transaction.atomic():
        for upload in uploads:
            evidence_add(actor=actor, task=task, upload=upload)
        errors: dict[str, list] = {}
        for guard in (_needs_summary, _needs_evidence):
            try:
                guard(task, actor, {"completion_summary": summary})
            except ValidationError as exc:
                errors |= exc.message_dict
        if errors:
            raise ValidationError(errors)
        _event(task, EventKind.REPORTED, actor, summary.strip(), today)
        done = transition_apply(
            actor=actor,
            obj=task,
            workflow=TASK_WORKFLOW,
            name="report",
            changes={"completion_summary": summary.strip(), "reported_on": today, "progress": 100},
        )
        notify(
            recipients=[done.raised_by],
            title=_("Task %(number)s reported complete: please give your feedback") % {"number": done.number},
            body=done.completion_summary,
            url=task_url(done),
        )
    return done


def task_accept(*, actor, task: SupervisedTask, comment: str = "", today: dt.date | None = None) -> SupervisedTask:
    """The raiser accepts the result: the task is closed (办结)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        _event(task, EventKind.ACCEPTED, actor, comment.strip(), today)
        done = transition_apply(
            actor=actor, obj=task, workflow=TASK_WORKFLOW, name="accept", changes={"closed_on": today}, reason=comment
        )
        TaskStage.objects.filter(task=done, completed_on__isnull=True).update(completed_on=done.reported_on or today)
        notify(
            recipients={done.owner, *officers_of([done.office_id])},
            title=_("Task %(number)s accepted and closed") % {"number": done.number},
            body=comment.strip(),
            url=task_url(done),
        )
    return done


def task_send_back(*, actor, task: SupervisedTask, reason: str, today: dt.date | None = None) -> SupervisedTask:
    """The raiser sends the result back with a reason: handling resumes (the history keeps it)."""
    with transaction.atomic():
        _event(task, EventKind.SENT_BACK, actor, reason.strip(), today)
        done = transition_apply(
            actor=actor,
            obj=task,
            workflow=TASK_WORKFLOW,
            name="send_back",
            reason=reason,
            changes={"send_back_count": task.send_back_count + 1, "reported_on": None},
        )
        notify(
            recipients={done.owner, *officers_of([done.office_id])},
            title=_("Task %(number)s sent back: %(reason)s") % {"number": done.number, "reason": reason.strip()[:80]},
            body=reason.strip(),
            url=task_url(done),
        )
    return done


def task_cancel(*, actor, task: SupervisedTask, reason: str) -> SupervisedTask:
    """Withdraw a task that is no longer needed (with the reason)."""
    with transaction.atomic():
        _event(task, EventKind.CANCELLED, actor, reason.strip())
        done = transition_apply(actor=actor, obj=task, workflow=TASK_WORKFLOW, name="cancel", reason=reason)
        notify(
            recipients={done.owner},
            title=_("Task %(number)s withdrawn") % {"number": done.number},
            body=reason.strip(),
            url=task_url(done),
        )
    return done


# --- weekly checks and policy -----------------------------------------------------------------


def week_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@transaction.atomic
def weekly_check_record(
    *, actor, task: SupervisedTask, finding: str, next_step: str = "", today: dt.date | None = None
) -> WeeklyCheck:
    """Record (or correct) this week's check of a task (每周督查)."""
    if not is_supervisor(actor):
        raise ValidationError(_("Only supervisors keep the weekly check log."))
    if task.status not in ACTIVE_STATUSES:
        raise ValidationError({"finding": [_("Only tasks still being handled are checked.")]})
    if not finding.strip():
        raise ValidationError({"finding": [_("Write down what the check found.")]})
    week = week_of(today or timezone.localdate())
    check, created = WeeklyCheck.objects.select_for_update().get_or_create(
        task=task,
        week=week,
        defaults={"finding": finding.strip(), "next_step": next_step.strip(), "checked_by": actor},
    )
    if not created:
        check.finding, check.next_step, check.checked_by = finding.strip(), next_step.strip(), actor
        check.checked_at = timezone.now()
        check.save(update_fields=["finding", "next_step", "checked_by", "checked_at"])
    _event(task, EventKind.CHECK, actor, finding.strip(), today)
    audit_record(
        actor=actor,
        action="weekly_check.record",
        target=task,
        after={"week": week.isoformat(), "corrected": not created},
    )
    return check


@transaction.atomic
def policy_update(*, actor, version: int, **values: int) -> SupervisionPolicy:
    """Change the time-limit policy (optimistic lock); applies to warnings from the next sweep."""
    if not is_supervisor(actor):
        raise ValidationError(_("Only supervisors set the time-limit policy."))
    locked = SupervisionPolicy.objects.select_for_update().get(pk=policy().pk)
    if locked.version != version:
        raise EditConflict(_("The policy was changed in another window; reload it."))
    errors = {
        f: [_("Give a whole number of working days from 1 to 60.")]
        for f in POLICY_FIELDS
        if not isinstance(values.get(f), int) or not 1 <= values[f] <= 60
    }
    if not errors and values["urgent_limit_days"] > values["default_limit_days"]:
        errors["urgent_limit_days"] = [_("The urgent time limit is shorter than the default one.")]
    if errors:
        raise ValidationError(errors)
    before = {f: getattr(locked, f) for f in POLICY_FIELDS}
    for field in POLICY_FIELDS:
        setattr(locked, field, values[field])
    locked.version += 1
    locked.save()
    audit_record(actor=actor, action="supervision_policy.update", target=locked, before=before, after=values)
    return locked

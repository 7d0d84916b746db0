"""Stage bulletins 阶段通报: who is on time and who is late.

The periodic sweep makes one bulletin for each stage date, the day after it (so work finished on
the stage date itself counts as on time): every stage due that day, with the responsible office
and person, done on time or late (working days late). The unique ``stage_date`` decides, so it
is made once even with two sweeps running. A supervisor may also issue one by hand: a snapshot
of every task being handled, late when its deadline or current stage date has passed.
Each bulletin is published on the bulletin page and notified to the offices and leaders named in it.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.workdays import OverdueCounter, working_days_overdue
from notifications.services import notify
from supervision.models import (
    ACTIVE_STATUSES,
    LATE_STATES,
    BulletinKind,
    BulletinLine,
    LineState,
    StageBulletin,
    SupervisedTask,
    TaskStage,
    TaskStatus,
)
from supervision.permissions import is_supervisor
from supervision.services import officers_of

LOOKBACK_DAYS = 14  # a sweep that was down catches up on stage dates this far back


def _next_number(year: int) -> str:
    prefix = f"TB-{year}-"
    last = (
        StageBulletin.objects.filter(number__startswith=prefix)
        .order_by(Length("number").desc(), "-number")  # "-1000" sorts after "-999"
        .values_list("number", flat=True)
    ).first()
    return f"{prefix}{int(last.rsplit('-', 1)[1]) + 1 if last else 1:03d}"


def _stage_line(stage: TaskStage, today: dt.date) -> BulletinLine:
    task = stage.task
    done_on = stage.completed_on or (
        task.reported_on if task.status in (TaskStatus.REPORTED, TaskStatus.CLOSED) else None
    )
    if done_on:
        state = LineState.DONE if done_on <= stage.due_on else LineState.DONE_LATE
        late = working_days_overdue(stage.due_on, done_on)
    else:
        state, late = LineState.LATE, working_days_overdue(stage.due_on, today)
    return BulletinLine(
        task=task,
        office_id=task.office_id,
        owner_id=task.owner_id,
        stage_name=stage.name,
        due_on=stage.due_on,
        state=state,
        days_late=min(late, 32767),
    )


def _task_line(task: SupervisedTask, today: dt.date, working_days_overdue=working_days_overdue) -> BulletinLine:
    """A task in a hand-issued bulletin: late when its deadline or its current stage date has passed."""
    current = next((s for s in task.stages.all() if s.completed_on is None), None)
    if task.status == TaskStatus.REPORTED:
        state = LineState.DONE_LATE if task.reported_on and task.reported_on > task.deadline else LineState.DONE
        late = working_days_overdue(task.deadline, task.reported_on) if task.reported_on else 0
        due = task.deadline
    else:
        due = current.due_on if current and current.due_on < task.deadline else task.deadline
        late = working_days_overdue(due, today)
        state = LineState.LATE if today > due else LineState.ON_TIME
    return BulletinLine(
        task=task,
        office_id=task.office_id,
        owner_id=task.owner_id,
        stage_name=current.name if current else "",
        due_on=due,
        state=state,
        days_late=min(late, 32767),
    )


def _publish(bulletin: StageBulletin, lines: list[BulletinLine], actor) -> StageBulletin:
    for line in lines:
        line.bulletin = bulletin
    BulletinLine.objects.bulk_create(lines)
    bulletin.late = sum(1 for line in lines if line.state in LATE_STATES)
    bulletin.on_time = len(lines) - bulletin.late
    bulletin.save(update_fields=["late", "on_time"])
    audit_record(
        actor=actor,
        action="stage_bulletin.issue",
        target=bulletin,
        after={"kind": bulletin.kind, "on_time": bulletin.on_time, "late": bulletin.late},
    )
    tasks = SupervisedTask.objects.filter(pk__in={line.task_id for line in lines})
    office_ids = set(tasks.values_list("office_id", flat=True))
    leaders = set(tasks.values_list("leader_id", flat=True))
    from accounts.models import User

    recipients = {*officers_of(office_ids), *User.objects.filter(pk__in=leaders, is_active=True)}
    notify(
        recipients=recipients,
        title=_("Stage bulletin %(number)s: %(on_time)d on time, %(late)d late")
        % {"number": bulletin.number, "on_time": bulletin.on_time, "late": bulletin.late},
        body=bulletin.title,
        url=reverse("supervision:bulletin", args=[bulletin.pk]),
        webhook=True,
    )
    return bulletin


def bulletins_generate(*, today: dt.date | None = None, lookback: int = LOOKBACK_DAYS) -> int:
    """Make the bulletin of every stage date in the last ``lookback`` days not yet bulletined."""
    today = today or timezone.localdate()
    first = today - dt.timedelta(days=lookback)
    dates = (
        TaskStage.objects.filter(due_on__gte=first, due_on__lt=today)
        .exclude(task__status=TaskStatus.CANCELLED)
        .values_list("due_on", flat=True)
        .distinct()
    )
    done = set(StageBulletin.objects.filter(stage_date__gte=first).values_list("stage_date", flat=True))
    made = 0
    for day in sorted(set(dates) - done):
        made += _stage_bulletin(day, today)
    return made


def _stage_bulletin(day: dt.date, today: dt.date) -> int:
    stages = (
        TaskStage.objects.filter(due_on=day)
        .exclude(task__status=TaskStatus.CANCELLED)
        .select_related("task")
        .order_by("task__office__sort_order", "task__number")
    )
    try:
        with transaction.atomic():
            bulletin = StageBulletin.objects.create(
                number=_next_number(day.year),
                kind=BulletinKind.STAGE,
                title=_("Stage bulletin for stages due on %(date)s") % {"date": day.isoformat()},
                as_of=day,
                stage_date=day,
            )
            _publish(bulletin, [_stage_line(s, today) for s in stages], None)
    except IntegrityError:  # another sweep made it (or took the number) first
        return 0
    return 1


def bulletin_issue(*, actor, title: str, remarks: str = "", today: dt.date | None = None) -> StageBulletin:
    """A supervisor's bulletin on every task being handled (who is on time, who is late)."""
    from django.core.exceptions import ValidationError

    today = today or timezone.localdate()
    if not is_supervisor(actor):
        raise ValidationError(_("Only supervisors issue bulletins."))
    if not title.strip():
        raise ValidationError({"title": [_("Give the bulletin a title.")]})
    tasks = list(
        SupervisedTask.objects.filter(status__in=ACTIVE_STATUSES)
        .prefetch_related("stages")
        .order_by("office__sort_order", "number")
    )
    if not tasks:
        raise ValidationError({"title": [_("No task is being handled: there is nothing to report on.")]})
    with transaction.atomic():
        # A double click (or a retry) issues the same bulletin once: the same supervisor's bulletin
        # of the same title on the same day is the one already issued. The lock on the issuer's row
        # orders two such requests.
        get_user_model().objects.select_for_update().filter(pk=actor.pk).first()
        issued = StageBulletin.objects.filter(
            kind=BulletinKind.MANUAL, issued_by=actor, as_of=today, title=title.strip()[:200]
        ).first()
        if issued is not None:
            return issued
        bulletin = StageBulletin.objects.create(
            number=_next_number(today.year),
            kind=BulletinKind.MANUAL,
            title=title.strip()[:200],
            remarks=remarks.strip(),
            as_of=today,
            issued_by=actor,
        )
        counter = OverdueCounter(min(t.deadline for t in tasks) - dt.timedelta(days=366), today)
        return _publish(bulletin, [_task_line(t, today, counter) for t in tasks], actor)

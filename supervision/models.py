"""Supervised tasks 督办事项.

A ``SupervisedTask`` is one piece of work the agency holds itself to: where it came from (a meeting
decision, a leader's instruction, a rectification item, a hotline call, an inspection), the
responsible office and co-offices, the owner, the leader in charge (分管领导, to whom warnings
escalate), a deadline in working days (shorter for urgent tasks, 急事急办) and stages with their own
dates. A parent task split into subtasks gives the task distribution table (任务分布表: per office
who does what by when).

- Stage bulletins 阶段通报 (``StageBulletin`` + ``BulletinLine``): generated once the day after each
  stage date, or issued by a supervisor, listing who is on time and who is late.
- Time-limited completion 限时办结: warnings before and after the deadline, escalating to the
  leader; each goes out once (``SupervisionReminder`` keys). Policy values: ``SupervisionPolicy``.
- Completion with evidence and result feedback 结果反馈: the owner reports completion with a summary
  and evidence files; whoever raised the task accepts it or sends it back with a reason.
- ``TaskEvent`` rows are the task's history (never edited); ``WeeklyCheck`` rows the supervisors'
  weekly check log (每周督查).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TaskSource(models.TextChoices):
    MEETING = "meeting", pgettext_lazy("supervision", "Meeting decision")
    INSTRUCTION = "instruction", pgettext_lazy("supervision", "Leader instruction")
    RECTIFICATION = "rectification", pgettext_lazy("supervision", "Rectification")
    HOTLINE = "hotline", pgettext_lazy("supervision", "Hotline")
    INSPECTION = "inspection", pgettext_lazy("supervision", "Supervision inspection")
    OTHER = "other", pgettext_lazy("supervision", "Other")


class TaskStatus(models.TextChoices):
    ASSIGNED = "assigned", pgettext_lazy("supervision", "Assigned")
    IN_PROGRESS = "in_progress", pgettext_lazy("supervision", "In progress")
    REPORTED = "reported", pgettext_lazy("supervision", "Completion reported")
    CLOSED = "closed", pgettext_lazy("supervision", "Completed and closed")
    CANCELLED = "cancelled", pgettext_lazy("supervision", "Withdrawn")


OPEN_STATUSES = (TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS)  # the deadline runs
ACTIVE_STATUSES = (TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS, TaskStatus.REPORTED)


class SupervisionPolicy(models.Model):
    """The time-limit policy (one row), editable by supervisors; all counts in working days."""

    default_limit_days = models.PositiveSmallIntegerField(_("default time limit (working days)"), default=20)
    urgent_limit_days = models.PositiveSmallIntegerField(_("urgent time limit (working days)"), default=5)
    warn_before_days = models.PositiveSmallIntegerField(_("warn before the deadline (working days)"), default=3)
    urgent_warn_before_days = models.PositiveSmallIntegerField(
        _("urgent: warn daily from (working days before)"), default=1
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        _("escalate to the leader after (working days overdue)"), default=3
    )
    urgent_escalate_after_days = models.PositiveSmallIntegerField(
        _("urgent: escalate after (working days overdue)"), default=1
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("supervision policy")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class SupervisedTask(models.Model):
    number = models.CharField(_("task number"), max_length=20, unique=True)  # DB-2026-001
    title = models.CharField(pgettext_lazy("supervision", "Task"), max_length=200)
    requirements = models.TextField(_("requirements"))
    source = models.CharField(pgettext_lazy("supervision", "Source"), max_length=16, choices=TaskSource)
    source_details = models.CharField(_("source details"), max_length=200, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("raised by")
    )
    office = models.ForeignKey(
        "orgs.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible office")
    )
    co_offices = models.ManyToManyField(
        "orgs.Office", blank=True, related_name="+", verbose_name=_("co-operating offices")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("person responsible")
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("leader in charge")
    )
    assigned_on = models.DateField(_("assigned on"), default=timezone.localdate)
    deadline = models.DateField(pgettext_lazy("supervision", "Deadline"))
    is_urgent = models.BooleanField(_("urgent (急事急办)"), default=False)
    status = models.CharField(
        pgettext_lazy("supervision", "Status"), max_length=12, choices=TaskStatus, default=TaskStatus.ASSIGNED
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="subtasks", verbose_name=_("parent task")
    )
    rectification_item = models.ForeignKey(
        "rectification.RectificationItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervised_tasks",
        verbose_name=_("rectification item"),
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    completion_summary = models.TextField(_("completion summary"), blank=True)
    reported_on = models.DateField(_("completion reported on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    send_back_count = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)  # optimistic lock for edits
    submit_key = models.CharField(max_length=40, null=True, blank=True, unique=True)  # one task per form sent
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("supervised task")
        verbose_name_plural = _("supervised tasks")
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["office", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def finished_late(self) -> bool:
        done = self.reported_on or self.closed_on
        return bool(done and done > self.deadline)


class TaskStage(models.Model):
    """One stage of a task (方案制定, 推进实施, 总结验收...) with its own date."""

    task = models.ForeignKey(SupervisedTask, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(pgettext_lazy("supervision", "Stage"), max_length=60)
    due_on = models.DateField(_("stage date"))
    completed_on = models.DateField(_("stage completed on"), null=True, blank=True)

    class Meta:
        ordering = ["task", "order", "due_on"]
        verbose_name = _("task stage")
        indexes = [models.Index(fields=["due_on"])]

    def __str__(self) -> str:
        return self.name

    def state_on(self, day) -> str:
        """ "done" (on time), "done_late", "late" (not done and past its date) or "pending"."""
        if self.completed_on:
            return "done_late" if self.completed_on > self.due_on else "done"
        return "late" if day > self.due_on else "pending"


class ProgressReport(models.Model):
    task = models.ForeignKey(SupervisedTask, on_delete=models.CASCADE, related_name="reports")
    stage = models.ForeignKey(TaskStage, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    text = models.TextField(_("progress made"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_on = models.DateField(default=timezone.localdate)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("progress report")

    def __str__(self) -> str:
        return f"{self.task_id} {self.progress}%"


class EventKind(models.TextChoices):
    CREATED = "created", pgettext_lazy("supervision", "Assigned")
    EDITED = "edited", pgettext_lazy("supervision", "Edited")
    STARTED = "started", pgettext_lazy("supervision", "Handling started")
    PROGRESS = "progress", pgettext_lazy("supervision", "Progress reported")
    REPORTED = "reported", pgettext_lazy("supervision", "Completion reported")
    ACCEPTED = "accepted", pgettext_lazy("supervision", "Accepted and closed")
    SENT_BACK = "sent_back", pgettext_lazy("supervision", "Sent back")
    CANCELLED = "cancelled", pgettext_lazy("supervision", "Withdrawn")
    DECOMPOSED = "decomposed", pgettext_lazy("supervision", "Subtask assigned")
    CHECK = "check", pgettext_lazy("supervision", "Weekly check")
    WARNING = "warning", pgettext_lazy("supervision", "Time-limit warning")


class TaskEvent(models.Model):
    task = models.ForeignKey(SupervisedTask, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=12, choices=EventKind)
    text = models.TextField(_("details"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["task", "at"])]
        verbose_name = _("task event")

    def __str__(self) -> str:
        return f"{self.task_id} {self.kind}"


class WeeklyCheck(models.Model):
    """A supervisor's weekly check of a task (每周督查): one per task and week (its Monday)."""

    task = models.ForeignKey(SupervisedTask, on_delete=models.CASCADE, related_name="checks")
    week = models.DateField(_("week of"))
    finding = models.TextField(_("check finding"))
    next_step = models.TextField(_("next step"), blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-week", "task"]
        verbose_name = _("weekly check")
        constraints = [models.UniqueConstraint(fields=["task", "week"], name="supervision_check_once_a_week")]

    def __str__(self) -> str:
        return f"{self.task_id} {self.week}"


class BulletinKind(models.TextChoices):
    STAGE = "stage", _("At a stage date")
    MANUAL = "manual", _("Issued by a supervisor")


class StageBulletin(models.Model):
    """A stage bulletin 阶段通报: who is on time and who is late, as of ``as_of``."""

    number = models.CharField(_("bulletin number"), max_length=24, unique=True)
    kind = models.CharField(_("kind of bulletin"), max_length=8, choices=BulletinKind)
    title = models.CharField(_("bulletin title"), max_length=200)
    as_of = models.DateField(_("as of"))
    stage_date = models.DateField(null=True, blank=True, unique=True)  # automatic ones: one per stage date
    remarks = models.TextField(_("remarks"), blank=True)
    on_time = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-as_of", "-pk"]
        verbose_name = _("stage bulletin")

    def __str__(self) -> str:
        return self.title


class LineState(models.TextChoices):
    DONE = "done", _("Done on time")
    ON_TIME = "on_time", pgettext_lazy("supervision", "On schedule")
    DONE_LATE = "done_late", _("Done late")
    LATE = "late", pgettext_lazy("supervision", "Late")


LATE_STATES = (LineState.DONE_LATE, LineState.LATE)


class BulletinLine(models.Model):
    bulletin = models.ForeignKey(StageBulletin, on_delete=models.CASCADE, related_name="lines")
    task = models.ForeignKey(SupervisedTask, on_delete=models.CASCADE, related_name="+")
    office = models.ForeignKey("orgs.Office", on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    stage_name = models.CharField(max_length=60, blank=True)
    due_on = models.DateField()
    state = models.CharField(max_length=10, choices=LineState)
    days_late = models.PositiveSmallIntegerField(default=0)  # working days

    class Meta:
        ordering = ["bulletin", "state", "office", "pk"]

    def __str__(self) -> str:
        return f"{self.bulletin_id} {self.task_id} {self.state}"

    @property
    def is_late(self) -> bool:
        return self.state in LATE_STATES


class SupervisionReminder(models.Model):
    """A warning already sent, by key ("before:<task>:<deadline>", "overdue:...", "escalate:...",
    urgent daily ones with the day): each goes out once even with several schedulers."""

    key = models.CharField(max_length=120, unique=True)
    sent_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.key

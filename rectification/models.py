"""The rectification ledger 整改台账.

Each ``RectificationItem`` is one problem with the four clarities and one commitment (四明确一承诺):
the problem, the goal and deadline, the measures, the responsible office and person, and the public
commitment. Items come from any source (annual review findings, organization life meetings,
inspections, surveys, service requests, supervised tasks); ``source_key`` names the record an item
was made from ("<app>.<model>:<pk>"), so turning the same finding into an item twice gives the same
item. ``RectificationMilestone`` rows are the steps drawn on the roadmap 整改路线图 (Gantt);
``RectificationEvent`` rows are the item's history (progress, weekly checks, send-backs, closure,
reopening), never edited.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RectificationSource(models.TextChoices):
    REVIEW_FINDING = "review_finding", _("Annual review finding")
    ORGANIZATION_LIFE = "organization_life", _("Organization life meeting")
    INSPECTION = "inspection", _("Inspection")
    SURVEY = "survey", _("Survey")
    SERVICE_REQUEST = "service_request", _("Service request")
    SUPERVISION = "supervision", _("Supervised task")
    OTHER = "other", pgettext_lazy("source", "Other")


class RectificationStatus(models.TextChoices):
    DRAFT = "draft", _("To be completed")  # made from a source; the four clarities not all set yet
    IN_PROGRESS = "in_progress", _("Under rectification")
    SUBMITTED = "submitted", _("Awaiting review")  # completion reported with evidence
    CLOSED = "closed", pgettext_lazy("rectification", "Closed")  # reviewed and struck off the ledger (销号)


class RectificationItem(models.Model):
    number = models.CharField(_("number"), max_length=20, unique=True)  # ZG-2026-001
    source = models.CharField(_("source"), max_length=20, choices=RectificationSource)
    source_ref = models.CharField(_("source details"), max_length=200, blank=True)
    source_key = models.CharField(max_length=60, null=True, blank=True, unique=True)
    problem = models.TextField(_("problem"))
    goal = models.TextField(_("goal"), blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    measures = models.TextField(_("measures"), blank=True)
    office = models.ForeignKey(
        "orgs.Office", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    commitment = models.TextField(_("public commitment"), blank=True)
    is_public = models.BooleanField(_("shown on the public roadmap"), default=True)
    internal_note = models.TextField(_("internal note"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RectificationStatus, default=RectificationStatus.DRAFT
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)  # optimistic lock for edits
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("rectification item")
        verbose_name_plural = _("rectification items")
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.number} {self.problem[:30]}"


class RectificationMilestone(models.Model):
    item = models.ForeignKey(RectificationItem, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=120)
    starts_on = models.DateField(_("starts on"))
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)  # optimistic lock for edits

    class Meta:
        ordering = ["item", "order", "due_on", "pk"]
        verbose_name = _("milestone")

    def __str__(self) -> str:
        return self.title


class EventKind(models.TextChoices):
    CREATED = "created", _("Entered in the ledger")
    COMMITTED = "committed", _("Four clarities and commitment set")
    PROGRESS = "progress", _("Progress reported")
    WEEKLY_CHECK = "weekly_check", _("Weekly check")
    SUBMITTED = "submitted", _("Completion reported")
    SENT_BACK = "sent_back", _("Sent back")
    CLOSED = "closed", pgettext_lazy("rectification", "Closed")
    REOPENED = "reopened", _("Reopened")


class RectificationEvent(models.Model):
    item = models.ForeignKey(RectificationItem, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=14, choices=EventKind)
    text = models.TextField(_("details"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["item", "kind", "at"])]
        verbose_name = _("rectification event")

    def __str__(self) -> str:
        return f"{self.item_id} {self.kind}"


class RectificationReminder(models.Model):
    """A reminder sent once: the unique key ("due:<item>:<deadline>:<round>") decides, so two
    sweeps running at once, or the same sweep run twice, send it once."""

    key = models.CharField(max_length=120, unique=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rectification reminder")

    def __str__(self) -> str:
        return self.key

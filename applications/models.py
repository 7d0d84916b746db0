"""Applications (申报书) to a call, their submission receipts."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, waiting for the unit")
    RETURNED = "returned", _("Returned for revision")
    UNIT_ENDORSED = "unit_endorsed", _("Endorsed by the unit")
    RECOMMENDED = "recommended", _("Recommended")
    FORMAL_PASSED = "formal_passed", _("Passed the formal check")
    FORMAL_FAILED = "formal_failed", _("Failed the formal check")
    PROPOSED = "proposed", _("Proposed for funding, in publicity")
    APPROVED = "approved", _("Approved")
    NOT_FUNDED = "not_funded", _("Not funded")


BUDGET_CATEGORIES = {
    "equipment": _("Equipment"),
    "business": _("Materials, testing, travel and other business costs"),
    "labour": _("Labour"),
    "consulting": _("Expert consulting"),
    "indirect": _("Indirect costs"),
}


class Application(models.Model):
    """One application by a principal investigator (PI) of a unit to a call."""

    call = models.ForeignKey("plans.Call", on_delete=models.PROTECT, related_name="applications")
    topic = models.ForeignKey("plans.Topic", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("topic"))
    challenge = models.ForeignKey(
        "plans.Challenge", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("challenge")
    )
    pi = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications", verbose_name=_("PI")
    )
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="applications", verbose_name=_("unit"))
    status = models.CharField(_("status"), max_length=20, choices=ApplicationStatus, default=ApplicationStatus.DRAFT)
    version = models.PositiveIntegerField(default=1, help_text="optimistic lock: bumped on every save")

    title = models.CharField(_("project title"), max_length=200)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    discipline_codes = models.CharField(_("discipline codes"), max_length=100, blank=True)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    abstract = models.TextField(_("abstract"), blank=True)
    objectives = models.TextField(_("objectives and main research content"), blank=True)
    team = models.JSONField(_("team members"), default=list, blank=True)
    indicators = models.JSONField(_("deliverable indicators"), default=list, blank=True)
    budget = models.JSONField(_("budget (10k yuan)"), default=dict, blank=True)
    cooperation_units = models.JSONField(_("cooperation units"), default=list, blank=True)

    return_reason = models.CharField(_("reason for return"), max_length=500, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["call", "status"]),
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["call", "-submitted_at", "-id"], name="application_call_newest"),
        ]
        verbose_name = _("application")

    def __str__(self) -> str:
        return self.title

    @property
    def grant_total(self) -> Decimal:
        return sum((Decimal(str(row.get("grant") or 0)) for row in self.budget.values()), Decimal("0"))

    @property
    def matching_total(self) -> Decimal:
        return sum((Decimal(str(row.get("matching") or 0)) for row in self.budget.values()), Decimal("0"))


class SubmissionReceipt(models.Model):
    """The receipt of one submission: time, digest of exactly what was submitted, and its content.

    ``key`` is the idempotency key from the submit form, so a double click or a retried request
    finds the receipt of the first and creates nothing new.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="receipts")
    key = models.CharField(max_length=64, unique=True)
    number = models.CharField(_("receipt number"), max_length=32, unique=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    digest = models.CharField(_("SHA-256 digest"), max_length=64)
    content = models.JSONField()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("submission receipt")

    def __str__(self) -> str:
        return self.number


class TextFingerprint(models.Model):
    """MinHash signature of an application's text (title, abstract, objectives) for the duplicate check."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="fingerprint")
    signature = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"fingerprint of {self.application_id}"


class LshBand(models.Model):
    """One LSH band key of a fingerprint: items sharing any band key become candidates."""

    fingerprint = models.ForeignKey(TextFingerprint, on_delete=models.CASCADE, related_name="bands")
    band = models.PositiveSmallIntegerField()
    key = models.CharField(max_length=40)

    class Meta:
        indexes = [models.Index(fields=["band", "key"])]

    def __str__(self) -> str:
        return f"{self.band}:{self.key}"


class DuplicateReport(models.Model):
    """The result of one duplicate check (查重) of an application against all others."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="duplicate_reports")
    created_at = models.DateTimeField(auto_now_add=True)
    corpus_size = models.PositiveIntegerField(default=0)
    matches = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("duplicate check report")

    def __str__(self) -> str:
        return f"report {self.pk} of {self.application_id}"

    @property
    def top_similarity(self) -> float:
        return max((m["similarity"] for m in self.matches), default=0.0)

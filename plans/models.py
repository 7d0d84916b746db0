"""S&T programs and their yearly calls (申报指南) with topics, challenges and quotas."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orgs.models import UnitType


class ProgramKind(models.TextChoices):
    KEY_RD = "key_rd", _("Key R&D program")
    NATURAL_SCIENCE = "natural_science", _("Natural science foundation")
    MAJOR = "major", _("Major S&T project")
    CHALLENGE = "challenge", _("Open competition (challenge list)")
    INNOVATION_FUND = "innovation_fund", _("Innovation fund")
    OTHER = "other", _("Other")


class Program(models.Model):
    """A plan category (计划类别), run by one office of the agency."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ProgramKind)
    office = models.ForeignKey("orgs.Office", on_delete=models.PROTECT, verbose_name=_("managing office"))
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["office__sort_order", "name"]
        verbose_name = _("program")

    def __str__(self) -> str:
        return self.name


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class RecommendationPath(models.TextChoices):
    VIA_RECOMMENDER = "via_recommender", _("Unit → recommender → agency")
    DIRECT = "direct", _("Unit → agency")


class ReviewMode(models.TextChoices):
    REMOTE = "remote", _("Remote review")
    PANEL = "panel", _("Panel review")
    REMOTE_THEN_PANEL = "remote_then_panel", _("Remote review, then panel review")


class Call(models.Model):
    """A yearly call for applications (申报指南) with everything the rules need."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="calls", verbose_name=_("program"))
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    notice = models.TextField(_("call notice"), help_text=_("The text published on the public portal."))
    status = models.CharField(_("status"), max_length=16, choices=CallStatus, default=CallStatus.DRAFT)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    eligible_unit_types = models.JSONField(_("eligible unit types"), default=list)
    pi_max_age = models.PositiveSmallIntegerField(_("PI age limit"), null=True, blank=True)
    pi_titles = models.JSONField(_("PI titles accepted"), default=list, blank=True)
    limit_per_pi = models.PositiveSmallIntegerField(_("applications per PI in this call"), default=1)
    limit_active_projects_per_pi = models.PositiveSmallIntegerField(_("active projects per PI"), null=True, blank=True)
    limit_per_unit = models.PositiveIntegerField(_("applications per unit"), null=True, blank=True)
    recommendation_path = models.CharField(
        _("recommendation path"), max_length=20, choices=RecommendationPath, default=RecommendationPath.VIA_RECOMMENDER
    )
    budget_cap = models.DecimalField(
        _("grant cap per project (10k yuan)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    required_attachments = models.JSONField(_("required attachment kinds"), default=list, blank=True)
    review_mode = models.CharField(_("review plan"), max_length=20, choices=ReviewMode, default=ReviewMode.REMOTE)
    reviewers_per_item = models.PositiveSmallIntegerField(
        _("experts per application"), default=5, validators=[MinValueValidator(3)]
    )
    off_site_review = models.BooleanField(
        _("off-site review"), default=True, help_text=_("Experts from the applicant's city are excluded.")
    )
    publicity_working_days = models.PositiveSmallIntegerField(
        _("publicity period (working days)"), default=5, validators=[MinValueValidator(1)]
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-opens_at"]
        verbose_name = _("call")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        now = timezone.now()
        return self.status == CallStatus.PUBLISHED and self.opens_at <= now < self.closes_at

    @property
    def eligible_unit_type_labels(self) -> list[str]:
        labels = dict(UnitType.choices)
        return [str(labels.get(code, code)) for code in self.eligible_unit_types]

    @property
    def is_challenge(self) -> bool:
        return self.program.kind == ProgramKind.CHALLENGE


class Topic(models.Model):
    """A direction of a call (指南方向)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="topics")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    budget_cap = models.DecimalField(
        _("grant cap (10k yuan)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leave empty to use the call's cap."),
    )

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["call", "code"], name="unique_topic_code")]
        verbose_name = _("topic")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Challenge(models.Model):
    """One entry of a 揭榜挂帅 challenge list: a requirement, its prize and its own deadline."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="challenges")
    title = models.CharField(_("title"), max_length=200)
    requirement = models.TextField(_("requirement"))
    prize_amount = models.DecimalField(
        _("prize (10k yuan)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    deadline = models.DateField(_("deadline for delivery"))
    issuer = models.CharField(_("issuing enterprise or body"), max_length=100, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("challenge")

    def __str__(self) -> str:
        return self.title


class RecommenderQuota(models.Model):
    """How many applications one recommender may recommend in a call."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="quotas")
    recommender = models.ForeignKey("orgs.Recommender", on_delete=models.CASCADE, verbose_name=_("recommender"))
    quota = models.PositiveIntegerField(_("quota"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["call", "recommender"], name="unique_call_quota")]
        verbose_name = _("recommendation quota")

    def __str__(self) -> str:
        return f"{self.recommender}: {self.quota}"

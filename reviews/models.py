"""Expert review (专家评审): rounds with a rubric, assignments, reviews, panel sessions.

- ``ReviewRound`` (评审批次) belongs to a call: remote review (通讯评审) or panel review (会议评审),
  with its rubric (``Criterion`` rows: 评分标准), reviewers per item, load limit, deadline, blind
  mode and the off-site rule (异地评审). Award batches and acceptance will add their own owners.
- ``ReviewItem`` is one application in a round, with its aggregated score and rank.
- ``Assignment`` is one expert on one item: proposed by the solver or the officer, invited,
  accepted or declined (or expired, conflicted, withdrawn); declined places are refilled.
- ``Review`` is the expert's scores per criterion, recommendation and review comment (评审意见):
  a draft until submitted, then locked; only an officer may reopen it, with a reason.
- ``AvoidanceRequest``: an applicant asks that up to three named experts do not review.
- ``ConflictOverride``: an officer assigns a pair despite a conflict, with the reason (audited).
- ``PanelSession`` with ``PanelVote`` rows: agree / disagree / abstain per item, with a pass share.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_APPLICANT_AVOIDANCES = 3


class RoundKind(models.TextChoices):
    REMOTE = "remote", _("Remote review")
    PANEL = "panel", _("Panel review")


class OffSite(models.TextChoices):
    NONE = "", _("No off-site rule")
    CITY = "city", _("Exclude experts from the applicant's city")
    PROVINCE = "province", _("Exclude experts from the applicant's province")


class Aggregation(models.TextChoices):
    MEAN = "mean", _("Mean")
    TRIMMED = "trimmed", _("Trimmed mean (drop the highest and the lowest)")
    NORMALISED = "normalised", _("Mean of per-expert normalised scores")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    PROPOSED = "proposed", _("Assignment proposed")
    IN_REVIEW = "in_review", _("In review")
    CLOSED = "closed", _("Results published")


class ReviewRound(models.Model):
    """One review of the applications of a call, with its rules."""

    call = models.ForeignKey("plans.Call", on_delete=models.PROTECT, related_name="review_rounds")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("review form"), max_length=10, choices=RoundKind, default=RoundKind.REMOTE)
    status = models.CharField(_("status"), max_length=12, choices=RoundStatus, default=RoundStatus.DRAFT)
    reviewers_per_item = models.PositiveSmallIntegerField(
        _("experts per application"), default=5, validators=[MinValueValidator(1), MaxValueValidator(15)]
    )
    max_load = models.PositiveSmallIntegerField(
        _("maximum applications per expert"), default=10, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    deadline = models.DateTimeField(_("scoring deadline"))
    answer_days = models.PositiveSmallIntegerField(
        _("days to answer an invitation"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("Invitations not answered in time are replaced automatically."),
    )
    blind = models.BooleanField(
        _("blind review"), default=True, help_text=_("Applicant identity is hidden from experts.")
    )
    off_site = models.CharField(_("off-site rule"), max_length=10, choices=OffSite, blank=True, default=OffSite.CITY)
    group_by_discipline = models.BooleanField(
        _("group by discipline"), default=True, help_text=_("Rank within first-level discipline groups as well.")
    )
    aggregation = models.CharField(_("aggregation"), max_length=12, choices=Aggregation, default=Aggregation.TRIMMED)
    dispersion_limit = models.DecimalField(
        _("dispersion limit (standard deviation, points)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("12"),
        validators=[MinValueValidator(0)],
        help_text=_("Applications whose scores spread more than this are flagged for discussion."),
    )
    min_comment_length = models.PositiveSmallIntegerField(
        _("minimum length of a review comment"), default=50, validators=[MaxValueValidator(2000)]
    )
    randomise = models.BooleanField(
        _("randomised assignment"), default=False, help_text=_("Caps the probability of any expert–application pair.")
    )
    pair_cap = models.DecimalField(
        _("highest probability of one pair"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(Decimal("0.05")), MaxValueValidator(1)],
    )
    pass_share = models.DecimalField(
        _("pass share of a panel vote"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.667"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(1)],
        help_text=_("Share of the experts present who must agree, e.g. 0.667 for two thirds."),
    )
    assignment_report = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("results published at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("review round")

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    """One line of the rubric (评分标准): scored from 0 to ``max_score``, weighted into 100 points."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=100)
    guidance = models.CharField(_("scoring guidance"), max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_score = models.PositiveSmallIntegerField(
        _("maximum score"), default=10, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("criterion")

    def __str__(self) -> str:
        return self.name


class Recommendation(models.TextChoices):
    STRONG = "strong", _("Support with priority")
    SUPPORT = "support", _("Support")
    NOT = "not", _("Do not support")


class ReviewItem(models.Model):
    """One application under review in a round, with what the round concluded of it."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="items")
    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT, related_name="review_items")
    code = models.CharField(_("review number"), max_length=20)
    discipline_group = models.CharField(_("discipline group"), max_length=10, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    group_rank = models.PositiveIntegerField(_("rank in discipline group"), null=True, blank=True)
    spread = models.DecimalField(_("standard deviation"), max_digits=5, decimal_places=2, null=True, blank=True)
    flagged = models.BooleanField(_("flagged for discussion"), default=False)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["round", "application"], name="review_item_once_per_round")]
        verbose_name = _("review item")

    def __str__(self) -> str:
        return self.code


class AssignmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("No answer in time")
    CONFLICTED = "conflicted", _("Conflict declared")
    WITHDRAWN = "withdrawn", _("Withdrawn by the officer")


# Assignments that hold a place (count against demand and load).
ACTIVE = (AssignmentStatus.PROPOSED, AssignmentStatus.INVITED, AssignmentStatus.ACCEPTED)
# Assignments after which the expert may never be proposed for the item again.
ENDED = (AssignmentStatus.DECLINED, AssignmentStatus.EXPIRED, AssignmentStatus.CONFLICTED, AssignmentStatus.WITHDRAWN)


class AssignmentSource(models.TextChoices):
    SOLVER = "solver", _("Optimal assignment")
    OFFICER = "officer", _("Added by the officer")
    REPLACEMENT = "replacement", _("Automatic replacement")


class Assignment(models.Model):
    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="assignments")
    item = models.ForeignKey(ReviewItem, on_delete=models.CASCADE, related_name="assignments")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_assignments")
    status = models.CharField(_("status"), max_length=12, choices=AssignmentStatus, default=AssignmentStatus.PROPOSED)
    source = models.CharField(_("source"), max_length=12, choices=AssignmentSource, default=AssignmentSource.SOLVER)
    affinity = models.FloatField(_("affinity"), default=0)
    invited_at = models.DateTimeField(null=True, blank=True)
    answer_by = models.DateTimeField(_("answer by"), null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    no_conflict_confirmed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item__code", "pk"]
        constraints = [models.UniqueConstraint(fields=["item", "expert"], name="assignment_once_per_pair")]
        indexes = [models.Index(fields=["expert", "status"]), models.Index(fields=["round", "status"])]
        verbose_name = _("review assignment")

    def __str__(self) -> str:
        return f"{self.item_id} ← {self.expert_id}"


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Review(models.Model):
    """One expert's scores and review comment (评审意见) on one item."""

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="review")
    scores = models.JSONField(default=dict, blank=True)  # {criterion id (str): score}
    total = models.DecimalField(_("total score"), max_digits=5, decimal_places=2, null=True, blank=True)
    recommendation = models.CharField(_("recommendation"), max_length=10, choices=Recommendation, blank=True)
    comment = models.TextField(_("review comment"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ReviewStatus, default=ReviewStatus.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.CharField(_("reason for reopening"), max_length=300, blank=True)
    # Anonymous label for feedback to applicants (专家A, 专家B, ...), fixed when results are published.
    alias = models.CharField(max_length=4, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("review")

    def __str__(self) -> str:
        return f"{self.assignment_id}: {self.total}"


class AvoidanceRequest(models.Model):
    """An applicant's request that a named expert not review the application (at most three)."""

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="avoidance_requests"
    )
    name = models.CharField(_("expert's name"), max_length=50)
    unit_name = models.CharField(_("expert's unit"), max_length=100)
    reason = models.CharField(_("reason"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("avoidance request")

    def __str__(self) -> str:
        return f"{self.name}（{self.unit_name}）"


class ConflictOverride(models.Model):
    """An officer's decision to let an expert review despite an overridable conflict."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="overrides")
    item = models.ForeignKey(ReviewItem, on_delete=models.CASCADE, related_name="overrides")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    conflicts = models.JSONField(default=list)  # the reasons overridden
    reason = models.CharField(_("reason for the override"), max_length=300)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "expert"], name="override_once_per_pair")]
        verbose_name = _("conflict override")

    def __str__(self) -> str:
        return f"{self.item_id} ← {self.expert_id}: {self.reason}"


class SessionStatus(models.TextChoices):
    OPEN = "open", _("Voting open")
    CLOSED = "closed", _("Closed, results recorded")


class PanelSession(models.Model):
    """A panel meeting (会议评审) of a round: the experts present vote on each item."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="panel_sessions")
    title = models.CharField(_("title"), max_length=200)
    held_at = models.DateTimeField(_("held at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="panel_sessions", verbose_name=_("experts present")
    )
    items = models.ManyToManyField(ReviewItem, related_name="panel_sessions", verbose_name=_("applications discussed"))
    status = models.CharField(_("status"), max_length=8, choices=SessionStatus, default=SessionStatus.OPEN)
    results = models.JSONField(
        default=dict, blank=True
    )  # {item id: {agree, disagree, abstain, present, needed, passed}}
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-held_at"]
        verbose_name = _("panel session")

    def __str__(self) -> str:
        return self.title


class Vote(models.TextChoices):
    AGREE = "agree", _("Agree")
    DISAGREE = "disagree", _("Disagree")
    ABSTAIN = "abstain", _("Abstain")


class PanelVote(models.Model):
    session = models.ForeignKey(PanelSession, on_delete=models.CASCADE, related_name="votes")
    item = models.ForeignKey(ReviewItem, on_delete=models.CASCADE, related_name="+")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    vote = models.CharField(_("vote"), max_length=10, choices=Vote)
    cast_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "item", "expert"], name="one_vote_per_item")]
        verbose_name = _("panel vote")

    def __str__(self) -> str:
        return f"{self.session_id}/{self.item_id}"

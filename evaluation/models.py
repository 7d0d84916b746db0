"""Reports and evaluations of party building.

- ``BimonthlyReport`` (双月工作汇报): a branch secretary's report on each two-month period, due
  on a fixed day after the period, with the higher committee's comment.
- ``ReviewCampaign`` (述职评议): secretaries of the organizations in scope submit written reports
  (``ReviewSubject``); evaluators (``ReviewEvaluator``: leaders, members of the organs, member
  representatives) rate each subject per dimension on the campaign's scale. Ratings are kept only
  as counts (``ReviewTally``): no row links a rating to whoever gave it. Leaders add named comments
  (点评, ``ReviewComment``); problems found become follow-up items (``ReviewFinding``).
- ``MemberEvaluation`` (民主评议党员): a branch's yearly evaluation: self-assessments, mutual
  assessment (counts again), and the branch committee's grade for each full member.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BimonthlyReport(models.Model):
    organization = models.ForeignKey(
        "party.PartyOrganization", on_delete=models.PROTECT, related_name="bimonthly_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.PositiveSmallIntegerField(_("period"))  # 1 = January–February … 6 = November–December
    work_done = models.TextField(_("work done"))
    problems = models.TextField(_("problems and their causes"), blank=True)
    next_steps = models.TextField(_("plans for the next period"), blank=True)
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(_("comment of the committee"), blank=True)
    commented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    commented_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "-period"]
        constraints = [models.UniqueConstraint(fields=["organization", "year", "period"], name="one_report_a_period")]
        verbose_name = _("bi-monthly report")

    def __str__(self) -> str:
        return f"{self.organization} {self.year}-{self.period}"


class CampaignStatus(models.TextChoices):
    REPORTING = "reporting", _("Secretaries reporting")
    RATING = "rating", _("Rating")
    CLOSED = "closed", _("Results published")


class ReviewCampaign(models.Model):
    """One annual review. ``scale``: [{"label": "好", "score": 100, "min": 90}, ...] best first,
    ``min`` being the lowest overall score for that grade; ``dimensions``: [{"name": ..., "weight": 40}]."""

    title = models.CharField(_("title"), max_length=120)
    year = models.PositiveSmallIntegerField(_("year"))
    organization = models.ForeignKey(
        "party.PartyOrganization", on_delete=models.PROTECT, related_name="review_campaigns", verbose_name=_("held by")
    )
    scale = models.JSONField(_("rating scale"))
    dimensions = models.JSONField(_("dimensions and weights"))
    status = models.CharField(_("status"), max_length=10, choices=CampaignStatus, default=CampaignStatus.REPORTING)
    reports_due = models.DateField(_("reports due"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("annual review")

    def __str__(self) -> str:
        return self.title


class ReviewSubject(models.Model):
    campaign = models.ForeignKey(ReviewCampaign, on_delete=models.CASCADE, related_name="subjects")
    organization = models.ForeignKey("party.PartyOrganization", on_delete=models.PROTECT, related_name="+")
    secretary = models.ForeignKey("party.PartyMember", on_delete=models.PROTECT, related_name="+")
    report = models.TextField(_("written report"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=20, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)

    class Meta:
        ordering = ["campaign", "rank", "organization__name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "organization"], name="one_subject_per_org")]
        verbose_name = _("reviewed secretary")

    def __str__(self) -> str:
        return f"{self.secretary} ({self.organization})"


class EvaluatorGroup(models.TextChoices):
    LEADER = "leader", _("Leaders")
    ORGAN = "organ", _("Members of the organs")
    REPRESENTATIVE = "representative", _("Member representatives")


class ReviewEvaluator(models.Model):
    """Who may rate, and whether they have: never what they rated."""

    campaign = models.ForeignKey(ReviewCampaign, on_delete=models.CASCADE, related_name="evaluators")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_ballots")
    group = models.CharField(_("group"), max_length=16, choices=EvaluatorGroup)
    voted = models.BooleanField(_("has rated"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "user"], name="one_ballot_per_evaluator")]
        verbose_name = _("evaluator")

    def __str__(self) -> str:
        return f"{self.user} {self.campaign}"


class ReviewTally(models.Model):
    """How many evaluators of a group gave a subject a level on a dimension. Random keys and no
    timestamps, so neither the rows' order nor their times tie them to a ballot."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subject = models.ForeignKey(ReviewSubject, on_delete=models.CASCADE, related_name="tallies")
    dimension = models.PositiveSmallIntegerField()  # index into campaign.dimensions
    group = models.CharField(max_length=16, choices=EvaluatorGroup)
    level = models.PositiveSmallIntegerField()  # index into campaign.scale
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subject", "dimension", "group", "level"], name="one_tally_cell")
        ]
        verbose_name = _("rating count")

    def __str__(self) -> str:
        return f"{self.subject_id} d{self.dimension} {self.group} l{self.level}: {self.count}"


class ReviewComment(models.Model):
    """A leader's named comment (点评) on a secretary's report."""

    subject = models.ForeignKey(ReviewSubject, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("comment")

    def __str__(self) -> str:
        return f"{self.author} → {self.subject}"


class ReviewFinding(models.Model):
    """A problem found in the review, to be followed up by its owner by the deadline."""

    subject = models.ForeignKey(ReviewSubject, on_delete=models.CASCADE, related_name="findings")
    problem = models.TextField(_("problem"))
    owner = models.ForeignKey("party.PartyMember", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner"))
    deadline = models.DateField(_("deadline"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["deadline"]
        verbose_name = _("finding")

    def __str__(self) -> str:
        return self.problem[:40]


class EvaluationStage(models.TextChoices):
    SELF = "self", _("Self-assessment")
    MUTUAL = "mutual", _("Mutual assessment")
    GRADING = "grading", _("Branch committee grading")
    CLOSED = "closed", _("Closed")


class MemberGrade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent (优秀)")
    QUALIFIED = "qualified", _("Qualified (合格)")
    BASICALLY = "basically", _("Basically qualified (基本合格)")
    UNQUALIFIED = "unqualified", _("Unqualified (不合格)")


class MemberEvaluation(models.Model):
    organization = models.ForeignKey(
        "party.PartyOrganization", on_delete=models.PROTECT, related_name="member_evaluations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    stage = models.CharField(_("stage"), max_length=10, choices=EvaluationStage, default=EvaluationStage.SELF)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="one_member_evaluation_a_year")]
        verbose_name = _("member evaluation")

    def __str__(self) -> str:
        return f"{self.organization} {self.year}"


class EvaluationEntry(models.Model):
    """One member in a branch's evaluation: the self-assessment and, for full members, the grade."""

    evaluation = models.ForeignKey(MemberEvaluation, on_delete=models.CASCADE, related_name="entries")
    member = models.ForeignKey("party.PartyMember", on_delete=models.PROTECT, related_name="evaluation_entries")
    self_assessment = models.TextField(_("self-assessment"), blank=True)
    grade = models.CharField(_("grade"), max_length=12, choices=MemberGrade, blank=True)
    mutual_done = models.BooleanField(default=False)  # has rated the others (never what they gave)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["evaluation", "member"], name="one_entry_per_member")]
        verbose_name = _("evaluation entry")

    def __str__(self) -> str:
        return f"{self.member} {self.evaluation}"


class MutualTally(models.Model):
    """How many members rated a member at a grade in the mutual assessment (counts only)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    entry = models.ForeignKey(EvaluationEntry, on_delete=models.CASCADE, related_name="tallies")
    grade = models.CharField(max_length=12, choices=MemberGrade)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "grade"], name="one_mutual_cell")]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.grade}: {self.count}"


class DutyRole(models.TextChoices):
    SECRETARY = "secretary", _("Secretary (第一责任人)")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    LEADING_GROUP_MEMBER = "leading_group_member", _("Leading-group member (一岗双责)")


class DutyList(models.Model):
    """A duty list (责任清单) of one holder for a year: what they answer for in party building."""

    organization = models.ForeignKey("party.PartyOrganization", on_delete=models.PROTECT, related_name="duty_lists")
    year = models.PositiveSmallIntegerField(_("year"))
    role = models.CharField(_("role"), max_length=22, choices=DutyRole)
    holder = models.ForeignKey(
        "party.PartyMember", on_delete=models.PROTECT, related_name="duty_lists", verbose_name=_("holder")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-year", "organization", "role"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "role", "holder"], name="one_duty_list_per_holder")
        ]
        verbose_name = _("duty list")

    def __str__(self) -> str:
        return f"{self.holder} {self.year} {self.get_role_display()}"


class DutyItem(models.Model):
    duty_list = models.ForeignKey(DutyList, on_delete=models.CASCADE, related_name="items")
    text = models.CharField(_("duty"), max_length=300)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    evidence = models.TextField(_("evidence of progress"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)  # optimistic lock

    class Meta:
        ordering = ["duty_list", "pk"]
        verbose_name = _("duty")

    def __str__(self) -> str:
        return self.text[:40]


class HonourKind(models.TextChoices):
    ORGANIZATION = "organization", _("Advanced party organization (先进基层党组织)")
    MEMBER = "member", _("Outstanding party member (优秀共产党员)")
    WORKER = "worker", _("Outstanding party worker (优秀党务工作者)")


class HonourSource(models.TextChoices):
    REVIEW = "review", _("Annual review")
    EVALUATION = "evaluation", _("Democratic evaluation of members")
    STUDY = "study", _("Study results")
    OTHER = "other", _("Other achievements")


class Honour(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("honour"), max_length=14, choices=HonourKind)
    organization = models.ForeignKey(
        "party.PartyOrganization", null=True, blank=True, on_delete=models.PROTECT, related_name="honours"
    )
    member = models.ForeignKey(
        "party.PartyMember", null=True, blank=True, on_delete=models.PROTECT, related_name="honours"
    )
    source = models.CharField(_("on the basis of"), max_length=12, choices=HonourSource)
    reason = models.TextField(_("deeds"))
    document = models.CharField(_("decision document"), max_length=100)
    awarded_on = models.DateField(_("awarded on"))
    awarded_by = models.ForeignKey(
        "party.PartyOrganization",
        on_delete=models.PROTECT,
        related_name="honours_awarded",
        verbose_name=_("awarded by"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-year", "kind"]
        verbose_name = _("honour")

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()}"

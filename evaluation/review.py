"""The annual review of secretaries (述职评议) as a campaign.

1. The campaign is set up by the managers of the organization holding it, with the subjects
   (the secretaries of the organizations in scope), the evaluators by group, the rating scale
   (default 好/较好/一般/差) and the dimensions with their weights.
2. Reporting: each secretary submits a written report (述职报告).
3. Rating: each evaluator rates every subject on every dimension in one ballot. The ballot adds
   one to a count per (subject, dimension, group, level) and marks the evaluator as having
   voted; nothing records which levels an evaluator gave, so no page, export or API response can
   trace a rating to its rater. Leaders add named comments (点评).
4. Closing computes each subject's score (per dimension the mean of the level scores, weighted by
   the dimension weights), grade (the best level whose ``min`` the score reaches), rank (1, 2,
   2, 4) and the distribution; findings become follow-up items with owner and deadline.
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from evaluation.models import (
    CampaignStatus,
    EvaluatorGroup,
    ReviewCampaign,
    ReviewComment,
    ReviewEvaluator,
    ReviewFinding,
    ReviewSubject,
    ReviewTally,
)
from notifications.services import notify
from party.models import PartyPost, Post
from party.permissions import require_manager
from reviews.aggregate import competition_rank

DEFAULT_SCALE = [
    {"label": "好", "score": 100, "min": 90},
    {"label": "较好", "score": 80, "min": 75},
    {"label": "一般", "score": 60, "min": 60},
    {"label": "差", "score": 40, "min": 0},
]
# The scales a review can use (述职评议 commonly uses the first); each is data on the campaign.
SCALES = {
    "standard": DEFAULT_SCALE,
    "excellent": [
        {"label": "优秀", "score": 100, "min": 90},
        {"label": "良好", "score": 80, "min": 75},
        {"label": "一般", "score": 60, "min": 60},
        {"label": "较差", "score": 40, "min": 0},
    ],
    "satisfaction": [
        {"label": "满意", "score": 100, "min": 85},
        {"label": "基本满意", "score": 70, "min": 60},
        {"label": "不满意", "score": 40, "min": 0},
    ],
}
DEFAULT_DIMENSIONS = [
    {"name": "履行第一责任人职责", "weight": 30},
    {"name": "抓基层组织建设和党员队伍建设", "weight": 30},
    {"name": "推动党建与科研业务融合", "weight": 25},
    {"name": "作风建设和廉洁自律", "weight": 15},
]


def _check_scale(scale: list[dict], dimensions: list[dict]) -> None:
    errors: dict[str, list] = {}
    if len(scale) < 2 or any(not str(s.get("label", "")).strip() for s in scale):
        errors["scale"] = [_("The scale needs at least two named levels.")]
    elif [s["min"] for s in scale] != sorted((s["min"] for s in scale), reverse=True) or scale[-1]["min"] != 0:
        errors["scale"] = [_("List the levels best first; the last level starts at 0.")]
    if not dimensions or sum(int(d.get("weight", 0)) for d in dimensions) != 100:
        errors["dimensions"] = [_("The dimension weights must add up to 100.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def campaign_create(
    *, actor, organization, title: str, year: int, reports_due, subjects, evaluators, scale=None, dimensions=None
) -> ReviewCampaign:
    """``subjects``: organizations whose secretaries are reviewed; ``evaluators``: (user, group)."""
    require_manager(actor, organization.pk)
    scale, dimensions = scale or DEFAULT_SCALE, dimensions or DEFAULT_DIMENSIONS
    _check_scale(scale, dimensions)
    campaign = ReviewCampaign.objects.create(
        title=title.strip(),
        year=year,
        organization=organization,
        scale=scale,
        dimensions=dimensions,
        reports_due=reports_due,
        created_by=actor,
    )
    secretaries = {
        p.organization_id: p.member
        for p in PartyPost.objects.filter(
            organization__in=subjects, post=Post.SECRETARY, member__is_active=True
        ).select_related("member")
    }
    missing = [o.name for o in subjects if o.pk not in secretaries]
    if missing:
        raise ValidationError(_("No secretary on record for: %(names)s.") % {"names": "、".join(missing)})
    ReviewSubject.objects.bulk_create(
        [ReviewSubject(campaign=campaign, organization=o, secretary=secretaries[o.pk]) for o in subjects]
    )
    unique: dict[int, tuple] = {}
    for user, group in evaluators:  # listed twice (or also a leader): one ballot, the first group
        unique.setdefault(user.pk, (user, group))
    ReviewEvaluator.objects.bulk_create(
        [ReviewEvaluator(campaign=campaign, user=user, group=group) for user, group in unique.values()]
    )
    notify(
        recipients=[secretaries[o.pk].user for o in subjects if secretaries[o.pk].user_id],
        title=_("%(title)s: write your report by %(date)s")
        % {"title": campaign.title, "date": reports_due.isoformat()},
        url=reverse("evaluation:review", args=[campaign.pk]),
    )
    audit_record(
        actor=actor,
        action="review_campaign.create",
        target=campaign,
        after={"subjects": len(subjects), "evaluators": len(unique)},
    )
    return campaign


def _advance(actor, campaign: ReviewCampaign, status: str) -> ReviewCampaign:
    require_manager(actor, campaign.organization_id)
    campaign.status = status
    campaign.save(update_fields=["status"])
    audit_record(actor=actor, action=f"review_campaign.{status}", target=campaign)
    return campaign


@transaction.atomic
def report_submit(*, actor, subject: ReviewSubject, report: str) -> ReviewSubject:
    """The secretary's own written report, while the campaign is collecting reports."""
    locked = ReviewSubject.objects.select_for_update().select_related("campaign", "secretary").get(pk=subject.pk)
    if locked.secretary.user_id != actor.pk:
        raise PermissionDenied
    if locked.campaign.status != CampaignStatus.REPORTING:
        raise ValidationError(_("Reports are no longer collected."))
    if len(report.strip()) < 100:
        raise ValidationError({"report": [_("The written report needs at least 100 characters.")]})
    locked.report, locked.submitted_at = report.strip(), timezone.now()
    locked.save(update_fields=["report", "submitted_at"])
    audit_record(actor=actor, action="review_report.submit", target=locked)
    return locked


@transaction.atomic
def rating_open(*, actor, campaign: ReviewCampaign) -> ReviewCampaign:
    campaign = ReviewCampaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != CampaignStatus.REPORTING:
        raise ValidationError(_("Rating is already open."))
    late = [s.organization.name for s in campaign.subjects.select_related("organization") if not s.submitted_at]
    if late:
        raise ValidationError(_("Reports missing from: %(names)s.") % {"names": "、".join(late)})
    # Every count exists (at zero) before the first ballot, so a ballot only ever adds to counts
    # and creates no row of its own.
    groups = set(campaign.evaluators.values_list("group", flat=True))
    ReviewTally.objects.bulk_create(
        [
            ReviewTally(subject=subject, dimension=d, group=group, level=level)
            for subject in campaign.subjects.all()
            for d in range(len(campaign.dimensions))
            for group in groups
            for level in range(len(campaign.scale))
        ]
    )
    notify(
        recipients=[e.user for e in campaign.evaluators.select_related("user")],
        title=_("%(title)s: rating is open") % {"title": campaign.title},
        body=_("Your ratings are anonymous: only the number of each level is kept."),
        url=reverse("evaluation:review", args=[campaign.pk]),
    )
    return _advance(actor, campaign, CampaignStatus.RATING)


@transaction.atomic
def ballot_cast(*, actor, campaign: ReviewCampaign, levels: dict[tuple[int, int], int]) -> None:
    """One evaluator's ratings: ``levels[(subject_id, dimension)] = level index``, every cell.

    Adds to the counts and marks the evaluator as having voted, in one transaction; the audit
    event says that a ballot was cast, never what it held."""
    # A shared lock on the campaign row: the results cannot be computed while a ballot is counted.
    campaign = ReviewCampaign.objects.select_for_update().get(pk=campaign.pk)
    evaluator = ReviewEvaluator.objects.select_for_update().filter(campaign=campaign, user=actor).first()
    if evaluator is None:
        raise PermissionDenied
    if campaign.status != CampaignStatus.RATING:
        raise ValidationError(_("Rating is not open."))
    if evaluator.voted:
        raise ValidationError(_("You have already rated in this review."))
    subjects = list(campaign.subjects.values_list("pk", flat=True))
    cells = {(s, d) for s in subjects for d in range(len(campaign.dimensions))}
    if set(levels) != cells:
        raise ValidationError(_("Rate every secretary on every dimension."))
    if any(not 0 <= level < len(campaign.scale) for level in levels.values()):
        raise ValidationError(_("Choose a level of the scale."))
    for (subject, dimension), level in levels.items():
        ReviewTally.objects.filter(subject_id=subject, dimension=dimension, group=evaluator.group, level=level).update(
            count=F("count") + 1
        )
    evaluator.voted = True
    evaluator.save(update_fields=["voted"])
    audit_record(actor=actor, action="review_ballot.cast", target=campaign)


@transaction.atomic
def comment_add(*, actor, subject: ReviewSubject, text: str) -> ReviewComment:
    """A leader's named comment (点评)."""
    if not ReviewEvaluator.objects.filter(
        campaign=subject.campaign_id, user=actor, group=EvaluatorGroup.LEADER
    ).exists():
        raise PermissionDenied
    if len(text.strip()) < 10:
        raise ValidationError({"text": [_("Write the comment (at least 10 characters).")]})
    comment = ReviewComment.objects.create(subject=subject, author=actor, text=text.strip())
    audit_record(actor=actor, action="review_comment.add", target=subject)
    return comment


def scores(campaign: ReviewCampaign) -> dict[int, dict]:
    """Per subject: score, grade, per-dimension means, level distribution (one query)."""
    per: dict[int, dict] = defaultdict(
        lambda: {"dims": defaultdict(lambda: [0, 0]), "levels": [0] * len(campaign.scale)}
    )
    rows = (
        ReviewTally.objects.filter(subject__campaign=campaign)
        .values("subject", "dimension", "level")
        .annotate(n=Sum("count"))
    )
    for row in rows:
        cell = per[row["subject"]]
        worth = campaign.scale[row["level"]]["score"]
        cell["dims"][row["dimension"]][0] += worth * row["n"]
        cell["dims"][row["dimension"]][1] += row["n"]
        cell["levels"][row["level"]] += row["n"]
    total_weight = Decimal(sum(d["weight"] for d in campaign.dimensions))
    found = {}
    for subject, cell in per.items():
        if not sum(cell["levels"]):
            continue  # nobody rated this subject: no score rather than the worst grade
        means = {d: Decimal(s) / n for d, (s, n) in cell["dims"].items() if n}
        score = sum((means.get(d, Decimal(0)) * dim["weight"] for d, dim in enumerate(campaign.dimensions)), Decimal(0))
        score = (score / total_weight).quantize(Decimal("0.01"), ROUND_HALF_UP)
        grade = next(s["label"] for s in campaign.scale if score >= s["min"])
        found[subject] = {"score": score, "grade": grade, "means": means, "levels": cell["levels"]}
    return found


@transaction.atomic
def campaign_close(*, actor, campaign: ReviewCampaign) -> ReviewCampaign:
    """Compute and publish the results: score, grade and rank (1, 2, 2, 4) of every subject."""
    campaign = ReviewCampaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != CampaignStatus.RATING:
        raise ValidationError(_("Rating is not open."))
    if not campaign.evaluators.filter(voted=True).exists():
        raise ValidationError(_("Nobody has rated yet; the results cannot be published."))
    results_store(campaign)
    return _advance(actor, campaign, CampaignStatus.CLOSED)


def results_store(campaign: ReviewCampaign) -> None:
    """Each subject's score, grade and rank (1, 2, 2, 4) from the counts; unrated: none."""
    results = scores(campaign)
    subjects = list(campaign.subjects.all())
    ranks = competition_rank({s.pk: results[s.pk]["score"] for s in subjects if s.pk in results})
    for subject in subjects:
        found = results.get(subject.pk)
        subject.score, subject.grade = (found["score"], found["grade"]) if found else (None, "")
        subject.rank = ranks.get(subject.pk)
    ReviewSubject.objects.bulk_update(subjects, ["score", "grade", "rank"])


@transaction.atomic
def finding_add(*, actor, subject: ReviewSubject, problem: str, owner, deadline) -> ReviewFinding:
    """A problem found, with its owner and deadline (the rectification ledger builds on these)."""
    require_manager(actor, subject.campaign.organization_id)
    errors: dict[str, list] = {}
    if not problem.strip():
        errors["problem"] = [_("Describe the problem.")]
    if deadline is None or deadline < timezone.localdate():
        errors["deadline"] = [_("Give a deadline from today on.")]
    if errors:
        raise ValidationError(errors)
    finding = ReviewFinding.objects.create(
        subject=subject, problem=problem.strip(), owner=owner, deadline=deadline, created_by=actor
    )
    audit_record(actor=actor, action="review_finding.add", target=subject, after={"deadline": deadline.isoformat()})
    return finding

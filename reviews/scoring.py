"""Scoring: the expert's review (draft, submit, reopened by an officer) and the round's results."""

import secrets
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import ApplicationStatus
from approvals.models import ScoreSource
from approvals.services import review_score_record
from audit.services import audit_record
from core.errors import EditConflict
from core.workflow import Workflow, transition_apply
from notifications.services import notify
from reviews.aggregate import competition_rank, item_scores, spread
from reviews.models import (
    AssignmentStatus,
    Recommendation,
    Review,
    ReviewItem,
    ReviewRound,
    ReviewStatus,
    RoundStatus,
)
from reviews.permissions import runs_round
from reviews.services import ROUND_WORKFLOW

STEP = Decimal("0.5")
ALIASES = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _round_open(review: Review, actor, changes) -> None:
    round = review.assignment.round
    if round.status == RoundStatus.CLOSED:
        raise ValidationError(_("The results are published; reviews can no longer change."))
    if timezone.now() >= round.deadline:
        raise ValidationError(_("The scoring deadline has passed: extend it first, so the expert can submit again."))


REVIEW_WORKFLOW = (
    Workflow(state_field="status", audit_prefix="review")
    .add(
        "submit", [ReviewStatus.DRAFT], ReviewStatus.SUBMITTED, rule=lambda actor, r: r.assignment.expert_id == actor.pk
    )
    .add(
        "reopen",
        [ReviewStatus.SUBMITTED],
        ReviewStatus.DRAFT,
        rule=lambda actor, r: runs_round(actor, r.assignment.round),
        needs_reason=True,
        guards=(_round_open,),
    )
)


def total_of(criteria, scores: dict) -> Decimal | None:
    """Weighted total on 100 points: Σ score / max × weight; None while a criterion is unscored."""
    if any(scores.get(str(c.pk)) in (None, "") for c in criteria):
        return None
    total = sum(Decimal(str(scores[str(c.pk)])) / c.max_score * c.weight for c in criteria)
    return Decimal(total).quantize(Decimal("0.01"))


def _scores_clean(criteria, raw: dict, *, complete: bool) -> tuple[dict, dict]:
    scores, errors = {}, {}
    for c in criteria:
        key = f"score_{c.pk}"
        text = str(raw.get(key, "") or "").strip()
        if not text:
            if complete:
                errors[key] = [_("Give a score.")]
            continue
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or not 0 <= value <= c.max_score:
            errors[key] = [_("Enter a score from 0 to %(max)d.") % {"max": c.max_score}]
        elif value % STEP:
            errors[key] = [_("Scores go in steps of 0.5.")]
        else:
            scores[str(c.pk)] = str(value.normalize() if value == value.to_integral() else value)
    return scores, errors


def review_save(*, actor, review: Review, data: dict, version: int, submit: bool = False) -> Review:
    """Save the expert's scores and comment; with ``submit`` also lock them.

    Refused: another expert's review, an assignment not accepted, the no-conflict confirmation
    missing, a submitted review, the deadline passed (work is kept in the form, never lost: the
    view shows it again with the message). ``version`` is the optimistic lock.
    """
    assignment = review.assignment
    round = assignment.round
    if assignment.expert_id != actor.pk:
        raise PermissionDenied
    if assignment.status != AssignmentStatus.ACCEPTED or round.status != RoundStatus.IN_REVIEW:
        raise ValidationError(_("This review is no longer open."))
    if assignment.no_conflict_confirmed_at is None:
        raise ValidationError(_("Confirm that you have no conflict of interest first."))
    if review.status == ReviewStatus.SUBMITTED:
        raise ValidationError(_("This review has been submitted and is locked."))
    if timezone.now() > round.deadline:
        raise ValidationError(_("The scoring deadline has passed. Contact the program officer."))
    criteria = list(round.criteria.all())
    scores, errors = _scores_clean(criteria, data, complete=submit)
    comment = (data.get("comment") or "").strip()
    recommendation = data.get("recommendation") or ""
    if recommendation and recommendation not in Recommendation.values:
        errors["recommendation"] = [_("Choose a recommendation.")]
    if submit:
        if not recommendation:
            errors["recommendation"] = [_("Choose a recommendation.")]
        if len(comment) < round.min_comment_length:
            errors["comment"] = [
                _("Write at least %(n)d characters (now %(now)d).")
                % {"n": round.min_comment_length, "now": len(comment)}
            ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        updated = Review.objects.filter(pk=review.pk, version=version, status=ReviewStatus.DRAFT).update(
            scores=scores,
            total=total_of(criteria, scores),
            recommendation=recommendation,
            comment=comment[:5000],
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        if not updated:
            raise EditConflict(review.pk)
        review.refresh_from_db()
        if submit:
            review = transition_apply(
                actor=actor,
                obj=review,
                workflow=REVIEW_WORKFLOW,
                name="submit",
                changes={"submitted_at": timezone.now(), "reopen_reason": ""},
                audit_after={"total": str(review.total)},
            )
        else:
            audit_record(actor=actor, action="review.save", target=review, after={"scored": len(scores)})
    return review


def review_reopen(*, actor, review: Review, reason: str) -> Review:
    """An officer reopens a submitted review (e.g. at the expert's request); audited with the reason."""
    review = transition_apply(
        actor=actor,
        obj=review,
        workflow=REVIEW_WORKFLOW,
        name="reopen",
        reason=reason,
        changes={"reopen_reason": reason.strip()[:300]},
    )
    notify(
        recipients=[review.assignment.expert],
        title=_("A review was reopened: %(round)s") % {"round": review.assignment.round.title},
        body=_("Reason: %(reason)s") % {"reason": reason.strip()},
        url=reverse("reviews:assignment", args=[review.assignment_id]),
    )
    return review


# --- results --------------------------------------------------------------------------------
def submitted_totals(round: ReviewRound) -> dict:
    """{item id: [(expert id, total), ...]} over submitted reviews of active assignments."""
    totals: dict = {pk: [] for pk in round.items.values_list("pk", flat=True)}
    rows = Review.objects.filter(
        assignment__round=round, assignment__status=AssignmentStatus.ACCEPTED, status=ReviewStatus.SUBMITTED
    ).values_list("assignment__item_id", "assignment__expert_id", "total")
    for item_id, expert_id, total in rows:
        totals[item_id].append((expert_id, float(total)))
    return totals


def results_apply(round: ReviewRound, items: list[ReviewItem], totals: dict | None = None) -> list[ReviewItem]:
    """Aggregate, flag dispersion and rank (overall and within discipline groups), on the objects only.

    ``items`` are all the round's items; returns them in rank order (unscored last).
    """
    totals = submitted_totals(round) if totals is None else totals
    scores = item_scores(totals, round.aggregation)
    ranks = competition_rank(scores)
    groups: dict = {}
    for item in items:
        if item.pk in scores:
            groups.setdefault(item.discipline_group, {})[item.pk] = scores[item.pk]
    group_ranks = {pk: rank for members in groups.values() for pk, rank in competition_rank(members).items()}
    for item in items:
        values = [t for _e, t in totals.get(item.pk, [])]
        item.score = scores.get(item.pk)
        item.rank = ranks.get(item.pk)
        item.group_rank = group_ranks.get(item.pk) if round.group_by_discipline else None
        item.spread = spread(values) if values else None
        item.flagged = bool(values) and item.spread > round.dispersion_limit
        item.reviews_in = len(values)
    return sorted(items, key=lambda i: (i.rank is None, i.rank or 0, i.code))


def results_compute(round: ReviewRound) -> list[ReviewItem]:
    """``results_apply`` saved on the items (at publication)."""
    items = results_apply(round, list(round.items.select_related("application")))
    ReviewItem.objects.bulk_update(items, ["score", "rank", "group_rank", "spread", "flagged"])
    return items


def results_blockers(round: ReviewRound, totals: dict | None = None) -> list[str]:
    """What stops publication: unanswered invitations, unsubmitted reviews, items without any
    review, panel sessions still voting."""
    totals = submitted_totals(round) if totals is None else totals
    problems = []
    waiting = round.assignments.filter(status=AssignmentStatus.INVITED).count()
    if waiting:
        problems.append(_("%(n)d invitations are not yet answered.") % {"n": waiting})
    drafts = Review.objects.filter(
        assignment__round=round, assignment__status=AssignmentStatus.ACCEPTED, status=ReviewStatus.DRAFT
    ).count()
    if drafts:
        problems.append(_("%(n)d reviews are not yet submitted.") % {"n": drafts})
    empty = [pk for pk, rows in totals.items() if not rows]
    if empty:
        codes = ReviewItem.objects.filter(pk__in=empty).values_list("code", flat=True)
        problems.append(_("No submitted review yet for: %(codes)s.") % {"codes": "、".join(codes)})
    if round.panel_sessions.filter(status="open").exists():
        problems.append(_("A panel session is still voting; close it first."))
    return problems


def results_short(round: ReviewRound, totals: dict | None = None) -> list[str]:
    """Items with fewer submitted reviews than planned: publishing them needs the officer's reason."""
    totals = submitted_totals(round) if totals is None else totals
    short = [pk for pk, rows in totals.items() if 0 < len(rows) < round.reviewers_per_item]
    return list(ReviewItem.objects.filter(pk__in=short).order_by("code").values_list("code", flat=True))


def results_publish(*, actor, round: ReviewRound, short_reason: str = "") -> list[ReviewItem]:
    """Publish the results: the scores feed the funding list, applicants get anonymous comments.

    Items reviewed by fewer experts than planned need ``short_reason`` (recorded in the audit).
    """
    if not runs_round(actor, round):
        raise PermissionDenied
    problems = results_blockers(round)
    if problems:
        raise ValidationError(problems)
    short = results_short(round)
    if short and not short_reason.strip():
        raise ValidationError(
            {
                "short_reason": [
                    _("%(codes)s have fewer reviews than planned. Give a reason to publish them as they are.")
                    % {"codes": "、".join(short)}
                ]
            }
        )
    with transaction.atomic():
        if short:
            audit_record(
                actor=actor,
                action="review_round.publish_short",
                target=round,
                after={"items": short, "reason": short_reason.strip()},
            )
        items = results_compute(round)
        _aliases_assign(round)
        for item in items:
            if item.score is not None and item.application.status == ApplicationStatus.FORMAL_PASSED:
                review_score_record(
                    actor=actor,
                    application=item.application,
                    score=item.score,
                    source=ScoreSource.REVIEW,
                    note=_("%(round)s, rank %(rank)s") % {"round": round.title, "rank": item.rank},
                )
        ReviewRound.objects.filter(pk=round.pk).update(published_at=timezone.now())
        transition_apply(
            actor=actor, obj=round, workflow=ROUND_WORKFLOW, name="publish", audit_after={"items": len(items)}
        )
        for item in items:
            notify(
                recipients=[item.application.pi],
                title=_("Review comments are available: %(round)s") % {"round": round.title},
                body=_(
                    "The expert review of your application is complete. "
                    "The comments are shown without the reviewers' names."
                ),
                url=reverse("reviews:feedback", args=[item.pk]),
            )
    return items


def _aliases_assign(round: ReviewRound) -> None:
    """专家A, 专家B, ... per item, in an order unrelated to names, ids or submission times."""
    reviews = list(
        Review.objects.filter(
            assignment__round=round, assignment__status=AssignmentStatus.ACCEPTED, status=ReviewStatus.SUBMITTED
        ).select_related("assignment")
    )
    by_item: dict = {}
    for review in reviews:
        by_item.setdefault(review.assignment.item_id, []).append(review)
    rng = secrets.SystemRandom()
    for members in by_item.values():
        rng.shuffle(members)
        for letter, review in zip(ALIASES, members, strict=False):
            review.alias = letter
    Review.objects.bulk_update(reviews, ["alias"])


def feedback_for(item: ReviewItem) -> list[dict]:
    """What the applicant sees: alias, recommendation and comment; nothing that identifies the expert."""
    reviews = Review.objects.filter(
        assignment__item=item, assignment__status=AssignmentStatus.ACCEPTED, status=ReviewStatus.SUBMITTED
    ).order_by("alias")
    return [
        {
            "alias": _("Expert %(letter)s") % {"letter": r.alias},
            "recommendation": r.get_recommendation_display(),
            "comment": r.comment,
        }
        for r in reviews
    ]

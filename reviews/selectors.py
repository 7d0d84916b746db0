"""Reads of expert review, each in a bounded number of queries."""

from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Prefetch, Q, prefetch_related_objects

from experts.models import ExpertProfile
from reviews.affinity import PairScores
from reviews.conflicts import HARD, item_pool, reason_labels
from reviews.models import ACTIVE, Assignment, AssignmentStatus, Review, ReviewItem, ReviewRound, ReviewStatus


def rounds_for(user) -> list[ReviewRound]:
    from accounts.roles import Role

    rounds = ReviewRound.objects.select_related("call__program__office").annotate(n_items=Count("items", distinct=True))
    if not user.role_names & {Role.LEADER, Role.SUPERVISOR}:
        rounds = rounds.filter(call__program__office__in=user.scopes(Role.OFFICER, "office"))
    rounds = rounds.exclude(items__application__pi=user).exclude(assignments__expert=user)  # see is_party
    return list(rounds.order_by("-created_at"))


def items_with_assignments(round: ReviewRound, *, only_open: bool = False):
    """The round's items, each with its assignments (expert and profile) and review, in 3 queries.

    ``only_open``: just the items with places still to fill.
    """
    assignments = Assignment.objects.select_related("expert__expert_profile__unit", "review").order_by(
        "status", "-affinity"
    )
    items = round.items.select_related("application__unit", "application__topic", "application__pi")
    if only_open:
        items = items.annotate(active=Count("assignments", filter=Q(assignments__status__in=ACTIVE))).filter(
            active__lt=round.reviewers_per_item
        )
    return items.order_by("code").prefetch_related(Prefetch("assignments", queryset=assignments))


def round_counts(round: ReviewRound) -> dict:
    counts = {
        AssignmentStatus(status).label: n
        for status, n in round.assignments.values_list("status").annotate(n=Count("pk")).order_by("status")
    }
    submitted = Review.objects.filter(assignment__round=round, status=ReviewStatus.SUBMITTED).count()
    return {"by_status": counts, "submitted": submitted, "items": round.items.count()}


@dataclass
class Candidate:
    profile: ExpertProfile
    affinity: float
    reasons: list[str]
    hard: bool
    load: int
    current: str  # the expert's assignment status on this item, "" if none

    @property
    def labels(self) -> list[str]:
        return reason_labels(self.reasons)

    @property
    def current_label(self) -> str:
        return AssignmentStatus(self.current).label if self.current else ""


def item_candidates(round: ReviewRound, item: ReviewItem, *, limit: int = 30) -> list[Candidate]:
    """The experts best suited to one item, conflicted ones included with their reasons."""
    pool = item_pool(round, item)
    if not pool.experts:
        return []
    items_side, experts_side = pool.sides()
    block = PairScores(items_side, experts_side).affinity(0, 1)[0]  # conflicts are shown, not hidden
    order = np.argsort(-block)[:limit]
    loads = dict(
        Assignment.objects.filter(round=round, status__in=ACTIVE)
        .values_list("expert")
        .annotate(n=Count("pk"))
        .order_by()
    )
    current = dict(Assignment.objects.filter(item=item).values_list("expert", "status"))
    result = []
    for j in order.tolist():
        profile = pool.experts[j]
        reasons = pool.reasons(0, j)
        result.append(
            Candidate(
                profile=profile,
                affinity=float(block[j]),
                reasons=reasons,
                hard=any(r in HARD for r in reasons),
                load=loads.get(profile.user_id, 0),
                current=current.get(profile.user_id, ""),
            )
        )
    return result


def expert_assignments(user):
    """The expert's open work: invitations and accepted assignments, with their reviews."""
    return (
        Assignment.objects.filter(expert=user, status__in=(AssignmentStatus.INVITED, AssignmentStatus.ACCEPTED))
        .select_related("round", "item__application__topic", "review")
        .order_by("round__deadline", "item__code")
    )


def results_rows(round: ReviewRound) -> list[ReviewItem]:
    """All the round's items in saved rank order (closed rounds; ``scoring.results_apply`` otherwise)."""
    items = list(round.items.select_related("application__unit", "application__pi"))
    return sorted(items, key=lambda i: (i.rank is None, i.rank or 0, i.code))


def with_submitted_reviews(items) -> None:
    """Attach ``accepted``: each item's submitted reviews with their experts (officers only), 1 query."""
    submitted = Assignment.objects.filter(
        status=AssignmentStatus.ACCEPTED, review__status=ReviewStatus.SUBMITTED
    ).select_related("expert", "review")
    prefetch_related_objects(list(items), Prefetch("assignments", queryset=submitted, to_attr="accepted"))

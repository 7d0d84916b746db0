"""Reads of expert review, each in a bounded number of queries."""

from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Prefetch, Q

from experts.models import ExpertProfile
from reviews.affinity import PairScores
from reviews.conflicts import HARD, RoundPool, reason_labels
from reviews.models import ACTIVE, Assignment, AssignmentStatus, Review, ReviewItem, ReviewRound, ReviewStatus


def rounds_for(user) -> list[ReviewRound]:
    from accounts.roles import Role

    rounds = ReviewRound.objects.select_related("call__program__office").annotate(n_items=Count("items", distinct=True))
    if not user.role_names & {Role.LEADER, Role.SUPERVISOR}:
        rounds = rounds.filter(call__program__office__in=user.scopes(Role.OFFICER, "office"))
    return list(rounds.order_by("-created_at"))


def items_with_assignments(round: ReviewRound):
    """The round's items, each with its assignments (expert and profile) and review, in 3 queries."""
    assignments = Assignment.objects.select_related("expert__expert_profile__unit", "review").order_by(
        "status", "-affinity"
    )
    return round.items.select_related("application__unit", "application__topic", "application__pi").prefetch_related(
        Prefetch("assignments", queryset=assignments)
    )


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
    pool = RoundPool.load(round, items=[item])
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


def results_rows(round: ReviewRound):
    """Items in rank order, each with its submitted reviews (officers only: names included)."""
    submitted = Assignment.objects.filter(
        status=AssignmentStatus.ACCEPTED, review__status=ReviewStatus.SUBMITTED
    ).select_related("expert", "review")
    items = round.items.select_related("application__unit", "application__pi").prefetch_related(
        Prefetch("assignments", queryset=submitted, to_attr="accepted")
    )
    return sorted(items, key=lambda i: (i.rank is None, i.rank or 0, i.code))


def open_review_count(user) -> dict:
    return Assignment.objects.filter(expert=user).aggregate(
        invited=Count("pk", filter=Q(status=AssignmentStatus.INVITED)),
        to_score=Count("pk", filter=Q(status=AssignmentStatus.ACCEPTED) & ~Q(review__status=ReviewStatus.SUBMITTED)),
    )

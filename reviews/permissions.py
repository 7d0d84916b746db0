"""Who may see what in expert review. Missing and forbidden both answer 404.

- Officers of the office running the call manage its rounds (leaders and supervisors read them).
- An expert sees only their own assignments, never another expert's identity or scores, and never
  an item they are not assigned to or have declared a conflict on.
- An applicant (the PI) sees the anonymous comments on their application once results are published.
"""

from django.http import Http404

from accounts.roles import Role, has_role
from plans.permissions import runs_call
from reviews.models import (
    Assignment,
    AssignmentStatus,
    PanelSession,
    ReviewItem,
    ReviewRound,
    RoundStatus,
)

is_expert = has_role(Role.EXPERT)
is_officer = has_role(Role.OFFICER)
reads_rounds = has_role(Role.OFFICER, Role.LEADER, Role.SUPERVISOR)
# Statuses in which an expert may open the item at all (an invitation shows the title only).
EXPERT_VISIBLE = (AssignmentStatus.INVITED, AssignmentStatus.ACCEPTED)


def is_party(user, round: ReviewRound) -> bool:
    """The user applied in the round or reviews in it: whatever other roles they hold, the round's
    staff pages (reviewers, scores, results) stay closed to them."""
    return round.items.filter(application__pi=user).exists() or round.assignments.filter(expert=user).exists()


def runs_round(user, round: ReviewRound) -> bool:
    return runs_call(user, round.call) and not is_party(user, round)


def round_get_for_user(user, pk: int, *, write: bool = False) -> ReviewRound:
    round = ReviewRound.objects.select_related("call__program__office").filter(pk=pk).first()
    if round is None:
        raise Http404
    oversight = bool(user.role_names & {Role.LEADER, Role.SUPERVISOR})
    staff = runs_call(user, round.call) or (oversight and not write)
    if not staff or is_party(user, round):
        raise Http404
    return round


def item_get_for_officer(user, round: ReviewRound, pk: int) -> ReviewItem:
    item = ReviewItem.objects.select_related("application__unit", "application__pi").filter(pk=pk, round=round).first()
    if item is None:
        raise Http404
    return item


def assignment_get_for_officer(user, pk: int) -> Assignment:
    assignment = (
        Assignment.objects.select_related("round__call__program", "item__application", "expert").filter(pk=pk).first()
    )
    if assignment is None or not runs_round(user, assignment.round):
        raise Http404
    return assignment


def assignment_get_for_expert(user, pk: int) -> Assignment:
    """The expert's own assignment while it is open to them; anything else is 404."""
    assignment = (
        Assignment.objects.select_related(
            "round__call", "item__application__topic", "item__application__unit", "item__application__pi"
        )
        .filter(pk=pk, expert=user, status__in=EXPERT_VISIBLE)
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment


def feedback_item_get(user, pk: int) -> ReviewItem:
    """A published item of the PI's own application."""
    item = (
        ReviewItem.objects.select_related("round", "application")
        .filter(
            pk=pk,
            application__pi=user,
            round__status=RoundStatus.CLOSED,
        )
        .first()
    )
    if item is None:
        raise Http404
    return item


def session_get_for_expert(user, pk: int) -> PanelSession:
    session = PanelSession.objects.select_related("round").filter(pk=pk, attendees=user).first()
    if session is None:
        raise Http404
    return session


def session_get_for_officer(user, pk: int) -> PanelSession:
    session = PanelSession.objects.select_related("round__call__program").filter(pk=pk).first()
    if session is None or not runs_round(user, session.round):
        raise Http404
    return session

"""Panel review (会议评审): a session of the experts present, a vote per item, a pass share.

An item passes when the experts who agree reach ``ceil(pass_share × voters)``, voters being the
experts present who have no conflict with the item (conflicted experts are recused and do not
vote). Abstentions count as present and not agreeing, as in the agency's meeting rules.
"""

import math
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from notifications.services import notify
from reviews.conflicts import RoundPool
from reviews.models import PanelSession, PanelVote, ReviewItem, ReviewRound, SessionStatus, Vote
from reviews.permissions import runs_round


def share_fraction(pass_share: Decimal) -> Fraction:
    """The pass share as an exact fraction; 0.667 (and 0.666…) is two thirds, as the rules mean it."""
    if abs(pass_share - Decimal(2) / 3) < Decimal("0.001"):
        return Fraction(2, 3)
    return Fraction(str(pass_share))


def needed_votes(pass_share: Decimal, voters: int) -> int:
    """Agreeing votes needed among ``voters`` (exact): two thirds of 7 → 5, of 6 → 4, of 33 → 22."""
    return max(1, math.ceil(share_fraction(pass_share) * voters)) if voters else 0


def recusals(session_round: ReviewRound, items: list[ReviewItem], experts) -> set[tuple[int, int]]:
    """(item id, expert id) pairs in which the expert has a conflict with the item."""
    pool = RoundPool.load(session_round, items=items)
    found = set()
    for expert in experts:
        j = pool.expert_index(expert.pk)
        for i, item in enumerate(pool.items):
            if j is None or pool.reasons(i, j):
                found.add((item.pk, expert.pk))
    return found


@transaction.atomic
def panel_session_create(
    *, actor, round: ReviewRound, title: str, held_at, place: str, attendees, items
) -> PanelSession:
    if not runs_round(actor, round):
        raise PermissionDenied
    attendees, items = list(attendees), list(items)
    errors = {}
    if len(attendees) < 3:
        errors["attendees"] = [_("A panel needs at least three experts present.")]
    if not items:
        errors["items"] = [_("Choose the applications to discuss.")]
    if any(item.round_id != round.pk for item in items):
        errors["items"] = [_("Only applications of this round can be discussed.")]
    if errors:
        raise ValidationError(errors)
    session = PanelSession.objects.create(
        round=round, title=title.strip() or round.title, held_at=held_at, place=place.strip(), created_by=actor
    )
    session.attendees.set(attendees)
    session.items.set(items)
    audit_record(
        actor=actor,
        action="panel_session.create",
        target=session,
        after={"attendees": [u.pk for u in attendees], "items": [i.code for i in items]},
    )
    notify(
        recipients=attendees,
        title=_("Panel vote open: %(title)s") % {"title": session.title},
        body=_("Cast your vote on %(n)d application(s).") % {"n": len(items)},
        url=reverse("reviews:vote", args=[session.pk]),
    )
    return session


@transaction.atomic
def panel_vote_cast(*, actor, session: PanelSession, item: ReviewItem, vote: str) -> PanelVote:
    session = PanelSession.objects.select_for_update().get(pk=session.pk)
    if session.status != SessionStatus.OPEN:
        raise ValidationError(_("Voting in this session has closed."))
    if not session.attendees.filter(pk=actor.pk).exists():
        raise PermissionDenied
    if not session.items.filter(pk=item.pk).exists():
        raise ValidationError(_("This application is not discussed in this session."))
    if vote not in Vote.values:
        raise ValidationError({"vote": [_("Choose agree, disagree or abstain.")]})
    if recusals(session.round, [item], [actor]):
        raise ValidationError(_("You have a conflict of interest with this application and do not vote on it."))
    cast, _created = PanelVote.objects.update_or_create(
        session=session, item=item, expert=actor, defaults={"vote": vote}
    )
    audit_record(
        actor=actor, action="panel_vote.cast", target=session, after={"item": item.code}
    )  # the vote stays secret
    return cast


@transaction.atomic
def panel_session_close(*, actor, session: PanelSession) -> PanelSession:
    """Close the vote and record each item's result (missing votes count as abstentions)."""
    session = PanelSession.objects.select_for_update().select_related("round").get(pk=session.pk)
    if not runs_round(actor, session.round):
        raise PermissionDenied
    if session.status != SessionStatus.OPEN:
        raise ValidationError(_("This session is already closed."))
    attendees = list(session.attendees.all())
    items = list(session.items.select_related("application__unit", "application__pi"))
    recused = recusals(session.round, items, attendees)
    votes = {(v.item_id, v.expert_id): v.vote for v in session.votes.all()}
    results = {}
    for item in items:
        voters = [u for u in attendees if (item.pk, u.pk) not in recused]
        cast = [votes.get((item.pk, u.pk), Vote.ABSTAIN) for u in voters]
        agree = cast.count(Vote.AGREE)
        needed = needed_votes(session.round.pass_share, len(voters))
        results[str(item.pk)] = {
            "code": item.code,
            "present": len(voters),
            "recused": len(attendees) - len(voters),
            "agree": agree,
            "disagree": cast.count(Vote.DISAGREE),
            "abstain": cast.count(Vote.ABSTAIN),
            "needed": needed,
            "passed": bool(voters) and agree >= needed,
        }
    session.status = SessionStatus.CLOSED
    session.results = results
    session.closed_at = timezone.now()
    session.save(update_fields=["status", "results", "closed_at"])
    audit_record(
        actor=actor,
        action="panel_session.close",
        target=session,
        before={"status": SessionStatus.OPEN},
        after={"status": SessionStatus.CLOSED, "results": results},
    )
    return session

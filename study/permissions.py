"""Who may do what in party study. Missing and forbidden both answer 404.

- Members (a party member with an account) read cards, take tests, earn points.
- Study administrators run the programme: post holders of a top-level organization (the leading
  group or the organ committee). They write cards and questions, set tests, and are the only
  ones who see individual rankings.
- Managers of an organization see its aggregated results (by organization, never by person).
"""

import rules
from django.http import Http404
from django.utils import timezone

from party.models import OrgKind, PartyMember
from party.permissions import post_kinds

TOP_KINDS = (OrgKind.LEADING_GROUP, OrgKind.ORGAN_COMMITTEE)
# The default kinds of the center-group requirement (party.models.MEETING_DEFAULTS) for the menu;
# the pages themselves read the requirement as configured.
CENTER_GROUP_KINDS = (OrgKind.LEADING_GROUP, OrgKind.COMMITTEE)


@rules.predicate
def runs_study(user) -> bool:
    return bool(post_kinds(user) & set(TOP_KINDS))


@rules.predicate
def holds_center_group(user) -> bool:
    """Holds a post in an organization of a kind that holds center-group study (the menu entry)."""
    return bool(post_kinds(user) & set(CENTER_GROUP_KINDS))


def member_of(user) -> PartyMember | None:
    """The signed-in user's active party member record (cached on the user object)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_study_member"):
        user._study_member = (
            PartyMember.objects.select_related("organization").filter(user=user, is_active=True).first()
        )
    return user._study_member


def require_member(user) -> PartyMember:
    member = member_of(user)
    if member is None:
        raise Http404
    return member


def card_attachment_rule(user, card, write: bool) -> bool:
    if write:
        return runs_study.test(user)
    published = card.publish_on <= timezone.localdate()
    return runs_study.test(user) or (published and member_of(user) is not None)

"""Points (积分) for study actions, with a daily cap per action.

Each action earns points once per source (a card, a test, a note: the ``source`` key is unique
per member). The member's row is locked while the day's total is read and the entry written, so
two requests at once cannot both slip under the cap.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Sum

from party.models import PartyMember
from study.models import PointAction, PointEntry, PointRule

DEFAULT_RULES = {
    PointAction.CARD_COMPLETED: (2, 2),  # points, at most per day (one card a day counts)
    PointAction.TEST_PASSED: (10, 0),
    PointAction.NOTE_SUBMITTED: (5, 5),
}


def rule_for(action: str) -> PointRule:
    found = PointRule.objects.filter(action=action).first()
    if found is None:
        points, cap = DEFAULT_RULES[action]
        found, _created = PointRule.objects.get_or_create(action=action, defaults={"points": points, "daily_cap": cap})
    return found


@transaction.atomic
def points_award(*, member: PartyMember, action: str, source: str, day: date) -> int:
    """Award the action's points (up to what is left of the day's cap); the points given."""
    rule = rule_for(action)
    PartyMember.objects.select_for_update().filter(pk=member.pk).first()
    if PointEntry.objects.filter(member=member, source=source).exists():
        return 0
    given = rule.points
    if rule.daily_cap:
        today = PointEntry.objects.filter(member=member, action=action, day=day).aggregate(n=Sum("points"))["n"] or 0
        given = max(0, min(given, rule.daily_cap - today))
    if given == 0:
        return 0
    try:
        with transaction.atomic():
            PointEntry.objects.create(member=member, action=action, points=given, day=day, source=source)
    except IntegrityError:
        return 0
    return given

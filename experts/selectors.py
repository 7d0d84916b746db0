"""Reads of the expert pool."""

from django.db.models import Q, QuerySet

from experts.models import ExpertProfile
from integrity.models import IntegrityRecord


def pool_search(*, q: str = "", discipline: str = "", status: str = "") -> QuerySet[ExpertProfile]:
    """Profiles for the officer's pool list, filtered; the list page reads one page of these."""
    profiles = ExpertProfile.objects.select_related("user", "unit", "region").order_by("status", "user__full_name")
    if status:
        profiles = profiles.filter(status=status)
    if q:
        profiles = profiles.filter(
            Q(user__full_name__icontains=q)
            | Q(unit__name__icontains=q)
            | Q(unit_name__icontains=q)
            | Q(keywords__icontains=q)
        )
    if discipline:
        # Codes are stored as a JSON list; a textual match finds "520" and "520.20" alike.
        profiles = profiles.filter(discipline_codes__icontains=f'"{discipline.strip()}')
    return profiles


def integrity_of(user_ids) -> dict[int, list[IntegrityRecord]]:
    """Integrity records in force for these people (one query), for the pool's integrity column."""
    found: dict[int, list[IntegrityRecord]] = {}
    for record in IntegrityRecord.objects.in_force().filter(person__in=list(user_ids)).order_by("starts_on"):
        found.setdefault(record.person_id, []).append(record)
    return found


def review_history(user, *, limit: int = 20) -> list[dict]:
    """The expert's review work per round, newest first: how many applications were offered, taken
    on, declined and scored. Per round, never per application, so the history cannot tell anyone
    (a leader who is also an applicant, say) who reviewed which application."""
    from django.db.models import Count, Max

    rows = (
        user.review_assignments.values("round__title")
        .annotate(
            offered=Count("pk"),
            accepted=Count("pk", filter=Q(status="accepted")),
            declined=Count("pk", filter=Q(status__in=["declined", "expired"])),
            conflicted=Count("pk", filter=Q(status="conflicted")),
            submitted=Count("pk", filter=Q(review__status="submitted")),
            latest=Max("created_at"),
        )
        .order_by("-latest")
    )
    return list(rows[:limit])

"""Reads of the expert pool."""

from django.db.models import Q, QuerySet

from experts.models import ExpertProfile


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

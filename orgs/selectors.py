"""Reads about organizations."""

from django.db.models import Count, Q, QuerySet

from orgs.models import Recommender, Region, RegionLevel, Unit


def unit_list(*, query: str = "", unit_type: str = "", region_code: str = "") -> QuerySet[Unit]:
    units = Unit.objects.select_related("region", "recommender").annotate(people_count=Count("people"))
    if query:
        units = units.filter(Q(name__icontains=query) | Q(credit_code__icontains=query))
    if unit_type:
        units = units.filter(unit_type=unit_type)
    if region_code:
        prefix = region_code.rstrip("0")
        if len(prefix) % 2:
            prefix += "0"
        units = units.filter(region_id__startswith=prefix)
    return units.order_by("name")


def region_choices() -> QuerySet[Region]:
    return Region.objects.exclude(level=RegionLevel.PROVINCE, children__isnull=True).select_related("parent")


def recommender_for_region(region: Region) -> Recommender | None:
    """The nearest active recommender at or above a region (county bureau, then city bureau)."""
    node: Region | None = region
    while node is not None:
        found = Recommender.objects.filter(region=node, is_active=True).first()
        if found:
            return found
        node = node.parent
    return None


def unit_statistics() -> dict:
    """Unit counts by type and by prefecture-level city (two grouped queries)."""
    from django.db.models.functions import Substr

    by_type = dict(Unit.objects.values_list("unit_type").annotate(n=Count("pk")).order_by())
    by_city_code = dict(
        Unit.objects.annotate(city=Substr("region_id", 1, 4)).values_list("city").annotate(n=Count("pk")).order_by()
    )
    names = dict(Region.objects.filter(code__in=[f"{c}00" for c in by_city_code]).values_list("code", "name"))
    by_city = {names.get(f"{code}00", code): n for code, n in sorted(by_city_code.items())}
    return {"by_type": by_type, "by_city": by_city}

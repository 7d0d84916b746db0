"""Reads of the service catalogue: filtered lists and their counts (one aggregate query)."""

from django.db.models import Case, Count, Q, QuerySet, Value, When

from catalogue.models import ItemKind, ItemStatus, PowerClass, ServiceItem, VisitLevel

# The "最多跑一次" filter: fully online or at most one visit.
AT_MOST_ONCE = (VisitLevel.ZERO, VisitLevel.ONCE)
# Power items in the order of the classes (licensing first), as the official catalogue lists them.
CLASS_ORDER = Case(
    *(When(power_class=value, then=Value(n)) for n, value in enumerate(PowerClass.values)),
    default=Value(len(PowerClass.values)),
)


def item_list(
    *,
    query: str = "",
    kind: str = "",
    power_class: str = "",
    level: str = "",
    office: int | None = None,
    status: str = "",
    published_only: bool = False,
) -> QuerySet[ServiceItem]:
    items = ServiceItem.objects.select_related("office")
    if published_only:
        items = items.filter(status=ItemStatus.PUBLISHED)
    elif status in ItemStatus.values:
        items = items.filter(status=status)
    if kind in ItemKind.values:
        items = items.filter(kind=kind)
    if power_class in PowerClass.values:
        items = items.filter(kind=ItemKind.POWER, power_class=power_class)
    if level == "once":
        items = items.filter(visit_level__in=AT_MOST_ONCE)
    elif level in VisitLevel.values:
        items = items.filter(visit_level=level)
    if office:
        items = items.filter(office_id=office)
    if query:
        items = items.filter(Q(name__icontains=query) | Q(code__icontains=query) | Q(audience__icontains=query))
    return items.order_by("kind", CLASS_ORDER, "code")


def item_counts(*, published_only: bool) -> dict[str, int]:
    """How many items of each kind, power class and visit level (and in each status, for staff)."""
    items = ServiceItem.objects.all()
    if published_only:
        items = items.filter(status=ItemStatus.PUBLISHED)
    aggregates = {
        "all": Count("pk"),
        "power": Count("pk", filter=Q(kind=ItemKind.POWER)),
        "public_service": Count("pk", filter=Q(kind=ItemKind.PUBLIC_SERVICE)),
        "at_most_once": Count("pk", filter=Q(visit_level__in=AT_MOST_ONCE)),
        **{f"level_{v}": Count("pk", filter=Q(visit_level=v)) for v in VisitLevel.values},
        **{f"class_{v}": Count("pk", filter=Q(kind=ItemKind.POWER, power_class=v)) for v in PowerClass.values},
    }
    if not published_only:
        aggregates |= {f"status_{v}": Count("pk", filter=Q(status=v)) for v in ItemStatus.values}
    return items.aggregate(**aggregates)

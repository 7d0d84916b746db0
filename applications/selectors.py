"""Reads about applications."""

from django.db.models import Count, QuerySet

from applications.models import Application, ApplicationStatus

RECOMMENDED_OR_LATER = (
    ApplicationStatus.RECOMMENDED,
    ApplicationStatus.FORMAL_PASSED,
    ApplicationStatus.FORMAL_FAILED,
    ApplicationStatus.PROPOSED,
    ApplicationStatus.APPROVED,
    ApplicationStatus.NOT_FUNDED,
)


def quota_usage(quotas: QuerySet) -> list[dict]:
    """Each recommendation quota with how many applications it has used so far (two queries in all)."""
    quotas = list(quotas.select_related("call", "recommender"))
    counts = {
        (call_id, recommender_id): n
        for call_id, recommender_id, n in Application.objects.filter(
            call_id__in={q.call_id for q in quotas}, status__in=RECOMMENDED_OR_LATER
        )
        .values("call_id", "unit__recommender_id")
        .annotate(n=Count("pk"))
        .values_list("call_id", "unit__recommender_id", "n")
    }
    return [{"quota": q, "used": counts.get((q.call_id, q.recommender_id), 0)} for q in quotas]


def call_applications(call, *, status: str = "", query: str = "") -> QuerySet[Application]:
    """Applications of a call that have reached the agency (endorsed or later), for staff lists."""
    from applications.permissions import BEFORE_ENDORSEMENT

    items = (
        Application.objects.filter(call=call)
        .exclude(status__in=BEFORE_ENDORSEMENT)
        .select_related("unit__region", "pi", "topic", "challenge")
        .order_by("-submitted_at", "-pk")
    )
    if status:
        items = items.filter(status=status)
    if query:
        items = items.filter(title__icontains=query)
    return items


def call_statistics(call) -> dict[str, dict]:
    """Counts of a call's applications by status (all), and by unit, city and topic (endorsed or later)."""
    from django.db.models.functions import Substr

    from applications.permissions import BEFORE_ENDORSEMENT

    everything = Application.objects.filter(call=call).order_by()
    reached = everything.exclude(status__in=BEFORE_ENDORSEMENT)
    by_status = dict(everything.values_list("status").annotate(n=Count("pk")))
    by_unit = dict(reached.values_list("unit__name").annotate(n=Count("pk")).order_by("-n")[:15])
    by_city = dict(
        reached.annotate(city=Substr("unit__region_id", 1, 4)).values_list("city").annotate(n=Count("pk")).order_by()
    )
    by_topic = dict(reached.values_list("topic__code").annotate(n=Count("pk")).order_by())
    return {"status": by_status, "unit": by_unit, "city": by_city, "topic": by_topic}

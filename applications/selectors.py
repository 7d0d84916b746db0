"""Reads about applications."""

from django.db.models import Count, QuerySet

from applications.models import Application, ApplicationStatus

RECOMMENDED_OR_LATER = (ApplicationStatus.RECOMMENDED, ApplicationStatus.FORMAL_PASSED, ApplicationStatus.FORMAL_FAILED)


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

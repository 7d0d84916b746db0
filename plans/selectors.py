"""Reads about calls."""

from django.db.models import Count, QuerySet

from plans.models import Call, CallStatus


def call_list(*, status: str = "", office_ids: list[int] | None = None) -> QuerySet[Call]:
    calls = Call.objects.select_related("program__office").annotate(
        topic_count=Count("topics", distinct=True), challenge_count=Count("challenges", distinct=True)
    )
    if status:
        calls = calls.filter(status=status)
    if office_ids is not None:
        calls = calls.filter(program__office_id__in=office_ids)
    return calls.order_by("-opens_at", "-pk")


def published_calls() -> QuerySet[Call]:
    return (
        Call.objects.select_related("program")
        .filter(status__in=[CallStatus.PUBLISHED, CallStatus.CLOSED])
        .order_by("-published_at", "-pk")
    )

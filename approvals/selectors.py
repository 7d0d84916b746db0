"""Reads about funding lists."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.roles import Role
from approvals.models import FundingList, ListStatus
from plans.models import Call


def lists_for_user(user) -> QuerySet[FundingList]:
    """Funding lists the user may read (see approvals.permissions.may_read), newest call first."""
    lists = FundingList.objects.select_related("call__program__office").annotate(
        n_items=Count("items", distinct=True),
        n_open=Count("objections", filter=Q(objections__answered_at__isnull=True), distinct=True),
    )
    if not user.role_names & {Role.LEADER, Role.SUPERVISOR}:
        offices = user.scopes(Role.OFFICER, "office")
        lists = lists.filter(Q(call__program__office_id__in=offices) | Q(offices__in=offices)).distinct()
    return lists.order_by("-call__year", "-pk")


def ready_calls_for(user) -> QuerySet[Call]:
    """Closed calls of the user's offices that have no funding list yet."""
    return (
        Call.objects.filter(
            program__office_id__in=user.scopes(Role.OFFICER, "office"),
            closes_at__lte=timezone.now(),
            funding_list__isnull=True,
        )
        .exclude(status="draft")
        .select_related("program")
        .annotate(n_passed=Count("applications", filter=Q(applications__status="formal_passed")))
        .order_by("-closes_at")
    )


def public_lists() -> QuerySet[FundingList]:
    return (
        FundingList.objects.filter(status__in=[ListStatus.PUBLICITY, ListStatus.FINAL])
        .select_related("call__program")
        .order_by("-publicity_starts_at")
    )

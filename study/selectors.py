"""Reads of party study that aggregate: rankings by organization (never a public league table
of persons) and an administrator's ranking of individuals."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum

from party.models import PartyMember, PartyOrganization, PartyPost, Post
from study.models import Attempt, CardRead, PointEntry


def _points_by_member(year: int) -> dict[int, int]:
    return dict(
        PointEntry.objects.filter(day__year=year).values("member").annotate(n=Sum("points")).values_list("member", "n")
    )


def org_ranking(year: int, org_ids) -> list[dict]:
    """Per organization: members, their average points, card completions and tests passed per
    member, and the average points of its secretaries, ranked by the members' average. Five
    queries whatever the number of organizations."""
    points = _points_by_member(year)
    secretaries = set(PartyPost.objects.filter(post=Post.SECRETARY).values_list("member_id", flat=True))
    members: dict[int, list[int]] = defaultdict(list)
    for pk, org in PartyMember.objects.filter(is_active=True, organization__in=list(org_ids)).values_list(
        "pk", "organization"
    ):
        members[org].append(pk)
    cards = dict(
        CardRead.objects.filter(completed_at__year=year, member__organization__in=list(org_ids))
        .values("member__organization")
        .annotate(n=Count("pk"))
        .values_list("member__organization", "n")
    )
    passed: dict[int, int] = defaultdict(int)
    for org, _member, _test in (
        Attempt.objects.filter(test__year=year, passed=True, member__organization__in=list(org_ids))
        .values_list("member__organization", "member", "test")
        .distinct()
    ):
        passed[org] += 1  # a member passing a test twice counts once
    rows = []
    for org in PartyOrganization.objects.filter(pk__in=list(members)).order_by("name"):
        people = members[org.pk]
        heads = [p for p in people if p in secretaries]
        rows.append(
            {
                "org": org,
                "members": len(people),
                "average": _average([points.get(p, 0) for p in people]),
                "secretary_average": _average([points.get(p, 0) for p in heads]) if heads else None,
                "cards_per_member": _average([cards.get(org.pk, 0)], len(people)),
                "passed_per_member": _average([passed.get(org.pk, 0)], len(people)),
            }
        )
    rows.sort(key=lambda r: (-r["average"], r["org"].name))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows


def _average(values: list[int], count: int | None = None) -> Decimal:
    count = count if count is not None else len(values)
    if not count:
        return Decimal("0.0")
    return (Decimal(sum(values)) / count).quantize(Decimal("0.1"))


def people_ranking(year: int):
    """Individuals by points for the year (study administrators only)."""
    return (
        PartyMember.objects.filter(is_active=True)
        .annotate(total=Sum("points__points", filter=Q(points__day__year=year)))
        .filter(total__gt=0)
        .select_related("organization")
        .order_by("-total", "name")
    )

"""The party pages' query counts do not grow with the data: the same page is counted with a
small branch and again with three times the members, bills, meetings and remittances."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from party.dues import add_months, first_of_month
from party.meetings import meeting_record
from party.models import DuesBill, MemberStatus, PartyMember
from party.remittance import remittance_record
from party.services import bills_generate, dues_base_declare, dues_pay
from party.tests.conftest import post_holder

pytestmark = pytest.mark.django_db


def grow(tree, secretary, n: int, start: int) -> None:
    """``n`` more members with three months of bills (paid but the last), a meeting, a remittance."""
    branch = tree["branch"]
    month = first_of_month(timezone.localdate())
    people = [
        PartyMember.objects.create(
            name=f"党员{start + k:03d}", id_number="", organization=branch, status=MemberStatus.FULL
        )
        for k in range(n)
    ]
    for member in people:
        dues_base_declare(actor=secretary, member=member, amount="6000", effective_month=add_months(month, -3))
    DuesBill.objects.filter(organization=branch).delete()
    for k in (2, 1, 0):
        bills_generate(actor=secretary, organization=branch, month=add_months(month, -k))
    dues_pay(
        actor=secretary,
        bills=list(DuesBill.objects.filter(organization=branch, month__lt=month)),
        paid_on=timezone.localdate(),
    )
    everyone = list(PartyMember.objects.filter(organization=branch, is_active=True))
    meeting_record(
        actor=secretary,
        organization=branch,
        kind="member_meeting",
        held_on=timezone.localdate(),
        topic=f"第{start}次党员大会",
        minutes="传达学习上级会议精神。",
        present_ids=[m.pk for m in everyone],
        leave_reasons={},
    )
    remittance_record(
        actor=secretary,
        organization=branch,
        months_from=add_months(month, -2),
        months_to=add_months(month, -1),
        amount="1.00",
        remitted_on=timezone.localdate(),
        reference=f"HD{start}",
    )


def counts(client, paths) -> dict[str, int]:
    found = {}
    for path in paths:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200, path
        found[path] = len(queries)
    return found


def test_party_pages_do_not_grow_with_the_data(tree, members, make_user, login):
    committee_secretary = post_holder(make_user, "committee1", tree["committee"])
    secretary = post_holder(make_user, "branch1", tree["branch"])
    branch, committee = tree["branch"], tree["committee"]
    grow(tree, secretary, 5, 0)
    client = login(committee_secretary)
    paths = [
        "/party/",
        "/party/compliance/",
        f"/party/orgs/{branch.pk}/",
        f"/party/orgs/{branch.pk}/dues/",
        f"/party/orgs/{branch.pk}/meetings/",
        f"/party/orgs/{branch.pk}/posts/",
        f"/party/orgs/{branch.pk}/remittances/",
        f"/party/orgs/{committee.pk}/remittances/",
        f"/party/orgs/{committee.pk}/disclosure/",
    ]
    counts(client, paths)  # the first requests create the default rules rows
    small = counts(client, paths)
    grow(tree, secretary, 15, 100)
    assert counts(client, paths) == small

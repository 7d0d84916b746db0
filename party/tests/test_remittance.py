"""Remitting dues upward: never more than the organization holds; the organization above
confirms receipt, and what it received then counts as held there (so it can remit further)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from party.dues import first_of_month
from party.models import DuesRemittance
from party.remittance import holdings, remittance_confirm, remittance_record
from party.services import dues_pay
from party.tests.conftest import post_holder
from party.tests.test_dues import billed

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee_secretary(make_user, tree):
    return post_holder(make_user, "committee1", tree["committee"])


def paid_branch(tree, secretary, members):
    """Two months on a 4000-yuan base paid (1%: 40.00 yuan each), one with a 5.00 extra."""
    bills = billed(tree, secretary, members[0], 1)
    dues_pay(actor=secretary, bills=bills[:1], paid_on=timezone.localdate(), extra="5")
    dues_pay(actor=secretary, bills=bills[1:], paid_on=timezone.localdate())
    return bills


def remit(actor, org, amount, **kw):
    month = first_of_month(timezone.localdate())
    values = {
        "months_from": month,
        "months_to": month,
        "remitted_on": timezone.localdate(),
        "reference": "工行回单0012",
    }
    return remittance_record(actor=actor, organization=org, amount=amount, **(values | kw))


def test_a_branch_remits_what_it_collected_and_no_more(tree, members, secretary):
    paid_branch(tree, secretary, members)
    assert holdings(tree["branch"]).balance == Decimal("85.00")  # 40 + 40 + 5 extra
    with pytest.raises(ValidationError) as refused:
        remit(secretary, tree["branch"], "85.01")
    assert "85.00" in str(refused.value)
    remit(secretary, tree["branch"], "80.00")
    assert holdings(tree["branch"]).balance == Decimal("5.00")
    with pytest.raises(ValidationError):
        remit(secretary, tree["branch"], "5.01")


def test_the_committee_confirms_and_can_then_remit_further(tree, members, secretary, committee_secretary):
    paid_branch(tree, secretary, members)
    sent = remit(secretary, tree["branch"], "85.00")
    assert sent.to_organization == tree["committee"]
    assert holdings(tree["committee"]).pending == Decimal("85.00")
    assert holdings(tree["committee"]).balance == 0  # not held until confirmed
    with pytest.raises(PermissionDenied):
        remittance_confirm(actor=secretary, remittance=sent)  # the branch cannot confirm its own
    remittance_confirm(actor=committee_secretary, remittance=sent)
    with pytest.raises(ValidationError):
        remittance_confirm(actor=committee_secretary, remittance=sent)
    assert holdings(tree["committee"]).balance == Decimal("85.00")
    upward = remit(committee_secretary, tree["committee"], "85.00")
    assert upward.to_organization == tree["organ"]


def test_every_field_is_checked(tree, members, secretary):
    with pytest.raises(ValidationError) as refused:
        remittance_record(
            actor=secretary,
            organization=tree["branch"],
            months_from=None,
            months_to=None,
            amount="abc",
            remitted_on=None,
            reference=" ",
        )
    assert set(refused.value.message_dict) == {"months_from", "months_to", "amount", "remitted_on", "reference"}


def test_the_top_has_nowhere_to_remit(tree, make_user):
    organ_secretary = post_holder(make_user, "organ1", tree["organ"], home=tree["organ"])
    with pytest.raises(ValidationError):
        remit(organ_secretary, tree["organ"], "1.00")


def test_remittance_page_records_and_confirms(tree, members, secretary, committee_secretary, login):
    paid_branch(tree, secretary, members)
    branch_client = login(secretary)
    page = branch_client.get(f"/party/orgs/{tree['branch'].pk}/remittances/")
    assert page.status_code == 200 and "85.00" in page.content.decode()
    month = f"{timezone.localdate():%Y-%m}"
    bad = branch_client.post(
        f"/party/orgs/{tree['branch'].pk}/remittances/",
        {"months_from": month, "months_to": month, "amount": "99", "remitted_on": "", "reference": ""},
    )
    assert bad.status_code == 400 and "is-invalid" in bad.content.decode()
    done = branch_client.post(
        f"/party/orgs/{tree['branch'].pk}/remittances/",
        {
            "months_from": month,
            "months_to": month,
            "amount": "85.00",
            "remitted_on": timezone.localdate().isoformat(),
            "reference": "工行回单0012",
        },
    )
    assert done.status_code == 302
    remittance = DuesRemittance.objects.get()
    # The branch secretary does not manage the committee: its page is not found.
    assert branch_client.get(f"/party/orgs/{tree['committee'].pk}/remittances/").status_code == 404
    committee_client = login(committee_secretary)
    committee_client.post(f"/party/orgs/{tree['committee'].pk}/remittances/", {"confirm": remittance.pk})
    remittance.refresh_from_db()
    assert remittance.status == "confirmed" and remittance.confirmed_by == committee_secretary

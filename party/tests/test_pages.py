"""Party pages through the real views: who sees which organization, masking and audited reveal,
a secretary billing and recording payments, a member seeing only their own dues."""

from decimal import Decimal

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from party.dues import first_of_month
from party.models import DuesBill
from party.services import dues_base_declare

pytestmark = pytest.mark.django_db


def test_a_secretary_manages_their_branch_and_nothing_beside_it(tree, members, secretary, login):
    client = login(secretary)
    page = client.get("/party/").content.decode()
    assert tree["branch"].name in page and tree["other"].name not in page and tree["organ"].name not in page
    page = client.get(f"/party/orgs/{tree['branch'].pk}/").content.decode()
    assert f"<title>{tree['branch'].name} ·" in page  # the title is the name only
    assert client.get(f"/party/orgs/{tree['other'].pk}/").status_code == 404
    assert client.get(f"/party/members/{members[3].pk}/").status_code == 404
    assert client.get(f"/party/orgs/{tree['other'].pk}/dues/").status_code == 404


def test_ids_and_phones_are_masked_and_revealing_them_is_audited(tree, members, secretary, login):
    client = login(secretary)
    page = client.get(f"/party/orgs/{tree['branch'].pk}/").content.decode()
    assert members[0].id_number not in page and "110101********0011" in page
    page = client.get(f"/party/members/{members[0].pk}/").content.decode()
    assert members[0].id_number not in page
    page = client.post(f"/party/members/{members[0].pk}/").content.decode()
    assert members[0].id_number in page
    assert AuditEvent.objects.filter(action="party_member.reveal", target_id=str(members[0].pk)).exists()


def test_secretary_bills_a_month_and_records_a_batch_payment(tree, members, secretary, login):
    month = first_of_month(timezone.localdate())
    for member in members[:2]:
        dues_base_declare(actor=secretary, member=member, amount="4500", effective_month=month)
    client = login(secretary)
    url = f"/party/orgs/{tree['branch'].pk}/dues/?month={month:%Y-%m}"
    client.post(url, {"action": "bill", "month": f"{month:%Y-%m}"})
    bills = list(DuesBill.objects.filter(month=month).order_by("pk"))
    assert len(bills) == 3
    client.post(
        url, {"action": "pay", "month": f"{month:%Y-%m}", "bill": [bills[0].pk, bills[1].pk], "method": "batch"}
    )
    assert DuesBill.objects.filter(status="paid").count() == 2
    page = client.get(url).content.decode()
    assert "DF" in page
    response = client.get(f"/party/orgs/{tree['branch'].pk}/ledger.xlsx?year={month.year}")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")


def test_a_member_sees_only_their_own_dues(tree, members, secretary, login, make_user):
    month = first_of_month(timezone.localdate())
    dues_base_declare(actor=secretary, member=members[0], amount="4500", effective_month=month)
    from party.services import bills_generate

    bills_generate(actor=secretary, organization=tree["branch"], month=month)
    client = login(members[2].user)
    page = client.get("/party/dues/mine/").content.decode()
    assert "0.20" in page and "45.00" not in page
    assert client.get("/party/").status_code == 403
    assert client.get(f"/party/orgs/{tree['branch'].pk}/dues/").status_code == 403
    assert login(make_user("outsider9")).get("/party/dues/mine/").status_code == 403


def test_secretary_declares_a_base_and_records_an_approval_on_the_member_page(tree, members, secretary, login):
    client = login(secretary)
    month = first_of_month(timezone.localdate())
    client.post(
        f"/party/members/{members[0].pk}/dues-base/", {"amount": "6520.00", "effective_month": f"{month:%Y-%m}"}
    )
    assert members[0].dues_bases.get().amount == Decimal("6520.00")
    response = client.post(
        f"/party/members/{members[0].pk}/dues-base/", {"amount": "abc", "effective_month": f"{month:%Y-%m}"}
    )
    assert response.status_code == 302 and members[0].dues_bases.count() == 1  # refused with a message
    client.post(
        f"/party/members/{members[0].pk}/dues-approval/",
        {
            "kind": "exemption",
            "months_from": f"{month:%Y-%m}",
            "months_to": f"{month:%Y-%m}",
            "reason": "重病",
            "document": "党委批复3号",
        },
    )
    assert members[0].dues_approvals.get().kind == "exemption"
    page = client.get(f"/party/members/{members[0].pk}/").content.decode()
    assert "党委批复3号" in page and "6520.00" in page

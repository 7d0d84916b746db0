"""A committee secretary sets up a new branch below the committee and fills its secretary post;
a branch remits its collected dues upward and the committee confirms receipt."""

import pytest
from django.utils import timezone

from party.models import DuesBill, DuesRemittance, MemberStatus, OrgKind, PartyMember, PartyOrganization
from party.tests.conftest import post_holder
from tests.browser.conftest import snap

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_committee_builds_the_tree_and_receives_remittances(open_as, make_user):
    organ = PartyOrganization.objects.create(name="省科学院直属机关委员会", kind=OrgKind.ORGAN_COMMITTEE)
    committee = PartyOrganization.objects.create(name="省科学院能源研究所党委", kind=OrgKind.COMMITTEE, parent=organ)
    branch = PartyOrganization.objects.create(
        name="能源研究所储能材料课题组党支部", kind=OrgKind.BRANCH, parent=committee
    )
    committee_secretary = post_holder(make_user, "committeesec", committee, home=branch)
    branch_secretary = post_holder(make_user, "branchsec", branch, home=branch)
    newcomer = PartyMember.objects.create(
        name="陈思远", id_number="330106198503150016", organization=branch, status=MemberStatus.FULL
    )
    month = timezone.localdate().replace(day=1)
    DuesBill.objects.create(
        member=newcomer,
        organization=branch,
        month=month,
        category="employed",
        amount="97.80",
        due_on=month,
        status="paid",
        paid_amount="97.80",
        paid_on=timezone.localdate(),
    )

    page = open_as(committee_secretary)
    page.goto(f"/party/orgs/{committee.pk}/")
    page.click("text=设立下级党组织")
    page.fill("#id_name", "能源研究所氢能课题组党支部")
    page.fill("#id_dues_day", "31")
    page.click("button[type=submit]")
    assert "1至28日" in page.locator("#id_dues_day_error").inner_text()  # refused at the field, name kept
    assert page.input_value("#id_name") == "能源研究所氢能课题组党支部"
    page.fill("#id_dues_day", "12")
    page.fill("#id_team", "氢能创新团队")
    snap(page, "65-party-new-branch-form")
    page.click("button[type=submit]")
    page.wait_for_selector(".alert-success")
    hydrogen = PartyOrganization.objects.get(name="能源研究所氢能课题组党支部")
    assert hydrogen.parent == committee and hydrogen.dues_day == 12

    page.goto(f"/party/orgs/{branch.pk}/posts/")
    page.select_option("#id_member", str(newcomer.pk))
    page.select_option("#id_post", "committee_member")
    page.click("text=登记任职")
    page.wait_for_selector(".alert-success")
    assert "陈思远" in page.locator("table").inner_text()
    snap(page, "66-party-branch-posts")

    remitter = open_as(branch_secretary)
    remitter.goto(f"/party/orgs/{branch.pk}/remittances/")
    remitter.fill("#r-from", f"{month:%Y-%m}")
    remitter.fill("#r-to", f"{month:%Y-%m}")
    remitter.fill("#r-amount", "97.80")
    remitter.fill("#r-on", timezone.localdate().isoformat())
    remitter.fill("#r-ref", "工行回单20261201")
    remitter.click("text=登记上缴")
    remitter.wait_for_selector(".alert-success")
    assert DuesRemittance.objects.get().status == "sent"

    page.goto(f"/party/orgs/{committee.pk}/remittances/")
    page.click("text=确认收到")
    page.wait_for_selector(".alert-success")
    assert DuesRemittance.objects.get().status == "confirmed"
    snap(page, "67-party-remittance-confirmed")

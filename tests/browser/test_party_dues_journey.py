"""A branch secretary records a branch committee meeting with attendance, bills a month of dues,
records payments and sees the arrears and the compliance view; a member sees their own dues and
meetings only."""

import pytest
from django.utils import timezone

from party.dues import add_months, first_of_month
from party.models import DuesBill, MemberStatus, OrgKind, PartyMember, PartyOrganization
from party.services import bills_generate, dues_base_declare
from tests.browser.conftest import snap

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_bills_and_collects_dues_and_a_member_sees_their_own(open_as, make_user):
    organ = PartyOrganization.objects.create(name="省科学院直属机关委员会", kind=OrgKind.ORGAN_COMMITTEE)
    branch = PartyOrganization.objects.create(
        name="新材料研究所先进碳材料课题组党支部",
        kind=OrgKind.BRANCH,
        parent=organ,
        dues_day=15,
        team="先进碳材料创新团队",
    )
    from party.tests.conftest import post_holder

    secretary = post_holder(make_user, "branchsec", branch)
    member_user = make_user("member1")
    people = [
        ("刘雨桐", "110101199003070011", "employed", "6520.00"),
        ("王建国", "330106198503150016", "employed", "3000.00"),
        ("李红梅", "330102199002280022", "retired", "5000.01"),
        ("张伟", "11010119800101003X", "student", None),
    ]
    members = []
    for n, (name, id_number, category, _base) in enumerate(people):
        members.append(
            PartyMember.objects.create(
                user=member_user if n == 0 else None,
                name=name,
                id_number=id_number,
                organization=branch,
                status=MemberStatus.FULL,
                dues_category=category,
            )
        )
    month = first_of_month(timezone.localdate())
    for member, (_n, _i, _c, base) in zip(members, people, strict=True):
        if base:
            dues_base_declare(actor=secretary, member=member, amount=base, effective_month=add_months(month, -4))
    for k in range(4, 0, -1):  # four earlier months, all unpaid for 王建国, paid for the others
        bills_generate(actor=secretary, organization=branch, month=add_months(month, -k))
    DuesBill.objects.exclude(member=members[1]).update(status="paid", paid_amount=0, paid_on=timezone.localdate())

    from party.models import PartyPost, Post

    for member in members[1:3]:  # the branch committee: the secretary and two committee members
        PartyPost.objects.create(organization=branch, member=member, post=Post.COMMITTEE_MEMBER, since=month)

    page = open_as(secretary)
    page.goto(f"/party/orgs/{branch.pk}/meetings/?kind=committee_meeting")
    page.fill("#held_on", timezone.localdate().isoformat())
    page.fill("#topic", "研究部署年度党员发展和党费收缴工作")
    page.uncheck(f"#present-{members[2].pk}")
    page.fill("#minutes", "支部书记主持会议，传达上级党委要求；委员讨论年度党员发展计划和党费收缴安排。")
    page.click("#record-meeting")
    assert "李红梅" in page.locator("#attendance_error").inner_text()  # absent without a reason: refused, nothing lost
    assert page.input_value("#topic") == "研究部署年度党员发展和党费收缴工作"
    page.fill(f"#reason-{members[2].pk}", "病假")
    page.click("#record-meeting")
    page.wait_for_selector(".alert-success")
    snap(page, "59-committee-meeting-recorded")
    page.goto("/party/")
    snap(page, "60-party-organizations")
    page.click(f"text={branch.name}")
    assert "110101199003070011" not in page.content()  # masked
    snap(page, "61-branch-members-masked")
    page.goto(f"/party/orgs/{branch.pk}/dues/")
    page.click("#bill-month")
    page.wait_for_selector(".alert-success")
    assert (
        "97.80" in page.content() and "15.00" in page.content() and "50.00" in page.content()
    )  # 6520×1.5%, 3000×0.5%, 5000.01×1%
    page.check(f"[aria-label='{members[0].name}']")
    page.check(f"[aria-label='{members[3].name}']")
    page.click("#record-payments")
    page.wait_for_selector(".alert-success")
    assert DuesBill.objects.filter(month=month, status="paid").count() == 2
    row = page.locator("table").nth(1).locator("tr", has_text="王建国")
    assert "5" in row.inner_text()  # five consecutive unpaid months, follow-up flagged
    snap(page, "62-dues-billed-paid-arrears")

    page.goto("/party/compliance/")
    assert branch.name in page.content()
    snap(page, "64-organization-life-compliance")

    mine = open_as(member_user)
    mine.goto("/party/dues/mine/")
    assert "97.80" in mine.content() and "王建国" not in mine.content()
    snap(mine, "63-member-own-dues")
    mine.goto("/party/meetings/mine/")
    assert "研究部署年度党员发展" not in mine.content()  # not on the committee: not their meeting
    assert mine.goto("/party/").status == 403  # no post, no organization pages

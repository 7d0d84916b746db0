"""A branch secretary submits the bi-monthly report; an evaluator rates the secretaries in the
annual review; the leader publishes and sees the results with charts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from evaluation.models import BimonthlyReport, ReviewSubject
from evaluation.review import campaign_create, rating_open, report_submit
from party.models import MemberStatus, OrgKind, PartyMember, PartyOrganization
from party.tests.conftest import post_holder
from tests.browser.conftest import snap

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REPORT = "一年来，认真履行抓基层党建第一责任人职责，推动支部建在课题组上，党建与科研深度融合。" * 4


def test_report_rate_and_results(open_as, make_user):
    organ = PartyOrganization.objects.create(name="省科学院直属机关委员会", kind=OrgKind.ORGAN_COMMITTEE)
    committee = PartyOrganization.objects.create(name="省科学院能源研究所党委", kind=OrgKind.COMMITTEE, parent=organ)
    other = PartyOrganization.objects.create(
        name="省科学院测试分析中心党总支", kind=OrgKind.GENERAL_BRANCH, parent=organ
    )
    branch = PartyOrganization.objects.create(
        name="能源研究所储能材料课题组党支部", kind=OrgKind.BRANCH, parent=committee
    )
    leader = post_holder(make_user, "organsec", organ, home=organ)
    committee_sec = post_holder(make_user, "committeesec", committee, home=branch)
    other_sec = post_holder(make_user, "othersec", other, home=other)
    branch_sec = post_holder(make_user, "branchsec", branch, home=branch)
    evaluator = make_user("evaluator1")
    PartyMember.objects.create(
        user=evaluator, name="党员代表甲", id_number="", organization=branch, status=MemberStatus.FULL
    )

    page = open_as(branch_sec)
    page.goto("/evaluation/reports/")
    page.click(f"text={branch.name}")
    page.fill("#r-work", "召开支部党员大会和支委会，开展主题党日活动，组织党员学习贯彻全会精神，完成党费收缴。")
    page.fill("#r-problems", "青年科研人员入党积极性有待提高。")
    page.click("#submit-report")
    page.wait_for_selector(".alert-success")
    assert BimonthlyReport.objects.filter(organization=branch).exists()
    snap(page, "74-bimonthly-report-submitted")

    campaign = campaign_create(
        actor=leader,
        organization=organ,
        title="年度党委（党总支）书记抓基层党建工作述职评议",
        year=timezone.localdate().year,
        reports_due=timezone.localdate() + timedelta(days=10),
        subjects=[committee, other],
        evaluators=[(leader, "leader"), (evaluator, "representative")],
    )
    for user in (committee_sec, other_sec):
        report_submit(
            actor=user, subject=ReviewSubject.objects.get(campaign=campaign, secretary__user=user), report=REPORT
        )
    rating_open(actor=leader, campaign=campaign)

    rater = open_as(evaluator)
    rater.goto(f"/evaluation/reviews/{campaign.pk}/")
    for subject in campaign.subjects.all():
        for d in range(4):
            rater.select_option(f"#r-{subject.pk}-{d}", "0" if subject.organization == committee else "1")
    snap(rater, "75-annual-review-ballot")
    rater.click("#cast-ballot")
    rater.wait_for_selector("[data-testid=voted]")

    boss = open_as(leader)
    boss.goto(f"/evaluation/reviews/{campaign.pk}/")
    for subject in campaign.subjects.all():
        for d in range(4):
            boss.select_option(f"#r-{subject.pk}-{d}", "0" if subject.organization == committee else "2")
    boss.click("#cast-ballot")
    boss.wait_for_selector("[data-testid=voted]")
    boss.once("dialog", lambda dialog: dialog.accept())
    boss.click("#close-review")
    boss.wait_for_selector("[data-testid=results]")
    boss.wait_for_selector(".chart canvas, .chart svg")
    results = boss.inner_text("[data-testid=results]")
    assert committee.name in results and "好" in results
    snap(boss, "76-annual-review-results")

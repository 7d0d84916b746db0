"""The whole S&T plan journey in the browser, from publishing a call to the approved project.

Each person works in their own browser context (their own session). Only the passing of time is
simulated through the database: the call's deadline and the end of the publicity period.
"""

import pytest
from django.utils import timezone

from accounts.roles import Role
from applications.models import Application
from approvals.models import FundingList
from orgs.models import Office
from plans.models import Call, Program
from plans.services import call_create, quota_set, topic_add
from projects.models import Project
from tests.browser.conftest import snap

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TEXT = "面向高端数控机床核心部件，研究高精度主轴热误差建模与补偿方法，开发在线监测与补偿系统并在龙头企业示范应用。" * 2


def decide(page, application_pk: int, decision: str, reason: str = "") -> None:
    page.goto(f"/applications/{application_pk}/")
    if reason:
        page.fill("#reason", reason)
    page.click(f"[data-testid={decision}]")
    page.wait_for_load_state()


def test_call_to_approved_project(
    open_as, office, officer, applicant, unit, unit_admin, recommender_org, make_user, tmp_path
):
    unit.recommender = recommender_org
    unit.save(update_fields=["recommender"])
    recommender = make_user("rec1", Role.RECOMMENDER, recommender=recommender_org)
    finance = Office.objects.create(name="计划财务处", code="finance")
    finance_officer = make_user("finofficer", Role.OFFICER, office=finance)
    second_officer = make_user("officer2", Role.OFFICER, office=office)
    leader = make_user("leader1", Role.LEADER)
    now = timezone.now()
    call = call_create(
        actor=officer,
        program=Program.objects.create(name="重点研发计划", kind="key_rd", office=office),
        title="2027年度重点研发计划申报指南",
        year=2027,
        notice="现发布申报指南。",
        opens_at=now - timezone.timedelta(days=1),
        closes_at=now + timezone.timedelta(days=10),
        eligible_unit_types=["university"],
        budget_cap="300",
        required_attachments=["commitment"],
    )
    topic_add(actor=officer, call=call, code="01", title="高端装备")
    quota_set(actor=officer, call=call, recommender=recommender_org, quota=5)

    # The officer publishes the call on the portal.
    staff = open_as(officer)
    staff.goto(f"/plans/calls/{call.pk}/")
    staff.click("[data-testid=call-publish]")
    staff.wait_for_load_state()
    assert "已发布" in staff.locator("[data-testid=call-status]").inner_text()

    # The applicant fills the form, uploads the commitment letter and submits.
    pi = open_as(applicant)
    pi.goto("/applications/")
    pi.click(f"[data-testid=start-{call.pk}]")
    pi.fill("#id_title", "高端数控机床主轴热误差补偿技术")
    pi.select_option("#id_topic", label="01 高端装备")
    pi.click("button[type=submit]")
    pi.wait_for_url("**/edit/")
    for selector, value in {
        "#id_abstract": TEXT,
        "#id_start_date": "2027-01-01",
        "#id_end_date": "2029-12-31",
        "#id_discipline_codes": "460.45",
        "#id_keywords": "数控机床、热误差、补偿",
        "#id_objectives": TEXT,
        "[name=indicator-0-name]": "发明专利",
        "[name=indicator-0-target]": "5项",
        "[name=budget-business-grant]": "200",
    }.items():
        pi.fill(selector, value)
    pi.click("text=保存草稿")
    pi.wait_for_load_state()
    pdf = tmp_path / "承诺书.pdf"
    pdf.write_bytes(PDF)
    pi.select_option("#kind", "commitment")
    pi.set_input_files("#file", str(pdf))
    pi.click("form[action$='/upload/'] button")
    pi.wait_for_load_state()
    pi.click("[data-testid=submit]")
    pi.wait_for_url("**/receipts/**")
    application = Application.objects.get(call=call)

    # Unit endorsement and recommendation; the officer returns it once with a reason.
    unit_page = open_as(unit_admin)
    decide(unit_page, application.pk, "endorse")
    rec_page = open_as(recommender)
    decide(rec_page, application.pk, "recommend")
    decide(staff, application.pk, "officer_return", "请补充设备购置的必要性说明。")
    pi.goto(f"/applications/{application.pk}/")
    assert "请补充设备购置的必要性说明" in pi.content()
    snap(pi, "20-returned-with-reason")

    # The applicant fixes and resubmits; it goes up again and passes the formal check.
    pi.goto(f"/applications/{application.pk}/edit/")
    pi.fill("#id_objectives", TEXT + "设备购置用于主轴热变形在线测量平台建设。")
    pi.click("text=保存草稿")
    pi.wait_for_load_state()
    pi.click("[data-testid=submit]")
    pi.wait_for_url("**/receipts/**")
    decide(unit_page, application.pk, "endorse")
    decide(rec_page, application.pk, "recommend")
    staff.goto(f"/applications/{application.pk}/")
    snap(staff, "21-formal-check-machine-results")
    decide(staff, application.pk, "formal_pass")
    application.refresh_from_db()
    assert application.status == "formal_passed"

    # The deadline passes. Scores (entered by hand until the review module) and the funding list.
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - timezone.timedelta(minutes=1))
    staff.goto(f"/approvals/calls/{call.pk}/scores/")
    staff.fill(f"#score-{application.pk}", "91.5")
    staff.click("[data-testid=save-scores]")
    staff.wait_for_load_state()
    staff.goto("/approvals/")
    staff.click(f"[data-testid=open-list-{call.pk}]")
    staff.wait_for_url("**/approvals/*/")
    staff.check(f"#inc-{application.pk}")
    staff.fill(f"#grant-{application.pk}", "180")
    staff.check(f"input[name=offices][value='{finance.pk}']")
    staff.fill("#id_note", "按评审排名择优支持。")
    staff.click("[data-testid=list-save]")
    staff.wait_for_load_state()
    snap(staff, "22-funding-list-draft")
    staff.click("[data-testid=list-submit]")
    staff.wait_for_load_state()
    assert staff.locator("[data-testid=sign-form]").count() == 0  # the proposer never signs
    funding_list = FundingList.objects.get(call=call)

    # Joint sign-off: the finance office, the managing office (another officer) and a leader.
    for user in (finance_officer, second_officer, leader):
        signer = open_as(user)
        signer.goto(f"/approvals/{funding_list.pk}/")
        signer.check("input[name=decision][value=approve]")
        signer.fill("#id_comment", "同意。")
        signer.click("[data-testid=sign-submit]")
        signer.wait_for_load_state()
    assert "会签完成" in signer.locator("[data-testid=list-status]").inner_text()
    snap(signer, "23a-joint-sign-off-complete")

    # Publicity on the portal; a member of the public objects in their real name.
    staff.goto(f"/approvals/{funding_list.pk}/")
    staff.click("[data-testid=list-publish]")
    staff.wait_for_load_state()
    public = open_as(None)
    public.goto("/portal/publicity/")
    public.click("text=2027年度重点研发计划申报指南")
    public.wait_for_selector("[data-testid=publicity-table]")
    public.click("[data-testid=objection-submit]")
    public.wait_for_load_state()
    assert public.locator(".invalid-feedback").count() >= 3  # no anonymous objections
    public.fill("#id_name", "王公正")
    public.fill("#id_id_number", "11010519491231002X")
    public.fill("#id_phone", "13812345678")
    public.fill("#id_content", "该项目研究内容与申报单位已结题项目高度相似，请核查是否重复申报。")
    snap(public, "23-portal-objection-form")
    public.click("[data-testid=objection-submit]")
    public.wait_for_url("**/portal/objections/**")

    # The officer answers; the objected applicant sees nothing of it.
    staff.goto(f"/approvals/{funding_list.pk}/")
    staff.check("input[type=radio][value=dismissed]")
    staff.fill("textarea[name$=answer]", "经核查，两项目研究对象与技术路线不同，不构成重复申报，异议不成立。")
    staff.click("[data-testid=answer-submit]")
    staff.wait_for_load_state()
    pi.goto(f"/applications/{application.pk}/")
    assert "王公正" not in pi.content()

    # Publicity ends; the officer approves the list and the project is created.
    FundingList.objects.filter(pk=funding_list.pk).update(publicity_ends_at=timezone.now())
    staff.goto(f"/approvals/{funding_list.pk}/")
    staff.click("[data-testid=list-finalize]")
    staff.wait_for_load_state()
    staff.wait_for_selector("[data-testid=projects]")
    snap(staff, "24-funding-list-approved")
    project = Project.objects.get()
    pi.goto(f"/applications/{application.pk}/")
    assert project.number in pi.locator("[data-testid=project]").inner_text()
    snap(pi, "25-applicant-sees-approved-project")
    public.goto(f"/portal/publicity/{funding_list.pk}/")
    snap(public, "26-portal-publicity-list")

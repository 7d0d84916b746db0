"""The conduct hotline end to end: a member of the public files a request on the portal (human
check), the general office assigns it, the office replies within the limit, the requester rates the
reply through the one-time link, the report's rates update, and a leader opens the roadmap."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.roles import Role
from core.human_check import human_check_answer
from hotline.defaults import categories_ensure
from hotline.models import RatingLink, ServiceRequest
from orgs.models import Office
from rectification.services import milestone_add, rectification_item_create
from tests.browser.conftest import snap

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hotline_staff(make_user, office):
    general = Office.objects.create(name="办公室", code="general")
    categories_ensure()
    return {
        "registrar": make_user("registrar1", Role.OFFICER, office=general),
        "leader": make_user("leader1", Role.LEADER),
        "supervisor": make_user("supervisor1", Role.SUPERVISOR),
    }


def _file_request(page) -> ServiceRequest:
    page.goto("/portal/")
    page.click("#portal-hotline")
    page.select_option("#id_category", label=page.locator("#id_category option").first.inner_text())
    page.fill("#id_title", "高新技术企业认定申报咨询")
    page.fill("#id_content", "请问今年高新技术企业认定什么时候开始申报？研发费用归集有什么要求？")
    page.fill("#id_name", "王小明")
    page.fill("#id_phone", "13812345678")
    page.fill("#id_email", "wang@example.test")
    page.fill("#id_captcha_1", "0")  # a wrong answer first: refused at the field, nothing lost
    page.click("[data-testid=hotline-submit]")
    assert page.locator("#id_title").input_value() == "高新技术企业认定申报咨询"
    snap(page, "78-hotline-human-check-refused")
    key = page.locator("input[name=captcha_0]").input_value()
    page.fill("#id_captcha_1", human_check_answer(key))
    snap(page, "79-hotline-public-form")
    page.click("[data-testid=hotline-submit]")
    page.wait_for_selector("[data-testid=public-status]")
    snap(page, "80-hotline-filed")
    return ServiceRequest.objects.get(title="高新技术企业认定申报咨询")


def test_a_request_goes_from_the_public_to_a_rated_reply_and_the_roadmap(open_as, officer, office, hotline_staff):
    public = open_as(None)
    request = _file_request(public)
    assert "13812345678" not in public.content()  # contact data never shown back on the portal

    registrar = open_as(hotline_staff["registrar"])
    registrar.goto(f"/hotline/{request.pk}/")
    assert "13812345678" not in registrar.content()  # masked until revealed
    registrar.select_option("#id_office", str(office.pk))
    registrar.click("[data-testid=assign-submit]")
    registrar.wait_for_selector(".alert-success")

    handler = open_as(officer)
    handler.goto(f"/hotline/{request.pk}/")
    handler.fill(
        "#id_reply", "您好，今年高新技术企业认定将于5月开始申报，研发费用按《高新技术企业认定管理工作指引》归集。"
    )
    snap(handler, "81-hotline-office-replies")
    handler.click("[data-testid=reply-submit]")
    handler.wait_for_selector(".alert-success")
    request.refresh_from_db()
    assert request.status == "replied" and request.on_time and timezone.localdate() <= request.deadline

    link = RatingLink.objects.get(request=request)
    public.goto(f"/portal/hotline/rate/{link.token}/")
    public.check("input[name=rating][value=satisfied]")
    public.click("[data-testid=rate-submit]")
    assert public.locator("[data-testid=rate-state]").get_attribute("data-state") == "thanks"
    public.goto(f"/portal/hotline/rate/{link.token}/")
    assert public.locator("[data-testid=rate-state]").get_attribute("data-state") == "used"  # once only

    leader = open_as(hotline_staff["leader"])
    leader.goto(f"/hotline/report/?kind=year&year={timezone.localdate().year}")
    assert leader.locator("[data-testid=received]").inner_text().strip() == "1"
    assert leader.locator("[data-testid=resolution-rate]").inner_text().strip() == "100.0%"
    assert leader.locator("[data-testid=satisfaction-rate]").inner_text().strip() == "100.0%"
    leader.wait_for_selector(".chart canvas")
    snap(leader, "82-hotline-report")

    today = timezone.localdate()
    item, _ = rectification_item_create(
        actor=hotline_staff["supervisor"],
        source="service_request",
        source_key=f"hotline.servicerequest:{request.pk}",
        problem="高企认定政策解读不够及时，企业咨询集中",
        goal="申报前一个月发布政策解读和材料清单",
        deadline=today + dt.timedelta(days=60),
        measures="制作政策解读图解，在办事指南中公布研发费用归集口径，举办线上宣讲会",
        office=office,
        responsible=officer,
        commitment="两个月内完成政策解读发布，接受社会监督",
    )
    milestone_add(actor=officer, item=item, title="发布政策解读", starts_on=today, due_on=today + dt.timedelta(days=20))
    milestone_add(
        actor=officer,
        item=item,
        title="线上宣讲会",
        starts_on=today + dt.timedelta(days=21),
        due_on=today + dt.timedelta(days=50),
    )
    leader.goto("/")
    leader.goto("/rectification/roadmap/")
    leader.wait_for_selector("#roadmap-chart canvas")
    assert "高企认定政策解读" in leader.locator("[data-testid=roadmap-table]").inner_text()
    snap(leader, "83-rectification-roadmap")
    assert not [e for e in getattr(leader, "console_errors", []) if "Content Security Policy" in e]

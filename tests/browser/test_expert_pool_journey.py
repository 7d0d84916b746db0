"""An expert fills in a profile; an officer finds it in the pool and approves it."""

import pytest

from experts.models import ExpertProfile, ProfileStatus
from tests.browser.conftest import snap

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_expert_profile_is_kept_by_the_expert_and_approved_by_an_officer(
    open_as, expert, officer, regions, disciplines
):
    page = open_as(expert)
    page.goto("/experts/me/")
    page.fill("#id_title", "教授")
    page.fill("#id_unit_name", "之江理工大学")
    page.select_option("#id_region", value=regions["hz"].pk)
    page.fill("#id_discipline_codes", "520.20 999.99")
    page.fill("#id_keywords", "机器学习、知识图谱")
    page.fill("#id_research_fields", "工业知识图谱构建与推理")
    page.fill("[name=avoid-0-name]", "李华")
    page.fill("[name=avoid-0-unit]", "宁波海洋材料研究院")
    page.click("button[type=submit]")
    assert "999.99" in page.locator("#id_discipline_codes ~ .invalid-feedback").inner_text()
    assert page.input_value("[name=avoid-0-name]") == "李华"  # nothing typed is lost
    snap(page, "30-expert-profile-bad-code")
    page.fill("#id_discipline_codes", "520.20、520.60")
    page.click("button[type=submit]")
    page.wait_for_selector("text=待审核")
    snap(page, "31-expert-profile-pending")

    staff = open_as(officer)
    staff.goto("/experts/?status=pending")
    staff.click(f"text={expert.full_name}")
    snap(staff, "32-officer-reviews-expert-profile")
    staff.click("button[value=approve]")
    staff.wait_for_url("**/experts/")
    snap(staff, "33-expert-pool")
    assert ExpertProfile.objects.get(user=expert).status == ProfileStatus.APPROVED

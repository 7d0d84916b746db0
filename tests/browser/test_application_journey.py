"""An applicant fills an application with autosave, uploads, submits and gets a receipt."""

import pytest

from conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TEXT = "面向高端数控机床核心部件，研究高精度主轴热误差建模与补偿方法，开发在线监测与补偿系统并在龙头企业示范应用。" * 2


def test_applicant_fills_with_autosave_and_submits(page, shot, applicant, open_call, tmp_path):
    call = open_call
    page.goto("/accounts/login/")
    page.fill("#id_username", applicant.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.goto("/applications/")
    page.click(f"[data-testid=start-{call.pk}]")
    page.fill("#id_title", "高端数控机床主轴热误差补偿技术")
    page.select_option("#id_topic", label="01 高端装备")
    page.click("button[type=submit]")
    page.wait_for_url("**/edit/")

    page.fill("#id_abstract", TEXT)
    page.locator("#id_abstract").dispatch_event("change")
    page.wait_for_selector("[data-testid=saved]")
    for selector, value in {
        "#id_start_date": "2027-01-01",
        "#id_end_date": "2029-12-31",
        "#id_discipline_codes": "460.45",
        "#id_keywords": "数控机床、热误差、补偿",
        "#id_objectives": TEXT,
        "[name=indicator-0-name]": "发明专利",
        "[name=indicator-0-target]": "5项",
        "[name=budget-business-grant]": "200",
    }.items():
        page.fill(selector, value)
    page.click("text=保存草稿")
    page.wait_for_load_state()
    pdf = tmp_path / "承诺书.pdf"
    pdf.write_bytes(PDF)
    page.select_option("#kind", "commitment")
    page.set_input_files("#file", str(pdf))
    page.click("form[action$='/upload/'] button")
    page.wait_for_load_state()
    assert page.locator("[data-testid=missing]").count() == 0
    shot("10-application-ready")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("[data-testid=submit]")
    page.wait_for_url("**/receipts/**")
    assert "SHA-256" in page.content()
    shot("11-submission-receipt")
    assert page.console_errors == []

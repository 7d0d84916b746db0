"""Staff journeys in the browser: units with charts, unit import, audit export with a progress bar."""

import pytest

from conftest import PASSWORD, current_code, enrol_totp
from core.excel import workbook_bytes
from orgs.imports import UNIT_IMPORT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, user) -> None:
    device = enrol_totp(user)
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/accounts/otp/verify/**")
    page.fill("#id_token", current_code(device))
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/" not in url)


def test_system_admin_imports_units_and_sees_them_charted(page, shot, sysadmin, regions, tmp_path):
    sign_in(page, sysadmin)
    page.goto("/imports/units/")
    good = tmp_path / "units.xlsx"
    good.write_bytes(
        workbook_bytes(
            UNIT_IMPORT.headers(),
            [
                ["杭州云栖智能科技有限公司", "91330106MA2B00000U", "企业", "330106", "", "", ""],
                ["之江新材料研究院", "12330100470000013L", "科研院所", "330200", "", "", ""],
            ],
        )
    )
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook_bytes(UNIT_IMPORT.headers(), [["", "123", "外星机构", "999999", "", "", ""]]))
    page.set_input_files("#file", str(bad))
    page.click("button[type=submit]")
    assert page.locator("[data-testid=import-errors]").is_visible()
    shot("06-import-errors")
    page.set_input_files("#file", str(good))
    page.click("button[type=submit]")
    page.click("[data-testid=import-confirm]")
    assert page.locator("[data-testid=import-done]").is_visible()

    page.goto("/orgs/units/")
    page.wait_for_selector(".chart canvas")
    assert page.locator("table tbody tr").count() == 2
    shot("07-units-with-charts")
    assert page.console_errors == []


def test_audit_admin_exports_the_log_with_a_progress_bar(page, shot, audit_admin):
    sign_in(page, audit_admin)
    page.goto("/audit/")
    assert page.locator("table tbody tr").count() >= 2
    shot("08-audit-log")
    page.click("form[action*=export] button")
    page.wait_for_selector("[data-testid=job-result]")
    assert page.locator(".progress-bar").get_attribute("data-percent") == "100"
    assert page.locator(".progress-bar").evaluate("el => el.style.width") == "100%"
    shot("09-audit-export-done")
    with page.expect_download() as download:
        page.click("[data-testid=job-result]")
    assert download.value.suggested_filename == "audit-log.xlsx"
    assert page.console_errors == []

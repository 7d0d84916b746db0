"""A staff member signs in, enrols the second factor, sees the workbench, switches language, signs out."""

import base64

import pytest
from django_otp.oath import totp

from conftest import PASSWORD
from notifications.services import notify

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code_for(secret: str) -> str:
    return f"{totp(base64.b32decode(secret)):06d}"


def test_officer_signs_in_with_second_factor_and_uses_the_workbench(page, shot, officer):
    notify(recipients=[officer], title="2027年度重点研发计划申报指南已发布", email=False)

    page.goto("/")
    assert "/accounts/login/" in page.url
    assert page.locator("h1").inner_text() == "登录"
    page.fill("#id_username", officer.username)
    page.fill("#id_password", PASSWORD)
    shot("01-login")
    page.click("button[type=submit]")

    page.wait_for_url("**/accounts/otp/setup/")
    assert page.locator(".qr svg").is_visible()
    shot("02-second-factor-enrolment")
    secret = page.locator("[data-testid=otp-secret]").inner_text()
    page.fill("#id_token", code_for(secret))
    page.click("button[type=submit]")

    page.wait_for_url(lambda url: url.endswith("/"))
    assert page.locator("h1").inner_text() == "我的工作台"
    assert page.locator("[data-testid=unread-count]").inner_text() == "1"
    assert "2027年度重点研发计划申报指南已发布" in page.content()
    shot("03-workbench-zh")

    page.click("[data-testid=lang-switch]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "My workbench"
    shot("04-workbench-en")
    page.click("[data-testid=lang-switch]")
    page.wait_for_load_state()

    page.click("button.dropdown-toggle")
    page.click("[data-testid=logout]")
    page.wait_for_url("**/accounts/login/")
    page.goto("/")
    assert "/accounts/login/" in page.url
    assert page.console_errors == []


def test_wrong_password_shows_one_message_and_lockout_follows(page, shot, applicant):
    page.goto("/accounts/login/")
    for _ in range(5):
        page.fill("#id_username", applicant.username)
        page.fill("#id_password", "Wrong-password-1")
        page.click("button[type=submit]")
        page.wait_for_load_state()
        assert "账号或密码不正确" in page.content()
    page.fill("#id_username", applicant.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=lockout]").is_visible()
    shot("05-lockout")

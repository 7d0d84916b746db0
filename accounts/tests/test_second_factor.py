"""TOTP second factor for staff, experts and admin roles."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from conftest import PASSWORD, current_code, enrol_totp, sign_in

pytestmark = pytest.mark.django_db


def test_officer_without_a_device_is_sent_to_enrolment_with_a_qr_code(client, officer):
    sign_in(client, officer, second_factor=False)
    response = client.get("/")
    assert response["Location"] == "/accounts/otp/setup/"
    page = client.get("/accounts/otp/setup/").content.decode()
    assert "<svg" in page
    secret = re.search(r'data-testid="otp-secret">([A-Z2-7]+)<', page).group(1)
    assert len(secret) >= 16


def test_enrolment_confirms_with_a_valid_code_and_opens_the_workbench(client, officer):
    sign_in(client, officer, second_factor=False)
    client.get("/accounts/otp/setup/")
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    response = client.post(
        "/accounts/otp/setup/", {"token": "000000" if current_code(device) != "000000" else "111111"}
    )
    assert "验证码不正确" in response.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code imposes a short wait before the next try
    response = client.post("/accounts/otp/setup/", {"token": current_code(device)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="otp.enrol", actor=officer).exists()


def test_enrolled_expert_must_enter_a_code_after_the_password(client, expert):
    device = enrol_totp(expert)
    client.post("/accounts/login/", {"username": "expert1", "password": PASSWORD})
    assert client.get("/")["Location"] == "/accounts/otp/verify/"
    assert client.post("/accounts/otp/verify/", {"token": "12345"}).status_code == 200
    client.post("/accounts/otp/verify/", {"token": current_code(device)})
    assert client.get("/").status_code == 200


def test_api_refuses_a_session_that_has_not_passed_the_second_factor(client, officer):
    sign_in(client, officer, second_factor=False)
    assert client.get("/api/accounts/me").status_code in (401, 403)


def test_applicants_do_not_need_a_second_factor(client, applicant):
    sign_in(client, applicant, second_factor=False)
    assert client.get("/").status_code == 200


def test_enforcement_can_be_switched_off_for_the_embedded_demo(client, officer, settings):
    settings.OTP_REQUIRED = False
    sign_in(client, officer, second_factor=False)
    assert client.get("/").status_code == 200

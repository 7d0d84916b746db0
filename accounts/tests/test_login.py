"""Sign-in, lockout, sessions and CSRF."""

import time

import pytest
from django.test import Client
from django.utils import timezone

from accounts.middleware import SESSION_STARTED
from audit.models import AuditEvent
from conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db


def post_login(client: Client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_applicant_signs_in_and_reaches_the_workbench(client, applicant):
    response = post_login(client, "applicant1", PASSWORD)
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.login", actor=applicant).exists()


def test_unknown_account_and_wrong_password_get_the_same_message(client, applicant):
    wrong_password = post_login(client, "applicant1", "Wrong-password-123").content.decode()
    unknown_user = post_login(Client(), "nobody-here", "Wrong-password-123").content.decode()
    assert "账号或密码不正确" in wrong_password
    assert "账号或密码不正确" in unknown_user


def test_five_failures_lock_the_account_even_with_the_right_password(client, applicant):
    for _ in range(5):
        post_login(client, "applicant1", "Wrong-password-123")
    response = post_login(client, "applicant1", PASSWORD)
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert AuditEvent.objects.filter(action="auth.lockout").exists()


def test_unknown_account_locks_the_same_way(client, db):
    for _ in range(6):
        response = post_login(client, "ghost-account", "Wrong-password-123")
    assert response.status_code == 429


def test_failures_spread_over_more_than_15_minutes_do_not_lock(client, applicant, monkeypatch):
    from axes.models import AccessFailureLog

    for _ in range(4):
        post_login(client, "applicant1", "Wrong-password-123")
    AccessFailureLog.objects.update(attempt_time=timezone.now() - timezone.timedelta(minutes=16))
    post_login(client, "applicant1", "Wrong-password-123")
    assert post_login(client, "applicant1", PASSWORD).status_code == 302


def test_lock_ends_after_30_minutes(client, applicant):
    from axes.models import AccessFailureLog

    for _ in range(5):
        post_login(client, "applicant1", "Wrong-password-123")
    assert post_login(client, "applicant1", PASSWORD).status_code == 429
    AccessFailureLog.objects.update(attempt_time=timezone.now() - timezone.timedelta(minutes=31))
    assert post_login(client, "applicant1", PASSWORD).status_code == 302


def test_sign_in_issues_a_new_session_id(client, applicant):
    client.get("/accounts/login/")
    client.session["probe"] = 1
    before = client.cookies.get("sessionid")
    post_login(client, "applicant1", PASSWORD)
    after = client.cookies["sessionid"].value
    assert before is None or before.value != after


def test_sign_out_destroys_the_session(client, applicant):
    sign_in(client, applicant)
    old_key = client.session.session_key
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=old_key).exists()
    assert client.get("/").status_code == 302


def test_sign_out_by_get_is_refused(client, applicant):
    sign_in(client, applicant)
    assert client.get("/accounts/logout/").status_code == 405


def test_idle_timeout_is_30_minutes_renewed_on_each_request(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_session_idle_for_30_minutes_sends_the_user_back_to_sign_in(client, applicant):
    from django.contrib.sessions.models import Session

    sign_in(client, applicant)
    session = Session.objects.get(session_key=client.session.session_key)
    assert session.expire_date - timezone.now() <= timezone.timedelta(minutes=30)
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_unknown_session_cookie_is_treated_as_signed_out(client, applicant):
    sign_in(client, applicant)
    client.cookies["sessionid"] = "expired-or-unknown-session"
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_session_ends_12_hours_after_sign_in_even_when_active(client, applicant):
    sign_in(client, applicant)
    session = client.session
    session[SESSION_STARTED] = int(time.time()) - 12 * 3600 - 1
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and "expired=1" in response["Location"]
    assert "会话已过期" in client.get(response["Location"]).content.decode()


def test_forged_csrf_token_is_refused(applicant):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "applicant1", "password": PASSWORD})
    assert response.status_code == 403
    client.get("/accounts/login/")
    response = client.post(
        "/accounts/login/",
        {"username": "applicant1", "password": PASSWORD, "csrfmiddlewaretoken": "forged" * 8},
    )
    assert response.status_code == 403


def test_open_redirect_after_sign_in_is_ignored(client, applicant):
    response = client.post(
        "/accounts/login/", {"username": "applicant1", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_security_admin_lifts_a_lockout_early(client, applicant, security_admin, login):
    for _ in range(5):
        post_login(client, "applicant1", "Wrong-password-123")
    assert post_login(client, "applicant1", PASSWORD).status_code == 429
    admin = login(security_admin)
    assert "锁定至" in admin.get(f"/accounts/users/{applicant.pk}/").content.decode()
    admin.post(f"/accounts/users/{applicant.pk}/unlock/")
    assert AuditEvent.objects.filter(action="auth.unlock").exists()
    assert post_login(Client(), "applicant1", PASSWORD).status_code == 302


def test_system_admin_cannot_lift_a_lockout(applicant, sysadmin, login):
    assert login(sysadmin).post(f"/accounts/users/{applicant.pk}/unlock/").status_code == 403

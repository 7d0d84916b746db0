import pytest
from django.db import connection


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_fails(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(connection, "cursor", broken)
    assert client.get("/healthz").status_code == 503


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_each_response_carries_a_request_id(client):
    response = client.get("/accounts/login/")
    assert len(response["X-Request-ID"]) >= 8


@pytest.mark.django_db
def test_interface_is_chinese_by_default_and_switches_to_english(client):
    response = client.get("/accounts/login/")
    assert '<html lang="zh-hans">' in response.content.decode()
    assert "登录" in response.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    response = client.get("/accounts/login/")
    assert '<html lang="en">' in response.content.decode()
    assert "Sign in" in response.content.decode()


@pytest.mark.django_db
def test_signed_in_pages_are_not_stored_by_the_browser(applicant, login):
    response = login(applicant).get("/accounts/tokens/")
    assert "no-store" in response["Cache-Control"]

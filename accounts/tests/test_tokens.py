"""Personal access tokens for the REST API: hashed, scoped, revocable."""

import pytest
from django.utils import timezone

from accounts.models import AccessToken
from accounts.services import token_create, token_revoke
from conftest import sign_in

pytestmark = pytest.mark.django_db


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_token_is_shown_once_and_stored_only_as_a_digest(client, applicant):
    sign_in(client, applicant)
    in_a_month = (timezone.localdate() + timezone.timedelta(days=30)).isoformat()
    response = client.post(
        "/accounts/tokens/", {"name": "统计系统", "scopes": ["profile:read"], "expires_at": in_a_month}
    )
    page = response.content.decode()
    token = AccessToken.objects.get(user=applicant)
    assert "kjw_" in page
    assert token.digest not in page and len(token.digest) == 64


def test_token_reads_what_its_scope_allows_and_nothing_else(client, applicant):
    _token, raw = token_create(actor=applicant, name="me-only", scopes=["profile:read"])
    assert client.get("/api/accounts/me", **bearer(raw)).json()["username"] == "applicant1"
    assert client.get("/api/notifications/", **bearer(raw)).status_code == 403


def test_revoked_or_unknown_tokens_are_refused(client, applicant):
    token, raw = token_create(actor=applicant, name="temp", scopes=["profile:read"])
    token_revoke(actor=applicant, token=token)
    assert client.get("/api/accounts/me", **bearer(raw)).status_code == 401
    assert client.get("/api/accounts/me", **bearer("kjw_bogus_token")).status_code == 401


def test_token_does_not_widen_its_owners_rights(client, applicant):
    _token, raw = token_create(actor=applicant, name="orgs", scopes=["orgs:read"])
    assert client.get("/api/orgs/units", **bearer(raw)).status_code == 403
    assert client.get("/api/orgs/regions", **bearer(raw)).status_code == 200


def test_another_users_token_cannot_be_revoked(client, applicant, expert, login):
    token, _raw = token_create(actor=expert, name="x", scopes=["profile:read"])
    response = login(applicant).post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_openapi_document_and_docs_page(client, applicant):
    sign_in(client, applicant)
    spec = client.get("/api/openapi.json").json()
    assert "/api/accounts/me" in spec["paths"]
    assert client.get("/api/docs").status_code == 200


def test_token_lifetime_is_limited_to_one_year(client, applicant):
    sign_in(client, applicant)
    too_late = (timezone.localdate() + timezone.timedelta(days=400)).isoformat()
    page = client.post("/accounts/tokens/", {"name": "x", "scopes": ["profile:read"], "expires_at": too_late})
    assert 'id="id_expires_at_error"' in page.content.decode()
    assert not AccessToken.objects.exists()


def test_expired_token_is_refused(client, applicant):
    _token, raw = token_create(
        actor=applicant, name="old", scopes=["profile:read"], expires_at=timezone.now() - timezone.timedelta(minutes=1)
    )
    assert client.get("/api/accounts/me", **bearer(raw)).status_code == 401

"""Password policy, history, expiry and the forced change of an issued password."""

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import SecurityPolicy
from accounts.services import user_change_password, user_create
from conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Short#1a", "password_too_short"),
        ("alllowercaseletters", "password_classes"),
        ("Applicant1-is-mine", "password_contains_username"),
        ("Password1234", "password_too_common"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(applicant, password, code):
    with pytest.raises(ValidationError) as caught:
        user_change_password(actor=applicant, user=applicant, new_password=password)
    assert code in [e.code for e in caught.value.error_list]


def test_a_strong_password_is_accepted_and_hashed_with_argon2(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user, _ = user_create(actor=None, username="zhangwei", full_name="张伟", password="Qiantang#River2026")
    assert identify_hasher(user.password).algorithm == "argon2"


def test_the_last_five_passwords_cannot_be_reused(applicant):
    history = ["Hangzhou#2026aa", "Ningbo#2026bbb", "Wenzhou#2026cc", "Shaoxing#2026d", "Huzhou#2026eee"]
    for password in history:
        user_change_password(actor=applicant, user=applicant, new_password=password)
    for old in history:
        with pytest.raises(ValidationError):
            user_change_password(actor=applicant, user=applicant, new_password=old)
    # the sixth-last password may come back
    user_change_password(actor=applicant, user=applicant, new_password=PASSWORD)


def test_issued_password_must_be_changed_at_first_sign_in(client, db):
    user, issued = user_create(actor=None, username="newcomer", full_name="新用户")
    assert user.must_change_password
    client.post("/accounts/login/", {"username": "newcomer", "password": issued})
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/accounts/password/"
    response = client.post(
        "/accounts/password/",
        {"old_password": issued, "new_password1": "Lishui#Forest2026", "new_password2": "Lishui#Forest2026"},
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_password_change_form_shows_each_problem_at_its_field(client, applicant):
    sign_in(client, applicant)
    response = client.post(
        "/accounts/password/", {"old_password": "wrong", "new_password1": "abc", "new_password2": "abd"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_old_password_error"' in page
    assert 'id="id_new_password2_error"' in page


def test_expired_password_forces_a_change(client, applicant):
    applicant.password_changed_at = timezone.now() - timezone.timedelta(days=91)
    applicant.save(update_fields=["password_changed_at"])
    sign_in(client, applicant)
    assert client.get("/")["Location"] == "/accounts/password/"


def test_expiry_follows_the_policy_in_the_database(client, applicant):
    policy = SecurityPolicy.current()
    policy.password_expiry_days = 0
    policy.save()
    from django.core.cache import cache

    cache.clear()
    applicant.password_changed_at = timezone.now() - timezone.timedelta(days=400)
    applicant.save(update_fields=["password_changed_at"])
    sign_in(client, applicant)
    assert client.get("/").status_code == 200

"""Applicant registration and unit binding confirmed by the unit admin (end to end)."""

import pytest

from accounts.models import MembershipStatus, UnitMembership, User
from accounts.roles import Role
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db

FORM = {
    "username": "lina2026",
    "full_name": "李娜",
    "id_number": "11010519491231002X",
    "phone": "13812345678",
    "email": "lina@example.test",
    "title": "副研究员",
    "password1": "Xixi#Wetland2026",
    "password2": "Xixi#Wetland2026",
    "consent": "on",
}


def register(client, unit, **changes):
    return client.post("/accounts/register/", {**FORM, "unit": unit.pk, **changes})


def test_registration_then_confirmation_makes_an_applicant_of_the_unit(client, unit, unit_admin, login):
    response = register(client, unit)
    assert response.status_code == 302
    newcomer = User.objects.get(username="lina2026")
    assert newcomer.role_names == frozenset()
    assert newcomer.id_number == "11010519491231002X"

    admin_client = login(unit_admin)
    workbench = admin_client.get("/").content.decode()
    assert "等待单位确认" in workbench
    membership = UnitMembership.objects.get(user=newcomer)
    response = admin_client.post(f"/accounts/memberships/{membership.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 302

    newcomer = User.objects.get(pk=newcomer.pk)
    assert newcomer.unit == unit
    assert Role.APPLICANT in newcomer.role_names
    assert newcomer.notifications.filter(title__contains="确认").exists()
    assert AuditEvent.objects.filter(action="unitmembership.confirm").exists()


def test_rejection_needs_a_reason_and_the_applicant_sees_it(client, unit, unit_admin, login):
    register(client, unit)
    membership = UnitMembership.objects.get(user__username="lina2026")
    admin_client = login(unit_admin)
    admin_client.post(f"/accounts/memberships/{membership.pk}/decide/", {"decision": "reject", "reason": ""})
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING
    admin_client.post(
        f"/accounts/memberships/{membership.pk}/decide/", {"decision": "reject", "reason": "本单位无此人员"}
    )
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REJECTED
    client.post("/accounts/login/", {"username": FORM["username"], "password": FORM["password1"]})
    assert "本单位无此人员" in client.get("/accounts/profile/").content.decode()


def test_admin_of_another_unit_cannot_decide(client, unit, other_unit, make_user, login):
    register(client, unit)
    membership = UnitMembership.objects.get(user__username="lina2026")
    stranger = make_user("otheradmin", Role.UNIT_ADMIN, unit=other_unit)
    response = login(stranger).post(f"/accounts/memberships/{membership.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING


def test_applicant_cannot_open_the_confirmation_page(applicant, login):
    assert login(applicant).get("/accounts/memberships/").status_code == 403


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id_number", "110105194912310021"),
        ("phone", "12345"),
        ("username", "a b"),
        ("password2", "different#Pass1"),
        ("consent", ""),
    ],
)
def test_bad_registration_input_is_shown_at_the_field(client, unit, field, value):
    response = register(client, unit, **{field: value})
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not User.objects.filter(username=FORM["username"]).exists() or field == "username"


def test_identifiers_are_stored_encrypted_and_masked_on_screen(client, unit, db):
    register(client, unit)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM accounts_user WHERE username = %s", ["lina2026"])
        raw_id, raw_phone = cursor.fetchone()
    assert "11010519491231002X" not in raw_id and "13812345678" not in raw_phone
    user = User.objects.get(username="lina2026")
    assert user.masked_id_number == "110105********002X"
    assert user.masked_phone == "138****5678"
    events = AuditEvent.objects.filter(action="user.create")
    assert all("13812345678" not in str(e.after) for e in events)

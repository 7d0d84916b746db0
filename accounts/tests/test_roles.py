"""Scoped roles and the separation of the three admin roles."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import RoleAssignment
from accounts.roles import Role
from accounts.services import role_grant
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_one_user_may_hold_several_scoped_roles(make_user, unit, office):
    user = make_user("multi", Role.EXPERT)
    role_grant(actor=None, user=user, role=Role.OFFICER, office=office)
    role_grant(actor=None, user=user, role=Role.UNIT_ADMIN, unit=unit)
    user.refresh_from_db()
    assert {Role.EXPERT, Role.OFFICER, Role.UNIT_ADMIN} <= set(
        RoleAssignment.objects.filter(user=user).values_list("role", flat=True)
    )
    assert user.scopes(Role.UNIT_ADMIN, "unit") == [unit.pk]


@pytest.mark.parametrize(
    ("first", "second"),
    [("sysadmin", "audit_admin"), ("security_admin", "sysadmin"), ("audit_admin", "security_admin")],
)
def test_admin_roles_can_never_be_combined(make_user, first, second):
    user = make_user(f"admin-{first}", first)
    with pytest.raises(ValidationError):
        role_grant(actor=None, user=user, role=second)


def test_scoped_role_needs_its_scope(make_user):
    user = make_user("noscope")
    with pytest.raises(ValidationError):
        role_grant(actor=None, user=user, role=Role.UNIT_ADMIN)


def test_security_admin_grants_and_revokes_roles_through_the_pages(security_admin, make_user, office, login):
    subject = make_user("subject")
    client = login(security_admin)
    client.post(f"/accounts/users/{subject.pk}/roles/", {"role": "officer", "office": office.pk})
    assignment = RoleAssignment.objects.get(user=subject, role="officer")
    assert assignment.office == office
    assert AuditEvent.objects.filter(action="role.grant", target_id=str(subject.pk)).exists()
    client.post(f"/accounts/roles/{assignment.pk}/revoke/")
    assignment.refresh_from_db()
    assert not assignment.is_active
    assert AuditEvent.objects.filter(action="role.revoke").exists()


def test_system_admin_cannot_grant_roles(sysadmin, make_user, login):
    subject = make_user("subject")
    response = login(sysadmin).post(f"/accounts/users/{subject.pk}/roles/", {"role": "leader"})
    assert response.status_code == 403
    assert not RoleAssignment.objects.filter(user=subject).exists()


def test_security_admin_cannot_read_the_audit_log(security_admin, login):
    assert login(security_admin).get("/audit/").status_code == 403


def test_system_admin_creates_an_account_with_an_issued_password(sysadmin, login):
    response = login(sysadmin).post("/accounts/users/new/", {"username": "wangfang", "full_name": "王芳"}, follow=True)
    assert "初始密码" in response.content.decode()
    from accounts.models import User

    assert User.objects.get(username="wangfang").must_change_password


def test_user_list_query_count_does_not_grow_with_users(sysadmin, make_user, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(sysadmin)
    client.get("/accounts/users/")  # warm the policy cache
    counts = []
    for batch in range(2):
        for i in range(20):
            make_user(f"bulk{batch}-{i}", Role.EXPERT)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/accounts/users/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 15


def test_role_grant_problems_are_shown_at_the_field(security_admin, make_user, login):
    subject = make_user("subject")
    response = login(security_admin).post(f"/accounts/users/{subject.pk}/roles/", {"role": "unit_admin"})
    assert response.status_code == 400
    assert 'id="id_unit_error"' in response.content.decode()

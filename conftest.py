"""Shared personas and helpers for every app's tests.

Personas are named after the people in the spec (applicant, unit_admin, officer, expert, ...).
Each gets a fresh account in its own scope; ``login`` signs a client in and passes the second
factor the way a real user would (TOTP code from the enrolled device).
"""

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.roles import Role
from accounts.services import role_grant, user_create
from orgs.models import Office, Recommender, Region, RegionLevel, Unit
from plans.models import Program
from plans.services import call_create, call_publish, topic_add

PASSWORD = "Kejiwang@2026-test"  # noqa: S105 (test accounts only)
_HASH = make_password(PASSWORD, hasher="md5")


@pytest.fixture
def regions(db) -> dict[str, Region]:
    zj = Region.objects.create(code="330000", name="浙江省", level=RegionLevel.PROVINCE)
    hz = Region.objects.create(code="330100", name="杭州市", level=RegionLevel.CITY, parent=zj)
    xh = Region.objects.create(code="330106", name="西湖区", level=RegionLevel.COUNTY, parent=hz)
    nb = Region.objects.create(code="330200", name="宁波市", level=RegionLevel.CITY, parent=zj)
    return {"zj": zj, "hz": hz, "xh": xh, "nb": nb}


@pytest.fixture
def disciplines(db) -> int:
    """The GB/T 13745 codes (loaded by a migration; reloaded where a flushing test removed them)."""
    from experts.disciplines import discipline_codes_load

    return discipline_codes_load()


@pytest.fixture
def unit(regions) -> Unit:
    return Unit.objects.create(
        name="之江理工大学", credit_code="12330000470000013F", unit_type="university", region=regions["xh"]
    )


@pytest.fixture
def other_unit(regions) -> Unit:
    return Unit.objects.create(
        name="宁波海洋材料研究院", credit_code="12330200470000021L", unit_type="institute", region=regions["nb"]
    )


@pytest.fixture
def office(db) -> Office:
    return Office.objects.create(name="高新技术处", code="hightech")


@pytest.fixture
def recommender_org(regions) -> Recommender:
    return Recommender.objects.create(name="杭州市科学技术局", kind="city_bureau", region=regions["hz"])


@pytest.fixture
def open_call(office, officer):
    """A published key R&D call, open for ten more days, with one topic and a required commitment letter."""
    program = Program.objects.create(name="重点研发计划", kind="key_rd", office=office)
    now = timezone.now()
    call = call_create(
        actor=officer,
        program=program,
        title="2027年度重点研发计划申报指南",
        year=2027,
        notice="现发布申报指南。",
        opens_at=now - timezone.timedelta(days=1),
        closes_at=now + timezone.timedelta(days=10),
        eligible_unit_types=["university"],
        budget_cap="300",
        required_attachments=["commitment"],
    )
    topic_add(actor=officer, call=call, code="01", title="高端装备")
    return call_publish(actor=officer, call=call)


@pytest.fixture
def make_user(db):
    """Create a user holding the given role (scope by keyword), with the test password."""

    def make(username: str, role: str | None = None, **scope) -> User:
        user, _ = user_create(
            actor=None,
            username=username,
            full_name=f"测试{username}",
            password_hash=_HASH,
            email=f"{username}@example.test",
            unit=scope.get("unit") if role == Role.APPLICANT else None,
        )
        if role:
            role_grant(actor=None, user=user, role=role, **scope)
        return User.objects.get(pk=user.pk)

    return make


@pytest.fixture
def applicant(make_user, unit) -> User:
    return make_user("applicant1", Role.APPLICANT, unit=unit)


@pytest.fixture
def unit_admin(make_user, unit) -> User:
    return make_user("unitadmin1", Role.UNIT_ADMIN, unit=unit)


@pytest.fixture
def officer(make_user, office) -> User:
    return make_user("officer1", Role.OFFICER, office=office)


@pytest.fixture
def expert(make_user) -> User:
    return make_user("expert1", Role.EXPERT)


@pytest.fixture
def sysadmin(make_user) -> User:
    return make_user("sysadmin1", Role.SYSADMIN)


@pytest.fixture
def security_admin(make_user) -> User:
    return make_user("secadmin1", Role.SECURITY_ADMIN)


@pytest.fixture
def audit_admin(make_user) -> User:
    return make_user("auditadmin1", Role.AUDIT_ADMIN)


@pytest.fixture
def outsider(make_user) -> User:
    return make_user("outsider1")


def enrol_totp(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def sign_in(client: Client, user: User, *, second_factor: bool = True) -> Client:
    """Sign in through the real login view (and the second-factor view when the role needs it)."""
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    if second_factor and user.needs_second_factor:
        device = user.totpdevice_set.filter(confirmed=True).first() or enrol_totp(user)
        response = client.post("/accounts/otp/verify/", {"token": current_code(device)})
        assert response.status_code == 302
    return client


@pytest.fixture
def login(client):
    """``login(user)`` returns a fresh signed-in client."""

    def do(user: User, **kwargs) -> Client:
        return sign_in(Client(), user, **kwargs)

    return do

"""``seed_demo`` builds a valid demo data set through the services, and a second run adds nothing."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory
from stdnum.cn import ric, uscc

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from accounts.selectors import pending_memberships_for
from audit.models import AuditEvent
from core.demo.seed import DEMO_LOGINS, DEMO_PASSWORD, DEPARTMENTS, OFFICES, seed_demo
from notifications.models import Notification
from orgs.models import Agency, Office, Recommender, RecommenderKind, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker) -> dict[str, int]:
    """Seed once for the whole module, in a transaction rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        created = seed_demo()
        yield created
        transaction.set_rollback(True)


def _snapshot() -> tuple[int, ...]:
    models = (User, Unit, Office, Recommender, RoleAssignment, AuditEvent, Notification)
    return tuple(model.objects.count() for model in models)


def test_seed_creates_the_agency_every_office_and_recommender(seeded):
    assert Agency.objects.get().short_name == "省科技厅"
    assert set(Office.objects.values_list("code", flat=True)) >= {code for _name, code in OFFICES}
    assert Recommender.objects.filter(kind=RecommenderKind.CITY_BUREAU).count() == 11
    assert Recommender.objects.filter(kind=RecommenderKind.COUNTY_BUREAU, parent__isnull=False).count() >= 8
    assert set(Recommender.objects.filter(kind=RecommenderKind.DEPARTMENT).values_list("name", flat=True)) == set(
        DEPARTMENTS
    )


def test_seed_spreads_units_over_regions_each_with_a_recommender(seeded):
    assert Unit.objects.count() >= 30
    assert Unit.objects.values("region").distinct().count() >= 5
    assert not Unit.objects.filter(recommender__isnull=True).exists()


def test_seed_creates_enough_users_and_experts(seeded):
    experts = User.objects.filter(role_assignments__role=Role.EXPERT).distinct().count()
    assert User.objects.count() - experts >= 200
    assert experts >= 300
    # party logins: party.demo; the annual review's evaluators: evaluation.demo
    assert seeded["users"] + seeded["party logins"] + seeded["review evaluator accounts"] == User.objects.count()


def test_every_credit_code_is_valid(seeded):
    codes = [*Unit.objects.values_list("credit_code", flat=True), Agency.objects.get().credit_code]
    assert [code for code in codes if not uscc.is_valid(code)] == []


def test_every_stored_id_number_is_valid(seeded):
    numbers = [user.id_number for user in User.objects.all()]
    assert all(numbers)
    assert [number for number in numbers if not ric.is_valid(number)] == []
    assert len(set(numbers)) == len(numbers)


def test_demo_logins_authenticate_with_the_printed_password(seeded):
    request = RequestFactory().post("/accounts/login/")
    for login in DEMO_LOGINS:
        user = authenticate(request=request, username=login.username, password=DEMO_PASSWORD)
        assert user is not None, login.username
        assert login.role in user.role_names
        assert not user.must_change_password


def test_demo_password_passes_the_password_policy():
    for login in DEMO_LOGINS:  # an unsaved user: the history rule would reject the current password
        validate_password(DEMO_PASSWORD, User(username=login.username))


def test_demo_unit_admin_has_pending_applicants_to_confirm(seeded):
    unit_admin = User.objects.get(username="unitadmin")
    applicant = User.objects.get(username="applicant")
    assert pending_memberships_for(unit_admin).count() == 5
    assert applicant.unit == unit_admin.unit
    assert applicant.unit_memberships.get().status == "confirmed"


def test_demo_logins_have_a_welcome_notification(seeded):
    assert Notification.objects.filter(recipient__username="officer", title="欢迎使用科技网演示环境").count() == 1


def test_second_run_creates_nothing(seeded):
    before = _snapshot()
    created = seed_demo()
    assert set(created.values()) == {0}
    assert _snapshot() == before


def test_command_with_if_empty_skips_when_units_exist(seeded):
    before = _snapshot()
    out = StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "not loaded" in out.getvalue()
    assert _snapshot() == before


def test_demo_logins_command_prints_every_account_and_the_second_factor_note(seeded):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert all(login.username in text for login in DEMO_LOGINS)
    assert DEMO_PASSWORD in text
    assert "OTP_REQUIRED=0" in text


def test_demo_has_two_published_calls_one_of_them_a_challenge_list(seeded):
    from plans.models import Call, CallStatus

    calls = Call.objects.filter(status=CallStatus.PUBLISHED).select_related("program")
    assert calls.count() == 2
    assert any(call.is_challenge and call.challenges.count() == 3 for call in calls)
    assert any(call.topics.count() == 5 and call.quotas.count() == 11 for call in calls)


def test_demo_has_applications_in_every_state(seeded):
    from applications.models import Application, ApplicationStatus

    states = set(Application.objects.values_list("status", flat=True))
    assert states == set(ApplicationStatus.values)


def test_every_demo_expert_has_a_profile_most_approved(seeded):
    from experts.models import ExpertProfile, ProfileStatus

    experts = User.objects.filter(role_assignments__role=Role.EXPERT).distinct().count()
    assert ExpertProfile.objects.count() == experts
    assert ExpertProfile.objects.filter(status=ProfileStatus.APPROVED).count() >= experts - 10
    assert ExpertProfile.objects.filter(status=ProfileStatus.PENDING).exists()
    assert ExpertProfile.objects.get(user__username="expert").status == ProfileStatus.APPROVED

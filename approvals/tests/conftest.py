"""A closed direct-path call with applications that passed the formal check, and the people who act on them."""

import pytest
from django.utils import timezone

from accounts.roles import Role
from applications.services import application_decide
from applications.tests.test_recommendation import endorsed
from orgs.models import Office


@pytest.fixture
def finance_office(db) -> Office:
    return Office.objects.create(name="资源配置与管理处", code="finance")


@pytest.fixture
def second_officer(make_user, office):
    """Another officer of the managing office: may sign the office's seat (the proposer may not)."""
    return make_user("officer2", Role.OFFICER, office=office)


@pytest.fixture
def finance_officer(make_user, finance_office):
    return make_user("finofficer", Role.OFFICER, office=finance_office)


@pytest.fixture
def leader(make_user):
    return make_user("leader1", Role.LEADER)


@pytest.fixture
def second_pi(make_user, unit):
    return make_user("applicant2", Role.APPLICANT, unit=unit)


@pytest.fixture
def passed(open_call, applicant, second_pi, unit_admin, officer):
    """Two applications past the formal check of a call that has since closed."""
    type(open_call).objects.filter(pk=open_call.pk).update(recommendation_path="direct")
    open_call.refresh_from_db()
    first = endorsed(open_call, applicant, unit_admin, "高精度主轴热误差补偿")
    second = endorsed(open_call, second_pi, unit_admin, "海洋防腐涂层材料")
    first = application_decide(actor=officer, application=first, name="formal_pass")
    second = application_decide(actor=officer, application=second, name="formal_pass")
    type(open_call).objects.filter(pk=open_call.pk).update(
        closes_at=timezone.now() - timezone.timedelta(hours=1), status="closed"
    )
    open_call.refresh_from_db()
    return tuple(type(first).objects.select_related("call__program").get(pk=a.pk) for a in (first, second))

"""The officer sees machine results with reasons, then passes, fails or returns the application."""

import pytest
from django.core.exceptions import ValidationError

from applications.checks import birth_date, formal_checks
from applications.models import ApplicationStatus
from applications.services import application_decide
from applications.tests.test_recommendation import endorsed
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def direct_call(open_call):
    type(open_call).objects.filter(pk=open_call.pk).update(
        recommendation_path="direct", pi_max_age=50, pi_titles=["教授", "研究员"], limit_per_unit=1
    )
    open_call.refresh_from_db()
    return open_call


@pytest.fixture
def pi(applicant):
    applicant.id_number = "11010519800101002X"
    applicant.title = "教授"
    applicant.save(update_fields=["id_number", "title"])
    return applicant


def by_name(checks):
    return {c.name: c for c in checks}


def test_birth_date_comes_from_the_id_number():
    assert birth_date("11010519800101002X").isoformat() == "1980-01-01"
    assert birth_date("bad") is None


def test_machine_results_pass_for_an_eligible_application(direct_call, pi, unit_admin):
    application = endorsed(direct_call, pi, unit_admin, "合格项目")
    results = formal_checks(application)
    assert all(r.passed for r in results), [(r.name, r.reason) for r in results]
    assert len(results) == 8


def test_ineligible_pi_and_unit_type_are_flagged_with_reasons(direct_call, pi, unit_admin):
    pi.id_number = "11010519600101002X"
    pi.title = "讲师"
    pi.save(update_fields=["id_number", "title"])
    type(direct_call).objects.filter(pk=direct_call.pk).update(eligible_unit_types=["enterprise"])
    direct_call.refresh_from_db()
    application = endorsed(direct_call, pi, unit_admin, "不合格项目")
    results = by_name(formal_checks(application))
    failed = [r for r in results.values() if not r.passed]
    assert len(failed) == 3
    assert any("讲师" in r.reason for r in failed) and any("50" in r.reason for r in failed)


def test_unit_over_its_limit_is_flagged(direct_call, pi, unit_admin, make_user, unit):
    first = endorsed(direct_call, pi, unit_admin, "项目甲")
    other = make_user("pi-b", "applicant", unit=unit)
    other.id_number, other.title = "11010519800101002X", "教授"
    other.save(update_fields=["id_number", "title"])
    endorsed(direct_call, other, unit_admin, "项目乙")
    assert not all(r.passed for r in formal_checks(first))


def test_officer_passes_through_the_page_and_fails_only_with_a_reason(direct_call, pi, unit_admin, officer, login):
    application = endorsed(direct_call, pi, unit_admin, "审查项目")
    client = login(officer)
    page = client.get(f"/applications/{application.pk}/").content.decode()
    assert 'data-testid="checks"' in page and 'data-testid="formal_pass"' in page
    with pytest.raises(ValidationError):
        application_decide(actor=officer, application=application, name="formal_fail", reason="")
    client.post(f"/applications/{application.pk}/decide/", {"decision": "formal_pass"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.FORMAL_PASSED
    assert AuditEvent.objects.filter(action="application.formal_pass").exists()


def test_via_recommender_the_officer_waits_for_the_recommendation(open_call, pi, unit_admin, officer):
    application = endorsed(open_call, pi, unit_admin, "未推荐项目")
    with pytest.raises(ValidationError):
        application_decide(actor=officer, application=application, name="formal_pass")


def test_officer_of_another_office_cannot_decide(direct_call, pi, unit_admin, make_user, login):
    from orgs.models import Office

    application = endorsed(direct_call, pi, unit_admin, "他处项目")
    stranger = make_user("officer-x", "officer", office=Office.objects.create(name="农村科技处", code="rural"))
    assert (
        login(stranger).post(f"/applications/{application.pk}/decide/", {"decision": "formal_pass"}).status_code == 404
    )

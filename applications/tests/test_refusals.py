"""Refusals found by review: each is a clear answer, never a 500 and never a silent change."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.roles import Role
from accounts.services import role_grant
from applications.models import Application, ApplicationStatus
from applications.services import application_start
from applications.tests.conftest import filled_form
from applications.tests.test_recommendation import endorsed
from integrity.services import integrity_record_create
from plans.services import call_update

pytestmark = pytest.mark.django_db


def test_officer_of_another_office_cannot_list_or_export_a_calls_applications(open_call, make_user, login):
    from orgs.models import Office

    stranger = make_user("officer-b", Role.OFFICER, office=Office.objects.create(name="基础研究处", code="basic"))
    client = login(stranger)
    assert client.get(f"/applications/calls/{open_call.pk}/").status_code == 404
    assert client.get(f"/applications/calls/{open_call.pk}/export.xlsx").status_code == 404


def test_a_unit_admin_cannot_endorse_their_own_application(open_call, applicant, unit, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from applications.tests.conftest import PDF

    role_grant(actor=None, user=applicant, role=Role.UNIT_ADMIN, unit=unit)
    client = login(applicant)
    client.post(f"/applications/new/{open_call.pk}/", {"title": "自己的项目", "topic": open_call.topics.first().pk})
    application = Application.objects.get()
    client.post(f"/applications/{application.pk}/edit/", filled_form(application))
    client.post(
        f"/applications/{application.pk}/upload/", {"kind": "commitment", "file": SimpleUploadedFile("c.pdf", PDF)}
    )
    client.post(f"/applications/{application.pk}/submit/", {"key": "own"})
    assert client.post(f"/applications/{application.pk}/decide/", {"decision": "endorse"}).status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


@pytest.mark.parametrize(
    "changes", [{"version": "abc"}, {"budget-equipment-grant": "NaN"}, {"budget-labour-grant": "1e30"}]
)
def test_malformed_draft_input_is_refused_without_an_error_page(open_call, applicant, login, changes):
    client = login(applicant)
    application = application_start(actor=applicant, call=open_call, title="输入检查")
    response = client.post(f"/applications/{application.pk}/edit/", filled_form(application, **changes))
    assert response.status_code in (200, 302)
    application.refresh_from_db()
    assert application.version == 1


def test_only_checker_decisions_are_accepted_by_the_decision_endpoint(open_call, applicant, unit_admin, login):
    application = endorsed(open_call, applicant, unit_admin, "决定检查")
    assert login(unit_admin).post(f"/applications/{application.pk}/decide/", {"decision": "submit"}).status_code == 403


def test_a_submit_key_from_another_application_is_refused_clearly(open_call, applicant, unit_admin, login):
    first = endorsed(open_call, applicant, unit_admin, "第一项")
    second = application_start(actor=applicant, call=open_call, title="第二项")
    response = login(applicant).post(f"/applications/{second.pk}/submit/", {"key": f"key-{first.title}"}, follow=True)
    assert response.status_code == 200
    second.refresh_from_db()
    assert second.status == ApplicationStatus.DRAFT


def test_an_applicant_on_the_black_list_cannot_start(open_call, applicant, officer):
    integrity_record_create(
        actor=officer,
        person=applicant,
        list_kind="black",
        restrictions=["apply"],
        reason="学术不端",
        starts_on=timezone.localdate(),
    )
    with pytest.raises(ValidationError):
        application_start(actor=applicant, call=open_call, title="被限制")


def test_published_rules_cannot_change_but_the_deadline_can(open_call, officer):
    with pytest.raises(ValidationError) as caught:
        call_update(actor=officer, call=open_call, eligible_unit_types=["enterprise"])
    assert "eligible_unit_types" in caught.value.error_dict
    call_update(actor=officer, call=open_call, closes_at=open_call.closes_at + timezone.timedelta(days=3))

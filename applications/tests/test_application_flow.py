"""Applicants fill, save and submit; the unit endorses or returns; every refusal is explained."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.roles import Role
from applications.models import Application, ApplicationStatus, SubmissionReceipt
from applications.services import application_start
from applications.tests.conftest import PDF, filled_form
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def start(client, call) -> Application:
    response = client.post(
        f"/applications/new/{call.pk}/", {"title": "高端数控机床主轴热误差补偿技术", "topic": call.topics.first().pk}
    )
    assert response.status_code == 302
    return Application.objects.latest("pk")


def test_applicant_fills_submits_and_unit_endorses_through_the_pages(open_call, applicant, unit_admin, login):
    client = login(applicant)
    application = start(client, open_call)
    page = client.get(f"/applications/{application.pk}/edit/").content.decode()
    assert 'data-testid="missing"' in page
    client.post(f"/applications/{application.pk}/edit/", filled_form(application))
    client.post(
        f"/applications/{application.pk}/upload/", {"kind": "commitment", "file": SimpleUploadedFile("承诺书.pdf", PDF)}
    )
    page = client.get(f"/applications/{application.pk}/edit/").content.decode()
    assert 'data-testid="missing"' not in page
    response = client.post(f"/applications/{application.pk}/submit/", {"key": "k-1"})
    receipt = SubmissionReceipt.objects.get()
    assert response["Location"] == f"/applications/{application.pk}/receipts/{receipt.number}/"
    assert len(receipt.digest) == 64 and receipt.content["attachments"][0][0] == "commitment"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED

    admin = login(unit_admin)
    assert "等待单位审核的申报书" in admin.get("/").content.decode()
    admin.post(f"/applications/{application.pk}/decide/", {"decision": "endorse"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNIT_ENDORSED
    assert AuditEvent.objects.filter(action="application.endorse").exists()


def test_double_submit_makes_one_submission_and_one_receipt(open_call, applicant, login):
    client = login(applicant)
    application = start(client, open_call)
    client.post(f"/applications/{application.pk}/edit/", filled_form(application))
    client.post(
        f"/applications/{application.pk}/upload/", {"kind": "commitment", "file": SimpleUploadedFile("c.pdf", PDF)}
    )
    first = client.post(f"/applications/{application.pk}/submit/", {"key": "same-key"})
    second = client.post(f"/applications/{application.pk}/submit/", {"key": "same-key"})
    assert first["Location"] == second["Location"]
    assert SubmissionReceipt.objects.count() == 1
    assert AuditEvent.objects.filter(action="application.submit").count() == 1


def test_one_second_late_is_refused(open_call, applicant, login):
    client = login(applicant)
    application = start(client, open_call)
    client.post(f"/applications/{application.pk}/edit/", filled_form(application))
    client.post(
        f"/applications/{application.pk}/upload/", {"kind": "commitment", "file": SimpleUploadedFile("c.pdf", PDF)}
    )
    type(open_call).objects.filter(pk=open_call.pk).update(closes_at=timezone.now() - timezone.timedelta(seconds=1))
    response = client.post(f"/applications/{application.pk}/submit/", {"key": "late"}, follow=True)
    assert "拒绝" in response.content.decode() or "refused" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT and not SubmissionReceipt.objects.exists()


def test_second_tab_gets_a_conflict_and_nothing_is_overwritten(open_call, applicant, login):
    client = login(applicant)
    application = start(client, open_call)
    stale = filled_form(application, title="第一个窗口的标题")
    client.post(f"/applications/{application.pk}/edit/", stale)
    response = client.post(
        f"/applications/{application.pk}/edit/", {**stale, "title": "第二个窗口的标题"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 409 and 'data-testid="conflict"' in response.content.decode()
    application.refresh_from_db()
    assert application.title == "第一个窗口的标题"


def test_autosave_returns_the_new_version(open_call, applicant, login):
    client = login(applicant)
    application = start(client, open_call)
    response = client.post(f"/applications/{application.pk}/edit/", filled_form(application), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="version" value="{application.version + 1}"' in response.content.decode()


def test_budget_over_the_cap_and_missing_attachment_block_submission(open_call, applicant, login):
    client = login(applicant)
    application = start(client, open_call)
    client.post(f"/applications/{application.pk}/edit/", filled_form(application, **{"budget-equipment-grant": "500"}))
    page = client.get(f"/applications/{application.pk}/edit/").content.decode()
    assert "超过" in page and "承诺书" in page
    client.post(f"/applications/{application.pk}/submit/", {"key": "x"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_negative_budget_is_refused_at_the_field(open_call, applicant, login):
    client = login(applicant)
    application = start(client, open_call)
    response = client.post(
        f"/applications/{application.pk}/edit/", filled_form(application, **{"budget-labour-grant": "-5"})
    )
    assert response.status_code == 200 and "负数" in response.content.decode()


def test_unit_returns_with_a_reason_and_the_applicant_sees_it(open_call, applicant, unit_admin, login):
    client = login(applicant)
    application = start(client, open_call)
    client.post(f"/applications/{application.pk}/edit/", filled_form(application))
    client.post(
        f"/applications/{application.pk}/upload/", {"kind": "commitment", "file": SimpleUploadedFile("c.pdf", PDF)}
    )
    client.post(f"/applications/{application.pk}/submit/", {"key": "a"})
    admin = login(unit_admin)
    admin.post(f"/applications/{application.pk}/decide/", {"decision": "unit_return", "reason": ""})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    admin.post(f"/applications/{application.pk}/decide/", {"decision": "unit_return", "reason": "预算说明不完整"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RETURNED
    assert "预算说明不完整" in client.get("/applications/").content.decode()
    application.refresh_from_db()
    client.post(f"/applications/{application.pk}/submit/", {"key": "b"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED and SubmissionReceipt.objects.count() == 2


def test_other_people_cannot_reach_the_application(open_call, applicant, other_unit, make_user, expert, login):
    application = application_start(actor=applicant, call=open_call, title="保密项目")
    stranger_admin = make_user("admin-other", Role.UNIT_ADMIN, unit=other_unit)
    other_applicant = make_user("app-other", Role.APPLICANT, unit=other_unit)
    assert login(stranger_admin).get(f"/applications/{application.pk}/").status_code == 404
    assert login(other_applicant).get(f"/applications/{application.pk}/").status_code == 404
    assert login(other_applicant).get(f"/applications/{application.pk}/edit/").status_code == 404
    assert login(expert).get(f"/applications/{application.pk}/").status_code == 403


def test_unit_admin_does_not_see_drafts(open_call, applicant, unit_admin, login):
    application = application_start(actor=applicant, call=open_call, title="草稿")
    assert login(unit_admin).get(f"/applications/{application.pk}/").status_code == 404


def test_closed_call_cannot_be_started(open_call, applicant, login):
    type(open_call).objects.filter(pk=open_call.pk).update(closes_at=timezone.now() - timezone.timedelta(minutes=1))
    client = login(applicant)
    client.post(f"/applications/new/{open_call.pk}/", {"title": "x"})
    assert not Application.objects.exists()


def test_application_pdf_carries_the_receipt_digest_and_signature_area(open_call, applicant, login, tmp_path):
    import subprocess

    client = login(applicant)
    application = start(client, open_call)
    client.post(f"/applications/{application.pk}/edit/", filled_form(application))
    client.post(
        f"/applications/{application.pk}/upload/", {"kind": "commitment", "file": SimpleUploadedFile("c.pdf", PDF)}
    )
    client.post(f"/applications/{application.pk}/submit/", {"key": "pdf"})
    response = client.get(f"/applications/{application.pk}/application.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    path = tmp_path / "a.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    receipt = SubmissionReceipt.objects.get()
    assert application.title in text and receipt.number in text and "盖章" in text
    assert AuditEvent.objects.filter(action="application.pdf_download").exists()

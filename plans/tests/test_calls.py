"""Officers draft, configure and publish calls; the public reads published notices."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from audit.models import AuditEvent
from plans.models import Call, CallStatus
from plans.services import call_create, call_publish, call_update, topic_add

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_officer_drafts_configures_and_publishes_a_call_through_the_pages(officer, program, login):
    client = login(officer)
    response = client.post(
        "/plans/calls/new/",
        {
            "program": program.pk,
            "year": 2027,
            "title": "2027年度重点研发计划申报指南",
            "notice": "现发布申报指南。",
            "opens_at": "2026-12-01T09:00",
            "closes_at": "2027-01-15T17:00",
            "eligible_unit_types": ["university", "enterprise"],
            "pi_max_age": 55,
            "pi_titles": "教授、研究员",
            "limit_per_pi": 1,
            "recommendation_path": "via_recommender",
            "budget_cap": "300",
            "required_attachments": ["commitment"],
            "publicity_working_days": 5,
            "review_mode": "remote_then_panel",
            "reviewers_per_item": 5,
            "off_site_review": "on",
        },
    )
    call = Call.objects.get()
    assert response.status_code == 302 and call.status == CallStatus.DRAFT
    assert call.pi_titles == ["教授", "研究员"]
    refused = client.post(f"/plans/calls/{call.pk}/publish/", follow=True).content.decode()
    assert call.__class__.objects.get().status == CallStatus.DRAFT and "至少" in refused
    client.post(f"/plans/calls/{call.pk}/", {"form": "topic", "topic-code": "01", "topic-title": "高端装备"})
    client.post(f"/plans/calls/{call.pk}/", {"form": "file", "file-file": SimpleUploadedFile("指南.pdf", PDF)})
    client.post(f"/plans/calls/{call.pk}/publish/")
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED and call.published_at is not None
    assert AuditEvent.objects.filter(action="call.publish", target_id=str(call.pk)).exists()


def test_call_must_close_after_it_opens(officer, program, call_fields):
    call_fields["closes_at"] = call_fields["opens_at"]
    with pytest.raises(ValidationError) as caught:
        call_create(actor=officer, program=program, **call_fields)
    assert "closes_at" in caught.value.error_dict


def test_officer_of_another_office_cannot_run_the_call(draft_call, make_user, login):
    from orgs.models import Office

    other = make_user("other-officer", Role.OFFICER, office=Office.objects.create(name="基础研究处", code="basic"))
    client = login(other)
    assert client.get(f"/plans/calls/{draft_call.pk}/").status_code == 200  # staff may read
    assert client.post(f"/plans/calls/{draft_call.pk}/publish/").status_code == 404
    assert client.get(f"/plans/calls/{draft_call.pk}/edit/").status_code == 404
    with pytest.raises(ValidationError):
        call_create(
            actor=other,
            program=draft_call.program,
            **{
                "title": "x",
                "year": 2027,
                "notice": "x",
                "opens_at": draft_call.opens_at,
                "closes_at": draft_call.closes_at,
                "eligible_unit_types": ["university"],
                "budget_cap": 1,
            },
        )


def test_applicants_and_experts_do_not_see_the_officer_pages(draft_call, applicant, expert, login):
    assert login(applicant).get("/plans/calls/").status_code == 403
    assert login(expert).get(f"/plans/calls/{draft_call.pk}/").status_code == 403


def test_extending_the_deadline_is_audited_field_by_field(draft_call, officer):
    new_close = draft_call.closes_at + __import__("datetime").timedelta(days=7)
    call_update(actor=officer, call=draft_call, closes_at=new_close)
    event = AuditEvent.objects.filter(action="call.update").latest("seq")
    assert list(event.after) == ["closes_at"]


def test_public_sees_published_notices_only(draft_call, officer, client):
    assert client.get(f"/portal/calls/{draft_call.pk}/").status_code == 404
    topic_add(actor=officer, call=draft_call, code="01", title="高端装备")
    call_publish(actor=officer, call=draft_call)
    page = client.get("/portal/").content.decode()
    assert draft_call.title in page and "正在受理" in page
    notice = client.get(f"/portal/calls/{draft_call.pk}/").content.decode()
    assert "高端装备" in notice and draft_call.notice in notice


def test_public_downloads_notice_attachments_of_published_calls_only(draft_call, officer, client):
    from attachments.services import attachment_store

    topic_add(actor=officer, call=draft_call, code="01", title="高端装备")
    file = attachment_store(actor=officer, owner=draft_call, upload=SimpleUploadedFile("指南.pdf", PDF), kind="notice")
    assert client.get(f"/portal/calls/{draft_call.pk}/files/{file.pk}/").status_code == 404
    call_publish(actor=officer, call=draft_call)
    response = client.get(f"/portal/calls/{draft_call.pk}/files/{file.pk}/")
    assert response.status_code == 200 and response.content == PDF


def test_challenge_calls_carry_a_challenge_list(officer, office, call_fields, login):
    from plans.models import Program

    program = Program.objects.create(name="揭榜挂帅", kind="challenge", office=office)
    call = call_create(actor=officer, program=program, **call_fields)
    client = login(officer)
    client.post(
        f"/plans/calls/{call.pk}/",
        {
            "form": "challenge",
            "challenge-title": "高性能电池隔膜",
            "challenge-requirement": "孔隙率≥45%",
            "challenge-prize_amount": "500",
            "challenge-deadline": "2028-12-31",
            "challenge-issuer": "某新能源公司",
        },
    )
    assert call.challenges.get().prize_amount == 500
    client.post(f"/plans/calls/{call.pk}/publish/")
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED


def test_call_list_query_count_is_constant(officer, program, call_fields, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(officer)
    client.get("/plans/calls/")
    counts = []
    for batch in range(2):
        for i in range(5):
            call_create(actor=officer, program=program, **{**call_fields, "title": f"指南{batch}-{i}"})
        with CaptureQueriesContext(connection) as queries:
            client.get("/plans/calls/")
        counts.append(len(queries))
    assert counts[0] == counts[1]

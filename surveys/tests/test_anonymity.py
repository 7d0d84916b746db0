"""Anonymous answers cannot be traced to their recipient: not in the model, not on the pages,
not in the export, not in the audit log. Named surveys keep the link."""

import io

import pytest
from openpyxl import load_workbook

from audit.models import AuditEvent
from surveys.models import Recipient, Response
from surveys.tests.conftest import post_answers

pytestmark = pytest.mark.django_db


def test_a_response_has_no_field_that_could_point_to_a_recipient_but_the_named_link():
    names = {f.name for f in Response._meta.get_fields() if f.concrete}
    assert names == {"id", "survey", "recipient", "submitted_at"}
    assert Response._meta.pk.get_internal_type() == "UUIDField"
    assert Response._meta.ordering == ["id"]  # the random key: no order by time or by recipient
    recipient_fields = {f.name for f in Recipient._meta.get_fields() if f.concrete}
    assert "answered" in recipient_fields


def test_an_anonymous_response_stores_no_recipient_no_time_and_the_recipient_only_that_it_answered(
    client, anonymous_survey
):
    recipient = anonymous_survey.recipients.first()
    assert post_answers(client, recipient, anonymous_survey).status_code == 302
    response = Response.objects.get(survey=anonymous_survey)
    assert response.recipient_id is None and response.submitted_at is None
    recipient.refresh_from_db()
    assert recipient.answered and recipient.answered_at is None
    assert not hasattr(recipient, "response") or Response.objects.filter(recipient=recipient).count() == 0


def test_the_audit_event_of_an_anonymous_answer_names_the_survey_only(client, anonymous_survey):
    recipient = anonymous_survey.recipients.select_related("unit").first()
    post_answers(client, recipient, anonymous_survey)
    event = AuditEvent.objects.get(action="survey_response.submit")
    assert event.target_type == "surveys.survey" and event.target_id == str(anonymous_survey.pk)
    assert event.actor_id is None and event.actor_name == "anonymous"
    assert event.ip is None and event.request_id == ""  # nothing the server logs could tie to the link
    text = f"{event.target_repr} {event.before} {event.after} {event.actor_name}"
    assert recipient.name not in text and recipient.token not in text
    assert str(Response.objects.get().pk) not in text


def test_the_results_pages_and_export_of_an_anonymous_survey_name_no_respondent(
    client, login, officer, anonymous_survey
):
    recipients = list(anonymous_survey.recipients.all())
    post_answers(client, recipients[0], anonymous_survey, text="第一家单位的独特意见甲")
    post_answers(client, recipients[1], anonymous_survey, text="第二家单位的独特意见乙")
    web = login(officer)
    for page in ("results", "comments"):
        body = web.get(f"/surveys/{anonymous_survey.pk}/{page}/").content.decode()
        for r in recipients:
            assert r.name not in body
    export = web.get(f"/surveys/{anonymous_survey.pk}/results.xlsx")
    book = load_workbook(io.BytesIO(export.content))
    cells = " ".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value)
    assert "独特意见甲" in cells
    for r in recipients:
        assert r.name not in cells
    # The recipient list says who answered, never what or when.
    listing = web.get(f"/surveys/{anonymous_survey.pk}/recipients/").content.decode()
    assert "独特意见" not in listing


def test_a_named_survey_keeps_who_answered_and_when(client, open_survey):
    recipient = open_survey.recipients.first()
    post_answers(client, recipient, open_survey)
    response = Response.objects.get()
    assert response.recipient == recipient and response.submitted_at is not None
    event = AuditEvent.objects.get(action="survey_response.submit")
    assert event.after == {"recipient": recipient.name} and event.ip

"""The public answer page: no sign-in, one response per link, closed surveys refuse, bad input
is answered at the question."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.translation import gettext, override

from surveys.models import Answer, Recipient, Response, SurveyStatus
from surveys.services import survey_close
from surveys.tests.conftest import post_answers

pytestmark = pytest.mark.django_db


def zh(text: str) -> str:
    with override("zh-hans"):
        return gettext(text)


def test_a_recipient_answers_without_signing_in(client, open_survey):
    recipient = open_survey.recipients.first()
    assert client.get(f"/portal/surveys/{recipient.token}/").status_code == 200
    response = post_answers(client, recipient, open_survey)
    assert response.status_code == 302
    assert Response.objects.filter(survey=open_survey).count() == 1
    assert Answer.objects.filter(response__survey=open_survey).count() == 4
    page = client.get(f"/portal/surveys/{recipient.token}/")
    assert 'data-testid="answered"' in page.content.decode()


def test_a_link_takes_one_response_even_when_submitted_twice(client, open_survey):
    recipient = open_survey.recipients.first()
    post_answers(client, recipient, open_survey)
    second = post_answers(client, recipient, open_survey, rating="3")
    assert second.status_code in (200, 302)
    assert Response.objects.filter(survey=open_survey).count() == 1
    rating = open_survey.questions.first()
    assert Answer.objects.get(question=rating).choices == [0]


def test_an_unknown_or_draft_link_is_not_found(client, draft, officer, units):
    from surveys.services import recipients_add

    assert client.get("/portal/surveys/not-a-real-token/").status_code == 404
    (recipient,) = recipients_add(actor=officer, survey=draft, units=units[:1])
    assert client.get(f"/portal/surveys/{recipient.token}/").status_code == 404


def test_a_closed_survey_refuses_answers(client, open_survey, officer):
    recipient = open_survey.recipients.first()
    survey_close(actor=officer, survey=open_survey)
    page = client.get(f"/portal/surveys/{recipient.token}/")
    assert 'data-testid="closed"' in page.content.decode()
    response = post_answers(client, recipient, open_survey)
    assert response.status_code == 400
    assert not Response.objects.exists()


def test_answers_after_the_closing_day_are_refused_even_before_the_sweep(client, open_survey):
    open_survey.closes_on = timezone.localdate() - timedelta(days=1)
    open_survey.save(update_fields=["closes_on"])
    recipient = open_survey.recipients.first()
    assert post_answers(client, recipient, open_survey).status_code == 400
    assert not Response.objects.exists()
    open_survey.refresh_from_db()
    assert open_survey.status == SurveyStatus.OPEN


def test_a_missing_required_answer_is_shown_at_the_question_and_the_typed_text_kept(client, open_survey):
    recipient = open_survey.recipients.first()
    rating = open_survey.questions.first()
    response = post_answers(client, recipient, open_survey, rating="", text="保留我写的意见")
    assert response.status_code == 400
    body = response.content.decode()
    assert f'id="q{rating.pk}_error"' in body
    assert zh("This question needs an answer.") in body
    assert "保留我写的意见" in body
    assert not Recipient.objects.get(pk=recipient.pk).answered


@pytest.mark.parametrize("value", ["9", "-1", "abc", "²"])
def test_an_option_that_does_not_exist_is_refused_at_the_question(client, open_survey, value):
    recipient = open_survey.recipients.first()
    response = post_answers(client, recipient, open_survey, single=value)
    assert response.status_code == 400
    assert zh("Choose one of the options given.") in response.content.decode()
    assert not Response.objects.exists()


def test_two_options_for_a_single_choice_are_refused(client, open_survey):
    recipient = open_survey.recipients.first()
    questions = list(open_survey.questions.all())
    data = {f"q{questions[0].pk}": "0", f"q{questions[1].pk}": ["0", "1"]}
    response = client.post(f"/portal/surveys/{recipient.token}/", data)
    assert response.status_code == 400
    assert zh("Choose only one option.") in response.content.decode()


def test_an_overlong_comment_is_refused_at_the_question(client, open_survey):
    recipient = open_survey.recipients.first()
    response = post_answers(client, recipient, open_survey, text="很" * 2001)
    assert response.status_code == 400
    assert not Response.objects.exists()

"""The whole survey through the real views: an officer sets it up, sends it, units answer
through their links, the officer reads the results."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from notifications.models import Notification
from surveys.models import Question, Recipient, Response, Survey, SurveyStatus

pytestmark = pytest.mark.django_db


def test_an_officer_sets_up_sends_and_reads_a_survey_end_to_end(
    login, officer, units, client, django_capture_on_commit_callbacks
):
    web = login(officer)
    today = timezone.localdate()
    response = web.post(
        "/surveys/new/",
        {
            "title": "2026年度机关作风征求意见函",
            "kind": "solicitation",
            "intro": "请提出宝贵意见。",
            "opens_on": today.isoformat(),
            "closes_on": (today + timedelta(days=14)).isoformat(),
        },
    )
    assert response.status_code == 302
    survey = Survey.objects.get()
    assert survey.status == SurveyStatus.DRAFT and survey.office.code == "hightech"
    base = f"/surveys/{survey.pk}/"
    assert web.post(base + "questions/", {"kind": "rating", "text": "总体评价", "required": "on"}).status_code == 302
    assert web.post(base + "questions/", {"kind": "text", "text": "意见建议"}).status_code == 302
    rating, text = Question.objects.filter(survey=survey)
    assert rating.options == ["好", "较好", "一般", "差"] and rating.required and not text.required
    lines = "\n".join(u.name for u in units)
    response = web.post(base + "recipients/", {"units": lines, "externals": "李明, liming@example.test"})
    assert response.status_code == 302
    assert survey.recipients.count() == 4
    with django_capture_on_commit_callbacks(execute=True):
        assert web.post(base + "act/", {"action": "open"}).status_code == 302
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN
    # Unit admins got the link in their inbox; the external person by e-mail.
    note = Notification.objects.get(recipient__username="uadmin0")
    recipient = Recipient.objects.get(survey=survey, unit=units[0])
    assert note.url == f"/portal/surveys/{recipient.token}/"
    assert any(m.to == ["liming@example.test"] and "/portal/surveys/" in m.body for m in mail.outbox)
    # The unit answers without signing in.
    page = client.get(note.url)
    assert page.status_code == 200 and "总体评价" in page.content.decode()
    response = client.post(note.url, {f"q{rating.pk}": "1", f"q{text.pk}": "希望简化项目申报材料。"})
    assert response.status_code == 302
    recipient.refresh_from_db()
    assert recipient.answered
    answered = Response.objects.get(survey=survey)
    assert answered.recipient == recipient  # a named survey keeps the link
    results = web.get(base + "results/")
    assert results.status_code == 200
    body = results.content.decode()
    assert 'data-testid="return-rate">25.0%' in body
    assert 'data-testid="good-share">100.0%' in body
    assert "希望简化项目申报材料" in web.get(base + "comments/").content.decode()
    assert web.post(base + "act/", {"action": "close"}).status_code == 302
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED


def test_questions_cannot_change_once_the_survey_is_sent(login, officer, open_survey):
    web = login(officer)
    question = open_survey.questions.first()
    response = web.post(f"/surveys/{open_survey.pk}/questions/", {"kind": "text", "text": "新问题"})
    assert response.status_code == 400
    assert open_survey.questions.count() == 4
    web.post(f"/surveys/{open_survey.pk}/questions/{question.pk}/", {"action": "delete"})
    assert Question.objects.filter(pk=question.pk).exists()


def test_a_survey_without_recipients_is_not_sent_and_says_why(login, officer, draft):
    web = login(officer)
    response = web.post(f"/surveys/{draft.pk}/act/", {"action": "open"}, follow=True)
    draft.refresh_from_db()
    assert draft.status == SurveyStatus.DRAFT
    assert any(
        "recipient" in str(m).lower() or "收件" in str(m) or "对象" in str(m) for m in response.context["messages"]
    )


def test_questions_are_reordered_and_removed_while_a_draft(login, officer, draft):
    web = login(officer)
    first, second = list(draft.questions.all())[:2]
    web.post(f"/surveys/{draft.pk}/questions/{second.pk}/", {"action": "up"})
    assert list(draft.questions.values_list("pk", flat=True))[:2] == [second.pk, first.pk]
    web.post(f"/surveys/{draft.pk}/questions/{first.pk}/", {"action": "delete"})
    assert draft.questions.count() == 3


def test_bad_question_input_is_answered_at_the_field(login, officer, draft):
    web = login(officer)
    response = web.post(f"/surveys/{draft.pk}/questions/", {"kind": "single", "text": "只有一个选项", "options": "是"})
    assert response.status_code == 400
    form = response.context["question_form"]
    assert form.errors["options"]
    assert 'id="id_options_error"' in response.content.decode()


def test_the_edit_form_keeps_the_typed_text_on_a_conflict(login, officer, draft):
    web = login(officer)
    stale = draft.version
    today = timezone.localdate()
    data = {
        "title": "第一个标签页的标题",
        "kind": "solicitation",
        "opens_on": today.isoformat(),
        "closes_on": (today + timedelta(days=5)).isoformat(),
        "version": stale,
    }
    assert web.post(f"/surveys/{draft.pk}/edit/", data).status_code == 302
    data["title"] = "第二个标签页的标题"
    response = web.post(f"/surveys/{draft.pk}/edit/", data)
    assert response.status_code == 400
    assert "第二个标签页的标题" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title == "第一个标签页的标题"


def test_a_closing_day_before_the_opening_day_is_refused_at_the_field(login, officer):
    web = login(officer)
    today = timezone.localdate()
    response = web.post(
        "/surveys/new/",
        {
            "title": "x",
            "kind": "evaluation",
            "opens_on": today.isoformat(),
            "closes_on": (today - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["closes_on"]
    assert not Survey.objects.exists()


def test_unknown_recipients_are_named_at_the_field_and_nothing_is_added(login, officer, draft, units):
    web = login(officer)
    response = web.post(
        f"/surveys/{draft.pk}/recipients/", {"units": f"{units[0].name}\n不存在的单位", "users": "nobody"}
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "不存在的单位" in form.errors["units"][0] and "nobody" in form.errors["users"][0]
    assert draft.recipients.count() == 0


def test_a_bad_external_address_is_refused_at_the_field(login, officer, draft):
    web = login(officer)
    response = web.post(f"/surveys/{draft.pk}/recipients/", {"externals": "张三, not-an-address"})
    assert response.status_code == 400
    assert response.context["form"].errors["externals"]


def test_adding_the_same_recipients_twice_adds_them_once(login, officer, draft, units):
    web = login(officer)
    lines = "\n".join(u.name for u in units)
    web.post(f"/surveys/{draft.pk}/recipients/", {"units": lines})
    web.post(f"/surveys/{draft.pk}/recipients/", {"units": lines, "all_units": "on"})
    assert draft.recipients.count() == 3


def test_recipients_added_while_open_get_their_link_at_once(login, officer, open_survey, make_user):
    late = make_user("latecomer")
    web = login(officer)
    web.post(f"/surveys/{open_survey.pk}/recipients/", {"users": "latecomer"})
    recipient = Recipient.objects.get(survey=open_survey, user=late)
    assert recipient.sent_at is not None
    assert Notification.objects.filter(recipient=late, url__endswith=f"{recipient.token}/").exists()

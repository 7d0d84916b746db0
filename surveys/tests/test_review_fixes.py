"""Regressions found in review: readers do not see the recipients' e-mail addresses; external people
get a link they can open; the sweep does not count working days to a closing day years away."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_leader_sees_the_recipients_but_not_the_e_mail_of_external_people(login, leader, open_survey):
    body = login(leader).get(f"/surveys/{open_survey.pk}/recipients/").content.decode()
    assert "王建国" in body and "wang@example.test" not in body


def test_the_officer_running_the_survey_still_sees_the_e_mail(login, officer, open_survey):
    body = login(officer).get(f"/surveys/{open_survey.pk}/recipients/").content.decode()
    assert "wang@example.test" in body


def test_an_external_person_gets_an_absolute_answer_link_by_e_mail(
    login, officer, draft, django_capture_on_commit_callbacks
):
    from django.core import mail

    from surveys.services import recipients_add

    recipients_add(actor=officer, survey=draft, externals=[("王建国", "wang@example.test")])
    recipient = draft.recipients.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(officer).post(f"/surveys/{draft.pk}/act/", {"action": "open"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["wang@example.test"]]
    assert f"http://testserver/portal/surveys/{recipient.token}/" in mail.outbox[0].body


def test_the_sweep_does_not_count_working_days_to_a_closing_day_years_away(open_survey, monkeypatch):
    from datetime import date

    from surveys import sweep
    from surveys.models import Survey

    Survey.objects.filter(pk=open_survey.pk).update(closes_on=date(9999, 12, 31))  # a mistyped year

    def counted(today, closes_on):
        raise AssertionError("millions of days counted on every sweep")

    monkeypatch.setattr(sweep, "days_left", counted)
    assert sweep.survey_sweep(today=date(2026, 12, 1)) == {"reminded": 0, "closed": 0}


def test_a_double_click_on_create_makes_one_draft(login, officer):
    import re
    from datetime import timedelta

    from django.utils import timezone

    from surveys.models import Survey

    web = login(officer)
    key = re.search(r'name="submit_key" value="([^"]+)"', web.get("/surveys/new/").content.decode()).group(1)
    today = timezone.localdate()
    form = {
        "submit_key": key,
        "title": "2026年度机关作风征求意见函",
        "kind": "solicitation",
        "opens_on": today.isoformat(),
        "closes_on": (today + timedelta(days=14)).isoformat(),
    }
    first, second = web.post("/surveys/new/", form), web.post("/surveys/new/", form)
    assert first.status_code == second.status_code == 302 and first.url == second.url
    assert Survey.objects.count() == 1
    assert web.post("/surveys/new/", form | {"submit_key": key + "x"}).status_code == 302  # another form: another draft
    assert Survey.objects.count() == 2

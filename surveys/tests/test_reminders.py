"""Reminders to those who have not answered: by hand, and by the sweep before the closing day,
each once; the sweep closes surveys past their closing day. Driven by a fixed clock."""

from datetime import date

import pytest

from notifications.models import Notification
from surveys.models import Survey, SurveyReminder, SurveyStatus
from surveys.services import response_submit
from surveys.sweep import days_left, survey_sweep

pytestmark = pytest.mark.django_db

# 2026-09-30 is a Wednesday; 1–7 October is the National Day holiday, 10 October (Saturday) an
# adjusted working day, 11 October a Sunday.
CLOSES = date(2026, 10, 12)


@pytest.fixture
def survey(open_survey):
    Survey.objects.filter(pk=open_survey.pk).update(opens_on=date(2026, 9, 1), closes_on=CLOSES)
    open_survey.refresh_from_db()
    return open_survey


def reminders_for(username: str) -> int:
    return Notification.objects.filter(recipient__username=username, title__contains="Reminder").count() + (
        Notification.objects.filter(recipient__username=username, title__contains="提醒").count()
    )


def test_working_days_left_skip_the_national_day_holiday():
    assert days_left(date(2026, 9, 29), CLOSES) == 5  # 9-30, 10-08, 10-09, 10-10 (adjusted), 10-12
    assert days_left(date(2026, 9, 30), CLOSES) == 4
    assert days_left(date(2026, 10, 8), CLOSES) == 3
    assert days_left(date(2026, 10, 9), CLOSES) == 2
    assert days_left(date(2026, 10, 10), CLOSES) == 1
    assert days_left(CLOSES, CLOSES) == 0


def test_the_sweep_reminds_three_working_days_before_and_on_the_last_day_once_each(survey):
    answered = survey.recipients.get(unit__name="测试单位1")
    rating, single = list(survey.questions.all())[:2]
    response_submit(recipient=answered, values={rating.pk: ["0"], single.pk: ["0"]}, today=date(2026, 9, 20))
    waiting = survey.recipients.filter(answered=False).count()
    assert survey_sweep(today=date(2026, 9, 29)) == {"reminded": 0, "closed": 0}
    assert survey_sweep(today=date(2026, 9, 30))["reminded"] == 0  # 4 working days left (holiday between)
    assert survey_sweep(today=date(2026, 10, 8))["reminded"] == waiting
    assert survey_sweep(today=date(2026, 10, 8))["reminded"] == 0  # twice the same day: nothing more
    assert survey_sweep(today=date(2026, 10, 9))["reminded"] == 0  # 2 days left: already reminded
    assert survey_sweep(today=date(2026, 10, 10))["reminded"] == waiting  # last working day before
    assert survey_sweep(today=CLOSES)["reminded"] == 0
    assert SurveyReminder.objects.filter(survey=survey).count() == 2 * waiting
    assert Notification.objects.filter(recipient__username="uadmin0").count() == 3  # link + 2 reminders
    assert Notification.objects.filter(recipient__username="uadmin1").count() == 1  # answered: link only


def test_the_sweep_closes_a_survey_after_its_closing_day(survey):
    assert survey_sweep(today=CLOSES)["closed"] == 0
    assert survey_sweep(today=date(2026, 10, 13))["closed"] == 1
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED and survey.closed_at is not None
    assert survey_sweep(today=date(2026, 10, 14))["closed"] == 0


def test_an_officer_reminds_by_hand_once_a_day(login, officer, open_survey):
    web = login(officer)
    web.post(f"/surveys/{open_survey.pk}/act/", {"action": "remind"})
    web.post(f"/surveys/{open_survey.pk}/act/", {"action": "remind"})
    waiting = open_survey.recipients.filter(answered=False).count()
    assert SurveyReminder.objects.filter(survey=open_survey, key__startswith="hand:").count() == waiting
    assert Notification.objects.filter(recipient__username="uadmin2").count() == 2  # link + one reminder


def test_the_sweep_is_registered_as_a_periodic_task(survey):
    from core.periodic import periodic_tasks

    task = periodic_tasks()["surveys.sweep"]
    assert task.call() == {"reminded": 0, "closed": 1}  # today is past the fixture's closing day

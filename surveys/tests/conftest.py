"""Shared fixtures for surveys: offices, personas, units with their admins, and surveys built
through the services."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.roles import Role
from orgs.models import Office, Unit
from surveys.models import QuestionKind
from surveys.services import question_add, recipients_add, survey_create, survey_open

# Credit codes with valid check characters are needed for Unit; these are used by the root fixtures
# and by other apps' tests, so the survey tests create units without going through the validator.


@pytest.fixture
def other_office(db) -> Office:
    return Office.objects.create(name="农村科技处", code="rural")


@pytest.fixture
def other_officer(make_user, other_office):
    return make_user("officer2", Role.OFFICER, office=other_office)


@pytest.fixture
def leader(make_user):
    return make_user("leader1", Role.LEADER)


@pytest.fixture
def supervisor(make_user):
    return make_user("supervisor1", Role.SUPERVISOR)


@pytest.fixture
def units(regions, make_user) -> list[Unit]:
    """Three units, each with a unit admin ``uadmin<n>``."""
    rows = []
    for n in range(3):
        unit = Unit.objects.create(
            name=f"测试单位{n}", credit_code=f"91330100TEST{n:05d}X", unit_type="enterprise", region=regions["hz"]
        )
        make_user(f"uadmin{n}", Role.UNIT_ADMIN, unit=unit)
        rows.append(unit)
    return rows


def build_survey(officer, office, *, anonymous=False, title="关于改进机关作风的征求意见函", closes_in=10):
    today = timezone.localdate()
    survey = survey_create(
        actor=officer,
        office=office,
        title=title,
        kind="solicitation",
        intro="请对我厅机关作风建设提出意见和建议。",
        anonymous=anonymous,
        opens_on=today,
        closes_on=today + timedelta(days=closes_in),
    )
    question_add(actor=officer, survey=survey, kind=QuestionKind.RATING, text="对机关作风的总体评价")
    question_add(
        actor=officer,
        survey=survey,
        kind=QuestionKind.SINGLE,
        text="办事时跑了几次",
        options=["一次", "两次", "三次及以上"],
    )
    question_add(
        actor=officer,
        survey=survey,
        kind=QuestionKind.MULTIPLE,
        text="希望改进的方面",
        options=["审批时限", "政策宣传", "服务态度"],
        required=False,
    )
    question_add(actor=officer, survey=survey, kind=QuestionKind.TEXT, text="意见和建议", required=False)
    return survey


@pytest.fixture
def draft(officer, office):
    return build_survey(officer, office)


@pytest.fixture
def open_survey(officer, office, units, make_user):
    survey = build_survey(officer, office)
    recipients_add(
        actor=officer,
        survey=survey,
        units=units,
        users=[make_user("person1")],
        externals=[("王建国", "wang@example.test")],
    )
    return survey_open(actor=officer, survey=survey)


@pytest.fixture
def anonymous_survey(officer, office, units):
    survey = build_survey(officer, office, anonymous=True, title="机关作风评议")
    recipients_add(actor=officer, survey=survey, units=units)
    return survey_open(actor=officer, survey=survey)


def post_answers(
    client, recipient, survey, *, rating="0", single="0", multiple=("1",), text="建议进一步压缩审批时限。"
):
    questions = list(survey.questions.all())
    data = {f"q{questions[0].pk}": rating, f"q{questions[1].pk}": single, f"q{questions[3].pk}": text}
    data[f"q{questions[2].pk}"] = list(multiple)
    return client.post(f"/portal/surveys/{recipient.token}/", data)


FIXED_DAY = date(2026, 9, 21)

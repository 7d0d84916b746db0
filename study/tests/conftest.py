"""A study administrator (a post in the organ committee), members with accounts, a topic with a
bank of questions of every kind, and a monthly test open now."""

from datetime import timedelta

import pytest
from django.utils import timezone

from party.tests.conftest import members, other_secretary, post_holder, secretary, tree  # noqa: F401  (shared)
from study.bank import question_create
from study.models import StudyTopic
from study.services import study_test_create


@pytest.fixture
def study_admin(make_user, tree):  # noqa: F811
    return post_holder(make_user, "studyadmin", tree["organ"], home=tree["organ"])


@pytest.fixture
def topic(db):
    return StudyTopic.objects.create(name="学习贯彻全会精神", year=timezone.localdate().year, month=1)


QUESTIONS = [
    ("single", "党的根本宗旨是（　）。", ["全心全意为人民服务", "实事求是", "独立自主"], "A", "党章总纲。"),
    ("single", "党的思想路线的核心是（　）。", ["群众路线", "实事求是", "民主集中制"], "B", "实事求是是精髓。"),
    ("single", "党的组织原则是（　）。", ["民主集中制", "集体领导", "个人分工负责"], "A", ""),
    (
        "multiple",
        "“三会一课”中的“三会”包括（　）。",
        ["支部党员大会", "支部委员会", "党小组会", "职工大会"],
        "ABC",
        "不含职工大会。",
    ),
    ("multiple", "党员的权利包括（　）。", ["参加党的有关会议", "表决权", "选举权", "经商权"], "ABC", ""),
    ("judge", "预备党员有表决权。", [], "错", "预备党员没有表决权。"),
    ("judge", "党员应按月交纳党费。", [], "对", ""),
    ("blank", "党的最高理想和最终目标是实现______。", [], "共产主义", ""),
]


@pytest.fixture
def bank(topic, study_admin):
    return [
        question_create(actor=study_admin, topic=topic, kind=k, text=t, options=o, answer=a, explanation=e)
        for k, t, o, a, e in QUESTIONS
    ]


@pytest.fixture
def monthly(bank, topic, study_admin):
    now = timezone.now()
    return study_test_create(
        actor=study_admin,
        topics=[topic],
        counts={"single": 2, "multiple": 1, "judge": 1, "blank": 1},
        kind="monthly",
        title="1月“每月一测”",
        year=topic.year,
        month=1,
        duration_minutes=20,
        pass_mark=60,
        max_attempts=2,
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=3),
        makeup_for=None,
    )

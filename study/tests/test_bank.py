"""The question bank: each kind's answers as staff write them, exact marking, and versions that
never change what an attempt was asked."""

import pytest
from django.core.exceptions import ValidationError

from study.bank import answer_text, is_correct, parse_answer, question_create, question_edit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "options", "text", "stored"),
    [
        ("single", ["甲", "乙", "丙"], "b", [1]),
        ("multiple", ["甲", "乙", "丙", "丁"], "A、C、D", [0, 2, 3]),
        ("judge", [], "对", [True]),
        ("judge", [], "×", [False]),
        ("blank", [], "实事求是；群众路线|群众观点", [["实事求是"], ["群众路线", "群众观点"]]),
    ],
)
def test_answers_as_staff_write_them(kind, options, text, stored):
    assert parse_answer(kind, options, text) == stored
    assert parse_answer(kind, options, answer_text(kind, stored)) == stored


@pytest.mark.parametrize(
    ("kind", "options", "text"),
    [
        ("single", ["甲", "乙"], "AB"),  # two right options for a single choice
        ("single", ["甲", "乙"], "C"),  # no option C
        ("multiple", ["甲", "乙", "丙"], "A"),  # one right option for a multiple choice
        ("judge", [], "也许"),
        ("blank", [], "；"),
    ],
)
def test_bad_answers_are_refused_at_the_field(kind, options, text):
    with pytest.raises(ValidationError) as refused:
        parse_answer(kind, options, text)
    assert "answer" in refused.value.message_dict


def test_marking_is_exact():
    assert is_correct("single", [1], [1]) and not is_correct("single", [1], [0])
    assert is_correct("multiple", [0, 2], [2, 0])
    assert not is_correct("multiple", [0, 2], [0])  # partly right earns nothing
    assert not is_correct("multiple", [0, 2], [0, 1, 2])
    assert is_correct("judge", [False], [False]) and not is_correct("judge", [False], [])
    assert is_correct("blank", [["共产主义"]], ["  共产主义 "])
    assert is_correct("blank", [["ABC", "abc"]], ["ＡＢＣ"])  # full-width letters count
    assert not is_correct("blank", [["实事求是"], ["群众路线"]], ["实事求是"])


def test_editing_adds_a_version(topic, study_admin):
    question = question_create(
        actor=study_admin, topic=topic, kind="single", text="旧题干", options=["甲", "乙"], answer="A"
    )
    first = question.current
    second = question_edit(actor=study_admin, question=question, text="新题干", options=["甲", "乙", "丙"], answer="C")
    first.refresh_from_db()
    question.refresh_from_db()
    assert (first.text, first.answer, first.number) == ("旧题干", [0], 1)
    assert (question.current, second.number, second.answer) == (second, 2, [2])


def test_choice_questions_need_their_options(topic, study_admin):
    with pytest.raises(ValidationError) as refused:
        question_create(actor=study_admin, topic=topic, kind="multiple", text="题", options=["甲", "乙"], answer="AB")
    assert "options" in refused.value.message_dict
    with pytest.raises(ValidationError):
        question_create(actor=study_admin, topic=topic, kind="single", text="题", options=["甲", "甲"], answer="A")

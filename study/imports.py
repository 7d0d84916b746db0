"""Excel import of the question bank: every bad row is reported, nothing is imported from a bad file."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.excel import Column, ImportSpec
from core.forms import as_int
from core.imports import register_import
from study.bank import check_question, parse_answer, question_create
from study.models import Difficulty, QuestionKind, StudyTopic
from study.permissions import runs_study

KINDS = {
    "单选题": QuestionKind.SINGLE,
    "多选题": QuestionKind.MULTIPLE,
    "判断题": QuestionKind.JUDGE,
    "填空题": QuestionKind.BLANK,
}
DIFFICULTIES = {"易": Difficulty.EASY, "中": Difficulty.MEDIUM, "难": Difficulty.HARD}
OPTION_COLUMNS = ["选项A", "选项B", "选项C", "选项D", "选项E", "选项F"]


def parse_kind(text: str) -> str:
    if text not in KINDS:
        raise ValidationError(_("Write 单选题, 多选题, 判断题 or 填空题."))
    return KINDS[text]


def parse_difficulty(text: str) -> int:
    if text not in DIFFICULTIES:
        raise ValidationError(_("Write 易, 中 or 难."))
    return DIFFICULTIES[text]


def parse_year(text: str) -> int:
    year = as_int(text, low=2000, high=2100)
    if year is None:
        raise ValidationError(_("Write the year, e.g. 2026."))
    return year


def check_question_row(values: dict, earlier: list[dict], memo: dict) -> None:
    topics = memo.setdefault("topics", {})
    key = (values["year"], values["topic"])
    if key not in topics:
        topics[key] = StudyTopic.objects.filter(year=values["year"], name=values["topic"]).first()
    if topics[key] is None:
        raise ValidationError({"topic": [_("No topic of this name in that year; add it first.")]})
    options = [values.pop(f"option_{n}") or "" for n in range(len(OPTION_COLUMNS))]
    values["options"] = check_question(values["kind"], values["text"], options)
    parse_answer(values["kind"], values["options"], values["answer"])
    seen = memo.setdefault("texts", set())
    if values["text"].strip() in seen:
        raise ValidationError({"text": [_("This question appears twice in the file.")]})
    seen.add(values["text"].strip())
    values["topic"] = topics[key]


def save_questions(rows: list[dict], *, actor) -> int:
    for row in rows:
        question_create(
            actor=actor,
            topic=row["topic"],
            kind=row["kind"],
            text=row["text"],
            options=row["options"],
            answer=row["answer"],
            explanation=row.get("explanation") or "",
            difficulty=row.get("difficulty") or Difficulty.MEDIUM,
        )
    return len(rows)


QUESTION_IMPORT = register_import(
    ImportSpec(
        name="study_questions",
        title=gettext_lazy("Question bank"),
        columns=[
            Column("年度", "year", parse=parse_year, example="2026"),
            Column("专题", "topic", example="学习贯彻党的二十届四中全会精神"),
            Column("题型", "kind", parse=parse_kind, example="单选题"),
            Column("难度", "difficulty", required=False, parse=parse_difficulty, example="中"),
            Column("题目", "text", example="党的根本宗旨是（　）。"),
            *[
                Column(
                    header, f"option_{n}", required=False, example=["全心全意为人民服务", "实事求是", "", "", "", ""][n]
                )
                for n, header in enumerate(OPTION_COLUMNS)
            ],
            Column("答案", "answer", example="A"),
            Column(
                "解析",
                "explanation",
                required=False,
                example="党章总纲：党除了工人阶级和最广大人民群众的利益，没有自己特殊的利益。",
            ),
        ],
        check_row=check_question_row,
        save=save_questions,
        rule=runs_study,
        parent=(gettext_lazy("Question bank"), "study:admin_questions"),
    )
)

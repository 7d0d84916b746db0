"""The question bank (题库): writing questions, versions, and grading an answer.

A question's text, options and answer live in ``QuestionVersion`` rows. Editing never changes a
version: it adds one and points the question at it, so attempts keep what they were asked.

Answers as staff write them (on the page and in Excel): a single choice is one letter ("B"), a
multiple choice two or more ("ACD"), true/false "对" or "错", and blanks one entry per blank
separated by "；" with accepted alternatives separated by "|" ("实事求是；群众路线|群众观点").
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from study.models import Difficulty, Question, QuestionKind, QuestionVersion, StudyTopic

LETTERS = "ABCDEFGH"
TRUE_WORDS = {"对", "正确", "是", "√", "T", "TRUE"}
FALSE_WORDS = {"错", "错误", "否", "×", "F", "FALSE"}
MAX_OPTIONS = len(LETTERS)


def normalize(text: str) -> str:
    """Full-width to half-width, no spaces, case folded: how blanks are compared."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def parse_answer(kind: str, options: list[str], text: str) -> list:
    """The stored answer for what staff wrote, or ValidationError({"answer": ...})."""
    text = unicodedata.normalize("NFKC", text or "").strip().upper()
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        letters = [c for c in text if not c.isspace() and c not in ",，、"]
        if not letters or any(c not in LETTERS[: len(options)] for c in letters) or len(set(letters)) != len(letters):
            raise ValidationError({"answer": [_("Write the letters of the right options, e.g. B or ACD.")]})
        if kind == QuestionKind.SINGLE and len(letters) != 1:
            raise ValidationError({"answer": [_("A single-choice question has exactly one right option.")]})
        if kind == QuestionKind.MULTIPLE and len(letters) < 2:
            raise ValidationError({"answer": [_("A multiple-choice question has at least two right options.")]})
        return sorted(LETTERS.index(c) for c in letters)
    if kind == QuestionKind.JUDGE:
        if text in TRUE_WORDS:
            return [True]
        if text in FALSE_WORDS:
            return [False]
        raise ValidationError({"answer": [_("Write 对 or 错.")]})
    blanks = [[alt.strip() for alt in part.split("|") if alt.strip()] for part in text.replace(";", "；").split("；")]
    blanks = [b for b in blanks if b]
    if not blanks:
        raise ValidationError({"answer": [_("Give the answer of each blank, separated by ；.")]})
    return blanks


def check_question(kind: str, text: str, options: list[str]) -> list[str]:
    errors: dict[str, list] = {}
    if kind not in QuestionKind.values:
        errors["kind"] = [_("Choose the question kind.")]
    if not (text or "").strip():
        errors["text"] = [_("Write the question.")]
    options = [o.strip() for o in options if o and o.strip()]
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        least = 2 if kind == QuestionKind.SINGLE else 3
        if not least <= len(options) <= MAX_OPTIONS:
            errors["options"] = [_("Give %(least)d to %(most)d options.") % {"least": least, "most": MAX_OPTIONS}]
        elif len(set(options)) != len(options):
            errors["options"] = [_("Two options are the same.")]
    else:
        options = []
    if errors:
        raise ValidationError(errors)
    return options


def answer_text(kind: str, answer: list) -> str:
    """The stored answer written back the way staff write it (for the edit form and exports)."""
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return "".join(LETTERS[i] for i in answer)
    if kind == QuestionKind.JUDGE:
        return "对" if answer == [True] else "错"
    return "；".join("|".join(alts) for alts in answer)


@transaction.atomic
def question_create(
    *,
    actor,
    topic: StudyTopic,
    kind: str,
    text: str,
    options: list[str],
    answer: str,
    explanation: str = "",
    difficulty: int = Difficulty.MEDIUM,
) -> Question:
    options = check_question(kind, text, options)
    stored = parse_answer(kind, options, answer)
    question = Question.objects.create(topic=topic, kind=kind, difficulty=difficulty, created_by=actor)
    version = QuestionVersion.objects.create(
        question=question, number=1, text=text.strip(), options=options, answer=stored, explanation=explanation.strip()
    )
    question.current = version
    question.save(update_fields=["current"])
    audit_record(actor=actor, action="study_question.create", target=question, after={"kind": kind})
    return question


@transaction.atomic
def question_edit(
    *, actor, question: Question, text: str, options: list[str], answer: str, explanation: str = ""
) -> QuestionVersion:
    """Add a version; the versions that attempts hold stay as they were."""
    locked = Question.objects.select_for_update().get(pk=question.pk)
    options = check_question(locked.kind, text, options)
    stored = parse_answer(locked.kind, options, answer)
    number = (locked.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = QuestionVersion.objects.create(
        question=locked,
        number=number,
        text=text.strip(),
        options=options,
        answer=stored,
        explanation=explanation.strip(),
    )
    locked.current = version
    locked.save(update_fields=["current"])
    audit_record(actor=actor, action="study_question.edit", target=locked, after={"version": number})
    return version


def is_correct(kind: str, answer: list, response: list) -> bool:
    """Exact marking: choices must match as a set (no credit for a partly right multiple choice),
    true/false must match, and every blank must match one of its accepted texts."""
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return sorted(set(response)) == sorted(answer) and len(response) == len(set(response))
    if kind == QuestionKind.JUDGE:
        return response == answer
    if len(response) != len(answer):
        return False
    return all(
        normalize(str(given)) in {normalize(a) for a in accepted}
        for given, accepted in zip(response, answer, strict=True)
    )

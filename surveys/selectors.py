"""Reads for surveys: return rate, distributions, the share rated 较好 or better, comments grouped.

Rates are computed exactly from counts (``Fraction``) and rounded half up to one decimal only
for display: 39 of 50 is 78.0%.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Count, Q

from surveys.models import GOOD_LEVELS, Answer, Question, QuestionKind, Survey


def percent(part: int, whole: int) -> Decimal | None:
    """``part / whole`` as a percentage with one decimal (half up), None when ``whole`` is 0."""
    if not whole:
        return None
    value = Fraction(part * 100, whole)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Rate:
    part: int
    whole: int

    @property
    def percent(self) -> Decimal | None:
        return percent(self.part, self.whole)


def surveys_with_counts(queryset):
    """Surveys annotated with ``sent`` and ``returned`` (one query for the list)."""
    return (
        queryset.select_related("office")
        .annotate(
            sent=Count("recipients", distinct=True),
            returned=Count("recipients", filter=Q(recipients__answered=True), distinct=True),
        )
        .order_by("-opens_on", "-pk")
    )


def return_rate(survey: Survey) -> Rate:
    counts = survey.recipients.aggregate(total=Count("pk"), answered=Count("pk", filter=Q(answered=True)))
    return Rate(counts["answered"], counts["total"])


@dataclass
class Distribution:
    question: Question
    counts: list[int]
    answered: int = 0  # responses that answered the question

    @property
    def rows(self) -> list[tuple[str, int, Decimal | None]]:
        # Shares of the answers to this question (for multiple choice, of those who answered it).
        return [(o, n, percent(n, self.answered)) for o, n in zip(self.question.options, self.counts, strict=True)]

    @property
    def good(self) -> Rate | None:
        """Ratings in the first two levels (好 + 较好) over all ratings of this question."""
        if self.question.kind != QuestionKind.RATING:
            return None
        return Rate(sum(self.counts[:GOOD_LEVELS]), sum(self.counts))


@dataclass
class Results:
    survey: Survey
    returned: Rate
    distributions: list[Distribution]
    good: Rate  # over every rating question
    comments: dict = field(default_factory=dict)


def results(survey: Survey) -> Results:
    """Distributions per rating or choice question and the overall share rated 较好 or better:
    ratings in the first two levels of their scale over all ratings given (a rating question left
    empty counts nothing). Three queries."""
    questions = [q for q in survey.questions.all() if q.has_options]
    by_id = {q.pk: Distribution(q, [0] * len(q.options)) for q in questions}
    for question_id, choices in Answer.objects.filter(response__survey=survey, question_id__in=by_id).values_list(
        "question_id", "choices"
    ):
        dist = by_id[question_id]
        dist.answered += 1
        for index in choices:
            if 0 <= index < len(dist.counts):
                dist.counts[index] += 1
    ratings = [d for d in by_id.values() if d.question.kind == QuestionKind.RATING]
    good = Rate(sum(d.good.part for d in ratings), sum(d.good.whole for d in ratings))
    return Results(survey, return_rate(survey), list(by_id.values()), good)


def _keywords(texts: list[str], top: int = 8) -> list[str]:
    if not texts:
        return []
    import jieba
    import jieba.analyse

    jieba.setLogLevel(60)
    return jieba.analyse.extract_tags("\n".join(texts), topK=top)


@dataclass
class CommentGroup:
    question: Question
    answers: list[Answer]
    themes: list[tuple[str, list[Answer]]]  # officer's tags, untagged last
    keywords: list[tuple[str, int]]  # jieba keywords with the number of comments naming them


def comments(survey: Survey, *, keywords: bool = True) -> list[CommentGroup]:
    """Free-text answers by question, grouped by the themes the officers gave them, with the
    question's jieba keywords and how many comments name each. Two queries."""
    answers = defaultdict(list)
    for answer in Answer.objects.filter(response__survey=survey, question__kind=QuestionKind.TEXT).order_by(
        "theme", "id"
    ):
        answers[answer.question_id].append(answer)
    groups = []
    for question in survey.questions.filter(kind=QuestionKind.TEXT):
        found = answers.get(question.pk, [])
        themes: dict[str, list] = defaultdict(list)
        for answer in found:
            themes[answer.theme].append(answer)
        ordered = sorted(themes.items(), key=lambda item: (item[0] == "", -len(item[1]), item[0]))
        words = _keywords([a.text for a in found]) if keywords else []
        counted = [(w, sum(1 for a in found if w in a.text)) for w in words]
        groups.append(CommentGroup(question, found, ordered, counted))
    return groups

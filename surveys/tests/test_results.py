"""Return rate, distributions and the share rated 较好 or better, exactly from counts; comments
grouped by question and theme; the Excel export."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from surveys.selectors import comments, percent, results
from surveys.services import answer_tag, recipients_add, response_submit, survey_open
from surveys.tests.conftest import build_survey

pytestmark = pytest.mark.django_db


def answer(survey, recipient, *, rating: int, single: int = 0, multiple=(), text: str = ""):
    q = list(survey.questions.all())
    values = {q[0].pk: [str(rating)], q[1].pk: [str(single)], q[2].pk: [str(m) for m in multiple], q[3].pk: [text]}
    return response_submit(recipient=recipient, values=values)


@pytest.fixture
def letter(officer, office):
    """50 recipients, 39 of whom answer: 20 好, 10 较好, 6 一般, 3 差."""
    survey = build_survey(officer, office)
    recipients_add(actor=officer, survey=survey, externals=[(f"单位{n}", f"u{n}@example.test") for n in range(50)])
    survey = survey_open(actor=officer, survey=survey)
    levels = [0] * 20 + [1] * 10 + [2] * 6 + [3] * 3
    for recipient, level in zip(survey.recipients.all()[:39], levels, strict=True):
        answer(survey, recipient, rating=level, single=level % 3, multiple=(0, 2) if level else (1,))
    return survey


def test_percent_is_exact_and_rounded_half_up_to_one_decimal():
    assert percent(39, 50) == Decimal("78.0")
    assert percent(80, 80) == Decimal("100.0")
    assert percent(1, 3) == Decimal("33.3")
    assert percent(2, 3) == Decimal("66.7")
    assert percent(1, 8) == Decimal("12.5")
    assert percent(1, 16) == Decimal("6.3")  # 6.25 rounds half up, not to even
    assert percent(0, 0) is None


def test_39_of_50_returned_is_a_return_rate_of_78_0(letter):
    found = results(letter)
    assert (found.returned.part, found.returned.whole, found.returned.percent) == (39, 50, Decimal("78.0"))


def test_the_rating_distribution_and_the_share_rated_good_or_better(letter):
    found = results(letter)
    rating, single, multiple = found.distributions
    assert rating.counts == [20, 10, 6, 3]
    assert (found.good.part, found.good.whole) == (30, 39)
    assert found.good.percent == Decimal("76.9")
    assert single.counts == [20 + 3, 10, 6]  # level % 3
    assert multiple.counts == [19, 20, 19] and multiple.answered == 39


def test_the_results_page_shows_the_rates_and_one_chart_per_question(login, officer, letter):
    body = login(officer).get(f"/surveys/{letter.pk}/results/").content.decode()
    assert 'data-testid="return-rate">78.0%' in body
    assert 'data-testid="good-share">76.9%' in body
    assert body.count('class="chart chart-sm"') == 3


def test_an_evaluation_all_rated_good_or_better_is_100_percent(officer, office):
    survey = build_survey(officer, office, title="评议")
    recipients_add(actor=officer, survey=survey, externals=[(f"人{n}", f"p{n}@example.test") for n in range(8)])
    survey = survey_open(actor=officer, survey=survey)
    for n, recipient in enumerate(survey.recipients.all()):
        answer(survey, recipient, rating=n % 2)
    found = results(survey)
    assert found.returned.percent == Decimal("100.0") and found.good.percent == Decimal("100.0")


def test_comments_are_grouped_by_the_themes_officers_give_them(officer, letter):
    recipients = list(letter.recipients.filter(answered=False)[:3])
    for text, r in zip(["审批时限太长，希望压缩审批时限", "审批环节多", "政策宣传不到位"], recipients, strict=True):
        answer(letter, r, rating=0, text=text)
    (group,) = comments(letter)
    assert len(group.answers) == 3
    ids = [a.pk for a in group.answers if "审批" in a.text]
    assert answer_tag(actor=officer, survey=letter, answer_ids=ids, theme="审批效率") == 2
    (group,) = comments(letter)
    assert [(theme, len(items)) for theme, items in group.themes] == [("审批效率", 2), ("", 1)]
    assert "审批" in dict(group.keywords)
    assert dict(group.keywords)["审批"] == 2


def test_grouping_comments_on_the_page(login, officer, letter):
    r = letter.recipients.filter(answered=False).first()
    answer(letter, r, rating=0, text="希望增加政策解读会")
    target = comments(letter)[0].answers[0]
    web = login(officer)
    response = web.post(f"/surveys/{letter.pk}/comments/", {"answers": [str(target.pk)], "theme": "政策宣传"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.theme == "政策宣传"
    bad = web.post(f"/surveys/{letter.pk}/comments/", {"answers": [str(target.pk)], "theme": "长" * 41})
    assert bad.status_code == 400
    junk = web.post(f"/surveys/{letter.pk}/comments/", {"answers": ["not-a-uuid"], "theme": "x"})
    assert junk.status_code == 302  # nothing ticked that exists: told so, never a 500


def test_the_excel_export_holds_the_summary_distribution_and_comments(login, officer, letter):
    response = login(officer).get(f"/surveys/{letter.pk}/results.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 5  # summary, distribution, comments, problems, returns (named survey)
    summary = {row[0]: row[1] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert 39 in summary.values() and 50 in summary.values() and "78.0%" in summary.values()
    distribution = list(book.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert [r[4] for r in distribution[:4]] == [20, 10, 6, 3]

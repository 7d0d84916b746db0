"""Excel export of a survey's results: summary, distributions, comments and, for named surveys,
who answered. Anonymous surveys export nothing that names a respondent."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from surveys.models import GOOD_LEVELS, Survey
from surveys.selectors import comments, results


def _sheet(book: Workbook, title: str, headers: list[str], rows: list[list]) -> None:
    sheet = book.create_sheet(title[:31])
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for row in rows:
        sheet.append(row)
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(14, len(str(header)) * 2 + 2)


def _pct(value) -> str:
    return "—" if value is None else f"{value}%"


def results_workbook(survey: Survey) -> bytes:
    found = results(survey)
    book = Workbook()
    book.remove(book.active)
    summary = [
        [_("Survey"), survey.title],
        [_("Kind"), survey.get_kind_display()],
        [_("Office"), survey.office.name],
        [_("Anonymous"), _("Yes") if survey.anonymous else _("No")],
        [_("Answer period"), f"{survey.opens_on:%Y-%m-%d} — {survey.closes_on:%Y-%m-%d}"],
        [_("Sent"), found.returned.whole],
        [_("Returned"), found.returned.part],
        [_("Return rate"), _pct(found.returned.percent)],
        [_("Ratings given"), found.good.whole],
        [_("Rated 较好 or better"), found.good.part],
        [_("Share rated 较好 or better"), _pct(found.good.percent)],
        [_("Rule"), _("Ratings in the first %(n)d levels of the scale over all ratings given.") % {"n": GOOD_LEVELS}],
        [_("Problems found"), survey.findings.count()],
    ]
    _sheet(book, pgettext("survey", "Summary"), [_("Item"), _("Value")], summary)
    rows = []
    for dist in found.distributions:
        for option, count, share in dist.rows:
            rows.append(
                [dist.question.order, dist.question.text, dist.question.get_kind_display(), option, count, _pct(share)]
            )
    _sheet(book, _("Distribution"), ["#", _("Question"), _("Kind"), _("Option"), _("Count"), _("Share")], rows)
    rows = []
    for group in comments(survey, keywords=False):
        for answer in group.answers:
            rows.append([group.question.text, answer.theme, answer.text])
    _sheet(book, _("Comments"), [_("Question"), _("Theme"), _("Comment")], rows)
    rows = [
        [
            f.pk,
            f.problem,
            f.office.name if f.office else "",
            f.rectification_item.number if f.rectification_item else "",
        ]
        for f in survey.findings.select_related("office", "rectification_item")
    ]
    _sheet(book, _("Problems found"), ["#", _("Problem"), _("Responsible office"), _("Rectification item")], rows)
    if not survey.anonymous:
        rows = [
            [
                r.name,
                r.get_kind_display(),
                _("Yes") if r.answered else _("No"),
                f"{timezone.localtime(r.answered_at):%Y-%m-%d %H:%M}" if r.answered_at else "",
            ]
            for r in survey.recipients.all()
        ]
        _sheet(book, _("Returns"), [_("Recipient"), _("Kind"), pgettext("survey", "Answered"), _("Answered at")], rows)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

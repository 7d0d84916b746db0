"""Excel import and export shared by every module.

An import is declared as an ``ImportSpec``: its columns, how each cell is parsed and checked, and
how the checked rows are saved. ``parse_workbook`` reports every bad row with its reason; a file
with any bad row imports nothing.
"""

import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

MAX_IMPORT_ROWS = 20000


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    required: bool = True
    parse: Callable[[str], Any] = str
    example: str = ""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ParseResult:
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


@dataclass(frozen=True)
class ImportSpec:
    """What one import accepts.

    ``check_row(values, earlier, memo)`` sees a row's parsed values, the good rows before it, and
    ``memo``: one dict per file for what its rows share (the organizations they name, a set of keys
    already seen), so a 1,000-row file does not look the same thing up 1,000 times.
    """

    name: str
    title: str
    columns: Sequence[Column]
    check_row: Callable[[dict, list[dict], dict], None]
    save: Callable[..., int]
    rule: Any = None  # rules predicate: who may run this import
    parent: tuple[Any, str] | None = None  # (label, URL name) of the list this import feeds, for breadcrumbs

    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_workbook(spec: ImportSpec, data: bytes, *, actor=None) -> ParseResult:
    """Parse and check every row; collect every problem instead of stopping at the first. The
    actor is in the memo (``memo["actor"]``) for checks that depend on who imports."""
    result = ParseResult()
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError, IndexError):
        result.errors.append(RowError(0, "", _("The file is not an Excel workbook (.xlsx) that can be read.")))
        return result
    rows = sheet.iter_rows(values_only=True)
    header = [_cell_text(v) for v in next(rows, ())]
    expected = spec.headers()
    if header[: len(expected)] != expected:
        result.errors.append(
            RowError(
                1,
                "",
                _("The header row must be: %(headers)s. Download the template.") % {"headers": "、".join(expected)},
            )
        )
        return result
    memo: dict = {"actor": actor}
    for number, raw in enumerate(rows, start=2):
        cells = [_cell_text(v) for v in (raw or ())][: len(expected)]
        if not any(cells):
            continue
        if number - 1 > MAX_IMPORT_ROWS:
            result.errors.append(
                RowError(number, "", _("Too many rows: at most %(n)d per file.") % {"n": MAX_IMPORT_ROWS})
            )
            break
        cells += [""] * (len(expected) - len(cells))
        values, ok = {}, True
        for column, text in zip(spec.columns, cells, strict=True):
            if not text:
                if column.required:
                    result.errors.append(RowError(number, column.header, _("This cell is required.")))
                    ok = False
                values[column.field] = None
                continue
            try:
                values[column.field] = column.parse(text)
            except (ValidationError, ValueError) as exc:
                message = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
                result.errors.append(RowError(number, column.header, message))
                ok = False
        if ok:
            try:
                spec.check_row(values, result.rows, memo)
            except ValidationError as exc:
                for col, messages in _error_items(exc, spec):
                    result.errors.extend(RowError(number, col, m) for m in messages)
                ok = False
        if ok:
            values["_row"] = number
            result.rows.append(values)
    if not result.rows and not result.errors:
        result.errors.append(RowError(0, "", _("The file has no data rows.")))
    return result


def _error_items(exc: ValidationError, spec: ImportSpec) -> Iterable[tuple[str, list[str]]]:
    headers = {c.field: c.header for c in spec.columns}
    if hasattr(exc, "error_dict"):
        for fieldname, errors in exc.error_dict.items():
            yield headers.get(fieldname, ""), [m for e in errors for m in e.messages]
    else:
        yield "", exc.messages


def workbook_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "Sheet1") -> bytes:
    """A one-sheet workbook with a bold header row, for templates and exports."""
    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for row in rows:
        sheet.append(list(row))
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(12, len(str(header)) * 2 + 2)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_bytes(spec: ImportSpec) -> bytes:
    return workbook_bytes(spec.headers(), [[c.example for c in spec.columns]], title=spec.title)


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

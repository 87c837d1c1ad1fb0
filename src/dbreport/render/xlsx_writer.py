"""A real workbook (openpyxl): the view on one sheet, numbers as numbers, the sources and rules on
a sheet of their own.

openpyxl rather than XlsxWriter: it also reads workbooks back (the tests open what was written
with the same library), and it is pure Python with no compiled part. Number cells carry Excel
number formats (`#,##0.##`): Excel shows them with the reader's own separators (`6,5` in a
Vietnamese locale, `17.66` in an English one), which is what a reader wants; the value is the
number, never a string. Text cells are set as strings (`data_type` "s") so that document text
beginning with `=` never becomes a formula.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO

from dbreport.render.safe import visible
from dbreport.render.view import View

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})
_SOURCES = {"vi": "Nguồn và quy tắc", "en": "Sources and rules"}


def _sheet_name(name: str) -> str:
    """Excel allows 31 characters and none of `[]:*?/\\`."""
    return (name.translate(_SHEET_CHARS).strip() or "Sheet")[:31].strip()


def _number_format(text: str) -> str:
    decimals = len(text.partition(".")[2])
    return "#,##0" if decimals == 0 else "#,##0." + "0" * min(decimals, 6)


def _text(sheet: Worksheet, row: int, column: int, text: str) -> None:
    """A string cell, never a formula, whatever the text begins with (`=`, `+`, `@`)."""
    cell = sheet.cell(row=row, column=column)
    cell.value = visible(text)  # a control character is not allowed in a workbook's XML
    cell.data_type = "s"


def write_xlsx(view: View, stream: BinaryIO, lang: str = "vi") -> None:
    """One sheet for the view (frozen header, autofilter, widths), one for its notes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    columns = view.columns_for("machines")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _sheet_name(view.sheet or view.title)
    widths = [len(c.key) for c in columns]
    for j, column in enumerate(columns, start=1):
        _text(sheet, 1, j, column.key)
        sheet.cell(row=1, column=j).font = Font(bold=True)
    for i, row in enumerate(view.rows, start=2):
        for j, column in enumerate(columns, start=1):
            text = row.get(column.key, "")
            if column.number and text:
                cell = sheet.cell(row=i, column=j)
                cell.value = float(text)
                cell.number_format = _number_format(text)
            elif text:
                _text(sheet, i, j, text)
            widths[j - 1] = max(widths[j - 1], min(60, len(text)))
    for j, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(j)].width = width + 2
    sheet.freeze_panes = "A2"
    if columns:
        last = get_column_letter(len(columns))
        sheet.auto_filter.ref = f"A1:{last}{max(1, len(view.rows) + 1)}"
    notes = book.create_sheet(_sheet_name(_SOURCES.get(lang, _SOURCES["en"])))
    for i, note in enumerate([view.title, *view.notes], start=1):
        _text(notes, i, 1, note)
    notes.column_dimensions["A"].width = 120
    book.save(stream)

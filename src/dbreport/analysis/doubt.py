"""Doubt for rows read by OCR: which cells not to trust, and why.

A cell is suspect when the OCR was unsure of it (a word under `SURE` confidence), when it does
not read as what its column holds (a row number, a figure), or when the table's own arithmetic
disagrees with it:

- the comparison column against the achieved value and the target (`arithmetic`);
- a total against the sum of its parts;
- the body's repetition of the figure (a dated figure the audit links to the row) against the cell.

When the arithmetic fails and exactly one reading of one cell, among the ways OCR confuses
characters (`101/79%` for `101,79%`, `O` for `0`), makes it hold, that reading is used and the
cell is listed as `corrected`, its OCR text kept. Otherwise nothing is changed: the cells are
listed, and a verdict resting on one says so (analysis.status).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

from dbreport.arithmetic import comparison_readings, interval
from dbreport.models import (
    FIELD_OF_ROLE,
    ColumnCell,
    Indicator,
    OcrCell,
    OcrReading,
    SuspectCell,
    Table,
)
from dbreport.values import Value, parse_value

if TYPE_CHECKING:
    from dbreport.extraction.claims import Claim
    from dbreport.vocab import Vocabulary

SURE = 85  # a cell read with less confidence than this (0-100) is suspect
# record field of each column role the arithmetic uses
_FIELDS = {role: FIELD_OF_ROLE[role] for role in ("target", "actual", "comparison")}
_FIGURES = ("target", "actual", "comparison", "target_future")
_INDEX = re.compile(r"^(?:[0-9]{1,3}(?:\.[0-9]{1,2})*|[IVXLivxl]{1,5}|[A-Za-zđĐ])[.)]?$")
# characters OCR takes for one another in printed figures
_CONFUSED: dict[str, tuple[str, ...]] = {
    "/": (",", ".", "1", "7"),
    ",": (".",),
    ".": (",",),
    "O": ("0",),
    "o": ("0",),
    "D": ("0",),
    "Q": ("0",),
    "l": ("1",),
    "I": ("1",),
    "|": ("1",),
    "i": ("1",),
    "!": ("1",),
    "S": ("5",),
    "s": ("5",),
    "B": ("8",),
    "Z": ("2",),
    "z": ("2",),
    "g": ("9",),
    "q": ("9",),
    "G": ("6",),
    "b": ("6",),
    "T": ("7",),
    "A": ("4",),
    "5": ("6", "8", "9", "3"),
    "6": ("5", "8", "0"),
    "8": ("3", "6", "9", "0"),
    "9": ("8", "5", "0"),
    "3": ("8", "5"),
    "0": ("8", "6", "9"),
    "1": ("7", "4"),
    "7": ("1",),
    "4": ("1",),
    "+": ("-",),
}


def review(tables: list[Table], claims: Iterable[Claim], vocab: Vocabulary) -> list[Table]:
    """The tables with each OCR'd row's suspect cells listed (and the one reading the
    arithmetic pins used); tables not read by OCR are returned as they are."""
    said = list(claims)
    return [_review(t, said, vocab) if t.ocr else t for t in tables]


def _review(table: Table, claims: list[Claim], vocab: Vocabulary) -> Table:
    records = [_own_doubts(r) for r in table.records]
    records = [_comparison(r) for r in records]
    records = _totals(records)
    records = _body(records, claims, vocab)
    return table.model_copy(update={"records": records})


# ----------------------------------------------------------------------------- one cell


def _own_doubts(record: Indicator) -> Indicator:
    if record.ocr is None:
        return record
    for cell in record.ocr.cells:
        if cell.confidence == 0 and not cell.text:
            record = _suspect(record, cell, "holds marks the OCR could not read")
        elif cell.confidence is not None and cell.confidence < SURE:
            record = _suspect(record, cell, f"read with {cell.confidence}% confidence")
        if cell.role == "index" and cell.text and not _INDEX.match(cell.text.strip()):
            record = _suspect(record, cell, "does not read as a row number")
        if cell.role in _FIGURES and _garbled(cell.text):
            record = _suspect(record, cell, "holds figures that do not read as a number")
        if cell.role in ("name", "unit"):
            for word, known in _misspelt(cell.text):
                record = _suspect(
                    record, cell, f"`{word}` is not how the vocabulary writes it ({known})"
                )
    return record


def _misspelt(text: str) -> Iterator[tuple[str, str]]:
    """Words whose letters the vocabulary knows only with other diacritics (`tống`, where the
    data files write `tổng`): OCR most often mistakes a tone mark."""
    from dbreport.textnorm import fold

    spellings = _spellings()
    for word in re.findall(r"[^\W\d_]+", text.lower()):
        known = spellings.get(fold(word))
        if known and word not in known:
            yield word, " / ".join(sorted(known))


@cache
def _spellings() -> dict[str, frozenset[str]]:
    """Every word of the data files (indicator names and aliases, headers, units, rules) by its
    diacritic-free form."""
    from dbreport.datafiles import data_dir
    from dbreport.textnorm import fold, nfc

    words: dict[str, set[str]] = {}
    for name in ("indicators.yaml", "vocabulary.yaml", "targets.yaml"):
        path = data_dir() / name
        if not path.is_file():
            continue
        for word in re.findall(r"[^\W\d_]+", nfc(path.read_text(encoding="utf-8")).lower()):
            words.setdefault(fold(word), set()).add(word)
    return {k: frozenset(v) for k, v in words.items()}


def _figure_or_garbled(text: str) -> bool:
    return parse_value(_joined(text)).kind == "number" or _garbled(text)


def _garbled(text: str) -> bool:
    if not re.search(r"\d", text):
        return False
    return parse_value(_joined(text)).kind in ("text", "unreadable")


def _joined(text: str) -> str:
    """A cell's lines joined as the table reader joins them (`101,79` + `%`)."""
    from dbreport.extraction.grid import join_lines

    return join_lines(text)


# ----------------------------------------------------------------------------- arithmetic


def _comparison(record: Indicator) -> Indicator:
    """The comparison column against achieved / target; one reading that mends it is used."""
    if record.ocr is None:
        return record
    cells = {role: _ocr_cell(record, role) for role in _FIELDS}
    if any(c is None or not _figure_or_garbled(c.text) for c in cells.values()):
        return record  # a bound, a range, a word: the audit's business, not the OCR's
    values = {role: _value(record, role) for role in _FIELDS}
    if _agree(values):
        return record
    fixes = [
        (role, reading, value)
        for role, cell in cells.items()
        if cell is not None
        for reading, value in _readings(cell.text)
        if _agree({**values, role: value})
    ]
    shown = {r: (c.text if c else "") for r, c in cells.items()}
    why = (
        f"the comparison column ({_one_line(shown['comparison'])}) does not follow from the "
        f"achieved value ({_one_line(shown['actual'])}) and the target "
        f"({_one_line(shown['target'])})"
    )
    if len({(role, value.number, value.percent) for role, _, value in fixes}) == 1:
        # one cell, one number (`101,79%` and `101.79%` are one reading): in the table's notation
        role, reading, value = next(
            (f for f in fixes if parse_value(f[1], "vi").number == f[2].number), fixes[0]
        )
        cell = cells[role]
        assert cell is not None
        fixed = _use(record, role, value)
        return _suspect(
            fixed,
            cell,
            f"{why}; {reading} is the only reading that agrees",
            corrected=reading,
        )
    for cell in cells.values():
        if cell is not None:
            record = _suspect(record, cell, why)
    return record


def _agree(values: dict[str, Value | None]) -> bool:
    target, actual, compared = values["target"], values["actual"], values["comparison"]
    if any(v is None or v.kind != "number" for v in (target, actual, compared)):
        return False
    return bool(comparison_readings(target, actual, compared))


def _readings(text: str) -> Iterator[tuple[str, Value]]:
    """Readings of an OCR'd figure with one character taken for another, or one stray mark
    or space left out, that parse as numbers."""
    text = _joined(text)
    seen = {text}
    candidates = []
    for k, char in enumerate(text):
        for other in _CONFUSED.get(char, ()):
            candidates.append(text[:k] + other + text[k + 1 :])
        if not char.isalnum() and char not in "%‰<>≥≤+-–":
            candidates.append(text[:k] + text[k + 1 :])
        if char in "-–" and k == 0 and len(text) > 2 and text[1] == " ":
            candidates.append(text[2:])  # a stray dash before the figure
    for candidate in candidates:
        candidate = candidate.strip()
        if candidate in seen:
            continue
        seen.add(candidate)
        value = parse_value(candidate)
        if value.kind == "number":
            yield candidate, value


def _totals(records: list[Indicator]) -> list[Indicator]:
    """A total against the sum of its parts, column by column (target and achieved)."""
    out = list(records)
    for k, total in enumerate(records):
        if total.kind != "total":
            continue
        parts = [j for j, r in enumerate(records) if r.parent == total.id and r.kind == "part"]
        if len(parts) < 2:
            continue
        group = [k, *parts]
        if all(records[j].ocr is None for j in group):
            continue
        for role in ("target", "actual"):
            values = [_value(records[j], role) for j in group]
            if any(v is None or v.kind != "number" for v in values):
                continue
            whole = interval(values[0])
            pieces = [interval(v) for v in values[1:]]
            if whole is None or any(p is None for p in pieces):
                continue
            low = sum(p[0] for p in pieces if p)
            high = sum(p[1] for p in pieces if p)
            if low - 1e-9 <= whole[1] and whole[0] <= high + 1e-9:
                continue
            why = (
                f"the parts add up to {_plain(low, high)}, the total says "
                f"{values[0].raw if values[0] else ''}"
            )
            for j in group:
                cell = _ocr_cell(out[j], role)
                if cell is not None:
                    out[j] = _suspect(out[j], cell, why)
    return out


def _body(records: list[Indicator], claims: list[Claim], vocab: Vocabulary) -> list[Indicator]:
    """A figure the body repeats for a row (linked as the audit links it), and an achieved
    cell that differs from it; a figure the body gives by another measure is not held
    against the cell."""
    said = [c for c in claims if c.figure is not None]
    if not said or not any(r.ocr for r in records):
        return records
    from dbreport.analysis.linking import (
        claimed_interval,
        figure_agrees,
        link,
        of_another_measure,
    )
    from dbreport.pipeline import assess_all
    from dbreport.rules import load_rules

    rules = load_rules()
    items = assess_all(records, rules, vocab)
    links = [link(c, items, rules, vocab) for c in said]
    at = {r.id: k for k, r in enumerate(records)}
    out = list(records)
    for found in links:
        record, claim = found.record, found.claim
        if record is None or record.id not in at or claim.figure is None:
            continue
        k = at[record.id]
        cell = _ocr_cell(out[k], "actual")
        actual = out[k].actual
        if cell is None or actual is None or actual.kind != "number":
            continue
        claimed = claimed_interval(claim, out[k], vocab)
        if claimed is None or figure_agrees(claimed, actual):
            continue
        if of_another_measure(found, links, vocab):
            continue
        where = f"page {claim.page}" if claim.page else f"line {claim.line}"
        out[k] = _suspect(out[k], cell, f"the body ({where}) says {claim.figure.raw}")
    return out


# ----------------------------------------------------------------------------- helpers


def _ocr_cell(record: Indicator, role: str) -> OcrCell | None:
    """The OCR cell of the column that fills `role` for this record."""
    if record.ocr is None:
        return None
    column = _column(record, role)
    for cell in record.ocr.cells:
        if cell.role == role and (
            column is None or cell.column == column.header or not column.header
        ):
            return cell
    return None


def _column(record: Indicator, role: str) -> ColumnCell | None:
    return next((c for c in record.cells if c.field == role), None) or next(
        (c for c in record.cells if c.role == role), None
    )


def _value(record: Indicator, role: str) -> Value | None:
    field = FIELD_OF_ROLE.get(role, role)
    value = getattr(record, field, None)
    return value if isinstance(value, Value) else None


def _use(record: Indicator, role: str, value: Value) -> Indicator:
    field = _FIELDS[role]
    column = _column(record, role)
    cells = [
        c.model_copy(update={"value": value}) if column is not None and c is column else c
        for c in record.cells
    ]
    return record.model_copy(update={field: value, "cells": cells})


def _suspect(
    record: Indicator, cell: OcrCell, why: str, *, corrected: str | None = None
) -> Indicator:
    reading = record.ocr or OcrReading()
    suspects = list(reading.suspect_cells)
    for k, known in enumerate(suspects):
        if known.column == cell.column and known.role == cell.role:
            reasons = known.why if why in known.why else [*known.why, why]
            suspects[k] = known.model_copy(
                update={"why": reasons, "corrected": corrected or known.corrected}
            )
            break
    else:
        suspects.append(SuspectCell(**cell.model_dump(), why=[why], corrected=corrected))
    return record.model_copy(update={"ocr": reading.model_copy(update={"suspect_cells": suspects})})


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _plain(low: float, high: float) -> str:
    from dbreport.values import format_number

    middle = (low + high) / 2
    decimals = 0 if middle == int(middle) else 2
    return format_number(middle, decimals)

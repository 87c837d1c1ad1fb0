"""Tables that arrive already cut into cells: tab-separated pastes, web pages, PDF tables.

A grid is rows of cell texts under a header whose columns are known. Rows are sorted into
section rows (`A`, `I`), group rows (`1` with a title, with or without figures), sub-headings
(a name without figures), totals and parts (`Tổng cộng`, `Trong đó:`) and indicators. A row that
a page break split in two (its second part on the next page has no number and no name of its
own) is joined back to its first part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import product
from typing import Any

from dbreport.extraction.header import Column, Header
from dbreport.extraction.records import (
    Place,
    build_indicator,
    link_totals,
    parse_cells,
    row_kind,
    starts_parts,
    strip_bullet,
    strip_parts_word,
    unit_from_name,
)
from dbreport.models import Alignment, Indicator, OcrCell, OcrReading
from dbreport.sources import Document, Line
from dbreport.textnorm import nfc, squeeze
from dbreport.values import parse_value, table_notation
from dbreport.vocab import Vocabulary

_SECTION = re.compile(r"^(?:[A-H]|I{1,3}|IV|VI{0,3}|IX|X)[.)]?$")
_GROUP = re.compile(r"^\d{1,3}[.)]?$")
_SUB_INDEX = re.compile(r"^(?:\d{1,3}\.\d{1,2}|[a-zđ][.)]|[-+*•])$")


@dataclass
class GridRow:
    """One table row: a cell text per column (lines inside a cell kept as `\\n`)."""

    cells: list[str]
    line: Line  # provenance: page for PDFs, line number for text
    continues: bool = False  # first row after a repeated header: may finish the row before
    lines: list[Line] = field(default_factory=list)  # every line the row was read from
    alignment: Alignment = "exact"
    ambiguity: str | None = None
    ocr: list[Any] | None = None  # each cell as the OCR read it (a scanned table)


def join_lines(text: str, *, unit: bool = False, vocab: Vocabulary | None = None) -> str:
    """Join a wrapped cell: `103,71\\n%` -> `103,71%`, `8.000-\\n8.300` -> `8.000-8.300`.

    A unit may have been broken inside a word (`Lao\\nđộng/n\\năm`): the joining that gives a
    known unit wins.
    """
    parts = [p.strip() for p in nfc(text).split("\n") if p.strip()]
    if not parts:
        return ""
    if unit and vocab is not None and 1 < len(parts) <= 5:
        for glue in product((" ", ""), repeat=len(parts) - 1):
            candidate = parts[0] + "".join(g + p for g, p in zip(glue, parts[1:], strict=True))
            if vocab.is_unit(candidate):
                return re.sub(r"\s*/\s*", "/", candidate)
    out = parts[0]
    for part in parts[1:]:
        tight = part.startswith(("%", "‰")) or re.search(r"\d[-–]$", out) is not None
        out += ("" if tight else " ") + part
    return squeeze(out)


@dataclass
class _Row:
    place: Place
    name: str
    unit: str | None
    cells: dict[int, str]
    note: str
    lines: list[Line]
    alignment: Alignment
    ambiguity: str | None
    kind: str = "indicator"
    parent: str | None = None
    ocr: dict[int, list[Any]] = field(default_factory=dict)  # column -> cells as OCR'd


def _add_ocr(into: _Row, row: GridRow) -> None:
    for i, cell in enumerate(row.ocr or []):
        if cell is not None and (cell.text or cell.confidence is not None):
            into.ocr.setdefault(i, []).append(cell)


def _ocr_reading(draft: _Row, columns: list[Column | None]) -> OcrReading | None:
    """The row's cells as the OCR read them (a cell split over two pages: its parts joined,
    the lesser confidence kept)."""
    if not draft.ocr:
        return None
    cells = []
    for i in sorted(draft.ocr):
        column = columns[i] if i < len(columns) else None
        parts = draft.ocr[i]
        sure = [p.confidence for p in parts if p.confidence is not None]
        cells.append(
            OcrCell(
                column=column.label or column.role if column is not None else f"column {i + 1}",
                role=column.role if column is not None else "other",
                text="\n".join(p.text for p in parts if p.text),
                confidence=min(sure) if sure else None,
            )
        )
    sure = [c.confidence for c in cells if c.confidence is not None]
    return OcrReading(confidence=min(sure) if sure else None, cells=cells)


def _merge(into: _Row, row: GridRow, columns: list[Column | None]) -> None:
    _add_ocr(into, row)
    for i, column in enumerate(columns):
        if column is None or column.role in ("index", "unit"):
            continue
        extra = row.cells[i] if i < len(row.cells) else ""
        if not extra.strip():
            continue
        if column.role == "name":
            into.name = squeeze(f"{into.name} {join_lines(extra)}")
        else:
            into.cells[i] = join_lines(f"{into.cells.get(i, '')}\n{extra}")
    into.lines.append(row.line)


def read_grid(
    rows: list[GridRow],
    columns: list[Column | None],
    doc: Document,
    header: Header,
    vocab: Vocabulary,
    *,
    unit: str | None = None,
    numbering_lost: bool = False,
) -> list[Indicator]:
    """Records from rows of cells; `columns` gives each position's column (None: unnamed)."""
    first_of: dict[str, int] = {}
    for i, c in enumerate(columns):
        if c is not None and c.role in ("index", "name", "unit"):
            first_of.setdefault(c.role, i)
    value_positions = [
        i
        for i, c in enumerate(columns)
        if c is not None and c.role not in ("index", "name", "unit")
    ]
    # an unnamed column (a blank header cell) at the end holds notes or the report's verdict
    for i, c in enumerate(columns):
        if c is None and i > first_of.get("name", 0):
            columns[i] = Column(role="other", label="", year=None, known=False)
            value_positions.append(i)
    value_positions.sort()
    section = section_title = group = group_title = subgroup = None
    counters: dict[tuple[str | None, str | None], int] = {}
    drafts: list[_Row] = []
    in_parts = False
    parent: str | None = None
    lost = 0

    def cell(row: GridRow, role: str) -> str:
        i = first_of.get(role)
        if i is None or i >= len(row.cells):
            return ""
        return join_lines(row.cells[i] or "", unit=role == "unit", vocab=vocab)

    for row in rows:
        index = cell(row, "index").rstrip(".)")
        name = cell(row, "name")
        values = {
            i: join_lines(row.cells[i] or "") if i < len(row.cells) else "" for i in value_positions
        }
        has_values = any(
            parse_value(v).kind != "empty"
            for i, v in values.items()
            if (columns[i] is not None and columns[i].role != "note")  # type: ignore[union-attr]
        )
        if row.continues and drafts and not index and (not name or name[:1].islower()):
            _merge(drafts[-1], row, columns)
            continue
        if index and _SECTION.match(index) and not has_values:
            section, section_title = index, name.rstrip(": ") or None
            group = group_title = subgroup = None
            in_parts = False
            continue
        if index and _GROUP.match(index):
            group, group_title, subgroup = index, name.rstrip("*: "), None
            in_parts = False
            if not has_values:
                continue
        elif not has_values:
            if name and starts_parts(name, vocab) and not strip_parts_word(name, vocab).strip(": "):
                in_parts = True  # `Tr.đó:` alone: the rows below are parts of the row above
            elif name and numbering_lost:
                # Numbering lost (a web copy): title rows become groups G1, G2... in order.
                lost += 1
                group, group_title, subgroup = f"G{lost}", name.rstrip("*: "), None
                in_parts = False
            elif name:
                subgroup = name.rstrip(": ")
                in_parts = False
            continue
        elif index and not _SUB_INDEX.match(index):
            in_parts = False
        kind = row_kind(name, in_parts, vocab)
        row_unit = cell(row, "unit") or None
        if row_unit is None:
            name, row_unit = unit_from_name(name, vocab)
            row_unit = row_unit or unit
        if kind == "part":
            name = strip_parts_word(name, vocab) or name
        name = strip_bullet(name)
        key = (section, group)
        counters[key] = counters.get(key, 0) + 1
        place = Place(section, section_title, group, group_title, subgroup, counters[key])
        if kind == "indicator":
            parent = place.id
        drafts.append(
            _Row(
                place=place,
                name=name.rstrip("*"),
                unit=row_unit,
                cells=values,
                note="",
                lines=row.lines or [row.line],
                alignment=row.alignment,
                ambiguity=row.ambiguity,
                kind=kind,
                parent=parent if kind == "part" else None,
            )
        )
        _add_ocr(drafts[-1], row)
    notation = table_notation(v for d in drafts for v in d.cells.values())
    records: list[Indicator] = []
    for draft in drafts:
        texts = [(columns[i], draft.cells.get(i, "")) for i in value_positions]
        record = build_indicator(
            place=draft.place,
            name=draft.name,
            unit=draft.unit,
            cells=parse_cells(texts, notation),  # type: ignore[arg-type]
            note=draft.note,
            doc=doc,
            header=header,
            vocab=vocab,
            lines=draft.lines,
            table_page=None,
            alignment=draft.alignment,
            ambiguity=draft.ambiguity,
            kind=draft.kind,  # type: ignore[arg-type]
            parent=draft.parent,
        )
        reading = _ocr_reading(draft, columns)
        records.append(record.model_copy(update={"ocr": reading}) if reading else record)
    return link_totals(records)

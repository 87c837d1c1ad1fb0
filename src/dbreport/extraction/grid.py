"""Tables that arrive already cut into cells: tab-separated pastes and PDF tables.

A grid is rows of cell texts under a header whose columns are known. Rows are sorted into
section rows (`A`, `I`), group rows (`1` with a title, with or without figures), sub-headings
(a name without figures) and indicators. A row that a page break split in two (its second part
on the next page has no number and no name of its own) is joined back to its first part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import product

from dbreport.extraction.header import VALUE_ROLES, Column, Header, match_columns
from dbreport.extraction.records import Place, build_indicator
from dbreport.models import Indicator
from dbreport.sources import Document, Line
from dbreport.textnorm import fold, nfc, squeeze
from dbreport.values import Value, parse_value
from dbreport.vocab import ColumnRole, Vocabulary

_SECTION = re.compile(r"^(?:[A-H]|I{1,3}|IV|VI{0,3}|IX|X)[.)]?$")
_GROUP = re.compile(r"^\d{1,3}[.)]?$")


@dataclass
class GridRow:
    """One table row: a cell text per column (lines inside a cell kept as `\\n`)."""

    cells: list[str]
    line: Line  # provenance: page for PDFs, line number for text
    continues: bool = False  # first row after a repeated header: may finish the row before


def grid_header(cells: list[str], vocab: Vocabulary) -> list[Column | None] | None:
    """Column roles by position when every non-empty cell names exactly one column."""
    found: list[Column | None] = []
    named = 0
    for cell in cells:
        text = fold(join_lines(cell or ""))
        if not text:
            found.append(None)
            continue
        columns = match_columns(text, vocab)
        if len(columns) != 1:
            return None
        found.append(columns[0])
        named += 1
    roles = [c.role for c in found if c is not None]
    values = {r for r in roles if r in VALUE_ROLES}
    if "name" not in roles or len(values) < 2 or len(roles) != len(set(roles)) or named < 3:
        return None
    return found


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
        tight = part.startswith("%") or re.search(r"\d[-–]$", out) is not None
        out += ("" if tight else " ") + part
    return squeeze(out)


@dataclass
class _Row:
    place: Place
    name: str
    unit: str | None
    cells: dict[ColumnRole, str]
    note: str
    lines: list[Line] = field(default_factory=list)


def _merge(into: _Row, row: GridRow, positions: dict[ColumnRole, int]) -> None:
    for role, i in positions.items():
        if role in ("index", "unit"):
            continue
        extra = row.cells[i] if i < len(row.cells) else ""
        if not extra.strip():
            continue
        if role == "name":
            into.name = squeeze(f"{into.name} {join_lines(extra)}")
        elif role == "note":
            into.note = squeeze(f"{into.note} {join_lines(extra)}")
        else:
            into.cells[role] = join_lines(f"{into.cells.get(role, '')}\n{extra}")
    into.lines.append(row.line)


def read_grid(
    rows: list[GridRow],
    columns: list[Column | None],
    doc: Document,
    header: Header,
    vocab: Vocabulary,
) -> list[Indicator]:
    positions: dict[ColumnRole, int] = {c.role: i for i, c in enumerate(columns) if c is not None}
    value_roles = [r for r in positions if r in VALUE_ROLES]
    section = section_title = group = group_title = subgroup = None
    counters: dict[tuple[str | None, str | None], int] = {}
    drafts: list[_Row] = []

    def cell(row: GridRow, role: ColumnRole) -> str:
        i = positions.get(role)
        if i is None or i >= len(row.cells):
            return ""
        return join_lines(row.cells[i] or "", unit=role == "unit", vocab=vocab)

    for row in rows:
        index = cell(row, "index").rstrip(".)")
        name = cell(row, "name")
        values = {r: cell(row, r) for r in value_roles}
        has_values = any(parse_value(v).kind != "empty" for v in values.values())
        if row.continues and drafts and not index and (not name or name[:1].islower()):
            _merge(drafts[-1], row, positions)
            continue
        if index and _SECTION.match(index) and not has_values:
            section, section_title = index, name.rstrip(": ") or None
            group = group_title = subgroup = None
            continue
        if index and _GROUP.match(index):
            group, group_title, subgroup = index, name.rstrip("*: "), None
            if not has_values:
                continue
        elif not has_values:
            if name:
                subgroup = name.rstrip(": ")
            continue
        key = (section, group)
        counters[key] = counters.get(key, 0) + 1
        drafts.append(
            _Row(
                place=Place(section, section_title, group, group_title, subgroup, counters[key]),
                name=name.rstrip("*"),
                unit=cell(row, "unit") or None,
                cells=values,
                note=cell(row, "note"),
                lines=[row.line],
            )
        )
    records = []
    for draft in drafts:
        parsed: dict[ColumnRole, Value] = {r: parse_value(v) for r, v in draft.cells.items()}
        records.append(
            build_indicator(
                place=draft.place,
                name=draft.name,
                unit=draft.unit,
                cells=parsed,
                note=draft.note,
                doc=doc,
                header=header,
                vocab=vocab,
                lines=draft.lines,
                table_page=None,
            )
        )
    return records

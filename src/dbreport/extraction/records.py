"""Turn a row's parts (its place in the table, its cells, its lines) into an Indicator record.

Every layout reader ends here, so records look the same whatever the table arrived as: the
record fields (`target`, `actual`, ...) come from the columns the header designated, every
value column is kept in `cells` with its header and year, and year columns form `series`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from dbreport.extraction.header import Column, Header
from dbreport.models import (
    Alignment,
    ColumnCell,
    Indicator,
    Provenance,
    RowKind,
    SeriesPoint,
    Table,
    TableNote,
)
from dbreport.sources import Document, Line
from dbreport.textnorm import fold, squeeze
from dbreport.values import Value, parse_value
from dbreport.vocab import ColumnRole, Vocabulary

_UNIT_IN_NAME = re.compile(r"^(?P<name>.*\S)\s*\((?P<unit>[^()]{1,30})\)\s*:?$")


@dataclass(frozen=True)
class Place:
    """Where a row sits: its section, group and sub-heading, and its number within the group."""

    section: str | None
    section_title: str | None
    group: str | None
    group_title: str | None
    subgroup: str | None
    index: int

    @property
    def id(self) -> str:
        parts = [p for p in (self.section, self.group) if p]
        return ".".join([*parts, str(self.index)])


def kept(value: Value | None, role: ColumnRole) -> Value | None:
    """An empty cell is no value; a printed `-` is kept where it says something (comparison),
    and so is a placeholder (`0.00`), which says the cell was left unfilled."""
    if value is None or (
        value.kind == "empty" and (role != "comparison" or not value.raw) and not value.note
    ):
        return None
    return value


def unit_from_name(name: str, vocab: Vocabulary) -> tuple[str, str | None]:
    """`Thu ngân sách (tỷ đồng)` -> (`Thu ngân sách`, `tỷ đồng`); a name without one is kept."""
    m = _UNIT_IN_NAME.match(name)
    if m:
        unit = squeeze(m.group("unit"))
        if unit in ("%", "‰", "%o") or vocab.is_unit(unit) or vocab.unit_kind(unit) != "quantity":
            return m.group("name").rstrip(" ,:-"), unit
    return name, None


def row_kind(name: str, in_parts: bool, vocab: Vocabulary) -> RowKind:
    """A total (`Tổng cộng`, `Cộng`), a part (`Trong đó: …`, or under a `Tr.đó:` row)."""
    folded = fold(name).lstrip("-+*• ").rstrip(" :.")
    # `Cộng`, `Tổng cộng:`, `Tổng cộng (A+B)`; never `Công nghiệp` or `Tổng số khách`
    if any(folded == w or folded.startswith((w + ":", w + " (")) for w in vocab.totals):
        return "total"
    if in_parts or starts_parts(name, vocab):
        return "part"
    return "indicator"


def starts_parts(text: str, vocab: Vocabulary) -> bool:
    folded = fold(text).lstrip("-+*• ")
    return any(
        folded.startswith(w) and (len(folded) == len(w) or not folded[len(w)].isalpha())
        for w in vocab.parts
    )


def strip_parts_word(name: str, vocab: Vocabulary) -> str:
    """`Trong đó: Tỷ lệ …` -> `Tỷ lệ …` (the part keeps its own name)."""
    m = re.match(
        r"^[-+*•\s]*(?:trong\s+đó|tr\.?\s*/?\s*đó|bao\s+gồm|gồm)\s*[:,]?\s*", name, re.IGNORECASE
    )
    return name[m.end() :] if m else name


def strip_bullet(name: str) -> str:
    """`- Vốn ngân sách nhà nước` -> `Vốn ngân sách nhà nước`: a list mark is not a name."""
    return re.sub(r"^(?:[-+*•–]\s*)+(?=\w)", "", name)


def build_indicator(
    *,
    place: Place,
    name: str,
    unit: str | None,
    cells: list[tuple[Column, Value | None]],
    note: str | None,
    doc: Document,
    header: Header,
    vocab: Vocabulary,
    lines: list[Line],
    table_page: int | None,
    alignment: Alignment = "exact",
    ambiguity: str | None = None,
    kind: RowKind = "indicator",
    parent: str | None = None,
) -> Indicator:
    # Lines numbered 0 come from PDF tables: they carry a page, not a line number.
    ordered = sorted(
        {(ln.page, ln.no, ln.text): ln for ln in lines}.values(),
        key=lambda ln: (ln.page or 0, ln.no),
    )
    first, last = (ordered[0], ordered[-1]) if ordered else (None, None)
    fields: dict[ColumnRole, Value | None] = {}
    notes = [note] if note else []
    for column, value in cells:
        if column.field == "note":
            if value is not None and value.raw:
                notes.append(value.raw)
        elif column.field is not None:
            fields[column.field] = value
    compared = fields.get("comparison")
    if (
        compared is not None
        and compared.kind == "text"
        and vocab.verdict_of_word(compared.raw) is not None
    ):
        # `So sánh với NQ: Vượt`: a verdict, not a figure; it is the report's own
        fields["comparison"] = None
        fields.setdefault("assessment", compared)
        if fields.get("assessment") is None:
            fields["assessment"] = compared
    if fields.get("assessment") is None:
        # A verdict written in `Ghi chú` or an unnamed last column is the report's own verdict.
        for column, value in reversed(cells):
            if (
                column.field in ("note", None)
                and column.role in ("note", "other")
                and value is not None
                and value.kind == "text"
                and vocab.verdict_of_word(value.raw) is not None
            ):
                fields["assessment"] = value
                if column.field == "note":
                    notes = [n for n in notes if n != value.raw]
                break
    year_cells = [(c, v) for c, v in cells if c.role == "actual" and c.year]
    series = (
        [SeriesPoint(year=c.year or 0, value=v, header=c.label) for c, v in year_cells if v]
        if len(year_cells) >= 2
        else []
    )
    return Indicator(
        id=place.id,
        section=place.section,
        section_title=place.section_title,
        group=place.group,
        group_title=place.group_title,
        subgroup=place.subgroup,
        name=name,
        unit=unit,
        unit_kind=vocab.unit_kind(unit),
        target=kept(fields.get("target"), "target"),
        actual=kept(fields.get("actual"), "actual"),
        reported_comparison=kept(fields.get("comparison"), "comparison"),
        target_2030=kept(fields.get("target_future"), "target_future"),
        horizon_year=header.year_of("target_future"),
        actual_year=header.year_of("actual"),
        reported_assessment=kept(fields.get("assessment"), "assessment"),
        note=squeeze(" ".join(notes)) or None,
        cells=[
            ColumnCell(
                role=c.role, header=c.label, year=c.year, value=kept(v, c.role), field=c.field
            )
            for c, v in cells
        ],
        series=series,
        kind=kind,
        parent=parent,
        alignment=alignment,
        ambiguity=ambiguity,
        source=Provenance(
            document=doc.name,
            path=str(doc.path),
            page=first.page if first else None,
            line=first.no if first and first.no > 0 else None,
            last_line=last.no if last and last.no > 0 else None,
            table_page=table_page,
            table=first.table if first else None,
            row=first.row if first else None,
            text="\n".join(line.text.rstrip() for line in ordered),
        ),
    )


def parse_cells(
    texts: list[tuple[Column, str]], notation: Literal["vi", "en"] | None
) -> list[tuple[Column, Value | None]]:
    return [(c, parse_value(t, notation) if t.strip() else None) for c, t in texts]


def build_table(
    doc: Document,
    header: Header,
    records: list[Indicator],
    layout: Literal[
        "pdf-text", "cell-per-line", "tab-separated", "pdf-table", "docx-table", "html-table"
    ],
    notes: list[TableNote] | None = None,
    *,
    lines: tuple[int, int] | None = None,
    pages: list[int] | None = None,
    unit: str | None = None,
) -> Table:
    purpose = header.purpose
    return Table(
        document=doc.name,
        path=str(doc.path),
        columns=header.roles,
        header=header.text,
        actual_year=header.year_of("actual"),
        horizon_year=header.year_of("target_future"),
        layout=layout,
        purpose="indicators"
        if purpose == "indicators"
        else ("values" if purpose == "values" else "targets"),
        header_columns=[
            ColumnCell(role=c.role, header=c.label, year=c.year) for c in header.columns
        ],
        unit=unit,
        records=records,
        notes=notes or [],
        lines=lines,
        pages=pages or [],
    )


def link_totals(records: list[Indicator]) -> list[Indicator]:
    """The rows a total (`Cộng`, `Tổng cộng`) adds up become its parts: the rows of its group
    since the previous total, unless they are already parts of another row."""
    out = list(records)
    start = 0
    for k, record in enumerate(out):
        if record.kind == "total":
            same_group = [
                j
                for j in range(start, k)
                if (out[j].section, out[j].group) == (record.section, record.group)
            ]
            for j in same_group:
                if out[j].kind == "indicator":
                    out[j] = out[j].model_copy(update={"kind": "part", "parent": record.id})
            start = k + 1
        elif k and (out[k - 1].section, out[k - 1].group) != (record.section, record.group):
            start = k
    return out

"""Turn a row's parts (its place in the table, its cells, its lines) into an Indicator record.

Every layout reader ends here, so records look the same whatever the table arrived as.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dbreport.extraction.header import Header
from dbreport.models import Alignment, Indicator, Provenance, Table, TableNote
from dbreport.sources import Document, Line
from dbreport.values import Value
from dbreport.vocab import ColumnRole, Vocabulary


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
    """An empty cell is no value; a printed `-` is kept where it says something (comparison)."""
    if value is None or (value.kind == "empty" and (role != "comparison" or not value.raw)):
        return None
    return value


def build_indicator(
    *,
    place: Place,
    name: str,
    unit: str | None,
    cells: dict[ColumnRole, Value],
    note: str | None,
    doc: Document,
    header: Header,
    vocab: Vocabulary,
    lines: list[Line],
    table_page: int | None,
    alignment: Alignment = "exact",
    ambiguity: str | None = None,
) -> Indicator:
    # Lines numbered 0 come from PDF tables: they carry a page, not a line number.
    ordered = sorted(
        {(ln.page, ln.no, ln.text): ln for ln in lines}.values(),
        key=lambda ln: (ln.page or 0, ln.no),
    )
    first, last = (ordered[0], ordered[-1]) if ordered else (None, None)
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
        target=kept(cells.get("target"), "target"),
        actual=kept(cells.get("actual"), "actual"),
        reported_comparison=kept(cells.get("comparison"), "comparison"),
        target_2030=kept(cells.get("target_future"), "target_future"),
        horizon_year=header.year_of("target_future"),
        actual_year=header.year_of("actual"),
        reported_assessment=kept(cells.get("assessment"), "assessment"),
        note=note or None,
        alignment=alignment,
        ambiguity=ambiguity,
        source=Provenance(
            document=doc.name,
            path=str(doc.path),
            page=first.page if first else None,
            line=first.no if first and first.no > 0 else None,
            last_line=last.no if last and last.no > 0 else None,
            table_page=table_page,
            text="\n".join(line.text.rstrip() for line in ordered),
        ),
    )


def build_table(
    doc: Document,
    header: Header,
    records: list[Indicator],
    layout: Literal["pdf-text", "cell-per-line", "tab-separated", "pdf-table"],
    notes: list[TableNote] | None = None,
    *,
    lines: tuple[int, int] | None = None,
    pages: list[int] | None = None,
) -> Table:
    return Table(
        document=doc.name,
        path=str(doc.path),
        columns=header.roles,
        header=header.text,
        actual_year=header.year_of("actual"),
        horizon_year=header.year_of("target_future"),
        layout=layout,
        records=records,
        notes=notes or [],
        lines=lines,
        pages=pages or [],
    )

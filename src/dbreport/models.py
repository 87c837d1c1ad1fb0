"""The records that flow from extraction to analysis to rendering."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from dbreport.values import Value
from dbreport.vocab import ColumnRole, UnitKind

Alignment = Literal["exact", "inferred", "ambiguous"]


class Provenance(BaseModel):
    """Where a record was read: enough for a reader to find it in under a minute."""

    model_config = ConfigDict(frozen=True)

    document: str
    path: str
    page: int | None = Field(None, description="PDF page, when the source has pages")
    line: int | None = Field(None, description="first line of the row in the text")
    last_line: int | None = None
    table_page: int | None = Field(None, description="page of the table, counted by its headers")
    table: int | None = Field(None, description="Word or HTML table number, from 1")
    row: int | None = Field(None, description="row within that table, from 1")
    text: str = Field("", description="the row's lines as printed")


RowKind = Literal["indicator", "total", "part"]
DocumentKind = Literal[
    "political_report", "resolution", "socio_economic_report", "news", "interview", "report"
]
Level = Literal["national", "tinh", "thanh_pho", "huyen", "xa"]


class Fact(BaseModel):
    """One thing known of a document, and where it was read: `line` / `page`, and `origin`
    (the text, the file name, a sidecar, derived from another fact, or nothing)."""

    model_config = ConfigDict(frozen=True)

    value: str | None = None
    line: int | None = None
    page: int | None = None
    origin: Literal["text", "file name", "sidecar", "derived", "none"] = "none"


class DocumentInfo(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    kind: Fact = Fact()
    level: Fact = Fact()
    place: Fact = Fact()
    congress: Fact = Fact()
    term: Fact = Fact()  # the term the congress opens (`2025-2030`)
    term_reviewed: Fact = Fact()  # the term a report reviews (`2020-2025`)
    date: Fact = Fact()

    def value(self, key: str) -> str | None:
        fact = getattr(self, key)
        return fact.value if isinstance(fact, Fact) else None

    def as_json(self) -> dict[str, object]:
        out: dict[str, object] = {"name": self.name}
        for key in ("kind", "level", "place", "congress", "term", "term_reviewed", "date"):
            fact: Fact = getattr(self, key)
            out[key] = fact.model_dump()
        return out


Purpose = Literal["indicators", "targets", "values"]


class ColumnCell(BaseModel):
    """One value column of a row as the table printed it: what the column means, its header
    text and the year it speaks of, and the cell (None when the cell is empty)."""

    model_config = ConfigDict(frozen=True)

    role: ColumnRole
    header: str
    year: int | None = None
    value: Value | None = None
    field: ColumnRole | None = Field(
        None, description="the record field this cell fills (target, actual…), if any"
    )


class SeriesPoint(BaseModel):
    """One year of a row whose table gives a column per year."""

    model_config = ConfigDict(frozen=True)

    year: int
    value: Value
    header: str


# the record field each value column's role fills (what the table printed it as)
FIELD_OF_ROLE: dict[str, str] = {
    "target": "target",
    "actual": "actual",
    "comparison": "reported_comparison",
    "target_future": "target_2030",
}


class OcrCell(BaseModel):
    """One cell of a row as the OCR read it: its column, its text, and the confidence (0-100)
    of its least sure word (None: the cell is empty)."""

    model_config = ConfigDict(frozen=True)

    column: str = Field(description="the column's header as read, or its role")
    role: str = Field(description="index, name, unit, target, actual, comparison...")
    text: str
    confidence: int | None = None


class SuspectCell(OcrCell):
    """A cell not to be trusted as read, and why; `corrected` is the reading used instead when
    the table's arithmetic leaves only one (the OCR's own reading stays in `text`)."""

    why: list[str]
    corrected: str | None = None


class OcrReading(BaseModel):
    """How a row read by OCR may be trusted."""

    model_config = ConfigDict(frozen=True)

    confidence: int | None = Field(None, description="the row's least sure cell")
    cells: list[OcrCell] = Field(default_factory=list)
    suspect_cells: list[SuspectCell] = Field(default_factory=list)

    def suspect(self, role: str) -> SuspectCell | None:
        return next((c for c in self.suspect_cells if c.role == role), None)


class Indicator(BaseModel):
    """One indicator row of a report's table."""

    id: str
    section: str | None = None
    section_title: str | None = None
    group: str | None = None
    group_title: str | None = None
    subgroup: str | None = None
    name: str
    unit: str | None = None
    unit_kind: UnitKind = "quantity"
    target: Value | None = None
    actual: Value | None = None
    reported_comparison: Value | None = None
    target_2030: Value | None = None
    horizon_year: int | None = None
    actual_year: int | None = None
    reported_assessment: Value | None = None
    note: str | None = None
    cells: list[ColumnCell] = Field(default_factory=list)
    series: list[SeriesPoint] = Field(default_factory=list)
    kind: RowKind = "indicator"
    parent: str | None = Field(None, description="id of the row this part or total belongs to")
    indicator_id: str | None = Field(
        None, description="the catalogue's id (data/indicators.yaml) when the name maps to one"
    )
    document: DocumentInfo | None = Field(None, description="what the source document is")
    name_en: str | None = Field(None, description="the name in English, where the data know it")
    unit_en: str | None = None
    group_title_en: str | None = None
    section_title_en: str | None = None
    alignment: Alignment = "exact"
    ambiguity: str | None = None
    ocr: OcrReading | None = Field(None, description="set when the row was read by OCR")
    source: Provenance


class TableNote(BaseModel):
    line: int | None = None
    page: int | None = None
    text: str


class Table(BaseModel):
    """An indicator table found in one document."""

    document: str
    path: str
    columns: list[ColumnRole]
    header: str
    actual_year: int | None = None
    horizon_year: int | None = None
    layout: Literal[
        "pdf-text", "cell-per-line", "tab-separated", "pdf-table", "docx-table", "html-table"
    ]
    purpose: Purpose = Field(
        "indicators", description="targets and results (judged), targets only, or results only"
    )
    header_columns: list[ColumnCell] = Field(
        default_factory=list, description="every column the header names, in order"
    )
    unit: str | None = Field(None, description="the unit set once above the table, if any")
    records: list[Indicator]
    notes: list[TableNote] = Field(default_factory=list)
    lines: tuple[int, int] | None = Field(None, description="first and last line, text sources")
    pages: list[int] = Field(default_factory=list, description="pages, PDF sources")
    converted_from: str | None = Field(None, description="legacy font encoding converted, if any")
    ocr: str | None = Field(None, description="the OCR engine, when the table was a scan")

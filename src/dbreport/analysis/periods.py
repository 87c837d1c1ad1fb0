"""The period a target and an achieved value speak of: one year, a total over a span of years, or
an average a year over it.

Read from the row itself: its name and unit (`Tổng vốn đầu tư … giai đoạn 2021-2025`,
`lao động/5 năm`, `bình quân`, `%/năm`) and the header of its achieved column (`Năm 2025`,
`Ước TH giai đoạn 2021-2025`), with the words of `periods` in data/vocabulary.yaml. A target
without such words is a level to reach by the year of the achieved column.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

from dbreport.models import Indicator
from dbreport.textnorm import fold
from dbreport.vocab import Vocabulary

PeriodKind = Literal["year", "span", "average"]
_SPAN = re.compile(r"((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})")


class Period(BaseModel):
    """`year` 2025; `span` 2021-2025 (a total over it); `average` 2021-2025 (a yearly mean)."""

    model_config = ConfigDict(frozen=True)

    kind: PeriodKind
    start: int | None = None
    end: int | None = None
    read_from: str = ""  # the words it was read from

    def label(self, lang: str = "en") -> str:
        """`year 2025`, `total 2021-2025`, `average a year 2021-2025`; without years, `total
        over the term`."""
        if self.start and self.end and self.start != self.end:
            years = f"{self.start}-{self.end}"
        else:
            years = str(self.end or self.start or "")
        words = {
            "en": {"year": "year", "span": "total", "average": "average a year"},
            "vi": {"year": "năm", "span": "tổng", "average": "bình quân năm"},
        }[lang][self.kind]
        if not years and self.kind != "year":
            years = "over the term" if lang == "en" else "cả nhiệm kỳ"
        return f"{words} {years}".strip()


def _span(text: str) -> tuple[int, int] | None:
    m = _SPAN.search(text)
    return (int(m.group(1)), int(m.group(2))) if m else None


def _actual_header(record: Indicator) -> str:
    return next((c.header for c in record.cells if c.field == "actual"), "")


def target_period(record: Indicator, vocab: Vocabulary) -> Period | None:
    """What the target is: an average a year, a total over the term, or a level by a year."""
    said = " ".join(filter(None, [record.name, record.unit]))
    folded = fold(said)
    span = _span(said)
    start, end = span if span else (None, None)
    average = vocab.average_regex
    if record.unit_kind == "percent_per_year" or (average and average.search(folded)):
        return Period(kind="average", start=start, end=end, read_from=said)
    cumulative = vocab.cumulative_regex
    if record.unit_kind == "quantity" and cumulative and cumulative.search(folded):
        return Period(kind="span", start=start, end=end, read_from=said)
    if record.actual_year:
        return Period(kind="year", start=record.actual_year, end=record.actual_year)
    return None


def actual_period(record: Indicator, vocab: Vocabulary) -> Period | None:
    """What the achieved cell holds, by its column's header first, then the row's words."""
    header = _actual_header(record)
    folded = fold(header)
    span = _span(header)
    cumulative = vocab.cumulative_regex
    if span or (cumulative and cumulative.search(folded)):
        start, end = span if span else (None, record.actual_year)
        return Period(kind="span", start=start, end=end, read_from=header)
    year = next((c.year for c in record.cells if c.field == "actual" and c.year), None)
    if year is not None:
        return Period(kind="year", start=year, end=year, read_from=header)
    target = target_period(record, vocab)
    if target is not None and target.kind != "year":
        return target  # the row's words say what its figures are, and no header says otherwise
    if record.actual_year:
        return Period(kind="year", start=record.actual_year, end=record.actual_year)
    return None

"""Rows the report itself reads two ways, marked `disputed` rather than judged.

The table's cells give one verdict. The report may give another for the same row:
- its comparison column, when that figure cannot come from the row's own target and achieved
  value by any rounding (`100%` beside 27.948 against 95.000);
- a sentence of its body, or a note under its table, that states a different achieved figure for
  the same period (or for the whole term ending that year) with a verdict against the same
  target (`trên 95.000 tỷ đồng … (đạt 100% MTNQ)`).

The table alone never makes a dispute: a `5 năm` or `lũy kế` row under a `Thực hiện năm 2025`
header holds the term's total as often as one year's (real tables do both, with running totals
in their year columns), so a period mismatch is raised only where the report's own words give
the other period (the body's `giai đoạn 2021-2025 … trên 95.000`). When a reading is on the
other side of "achieved" from the cells, neither is chosen: the status is `disputed`, the cells'
verdict is kept as `table_status` and every reading is listed with where it was read. Verdicts
worded differently over the same figures (`cơ bản đạt` where the figures say short) are not
disputes; the audit lists them.
"""

from __future__ import annotations

from dbreport.analysis.linking import Link, claimed_interval, figure_agrees, of_another_measure
from dbreport.analysis.periods import Period, actual_period
from dbreport.analysis.status import ACHIEVED, SHORT, Assessment, Reading, Status
from dbreport.arithmetic import comparison_readings
from dbreport.models import Indicator
from dbreport.pipeline import Assessed
from dbreport.vocab import Vocabulary


def _on_record(record: Indicator, **fields: object) -> Reading:
    s = record.source
    place = {"document": s.document, "line": s.line, "last_line": s.last_line, "page": s.page}
    return Reading.model_validate({**place, **fields})


def _column_reading(record: Indicator, assessment: Assessment) -> Reading | None:
    """The comparison column's verdict, when no rounding of the row's figures gives its figure."""
    c = record.reported_comparison
    if (
        assessment.reported_status is None
        or assessment.reported_code in (None, "column_verdict")
        or c is None
        or not c.percent  # only a printed `%` says the cell is a ratio; a bare figure may be
        # a difference, a rank or a misplaced cell, and its verdict would be a guess
        or record.alignment == "ambiguous"
        or comparison_readings(record.target, record.actual, c)
    ):
        return None
    return _on_record(
        record,
        source="comparison_column",
        status=assessment.reported_status,
        value=record.actual.raw if record.actual else "",
        target=record.target.raw if record.target else "",
        words=c.raw,
    )


def _claim_period(period: tuple[int, int] | None) -> Period | None:
    if period is None:
        return None
    start, end = period
    return Period(kind="year" if start == end else "span", start=start, end=end)


def _body_readings(record: Indicator, links: list[Link], vocab: Vocabulary) -> list[Reading]:
    """The report's own sentences on this row that give another achieved figure, of the same
    period or of the span ending with it, with a verdict against the table's target."""
    out: list[Reading] = []
    for link in links:
        claim = link.claim
        if (
            link.record is None
            or link.record.id != record.id
            or claim.kind != "verdict"
            or claim.path != record.source.path
            or claim.verdict is None
            or of_another_measure(link, links, vocab)
            or not claim.against_table_target
            or record.actual is None
        ):
            continue
        if (
            claim.period is not None
            and record.actual_year
            and claim.period[1] != record.actual_year
        ):
            continue  # another year's figure: history, not a contradiction
        claimed = claimed_interval(claim, record, vocab)
        if claimed is None or figure_agrees(claimed, record.actual):
            continue
        assert claim.figure is not None
        out.append(
            Reading(
                source="body",
                status=claim.verdict,
                value=claim.figure.raw,
                target=record.target.raw if record.target else "",
                words=claim.verdict_text or "",
                period=_claim_period(claim.period),
                document=claim.document,
                line=claim.line,
                last_line=claim.last_line,
                page=claim.page,
            )
        )
    return out


def _contrary(table: Status, reading: Reading) -> bool:
    return reading.status != "not_assessed" and (reading.status in ACHIEVED) != (table in ACHIEVED)


def settle(items: list[Assessed], links: list[Link], vocab: Vocabulary) -> list[Assessed]:
    """The items, a row the report reads two ways marked `disputed` with every reading."""
    out: list[Assessed] = []
    for item in items:
        record, a = item.record, item.assessment
        if a.status not in ACHIEVED | SHORT:
            out.append(item)
            continue
        others = [
            r
            for r in (
                _column_reading(record, a),
                *_body_readings(record, links, vocab),
            )
            if r is not None
        ]
        if not any(_contrary(a.status, r) for r in others):
            out.append(item)
            continue
        table = _on_record(
            record,
            source="table",
            status=a.status,
            value=record.actual.raw if record.actual else "",
            target=record.target.raw if record.target else "",
            period=actual_period(record, vocab),
        )
        readings = [table, *others]
        settled = a.model_copy(
            update={
                "status": "disputed",
                "table_status": a.status,
                "readings": readings,
                "reason_code": "disputed",
                "reason_args": {"n": str(len(readings))},
                "reason": f"the report reads this row {len(readings)} ways",
                "shortfall": None,
            }
        )
        out.append(type(item)(record, settled))
    return out

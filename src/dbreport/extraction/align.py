"""Put a row's values into columns when the text has lost the column boundaries.

`  41,5   88,2` under `NQ | Thực hiện | So sánh | Mục tiêu 2030` could be read six ways. Hard
rules remove readings that cannot be (a comparison is never a range; `104,5%` in a row counted in
`Tỷ đồng` can only be the comparison; a comparison needs a target and an
achieved value). The remaining readings are weighed: the figures (a value equal to achieved /
target x 100 or achieved - target is the comparison; one that is neither is unlikely to be) and,
when the text kept its spacing, the gaps between figures. A reading that wins by a clear margin is
`inferred`; otherwise the row is `ambiguous` and says which readings remain, never silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from dbreport.arithmetic import Reading as ComparisonReading
from dbreport.arithmetic import comparison_readings
from dbreport.models import Alignment
from dbreport.values import Value
from dbreport.vocab import ColumnRole, UnitKind, Vocabulary

ROLE_LABELS: dict[ColumnRole, str] = {
    "target": "target",
    "actual": "actual",
    "comparison": "comparison",
    "target_future": "future target",
    "assessment": "assessment",
    "other": "other column",
}


@dataclass(frozen=True)
class Piece:
    """A value on its way to a column, with the spacing around it on its line."""

    value: Value
    line: int
    gap_before: int | None  # spaces since the previous value on the same line
    lead: int | None  # spaces before the first value of a line (after its text, if any)
    after_text: bool  # the line has text (name or unit) before this first value


@dataclass(frozen=True)
class Reading:
    positions: tuple[int, ...]
    penalty: float


@dataclass(frozen=True)
class AlignResult:
    cells: dict[int, Value]  # by the position of the column among the value columns
    alignment: Alignment
    ambiguity: str | None
    surplus: list[Value]
    penalty: float = 0.0  # of the reading chosen (lower is likelier)


def _allowed(
    piece: Piece, role: ColumnRole, unit_kind: UnitKind, roles: list[ColumnRole], vocab: Vocabulary
) -> bool:
    v = piece.value
    if role == "assessment":
        return v.kind == "text" and vocab.verdict_of_word(v.raw) is not None
    if role == "comparison":
        return v.kind in ("number", "empty")
    if role == "other":
        return True
    # `104,5%` in a row counted in Tỷ đồng can only be the comparison.
    return not (
        v.kind == "number" and v.percent and unit_kind == "quantity" and "comparison" in roles
    )


# Weights of the evidence; a reading must beat the next by DECISIVE to count as decided.
ADJACENCY = 1.0  # one space between figures, yet read into columns that are not neighbours
INCONSISTENT = 2.0  # a comparison the figures contradict, both as ratio and as difference
CONSISTENT = -1.0  # a comparison the figures confirm
ORPHAN_COMPARISON = 3.0  # a comparison without both a target and an achieved value
EMPTY_OFF_COMPARISON = 0.5  # `-` read as anything but an empty comparison
VERDICT_OFF_ASSESSMENT = (
    1.0  # a verdict word (`Đạt`) read as a value though a verdict column exists
)
LEADING_GAP = 1.0  # wide space before the first figure, yet read into the first column
WIDE_GAP = 1.0  # wide space between figures, yet read into neighbouring columns
DECISIVE = 1.0
SURPLUS = 5.0  # a value left over: the row was cut into more cells than the table has
NO_READING = 10.0


def unit_class(unit_kind: UnitKind) -> str:
    """Rates (%, %/năm) and quantities: a table compares each class in its own way."""
    return "quantity" if unit_kind == "quantity" else "rate"


def _penalty(
    pieces: list[Piece],
    positions: tuple[int, ...],
    roles: list[ColumnRole],
    spacing: bool,
    vocab: Vocabulary,
    expected: ComparisonReading | None,
) -> float:
    cells = {roles[p]: pieces[k].value for k, p in enumerate(positions)}
    penalty = 0.0
    comparison = cells.get("comparison")
    if comparison is not None and comparison.kind == "number":
        target, actual = cells.get("target"), cells.get("actual")
        if target is None or actual is None:
            penalty += ORPHAN_COMPARISON
        elif readings := comparison_readings(target, actual, comparison):
            # Confirmation counts only in the way this table compares such rows, when known:
            # 75 / 75 = 100% is no evidence in a table that compares rates by difference.
            if expected is None or expected in readings:
                penalty += CONSISTENT
        elif target.kind == "number" and actual.kind == "number":
            penalty += INCONSISTENT
    for k, p in enumerate(positions):
        piece = pieces[k]
        if piece.value.kind == "empty" and roles[p] != "comparison":
            penalty += EMPTY_OFF_COMPARISON
        if (
            "assessment" in roles
            and roles[p] != "assessment"
            and piece.value.kind == "text"
            and vocab.verdict_of_word(piece.value.raw) is not None
        ):
            penalty += VERDICT_OFF_ASSESSMENT
        if not spacing:
            continue
        if k > 0 and piece.gap_before is not None:
            adjacent = p == positions[k - 1] + 1
            if piece.gap_before == 1 and not adjacent:
                penalty += ADJACENCY
            elif piece.gap_before >= 3 and adjacent:
                penalty += WIDE_GAP
        if piece.gap_before is None and piece.lead is not None:
            if piece.after_text and piece.lead == 1 and p != 0:
                penalty += ADJACENCY
            wide = piece.lead >= 3 if piece.after_text else piece.lead >= 2
            if wide and p == 0:
                penalty += LEADING_GAP
    return penalty


def align(
    pieces: list[Piece],
    roles: list[ColumnRole],
    unit_kind: UnitKind,
    vocab: Vocabulary,
    *,
    spacing: bool,
    convention: dict[str, ComparisonReading] | None = None,
) -> AlignResult:
    """Assign `pieces` (in reading order) to `roles` (the table's value columns, in order)."""
    surplus: list[Value] = []
    if len(pieces) > len(roles):
        surplus = [p.value for p in pieces[len(roles) :]]
        pieces = pieces[: len(roles)]
    if not pieces:
        return AlignResult({}, "exact", None, surplus, len(surplus) * SURPLUS)
    readings: list[Reading] = []
    for positions in combinations(range(len(roles)), len(pieces)):
        if not all(
            _allowed(pieces[k], roles[p], unit_kind, roles, vocab) for k, p in enumerate(positions)
        ):
            continue
        expected = (convention or {}).get(unit_class(unit_kind))
        penalty = _penalty(pieces, positions, roles, spacing, vocab, expected)
        readings.append(Reading(positions, penalty))
    if not readings:
        # Nothing fits the rules: fall back to reading left to right, and say so.
        positions = tuple(range(len(pieces)))
        cells = {p: pieces[k].value for k, p in enumerate(positions)}
        return AlignResult(
            cells,
            "ambiguous",
            "no column reading fits these values; read left to right",
            surplus,
            NO_READING + len(surplus) * SURPLUS,
        )
    # Equal evidence: prefer the reading that fills the leftmost columns.
    readings.sort(key=lambda r: (r.penalty, list(r.positions)))
    best = readings[0]
    cells = {p: pieces[k].value for k, p in enumerate(best.positions)}
    alignment: Alignment
    ambiguity: str | None = None
    if len(readings) == 1:
        alignment = "exact"
    elif readings[1].penalty - best.penalty >= DECISIVE:
        alignment = "inferred"
    else:
        alignment = "ambiguous"
        close = [r for r in readings[1:] if r.penalty - best.penalty < DECISIVE]
        others = "; ".join(
            ", ".join(ROLE_LABELS[roles[p]] for p in reading.positions) for reading in close
        )
        chosen = ", ".join(ROLE_LABELS[roles[p]] for p in best.positions)
        ambiguity = (
            f"{len(pieces)} value(s) for {len(roles)} columns, read as {chosen} "
            f"as the likeliest; also possible: {others}"
        )
    if surplus:
        extra = ", ".join(v.raw for v in surplus)
        ambiguity = (ambiguity + "; " if ambiguity else "") + f"more values than columns: {extra}"
        alignment = "ambiguous"
    return AlignResult(cells, alignment, ambiguity, surplus, best.penalty + len(surplus) * SURPLUS)

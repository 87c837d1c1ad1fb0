"""Verdicts: achieved against target, by the target's kind, the direction of good and the unit.

For shares in % a shortfall is measured in percentage points; for quantities and growth speeds
it is a ratio. "Nearly met" is a heuristic band (data/targets.yaml) and every output says so.

Order is judged at any sign (3 is better than a target of -2), but a ratio is taken only to a
target above zero: a zero or negative target has no achievement % and no gap in %, and a figure
short of it is `not_assessed` where the indicator's nearly-met band is a ratio (a band in points
or an absolute amount still judges it). A figure no report prints (values.MAX_DIGITS,
values.MAX_MAGNITUDE) is `not_assessed`, saying why.
"""

from __future__ import annotations

import math
import re
from typing import Literal

from pydantic import BaseModel

from dbreport.analysis.periods import Period
from dbreport.analysis.reasons import Reason
from dbreport.arithmetic import reading_of
from dbreport.models import Indicator
from dbreport.rules import Direction, IndicatorRule, Rules
from dbreport.textnorm import fold
from dbreport.values import Value, abridged, english_outside_quotes
from dbreport.vocab import Vocabulary

Status = Literal["exceeded", "met", "nearly_met", "not_met", "disputed", "not_assessed"]
STATUSES: tuple[Status, ...] = (
    "exceeded",
    "met",
    "nearly_met",
    "not_met",
    "disputed",
    "not_assessed",
)
ACHIEVED: frozenset[Status] = frozenset({"exceeded", "met"})
SHORT: frozenset[Status] = frozenset({"nearly_met", "not_met"})

LABELS: dict[str, dict[Status, str]] = {
    "vi": {
        "exceeded": "Vượt",
        "met": "Đạt",
        "nearly_met": "Cơ bản đạt",
        "not_met": "Chưa đạt",
        "disputed": "Số liệu vênh",
        "not_assessed": "Không đánh giá",
    },
    "en": {
        "exceeded": "Exceeded",
        "met": "Met",
        "nearly_met": "Nearly met",
        "not_met": "Not met",
        "disputed": "Disputed",
        "not_assessed": "Not assessed",
    },
}


class Reading(BaseModel):
    """One way the report reads a disputed row: by its table's cells, its comparison column, or
    a sentence of its body or a note; with where it was read."""

    source: Literal["table", "comparison_column", "body"]
    status: Status  # the verdict this reading gives; `not_assessed` where it gives none
    value: str = ""  # the achieved figure it rests on, as printed
    target: str = ""
    words: str = ""  # the words read: the verdict, the comparison cell
    period: Period | None = None
    document: str
    line: int | None = None
    last_line: int | None = None
    page: int | None = None


class Gap(BaseModel):
    """Distance from the target, signed so that negative means short of it."""

    value: float
    unit: Literal["points", "percent"]
    reference: float


class Assessment(BaseModel):
    status: Status
    direction: Direction
    direction_source: Literal["rules", "bound", "default"]
    rule: str | None = None
    reason: str
    reason_code: str = ""
    reason_args: dict[str, str] = {}
    gap: Gap | None = None
    achievement: float | None = None
    shortfall: float | None = None
    band: str | None = None
    reported_status: Status | None = None
    reported_from: str | None = None
    reported_code: str | None = None
    reported_args: dict[str, str] = {}
    disagrees: bool = False
    # `disputed`: what the table's cells alone give, and every reading of the row the report
    # offers (analysis/dispute.py)
    table_status: Status | None = None
    readings: list[Reading] = []
    # the cells read by OCR with doubt that the verdict rests on (`Thực hiện: 101/79%`)
    doubt: list[str] = []

    @property
    def cells_status(self) -> Status:
        """The verdict of the table's cells, also for a disputed row."""
        return self.table_status or self.status

    def reason_text(self, lang: str) -> str:
        return _in(lang, Reason(self.reason_code, self.reason_args).text(lang))

    def reported_text(self, lang: str) -> str:
        if not self.reported_code:
            return ""
        return _in(lang, Reason(self.reported_code, self.reported_args).text(lang))


def _in(lang: str, text: str) -> str:
    """A sentence of ours in the reader's number style (quotations of the document kept)."""
    return english_outside_quotes(text) if lang == "en" else text


def _direction(
    record: Indicator, rule: IndicatorRule | None
) -> tuple[Direction, Literal["rules", "bound", "default"]]:
    if rule is not None:
        return rule.direction, "rules"
    target = record.target
    if target is not None and target.kind == "bound" and target.op in ("<", "<="):
        return "lower", "bound"
    if target is not None and target.kind == "bound":
        return "higher", "bound"
    return "higher", "default"


def _reference(target: Value, direction: Direction) -> float | None:
    """The figure a shortfall is measured from: a range's near end, a bound's value."""
    if target.kind == "number":
        return target.number
    if target.kind == "range":
        return target.high if direction == "lower" else target.low
    if target.kind == "bound":
        return target.bound
    return None


def _worst_case(actual: Value, direction: Direction) -> float | None:
    """The least favourable figure an achieved value may stand for (`>85` -> 85)."""
    if actual.kind == "number":
        return actual.number
    if actual.kind == "range":
        return actual.high if direction == "lower" else actual.low
    if actual.kind == "bound":
        bound_is_floor = actual.op in (">", ">=")
        if (direction == "higher") == bound_is_floor:
            return actual.bound
    return None


def _band_label(record: Indicator, rule: IndicatorRule | None, rules: Rules) -> str:
    """The nearly-met band that applies, as `kind:value[:unit]` (rendered per language)."""
    tol = rule.tolerance if rule else None
    if tol is not None and tol.points is not None:
        return f"points:{tol.points:g}"
    if tol is not None and tol.absolute is not None:
        return f"absolute:{tol.absolute:g}:{record.unit or ''}"
    if tol is not None and tol.ratio is not None:
        return f"ratio:{tol.ratio:g}"
    if record.unit_kind == "percent":
        return f"points:{rules.nearly_met.points:g}"
    return f"ratio:{rules.nearly_met.ratio:g}"


def _ratio(achieved: float, ref: float, direction: Direction) -> float | None:
    """Achieved over target (target over achieved where lower is better); None where a ratio
    means nothing: a target of zero or below, or nothing achieved to divide by."""
    if ref <= 0:
        return None
    if direction == "lower":
        return ref / achieved if achieved > 0 else None
    return achieved / ref


def _nearly(
    record: Indicator,
    rule: IndicatorRule | None,
    rules: Rules,
    achieved: float,
    ref: float,
    direction: Direction,
) -> bool | None:
    """Whether a shortfall is within the band; None where the band is a ratio and the target
    gives none."""
    short_by = abs(achieved - ref)
    tol = rule.tolerance if rule else None
    if tol is not None and tol.points is not None:
        return short_by <= tol.points + 1e-9
    if tol is not None and tol.absolute is not None:
        return short_by <= tol.absolute + 1e-9
    ratio_floor = tol.ratio if tol is not None and tol.ratio is not None else rules.nearly_met.ratio
    if record.unit_kind == "percent" and tol is None:
        return short_by <= rules.nearly_met.points + 1e-9
    ratio = _ratio(achieved, ref, direction)
    if ratio is None:
        return None if ref <= 0 else False
    return ratio >= ratio_floor - 1e-9


def _gap(record: Indicator, achieved: float, ref: float, direction: Direction) -> Gap | None:
    sign = -1.0 if direction == "lower" else 1.0
    if record.unit_kind in ("percent", "percent_per_year"):
        return Gap(value=round(sign * (achieved - ref), 6), unit="points", reference=ref)
    ratio = _ratio(achieved, ref, direction)
    if ratio is None or achieved == 0:
        return None
    return Gap(value=round((ratio - 1) * 100, 6), unit="percent", reference=ref)


def _achievement(achieved: float, ref: float, direction: Direction) -> float | None:
    ratio = _ratio(achieved, ref, direction)
    return None if ratio is None else ratio * 100


def _qualitative(
    record: Indicator, target: Value, actual: Value, vocab: Vocabulary
) -> tuple[Status, Reason]:
    at = {"a": actual.raw, "t": target.raw}
    if target.kind != "text" or actual.kind != "text":
        return "not_assessed", Reason("words_vs_figure", {})
    if fold(target.raw) == fold(actual.raw):
        return "met", Reason("same_words", at)
    failed = {fold(w) for w in vocab.qualitative.not_achieved}
    if fold(actual.raw) in failed:
        return "not_met", Reason("failed_words", at)
    return "not_assessed", Reason("different_words", at)


def _compare_numbers(
    record: Indicator,
    rule: IndicatorRule | None,
    rules: Rules,
    direction: Direction,
) -> tuple[Status, Reason, float | None, float | None]:
    target, actual = record.target, record.actual
    assert target is not None and actual is not None
    at = {"a": actual.raw, "t": target.raw}
    if (
        target.kind == "bound"
        and actual.kind == "bound"
        and target.op == actual.op
        and target.bound == actual.bound
    ):
        return "met", Reason("same_bound", at), None, None
    ref = _reference(target, direction)
    achieved = _worst_case(actual, direction)
    if ref is None or achieved is None:
        return "not_assessed", Reason("unplaceable", at), None, None
    if direction == "band":
        if target.kind == "range" and target.low is not None and target.high is not None:
            inside = target.low <= achieved <= target.high
        else:
            tol = rule.tolerance if rule else None
            if tol is not None and tol.ratio is not None and ref <= 0:
                return "not_assessed", Reason("level_not_positive", at), None, None
            if tol is not None and tol.ratio is not None:
                inside = min(achieved, ref) / max(achieved, ref) >= tol.ratio - 1e-9
            elif tol is not None and (tol.points is not None or tol.absolute is not None):
                inside = abs(achieved - ref) <= (tol.points or tol.absolute or 0) + 1e-9
            else:
                inside = math.isclose(achieved, ref)
        verdict: Status = "met" if inside else "not_met"
        return verdict, Reason("band", at), achieved, ref
    better = achieved > ref if direction == "higher" else achieved < ref
    equal = math.isclose(achieved, ref, rel_tol=0, abs_tol=1e-9)
    if target.kind == "range" and target.low is not None and target.high is not None:
        lo, hi = target.low, target.high
        if lo - 1e-9 <= achieved <= hi + 1e-9:
            return "met", Reason("within", at), achieved, ref
        far = hi if direction == "higher" else lo
        if (direction == "higher" and achieved > far) or (direction == "lower" and achieved < far):
            return "exceeded", Reason("beyond", at), achieved, ref
    elif equal:
        if target.kind == "bound" and target.op in ("<", ">"):
            return "nearly_met", Reason("strict_bound", at), achieved, ref
        return "met", Reason("equal", at), achieved, ref
    elif better:
        return "exceeded", Reason("better", at), achieved, ref
    if actual.kind == "bound":
        return "not_assessed", Reason("maybe", at), None, None
    nearly = _nearly(record, rule, rules, achieved, ref, direction)
    if nearly is None:
        return "not_assessed", Reason("target_not_positive", at), None, None
    if nearly:
        return "nearly_met", Reason("just_short", at), achieved, ref
    return "not_met", Reason("short", at), achieved, ref


def reported_status(
    record: Indicator, direction: Direction, vocab: Vocabulary
) -> tuple[Status | None, Reason | None]:
    """What the report itself says: its verdict column, else the sign or size of its comparison."""
    if record.reported_assessment is not None:
        word = vocab.verdict_of_word(record.reported_assessment.raw)
        if word is not None:
            return word, Reason("column_verdict", {"c": record.reported_assessment.raw})
    comparison = record.reported_comparison
    if comparison is None or comparison.kind != "number" or comparison.number is None:
        return None, None
    if direction in ("none", "band"):
        return None, None
    reading = reading_of(
        record.target,
        record.actual,
        comparison,
        percent_unit=record.unit_kind != "quantity",
    )
    pivot = 100.0 if reading == "ratio" else 0.0
    c = comparison.number
    if math.isclose(c, pivot, abs_tol=1e-9):
        return "met", Reason(f"column_{reading}", {"c": comparison.raw})
    good = c > pivot
    if direction == "lower":
        good = not good
    return ("exceeded" if good else "not_met"), Reason(f"column_{reading}", {"c": comparison.raw})


_RESTS_ON = ("target", "actual")


def _doubt(record: Indicator) -> list[str]:
    """The suspect OCR cells a verdict rests on (a corrected one is used as corrected, and
    said too), each as `column: text`."""
    if record.ocr is None:
        return []
    return [
        f"{c.column}: {' '.join(c.text.split()) or '…'}"
        + (f" → {c.corrected}" if c.corrected else "")
        for c in record.ocr.suspect_cells
        if c.role in _RESTS_ON
    ]


def assess(record: Indicator, rules: Rules, vocab: Vocabulary) -> Assessment:
    rule = rules.match(record.name, record.group_title)
    direction, source = _direction(record, rule)
    rule_id = rule.id if rule else None
    band = _band_label(record, rule, rules)

    def result(status: Status, reason: Reason, **extra: object) -> Assessment:
        rep, rep_from = reported_status(record, direction, vocab)
        disagrees = (
            rep is not None
            and status != "not_assessed"
            and ((rep in ACHIEVED) != (status in ACHIEVED))
        )
        return Assessment(
            status=status,
            direction=direction,
            direction_source=source,
            rule=rule_id,
            reason=reason.text("en"),
            reason_code=reason.code,
            reason_args=reason.args,
            band=band,
            reported_status=rep,
            reported_from=rep_from.text("en") if rep_from else None,
            reported_code=rep_from.code if rep_from else None,
            reported_args=rep_from.args if rep_from else {},
            disagrees=disagrees,
            doubt=_doubt(record) if status != "not_assessed" else [],
            **extra,
        )

    if direction == "none":
        why = rule.why if rule and rule.why else "no direction of good"
        return result("not_assessed", Reason("no_direction", {"why": why}))
    if record.target is None or record.target.kind == "empty":
        return result("not_assessed", Reason("no_target", {}))
    if record.actual is None or record.actual.kind == "empty":
        return result("not_assessed", Reason("no_actual", {}))
    target, actual = record.target, record.actual
    for value in (target, actual):
        if value.unreadable is not None:
            digits = max(len(re.sub(r"\D", "", n)) for n in re.findall(r"\d[\d.,]*", value.raw))
            args = {"v": abridged(value.raw), "n": str(digits)}
            return result("not_assessed", Reason(f"figure_{value.unreadable}", args))
    if target.kind == "text" or actual.kind == "text":
        status, reason = _qualitative(record, target, actual, vocab)
        return result(status, reason)
    status, reason, achieved, ref = _compare_numbers(record, rule, rules, direction)
    if achieved is None or ref is None or direction == "band":
        return result(status, reason)
    gap = _gap(record, achieved, ref, direction)
    shortfall: float | None = None
    if status in SHORT and gap is not None:
        if gap.unit == "percent":
            shortfall = abs(gap.value)
        elif ref > 0:
            shortfall = abs(gap.value) / ref * 100
    return result(
        status,
        reason,
        gap=gap,
        achievement=_achievement(achieved, ref, direction),
        shortfall=shortfall,
    )

"""How far the next horizon's targets are: the yearly change they require from today's value.

Quantities need a compound yearly rate (`cagr`); shares in % need percentage points a year
(`points`); an average-rate target (`%/năm`) is itself the pace required, set against the rate
achieved (`rate`). Where the report gives the pace achieved so far (an indicator's `pace` in
data/targets.yaml, e.g. average GRDP growth beside GRDP), the required rate is compared with it.
The direction of travel is the direction of good where one is known, else the 2030 target's
side of today's value; a strict bound (`>98`) is not reached by its own figure.
"""

from __future__ import annotations

from typing import Any, Literal, cast

from pydantic import BaseModel

from dbreport.analysis.status import Assessment
from dbreport.models import Indicator
from dbreport.rules import Rules
from dbreport.vocab import Vocabulary, load_vocabulary

Measure = Literal["rate", "share", "index", "level"]
Need = Literal["accelerate", "keep_pace", "already_reached", "unknown_pace", "not_computable"]


class Outlook(BaseModel):
    years: int | None
    start: float | None
    goal: float | None
    required: float | None
    unit: Literal["percent_per_year", "points_per_year"] | None
    achieved_pace: float | None = None
    pace_source: str | None = None
    need: Need
    reason: str
    # how `required` was computed: `cagr` (compound yearly rate, quantities), `points` (points a
    # year, rates and shares), `rate` (an average-rate target against the rate achieved)
    formula: Literal["cagr", "points", "rate"] | None = None
    # whence the direction of travel: the rules (`higher`/`lower`), or the 2030 target itself
    # when the indicator has no direction of good (a sector's share: it moves where planned)
    direction: Literal["higher", "lower"] | None = None
    direction_from: Literal["rules", "bound", "target"] | None = None
    # what the indicator measures (data/vocabulary.yaml `measures`): a `rate` of change, a
    # `share` in %, an `index` or score, or a `level`; it chooses the formula
    measure: Measure = "level"


def _goal(record: Indicator, direction: str) -> tuple[float | None, str | None]:
    future = record.target_2030
    if future is None:
        return None, "no target for the horizon"
    if future.percent and record.unit_kind == "quantity":
        return None, f"'{future.raw}' is a rate while the indicator is counted in {record.unit}"
    if future.kind == "number":
        return future.number, None
    if future.kind == "range":
        return (future.high if direction == "lower" else future.low), None
    if future.kind == "bound":
        return future.bound, None
    return None, f"'{future.raw}' is not a figure"


def _travel(
    direction: str, source: str, start: float, goal: float
) -> tuple[Literal["higher", "lower"], Literal["rules", "bound", "target"]]:
    """Which way the figure must move: the direction of good where one is known; where none is
    (a sector's share, an indicator no rule names) the 2030 target says which way it is planned."""
    if direction in ("higher", "lower") and source != "default":
        return direction, "bound" if source == "bound" else "rules"  # type: ignore[return-value]
    return ("lower" if goal < start else "higher"), "target"


def outlook(
    record: Indicator,
    assessment: Assessment,
    rules: Rules,
    by_rule: dict[str, Indicator],
    vocab: Vocabulary | None = None,
) -> Outlook:
    direction = assessment.direction
    measure: Measure = cast(
        Measure,
        (vocab or load_vocabulary()).measure_of(record.name, record.unit, record.unit_kind),
    )
    actual = record.actual
    start = actual.number if actual is not None and actual.kind == "number" else None
    goal, why = _goal(record, direction)
    years = (
        record.horizon_year - record.actual_year
        if record.horizon_year and record.actual_year and record.horizon_year > record.actual_year
        else None
    )
    base: dict[str, Any] = {"years": years, "start": start, "goal": goal, "measure": measure}
    if assessment.status == "disputed":
        # the report reads today's figure two ways (a year's against a term's total, say): a
        # pace from one of them would repeat the reading no one can vouch for
        return Outlook(
            **base,
            required=None,
            unit=None,
            need="not_computable",
            reason="the report reads today's figure two ways (disputed); see its readings",
        )
    if why is not None:
        return Outlook(**base, required=None, unit=None, need="not_computable", reason=why)
    if start is None:
        return Outlook(
            **base, required=None, unit=None, need="not_computable", reason="no achieved figure"
        )
    if years is None:
        return Outlook(
            **base,
            required=None,
            unit=None,
            need="not_computable",
            reason="the header does not name both years",
        )
    assert goal is not None
    way, origin = _travel(direction, assessment.direction_source, start, goal)
    base.update(direction=way, direction_from=origin)
    future = record.target_2030
    strict = future is not None and future.kind == "bound" and future.op in (">", "<")
    if way == "lower":
        reached = start < goal if strict else start <= goal
    else:
        reached = start > goal if strict else start >= goal
    formula: Literal["cagr", "points", "rate"]
    if measure == "rate":
        # an average yearly rate (`bình quân %/năm`, `tốc độ tăng … hằng năm`): the target is
        # itself the pace required
        required = goal
        unit: Literal["percent_per_year", "points_per_year"] = "percent_per_year"
        formula = "rate"
        base.update(achieved_pace=start, pace_source=f"{record.id} {record.name}")
    elif record.unit_kind == "percent" or measure == "index":
        # a share moves by percentage points, an index or a score by its own points
        required = (goal - start) / years
        unit = "points_per_year"
        formula = "points"
    else:
        if start <= 0 or goal <= 0:
            return Outlook(
                **base, required=None, unit=None, need="not_computable", reason="a figure is zero"
            )
        required = ((goal / start) ** (1 / years) - 1) * 100
        unit = "percent_per_year"
        formula = "cagr"
    base.update(required=required, unit=unit, formula=formula)
    # a target set behind today's value may be a ceiling where the rule says a floor
    caveat = (
        f" (the target is {'below' if way == 'higher' else 'above'} today's value: if it is "
        f"meant as a {'ceiling' if way == 'higher' else 'floor'}, it asks for a change the other "
        "way)"
        if reached and origin == "rules" and goal != start
        else ""
    )
    if formula == "rate":
        return Outlook(
            **base,
            need="keep_pace" if reached else "accelerate",
            reason=f"an average rate: {goal:g}%/year targeted against {start:g}%/year achieved"
            + caveat,
        )
    if reached:
        reason = (
            f"{record.actual.raw if record.actual else start} already meets "
            f"{future.raw if future else goal}"
        )
        return Outlook(**base, need="already_reached", reason=reason + caveat)
    rule = rules.by_id(assessment.rule) if assessment.rule else None
    pace_record = by_rule.get(rule.pace) if rule and rule.pace else None
    pace = None
    if pace_record is not None and pace_record.actual is not None:
        pace = pace_record.actual.number
    if pace is None or unit != "percent_per_year":
        return Outlook(
            **base,
            need="unknown_pace",
            reason="the report gives no achieved pace to compare with",
        )
    need: Need = "accelerate" if required > pace + 1e-9 else "keep_pace"
    return Outlook(
        **base,
        achieved_pace=pace,
        pace_source=f"{pace_record.id} {pace_record.name}" if pace_record else None,
        need=need,
        reason=f"needs {required:.2f}%/year against {pace:g}%/year achieved",
    )

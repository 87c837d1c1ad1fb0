"""How far the next horizon's targets are: the yearly change they require from today's value.

Quantities need a compound yearly rate; shares in % need percentage points a year. Where the report
gives the pace achieved so far (an indicator's `pace` in data/targets.yaml, e.g. average GRDP growth
beside GRDP), the required rate is compared with it.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel

from dbreport.analysis.status import Assessment
from dbreport.models import Indicator
from dbreport.rules import Rules

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


def outlook(
    record: Indicator,
    assessment: Assessment,
    rules: Rules,
    by_rule: dict[str, Indicator],
) -> Outlook:
    direction = assessment.direction
    actual = record.actual
    start = actual.number if actual is not None and actual.kind == "number" else None
    goal, why = _goal(record, direction)
    years = (
        record.horizon_year - record.actual_year
        if record.horizon_year and record.actual_year and record.horizon_year > record.actual_year
        else None
    )
    base: dict[str, Any] = {"years": years, "start": start, "goal": goal}
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
    reached = goal <= start if direction != "lower" else goal >= start
    if record.unit_kind in ("percent", "percent_per_year"):
        required = (goal - start) / years
        unit: Literal["percent_per_year", "points_per_year"] = "points_per_year"
    else:
        if start <= 0 or goal <= 0:
            return Outlook(
                **base, required=None, unit=None, need="not_computable", reason="a figure is zero"
            )
        required = ((goal / start) ** (1 / years) - 1) * 100
        unit = "percent_per_year"
    if reached:
        return Outlook(
            **base,
            required=required,
            unit=unit,
            need="already_reached",
            reason=f"{record.actual.raw if record.actual else start} already meets "
            f"{record.target_2030.raw if record.target_2030 else goal}",
        )
    rule = rules.by_id(assessment.rule) if assessment.rule else None
    pace_record = by_rule.get(rule.pace) if rule and rule.pace else None
    pace = None
    if pace_record is not None and pace_record.actual is not None:
        pace = pace_record.actual.number
    if pace is None or unit != "percent_per_year":
        return Outlook(
            **base,
            required=required,
            unit=unit,
            need="unknown_pace",
            reason="the report gives no achieved pace to compare with",
        )
    need: Need = "accelerate" if required > pace + 1e-9 else "keep_pace"
    return Outlook(
        **base,
        required=required,
        unit=unit,
        achieved_pace=pace,
        pace_source=f"{pace_record.id} {pace_record.name}" if pace_record else None,
        need=need,
        reason=f"needs {required:.2f}%/year against {pace:g}%/year achieved",
    )

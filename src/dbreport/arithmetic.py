"""Comparison arithmetic that allows for the rounding of printed figures.

A target is a number someone chose, so it is exact; an achieved value and a printed comparison
are rounded to the digits shown. A comparison cell "agrees" with the figures when some pair of
values that print as shown gives it, as a ratio (achieved / target x 100) or a difference
(achieved - target).
"""

from __future__ import annotations

from typing import Literal

from dbreport.values import Value

Reading = Literal["ratio", "difference"]
_EPS = 1e-9


def interval(value: Value | None, *, exact: bool = False) -> tuple[float, float] | None:
    """The numbers a printed single figure may stand for."""
    if value is None or value.kind != "number" or value.number is None:
        return None
    half = 0.0 if exact else value.half_unit()
    return value.number - half, value.number + half


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] + _EPS and b[0] <= a[1] + _EPS


def comparison_readings(
    target: Value | None, actual: Value | None, comparison: Value | None
) -> set[Reading]:
    """Which readings of `comparison` the target and achieved figures support."""
    t = interval(target, exact=True)
    a = interval(actual)
    c = interval(comparison)
    if t is None or a is None or c is None:
        return set()
    found: set[Reading] = set()
    if t[0] > 0 and a[0] >= 0 and _overlap((a[0] / t[1] * 100, a[1] / t[0] * 100), c):
        found.add("ratio")
    if _overlap((a[0] - t[1], a[1] - t[0]), c):
        found.add("difference")
    return found


def reading_of(
    target: Value | None,
    actual: Value | None,
    comparison: Value | None,
    *,
    percent_unit: bool,
) -> Reading | None:
    """How the report meant its comparison cell: `104,5%` is a ratio, `-0,7` a difference."""
    if comparison is None or comparison.kind != "number":
        return None
    if comparison.percent:
        return "ratio"
    readings = comparison_readings(target, actual, comparison)
    if len(readings) == 1:
        return next(iter(readings))
    return "difference" if percent_unit else "ratio"

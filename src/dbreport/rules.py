"""Judging rules (data/targets.yaml): thresholds, directions of good, indicator aliases."""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from dbreport.datafiles import data_dir, load_validated
from dbreport.textnorm import fold, has_run, words
from dbreport.values import MAX_MAGNITUDE

Direction = Literal["higher", "lower", "band", "none"]

MAX_POINTS = 100.0  # a band in percentage points: a share cannot fall short by more
MAX_PACE = 10.0  # a progress band: ten times the pace required


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class NearlyMet(_Strict):
    ratio: float = Field(0.95, gt=0, le=1)
    points: float = Field(1.0, ge=0, le=MAX_POINTS)


class Tolerance(_Strict):
    """Replaces the global nearly-met band for one indicator (exactly one of the three)."""

    points: float | None = Field(None, ge=0, le=MAX_POINTS)
    absolute: float | None = Field(None, ge=0, le=MAX_MAGNITUDE)
    ratio: float | None = Field(None, gt=0, le=1)

    @model_validator(mode="after")
    def _one(self) -> Tolerance:
        if sum(x is not None for x in (self.points, self.absolute, self.ratio)) != 1:
            raise ValueError("give exactly one of points, absolute, ratio")
        return self


class IndicatorRule(_Strict):
    id: str
    en: str
    aliases: list[str] = Field(min_length=1)
    direction: Direction
    within_group: list[str] = Field(default_factory=list)
    tolerance: Tolerance | None = None
    pace: str | None = None
    why: str | None = None


class ProgressBands(_Strict):
    """Where a target's ratio of pace so far to pace required falls (Open SDG's progress
    measure, Statistics Canada's thresholds): at or above `on_track`, on track; at or above
    `acceleration`, progress that needs acceleration; at or above 0, limited progress; below 0,
    moving away."""

    on_track: float = Field(0.95, gt=0, le=MAX_PACE)
    acceleration: float = Field(0.6, ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> ProgressBands:
        if self.acceleration >= self.on_track:
            raise ValueError("acceleration must be below on_track")
        return self


class BaselineEntry(_Strict):
    """The figure a term starts from: the report's value of its last year (`Thực hiện 2025`)."""

    value: str
    year: int
    unit: str | None = None
    source: str | None = None


class TargetEntry(_Strict):
    """One target of a term, as `dbreport targets --format yaml` writes it and a person may
    correct it: `value` is read as a table cell is (`trên 5.000`, `8.800 - 9.000`, `<2,5`)."""

    name: str
    indicator: str | None = None
    value: str
    unit: str | None = None
    period: str | None = Field(
        None, description="`2030` (a level that year), `2026-2030` (a total), `average 2026-2030`"
    )
    direction: Direction | None = None
    change: Literal["increase", "decrease"] | None = None
    baseline: BaselineEntry | None = None
    source: str | None = None
    sentence: str | None = None

    @field_validator("period")
    @classmethod
    def _period(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(
            r"(?:average\s*)?(?:(?:19|20)\d{2}(?:\s*-\s*(?:19|20)\d{2})?)?", value.strip()
        ):
            raise ValueError(
                f"period '{value}' is none of `2030`, `2026-2030`, `average 2026-2030`"
            )
        return value


class Term(_Strict):
    """The place and years the targets are for, and the documents they were read from."""

    place: str | None = None
    start: int | None = None
    end: int | None = None
    documents: list[str] = Field(default_factory=list)


class Rules(_Strict):
    nearly_met: NearlyMet = Field(default_factory=NearlyMet)
    progress: ProgressBands = Field(default_factory=ProgressBands)
    term: Term | None = None
    targets: list[TargetEntry] = Field(default_factory=list)
    titles_en: dict[str, str] = Field(default_factory=dict)
    indicators: list[IndicatorRule] = Field(default_factory=list)
    source: str = ""

    def title_en(self, title: str | None) -> str | None:
        """A group's or section's title in English, from `titles_en`; None if none fits."""
        folded = fold(title or "")
        for phrase, english in self.titles_en.items():
            if folded and fold(phrase) in folded:
                return english
        return None

    @model_validator(mode="after")
    def _unique_ids(self) -> Rules:
        seen: set[str] = set()
        for rule in self.indicators:
            if rule.id in seen:
                raise ValueError(f"indicator id '{rule.id}' appears twice")
            seen.add(rule.id)
        ids = seen
        for rule in self.indicators:
            if rule.pace and rule.pace not in ids:
                raise ValueError(f"indicator '{rule.id}' names an unknown pace '{rule.pace}'")
        return self

    @cached_property
    def _alias_words(self) -> list[tuple[list[str], IndicatorRule]]:
        pairs = [(words(a), r) for r in self.indicators for a in r.aliases]
        return sorted(pairs, key=lambda p: len(p[0]), reverse=True)

    @cached_property
    def _alias_runs(self) -> list[tuple[str, IndicatorRule]]:
        """Each alias as ` word word `, to be found in a name's ` word … word ` at once."""
        return [(f" {' '.join(pin)} ", rule) for pin, rule in self._alias_words if pin]

    def match(self, name: str, group_title: str | None = None) -> IndicatorRule | None:
        """The rule whose longest alias appears, word for word, in the indicator's name."""
        hay = f" {' '.join(words(name))} "
        group = words(group_title or "")
        for run, rule in self._alias_runs:
            if run not in hay:
                continue
            if rule.within_group and not any(has_run(group, words(g)) for g in rule.within_group):
                continue
            return rule
        return None

    def matches(self, text: str) -> list[IndicatorRule]:
        """Every rule with an alias in `text`, the one with the longest alias first."""
        hay = f" {' '.join(words(text))} "
        found: list[IndicatorRule] = []
        seen: set[str] = set()
        for run, rule in self._alias_runs:
            if rule.id not in seen and run in hay:
                seen.add(rule.id)
                found.append(rule)
        return found

    def by_id(self, rule_id: str) -> IndicatorRule | None:
        return next((r for r in self.indicators if r.id == rule_id), None)


def load_rules(path: Path | None = None) -> Rules:
    target = path or data_dir() / "targets.yaml"
    rules = load_validated(target, Rules)
    return rules.model_copy(update={"source": str(target)})

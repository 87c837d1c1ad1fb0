"""The vocabulary of the genre (data/vocabulary.yaml): headers, units, qualitative values."""

from __future__ import annotations

import json
import re
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from dbreport.datafiles import data_dir, load_validated
from dbreport.textnorm import fold
from dbreport.values import MAX_MAGNITUDE

ColumnRole = Literal[
    "index",
    "name",
    "unit",
    "target",
    "actual",
    "comparison",
    "target_future",
    "assessment",
    "note",
    "other",
]
UnitKind = Literal["percent", "percent_per_year", "quantity"]
VerdictCode = Literal["exceeded", "met", "nearly_met", "not_met"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Units(_Strict):
    multipliers: dict[str, Annotated[float, Field(gt=0, le=MAX_MAGNITUDE, allow_inf_nan=False)]]
    bases: list[str]
    per: list[str]
    percent: list[str]
    percent_per_year: list[str]


class Qualitative(_Strict):
    achieved: list[str]
    not_achieved: list[str]


def _valid_patterns(value: list[str]) -> list[str]:
    for pattern in value:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"pattern {pattern!r} is not valid: {exc}") from exc
    return value


class _PatternLists(_Strict):
    """Lists of regular expressions, each checked to compile when the file is read."""

    @field_validator("*")
    @classmethod
    def _compile(cls, value: list[str]) -> list[str]:
        return _valid_patterns(value)


class Periods(_PatternLists):
    """Words that say a figure is a total over a term, or an average a year (regexes)."""

    cumulative: list[str] = Field(default_factory=list)
    average: list[str] = Field(default_factory=list)


class Measures(_PatternLists):
    """Words that say an indicator is a rate of change or an index (regexes)."""

    rate: list[str] = Field(default_factory=list)
    index: list[str] = Field(default_factory=list)


class Prose(_Strict):
    """How the prose states results and verdicts: phrases as printed (see vocabulary.yaml)."""

    verdicts: dict[VerdictCode, list[str]] = Field(default_factory=dict)
    references: dict[Literal["resolution", "plan", "budget", "target"], list[str]] = Field(
        default_factory=dict
    )
    result_verbs: list[str] = Field(default_factory=list)
    price_bases: list[str] = Field(default_factory=list)
    measures: list[str] = Field(default_factory=list)
    counted: list[str] = Field(default_factory=list)
    places: list[str] = Field(default_factory=list)


class UnitsEn(_Strict):
    """Units in English: multipliers, bases and `/per` parts, by their Vietnamese words."""

    multipliers: dict[str, str] = Field(default_factory=dict)
    bases: dict[str, str] = Field(default_factory=dict)
    per: dict[str, str] = Field(default_factory=dict)


class TargetLists(_Strict):
    """How prose lists of targets are written (see vocabulary.yaml `target_lists`)."""

    headings: list[str] = Field(default_factory=list)
    ends: list[str] = Field(default_factory=list)
    fillers: list[str] = Field(default_factory=list)
    floor_after: list[str] = Field(default_factory=list)
    floor_before: list[str] = Field(default_factory=list)
    ceiling_before: list[str] = Field(default_factory=list)
    not_headings: list[str] = Field(default_factory=list)
    qualifiers: list[str] = Field(default_factory=list)
    qualitative: list[str] = Field(default_factory=list)
    verbs: list[str] = Field(default_factory=list)
    changes: dict[Literal["increase", "decrease"], list[str]] = Field(default_factory=dict)
    yearly: list[str] = Field(default_factory=list)
    not_average: list[str] = Field(default_factory=list)
    cues: list[str] = Field(default_factory=list)
    past: list[str] = Field(default_factory=list)
    # bracketed words that set a further target, not an aside: `(hướng tới 2030: 1,6 con/phụ nữ)`
    asides: list[str] = Field(default_factory=list)
    # a unit's last word that begins the name when words follow: `triệu lượt khách du lịch`
    unit_heads: list[str] = Field(default_factory=list)
    # what a share is of, after `%`: `% GRDP`, `% tổng số đảng viên`, `% chỉ tiêu`
    percent_of: list[str] = Field(default_factory=list)
    # names whose figure has no unit (`Chỉ số HDI khoảng 0,75`)
    unitless: list[str] = Field(default_factory=list)

    @field_validator("qualifiers", "cues", "past", "asides", "percent_of", "unitless")
    @classmethod
    def _qualifiers_compile(cls, value: list[str]) -> list[str]:
        return _valid_patterns(value)


class Vocabulary(_Strict):
    columns: dict[ColumnRole, list[str]]
    header_filler: list[str] = Field(default_factory=list)
    header_start: list[str] = Field(default_factory=list)
    unit_line: list[str] = Field(default_factory=list)
    word_columns: list[str] = Field(default_factory=list)
    totals: list[str] = Field(default_factory=list)
    parts: list[str] = Field(default_factory=list)
    table_end: list[str] = Field(default_factory=list)
    units: Units
    qualitative: Qualitative
    verdict_words: dict[VerdictCode, list[str]]
    # words before a figure that make the sentence set a target rather than report a result
    # (`phấn đấu đến năm 2030 … đạt khoảng 74,5 tuổi`), diacritic-free regular expressions
    target_words: list[str] = Field(default_factory=list)
    periods: Periods = Field(default_factory=Periods)
    measures: Measures = Field(default_factory=Measures)
    prose: Prose = Field(default_factory=Prose)
    units_en: UnitsEn = Field(default_factory=UnitsEn)
    target_lists: TargetLists = Field(default_factory=TargetLists)

    @field_validator("columns", "unit_line", "word_columns", "target_words")
    @classmethod
    def _patterns_compile(
        cls, value: dict[str, list[str]] | list[str], info: ValidationInfo
    ) -> dict[str, list[str]] | list[str]:
        items = value.items() if isinstance(value, dict) else [(info.field_name or "", value)]
        for role, patterns in items:
            for pattern in patterns:
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise ValueError(
                        f"pattern {pattern!r} of '{role}' is not valid: {exc}"
                    ) from exc
        return value

    @cached_property
    def target_regex(self) -> re.Pattern[str] | None:
        if not self.target_words:
            return None
        return re.compile(r"\b(?:" + "|".join(self.target_words) + r")\b")

    @cached_property
    def cumulative_regex(self) -> re.Pattern[str] | None:
        return _alternation(self.periods.cumulative)

    @cached_property
    def average_regex(self) -> re.Pattern[str] | None:
        return _alternation(self.periods.average)

    def measure_of(self, name: str, unit: str | None, unit_kind: UnitKind) -> str:
        """`rate`, `index`, `share` or `level`: what a row measures, by its words and unit."""
        folded = fold(f"{name} {unit or ''}")
        rate, index = self._measure_regexes
        if unit_kind == "percent_per_year" or (
            unit_kind == "percent" and rate and rate.search(folded)
        ):
            return "rate"
        if index and index.search(folded):
            return "index"
        return "share" if unit_kind == "percent" else "level"

    @cached_property
    def _measure_regexes(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        return _alternation(self.measures.rate), _alternation(self.measures.index)

    @cached_property
    def value_phrases(self) -> tuple[str, ...]:
        """Word values a cell may hold: qualitative outcomes and verdict words."""
        phrases = [*self.qualitative.achieved, *self.qualitative.not_achieved]
        for words in self.verdict_words.values():
            phrases.extend(w for w in words if "mtnq" not in fold(w))
        return tuple(dict.fromkeys(phrases))

    @cached_property
    def fingerprint(self) -> str:
        """Changes whenever the vocabulary does: part of every cache key."""
        return json.dumps(self.model_dump(), sort_keys=True, ensure_ascii=False)

    @cached_property
    def column_searches(self) -> tuple[tuple[ColumnRole, re.Pattern[str]], ...]:
        """Each header pattern as written (anchors kept), for classifying one header cell."""
        return tuple(
            (role, re.compile(rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])"))
            for role, patterns in self.columns.items()
            for pattern in patterns
        )

    @cached_property
    def segment_regexes(self) -> tuple[tuple[ColumnRole, re.Pattern[str]], ...]:
        """Header patterns without their anchors: where a column's words start in text that
        runs several header cells together (a PDF's text)."""
        return tuple(
            (role, re.compile(rf"(?<![a-z0-9])(?:{pattern.strip('^$')})(?![a-z0-9])"))
            for role, patterns in self.columns.items()
            for pattern in patterns
        )

    @cached_property
    def unit_line_regexes(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in self.unit_line)

    def holds_words(self, header: str) -> bool:
        """Whether a column with this header holds words rather than figures."""
        folded = fold(header)
        return any(re.search(rf"(?<![a-z])(?:{p})(?![a-z])", folded) for p in self.word_columns)

    @cached_property
    def header_words(self) -> frozenset[str]:
        """Every word a header line may be made of."""
        found: set[str] = set()
        for patterns in self.columns.values():
            for pattern in patterns:
                found.update(re.findall(r"[a-z%]+", re.sub(r"\\[a-z]", " ", pattern)))
        for phrase in [*self.header_filler, *self.header_start]:
            found.update(phrase.split())
        return frozenset(found)

    def verdict_of_word(self, text: str) -> VerdictCode | None:
        """The verdict a word or phrase states (`Cơ bản đạt` -> nearly_met), longest match first."""
        folded = fold(text)
        best: tuple[int, VerdictCode] | None = None
        for code, phrases in self.verdict_words.items():
            for phrase in phrases:
                f = fold(phrase)
                if folded == f and (best is None or len(f) > best[0]):
                    best = (len(f), code)
        return best[1] if best else None

    def unit_kind(self, unit: str | None) -> UnitKind:
        if not unit:
            return "quantity"
        compact = re.sub(r"\s+", "", fold(unit))
        per_year, percent = self._percent_units
        if compact in per_year:
            return "percent_per_year"
        if compact in percent:
            return "percent"
        return "quantity"

    @cached_property
    def _percent_units(self) -> tuple[frozenset[str], frozenset[str]]:
        def compact(units: list[str]) -> frozenset[str]:
            return frozenset(re.sub(r"\s+", "", fold(u)) for u in units)

        return compact(self.units.percent_per_year), compact(self.units.percent)

    def is_unit(self, text: str) -> bool:
        """True for a unit: `%`, `%/ năm`, `Tỷ đồng`, `Nghìn lượt người`, `Lao động/năm`."""
        folded = re.sub(r"\s*/\s*", "/", fold(text))
        folded = re.sub(r"^(tr\.)\s*", r"\1 ", folded)  # `Tr.đồng` is `triệu đồng`
        if not folded:
            return False
        head, _, per = folded.partition("/")
        if per and fold(per) not in _folded(tuple(self.units.per)):
            return False
        if head == "%":
            return True
        bases = _folded(tuple(self.units.bases))
        if head in bases:
            return True
        for mult in _folded(tuple(self.units.multipliers)):
            if head.startswith(mult + " ") and head[len(mult) + 1 :] in bases:
                return True
        return False

    def unit_en(self, unit: str | None) -> str:
        """A unit in English (`Tỷ đồng` -> `billion VND`, `Lao động/năm` -> `workers/yr`); a
        part the vocabulary does not know keeps its words."""
        if not unit:
            return ""
        head, slash, per = re.sub(r"\s*/\s*", "/", unit.strip()).partition("/")
        bases, multipliers, pers = self._units_en_folded
        out = bases.get(fold(unit.strip()))
        if out is not None:
            return out
        words = fold(head)
        english = bases.get(words)
        if english is None:
            for m, name in multipliers:
                rest = words[len(m) :].strip()
                if words.startswith(m + " ") and rest in bases:
                    english = f"{name} {bases[rest]}"
                    break
        english = english or head
        if slash:
            english += "/" + pers.get(fold(per), per)
        return english

    @cached_property
    def _units_en_folded(
        self,
    ) -> tuple[dict[str, str], list[tuple[str, str]], dict[str, str]]:
        """`units_en` folded once: bases, multipliers (longest first), per-parts."""
        table = self.units_en
        multipliers = sorted(
            ((fold(k), v) for k, v in table.multipliers.items()), key=lambda kv: -len(kv[0])
        )
        return (
            {fold(k): v for k, v in table.bases.items()},
            multipliers,
            {fold(k): v for k, v in table.per.items()},
        )

    def scale(self, unit: str | None) -> tuple[float, str]:
        """How many base units one unit is, and the base: `Nghìn tấn` -> (1000, `tấn`)."""
        folded = re.sub(r"^(tr\.)\s*", r"\1 ", fold(unit or ""))
        for w, factor in self._multipliers_longest_first:
            if folded == w or folded.startswith(w + " "):
                return factor, folded[len(w) :].strip()
        return 1.0, folded

    @cached_property
    def _multipliers_longest_first(self) -> tuple[tuple[str, float], ...]:
        ordered = sorted(self.units.multipliers.items(), key=lambda kv: -len(kv[0]))
        return tuple((fold(word), factor) for word, factor in ordered)


def _alternation(patterns: list[str]) -> re.Pattern[str] | None:
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(patterns) + ")") if patterns else None


@lru_cache(maxsize=8)
def _folded(items: tuple[str, ...]) -> frozenset[str]:
    return frozenset(fold(i) for i in items)


@lru_cache(maxsize=4)
def load_vocabulary(path: Path | None = None) -> Vocabulary:
    return load_validated(path or data_dir() / "vocabulary.yaml", Vocabulary)

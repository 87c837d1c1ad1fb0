"""Is the place on track for its term's targets? Each target's latest figure (a yearly report's
table, a news article's or an interview's sentence, each with its year and date), the pace the
target requires from the term's baseline, the pace so far, and a class in the manner of Open
SDG's progress measure (Statistics Canada's method): R = pace so far / pace required, then

- target met: the latest figure already meets the target (a total: the sum so far reaches it);
- on track: R >= 0.95; needs acceleration: R >= 0.6; limited progress: R >= 0; moving away: R < 0
  (thresholds in data/targets.yaml `progress`).

The pace is measured the way the target is set: a quantity's level by its compound yearly rate
(`cagr`), a share's or an index's by points a year (`points`), a yearly average (a growth rate,
`… mỗi năm`) by the mean of the years reported (`average`), a yearly change (`giảm 3%/năm`) by
the change a year since the baseline (`change`), a total over the term (`2026-2030`) by the sum
so far a year (`total`). A target with no figure after its baseline year is listed as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel

from dbreport.analysis.term import Baseline, Candidates, TermSet, TermTarget, same_indicator
from dbreport.catalogue import load_catalogue
from dbreport.extraction.targets import Target
from dbreport.pipeline import report_statements
from dbreport.rules import ProgressBands
from dbreport.textnorm import fold
from dbreport.values import Value
from dbreport.vocab import Vocabulary

if TYPE_CHECKING:
    from dbreport.batch import Batch
    from dbreport.models import DocumentInfo

Class = Literal[
    "target_met",
    "on_track",
    "needs_acceleration",
    "limited_progress",
    "moving_away",
    "no_figure",
    "not_computable",
    "not_measurable",
]
Formula = Literal["cagr", "points", "average", "change", "total"]
CLASS_ORDER: dict[str, int] = {
    "moving_away": 0,
    "limited_progress": 1,
    "needs_acceleration": 2,
    "on_track": 3,
    "target_met": 4,
    "not_computable": 5,
    "no_figure": 6,
    "not_measurable": 7,
}

_NO_RATIO = "a target of zero or below: a pace measured as a ratio to it means nothing"


class Observation(BaseModel):
    """A figure of a target's indicator for one year after the baseline, and where it is."""

    value: Value
    number: float  # in the target's unit
    year: int
    unit: str | None = None
    document: str
    line: int | None = None
    page: int | None = None
    date: str | None = None
    origin: Literal["table", "text"]
    text: str = ""


class Progress(BaseModel):
    target: Target
    baseline: Baseline | None = None
    latest: Observation | None = None
    observations: list[Observation] = []
    goal: float | None = None  # the target as one number, in its unit
    required: float | None = None  # the pace the target needs, a year
    so_far: float | None = None  # the pace since the baseline, a year
    ratio: float | None = None  # so_far / required
    formula: Formula | None = None
    klass: Class
    reason: str


def _number(value: Value) -> float | None:
    if value.kind == "number":
        return value.number
    if value.kind == "bound":
        return value.bound
    return None


def goal_of(target: Target, direction: str | None) -> float | None:
    """The target as one number: a bound's figure; a range's near end (its low end where more
    is better, its high end where less is)."""
    value = target.value
    if value.kind == "range" and value.low is not None and value.high is not None:
        return value.high if direction == "lower" else value.low
    return _number(value)


def _in_unit(number: float, unit: str | None, target_unit: str | None, vocab: Vocabulary) -> float:
    return number * vocab.scale(unit)[0] / vocab.scale(target_unit)[0]


@dataclass(frozen=True)
class Found:
    """A figure of some indicator for one year, in a document of the place: a row's achieved
    value (or a year of its series), or a sentence's figure with its own year."""

    name: str
    indicator_id: str | None
    unit: str | None
    value: Value
    number: float
    year: int
    document: str
    line: int | None
    page: int | None
    date: str | None
    origin: Literal["table", "text"]
    text: str


def figures_of(batch: Batch, place: str | None, vocab: Vocabulary) -> list[Found]:
    """Every figure with a year in the documents read (tables and prose of yearly reports,
    sentences of news and interviews) of the place: found once, for every target to choose
    from."""
    out: list[Found] = []
    for rs in batch.reports:
        if not _same_place(rs.info.place.value, place):
            continue
        for item in rs.items:
            r = item.record
            points = [(r.actual_year, r.actual)] + [(p.year, p.value) for p in r.series]
            for year, value in points:
                number = _number(value) if value is not None else None
                if year is None or number is None or value is None:
                    continue
                out.append(
                    Found(
                        name=r.name,
                        indicator_id=r.indicator_id,
                        unit=r.unit,
                        value=value,
                        number=number,
                        year=year,
                        document=r.source.document,
                        line=r.source.line,
                        page=r.source.page,
                        date=rs.info.date.value,
                        origin="table",
                        text=r.name,
                    )
                )
    claims, _ = batch.claims()
    for rs in batch.reports:  # a yearly report's prose beside its table
        if _same_place(rs.info.place.value, place):
            document = batch.loaded.document(rs.path)
            claims = [*claims, *report_statements(document, rs.tables, vocab)]
    catalogue = load_catalogue()
    places = {str(p): i.place.value for p, i in batch.infos.items()}
    written = {str(p): _written(i) for p, i in batch.infos.items()}
    for claim in claims:
        figure = claim.figure
        if figure is None or claim.period is None or claim.period[0] != claim.period[1]:
            continue
        if not _same_place(places.get(claim.path), place):
            continue
        year_written = written.get(claim.path)
        if year_written is not None and claim.period[1] > year_written:
            continue  # `Đến năm 2030, dân số … đạt trên 716.000 người`: an aim, not a figure
        number = _number(figure.value)
        if number is None or figure.against is not None:
            continue
        entry = catalogue.identify(claim.subject, vocab.unit_kind(figure.unit))
        out.append(
            Found(
                name=claim.subject,
                indicator_id=entry.id if entry else None,
                unit=figure.unit,
                value=figure.value,
                number=number,
                year=claim.period[1],
                document=claim.document,
                line=claim.line,
                page=claim.page,
                date=claim.date,
                origin="text",
                text=claim.text,
            )
        )
    return out


def _written(info: DocumentInfo) -> int | None:
    """The year a document was written: its date's, else the last of the term it reviews."""
    for text in (info.date.value, info.term_reviewed.value):
        years = re.findall(r"(?:19|20)\d{2}", text or "")
        if years:
            return int(years[-1] if text is info.term_reviewed.value else years[0])
    return None


def observations(
    target: Target, start: int, found: Candidates[Found], vocab: Vocabulary
) -> list[Observation]:
    """The figures of the target's indicator after `start`, in the target's unit, latest last."""
    out = [
        Observation(
            value=f.value,
            number=_in_unit(f.number, f.unit, level_unit(target), vocab),
            year=f.year,
            unit=f.unit,
            document=f.document,
            line=f.line,
            page=f.page,
            date=f.date,
            origin=f.origin,
            text=f.text,
        )
        for f in found.of(target)
        if f.year > start and same_indicator(target, f.name, f.indicator_id, f.unit, vocab)
    ]
    out.sort(key=lambda o: (o.year, o.date or "", o.origin == "table"))
    return out


def level_unit(target: Target) -> str | None:
    """The unit the indicator's own figures come in: a yearly change's (`%/năm`) is the level's."""
    if target.change and target.unit and "/" in target.unit:
        return target.unit.split("/", 1)[0]
    return target.unit


def _same_place(a: str | None, b: str | None) -> bool:
    return not a or not b or fold(a) == fold(b)


def _classify(ratio: float, bands: ProgressBands) -> Class:
    if ratio >= bands.on_track:
        return "on_track"
    if ratio >= bands.acceleration:
        return "needs_acceleration"
    if ratio >= 0:
        return "limited_progress"
    return "moving_away"


def _meets(value: float, goal: float, target: Target, direction: str) -> bool:
    strict = target.value.kind == "bound" and target.value.op in ("<", ">")
    if direction == "lower":
        return value < goal if strict else value <= goal
    return value > goal if strict else value >= goal


def progress(
    item: TermTarget,
    start: int | None,
    end: int | None,
    found: Candidates[Found],
    vocab: Vocabulary,
    bands: ProgressBands,
) -> Progress:
    """One target's class, with the figures and the formula behind it."""
    target, baseline = item.target, item.baseline
    base: dict[str, object] = {"target": target, "baseline": baseline}
    if target.value.kind in ("text", "empty"):
        return Progress(**base, klass="not_measurable", reason="a target without a figure")
    t0 = baseline.year if baseline else start
    period = target.period
    t_end = (period.end if period and period.end else None) or end
    if t0 is None or t_end is None or t_end <= t0:
        return Progress(
            **base, klass="not_computable", reason="the term's first and last years are unknown"
        )
    seen = observations(target, t0, found, vocab)
    base["observations"] = seen
    if not seen:
        return Progress(**base, klass="no_figure", reason=f"no figure after {t0} yet")
    latest = seen[-1]
    base["latest"] = latest
    direction = target.direction if target.direction in ("higher", "lower") else None
    y0 = _number(baseline.value) if baseline else None
    if y0 is not None and baseline is not None:
        y0 = _in_unit(y0, baseline.unit, level_unit(target), vocab)
    if direction is None and y0 is not None:
        goal0 = goal_of(target, None)
        direction = "lower" if goal0 is not None and goal0 < y0 else "higher"
    goal = goal_of(target, direction)
    base["goal"] = goal
    if goal is None or direction is None:
        return Progress(
            **base, klass="not_computable", reason="the target's figure or direction is unknown"
        )
    sign = 1.0 if direction == "higher" else -1.0
    n_left, n_done = t_end - t0, latest.year - t0
    by_year = {o.year: o.number for o in seen}  # a later document's figure for a year wins
    kind = period.kind if period else "year"

    if kind == "span":
        missing = [y for y in range(t0 + 1, latest.year + 1) if y not in by_year]
        if missing:
            return Progress(
                **base,
                klass="not_computable",
                reason=f"a total over {t0 + 1}-{t_end}: no figure for {missing[0]}",
            )
        total = sum(by_year[y] for y in range(t0 + 1, latest.year + 1))
        required, so_far = goal / n_left, total / n_done
        base.update(required=required, so_far=so_far, formula="total")
        if _meets(total, goal, target, direction):
            return Progress(
                **base, klass="target_met", reason=f"the sum so far, {total:g}, reaches it"
            )
        if goal <= 0:
            return Progress(**base, klass="not_computable", reason=_NO_RATIO)
        return _rated(base, so_far / required, bands, "total")

    if kind == "average" and target.change is None:
        years = [by_year[y] for y in sorted(by_year)]
        mean = sum(years) / len(years)
        base.update(required=goal, so_far=mean, formula="average")
        if latest.year >= t_end and _meets(mean, goal, target, direction):
            return Progress(**base, klass="target_met", reason="the term's average meets it")
        if goal <= 0:
            return Progress(**base, klass="not_computable", reason=_NO_RATIO)
        ratio = mean / goal if direction == "higher" else (goal / mean if mean > 0 else None)
        return _rated(base, ratio, bands, "average")

    if y0 is None:
        return Progress(
            **base,
            klass="not_computable",
            reason="no baseline: the report gives no figure for the term's first year",
        )

    if target.change is not None:
        # `giảm bình quân 3%/năm`: a share falls by points, a quantity by a rate, each year
        down = target.change == "decrease"
        if (target.unit or "").startswith("%") and vocab.unit_kind(level_unit(target)) == "percent":
            so_far = (y0 - latest.number) / n_done if down else (latest.number - y0) / n_done
        elif y0 > 0 and latest.number > 0:
            rate = ((latest.number / y0) ** (1 / n_done) - 1) * 100
            so_far = -rate if down else rate
        else:
            return Progress(**base, klass="not_computable", reason="a figure is zero")
        base.update(required=goal, so_far=so_far, formula="change")
        return _rated(base, so_far / goal if goal else None, bands, "change")

    if _meets(latest.number, goal, target, direction):
        return Progress(
            **base,
            klass="target_met",
            reason=f"{latest.value.raw} already meets {target.value.raw}",
        )
    share = (
        vocab.unit_kind(target.unit) != "quantity"
        or vocab.measure_of(target.name, target.unit, vocab.unit_kind(target.unit)) == "index"
    )
    if share:
        required, so_far, formula = (goal - y0) / n_left, (latest.number - y0) / n_done, "points"
    else:
        if y0 <= 0 or goal <= 0 or latest.number <= 0:
            return Progress(**base, klass="not_computable", reason="a figure is zero")
        required = ((goal / y0) ** (1 / n_left) - 1) * 100
        so_far = ((latest.number / y0) ** (1 / n_done) - 1) * 100
        formula = "cagr"
    base.update(required=required, so_far=so_far, formula=formula)
    if required * sign <= 0:
        # the baseline already met the target, and the latest figure no longer does
        return Progress(
            **base,
            ratio=-1.0,
            klass="moving_away",
            reason="it met the target at the baseline and no longer does",
        )
    return _rated(base, so_far / required, bands, formula)


def _rated(
    base: dict[str, object], ratio: float | None, bands: ProgressBands, formula: str
) -> Progress:
    if ratio is None:
        return Progress(**base, klass="not_computable", reason="the pace required is zero")
    klass = _classify(ratio, bands)
    return Progress(**base, ratio=ratio, klass=klass, reason=f"R = {ratio:.2f} ({formula})")


def track(term: TermSet, batch: Batch, bands: ProgressBands) -> list[Progress]:
    """Every target's progress, furthest behind first; those without a figure last."""
    figures = figures_of(batch, term.term.place, batch.vocab)
    found = Candidates(figures, lambda f: (f.name, f.indicator_id, f.unit), batch.vocab)
    out = [
        progress(item, term.term.start, term.term.end, found, batch.vocab, bands)
        for item in term.targets
    ]
    order = {id(p): n for n, p in enumerate(out)}
    return sorted(
        out,
        key=lambda p: (CLASS_ORDER[p.klass], p.ratio if p.ratio is not None else 9, order[id(p)]),
    )

"""A term's targets: what each document sets (its prose lists and its table's future column),
the two sources of one target set side by side, where they disagree, and the figure each
target starts from (the report's value of the term's first year, its baseline).

A target set is data: `to_entries` writes it in the shape of data/targets.yaml, `from_rules`
reads it back, so a person can correct it by hand and keep it.
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from pydantic import BaseModel

from dbreport.analysis.audit import Finding, Place
from dbreport.arithmetic import interval
from dbreport.extraction.targets import (
    Target,
    TargetPeriod,
    find_prose_targets,
    identify,
    table_targets,
)
from dbreport.models import Indicator, Table
from dbreport.rules import BaselineEntry, Rules, TargetEntry, Term
from dbreport.textnorm import fold, words
from dbreport.values import Value, parse_value
from dbreport.vocab import Vocabulary

if TYPE_CHECKING:
    from dbreport.batch import Batch

_T = TypeVar("_T")


class Baseline(BaseModel):
    """The figure a target starts from: a row's achieved value, its year and where it is."""

    value: Value
    year: int
    unit: str | None = None
    document: str
    line: int | None = None
    page: int | None = None
    row: str | None = None


class TermTarget(BaseModel):
    """A target with the figure it starts from and, where the document states it twice (a
    list and a table), the other statement."""

    target: Target
    baseline: Baseline | None = None
    also: Target | None = None  # the same target in the other source
    agrees: bool | None = None  # None: not compared (different periods or units)
    why_not_compared: str | None = None


@dataclass
class TermSet:
    """The targets read, with the term they are for."""

    targets: list[TermTarget]
    term: Term
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


_TERM = re.compile(r"((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})")


def _term_years(text: str | None) -> tuple[int | None, int | None]:
    m = _TERM.search(text or "")
    return (int(m.group(1)), int(m.group(2))) if m else (None, None)


def _similar(a: str, b: str) -> float:
    """How much two names share (Dice's coefficient of their words)."""
    wa, wb = set(words(a)), set(words(b))
    if not wa or not wb:
        return 0.0
    return 2 * len(wa & wb) / (len(wa) + len(wb))


def same_indicator(
    target: Target, name: str, indicator_id: str | None, unit: str | None, vocab: Vocabulary
) -> bool:
    """Whether a row, a claim or another target speaks of the target's indicator: the same
    catalogue id, or (where either has none) names that share nearly all their words, in
    units of one kind."""
    kind_a = vocab.unit_kind(target.unit) if target.change is None else "percent"
    kind_b = vocab.unit_kind(unit)
    if kind_a != kind_b and not (
        {kind_a, kind_b} == {"percent", "percent_per_year"} and target.change is None
    ):
        return False
    if kind_a == "quantity" and _base(target.unit, vocab) != _base(unit, vocab):
        return False
    if target.indicator_id or indicator_id:
        # the catalogue knows one of them: the other is the same only under the same id
        return target.indicator_id == indicator_id
    return (
        _similar(target.name, name) >= 0.75 and min(len(words(target.name)), len(words(name))) >= 2
    )


class Candidates(Generic[_T]):
    """Items (rows, targets, figures) a target may be the indicator of, as `same_indicator`
    decides, so that a target costs the few items of its indicator, not every item of the
    document: items alike (one name, catalogue id and unit) are asked about once, and only
    those that may be it: by catalogue id; without one, by the words of the name (names
    `same_indicator` takes as one share at least three fifths of the target's words, so one of
    its rarest is among them)."""

    def __init__(
        self,
        items: list[_T],
        key: Callable[[_T], tuple[str, str | None, str | None]],
        vocab: Vocabulary,
        row: Callable[[_T], str | None] = lambda _: None,
    ) -> None:
        """`key`: an item's name, catalogue id and unit; `row`: the row id (`A.1.2`) a target
        read from a table names its row by."""
        self.items, self.vocab = items, vocab
        self.kinds: list[tuple[str, str | None, str | None]] = []
        self.members: list[list[int]] = []  # the positions of each kind's items, in order
        self.taken: list[int] = []  # how many of each kind's items `take` has taken
        self.by_id: dict[str, list[int]] = {}  # kinds
        self.by_word: dict[str, list[int]] = {}  # kinds without a catalogue id
        self.by_row: dict[str, list[int]] = {}  # positions
        seen: dict[tuple[str, str | None, str | None], int] = {}
        for k, item in enumerate(items):
            found = key(item)
            kind = seen.get(found)
            if kind is None:
                kind = seen[found] = len(self.kinds)
                self.kinds.append(found)
                self.members.append([])
                self.taken.append(0)
                if found[1]:
                    self.by_id.setdefault(found[1], []).append(kind)
                else:
                    for word in set(words(found[0])):
                        self.by_word.setdefault(word, []).append(kind)
            self.members[kind].append(k)
            at = row(item)
            if at:
                self.by_row.setdefault(at, []).append(k)

    def _kinds(self, target: Target) -> list[int]:
        """The kinds of item `same_indicator` takes as the target's indicator."""
        if target.indicator_id:
            found = set(self.by_id.get(target.indicator_id, ()))
        else:
            own = set(words(target.name))
            shared = max(1, math.floor(0.6 * len(own)))  # fewer than the least they must share
            rare = sorted(own, key=lambda w: len(self.by_word.get(w, ())))[: len(own) - shared + 1]
            found = {g for word in rare for g in self.by_word.get(word, ())}
        return [g for g in sorted(found) if same_indicator(target, *self.kinds[g], self.vocab)]

    def of(self, target: Target) -> Iterator[_T]:
        """In document order, the items of the target's indicator, and those of the row the
        target was read from."""
        lists = [self.members[g] for g in self._kinds(target)]
        if target.row:
            lists.append(self.by_row.get(target.row, []))
        last = -1
        for k in heapq.merge(*lists):
            if k != last:
                yield self.items[k]
            last = k

    def take(self, target: Target) -> _T | None:
        """The first item of the target's indicator not taken yet, now taken (each of a list's
        targets pairs with one of the table's)."""
        first: tuple[int, int] | None = None
        for g in self._kinds(target):
            members, taken = self.members[g], self.taken[g]
            if taken < len(members) and (first is None or members[taken] < first[0]):
                first = (members[taken], g)
        if first is None:
            return None
        self.taken[first[1]] += 1
        return self.items[first[0]]


def _base(unit: str | None, vocab: Vocabulary) -> str:
    return vocab.scale(unit)[1].split("/")[0].strip()


def scaled(value: Value, unit: str | None, vocab: Vocabulary) -> tuple[float, float] | None:
    """The numbers a value may stand for, in its unit's base (`71,6 vạn người` = 716.000)."""
    factor = vocab.scale(unit)[0]
    if value.kind == "range" and value.low is not None and value.high is not None:
        return value.low * factor, value.high * factor
    if value.kind == "bound" and value.bound is not None:
        return value.bound * factor, value.bound * factor
    got = interval(value)
    return (got[0] * factor, got[1] * factor) if got else None


def _agree(a: Target, b: Target, vocab: Vocabulary) -> bool:
    x, y = scaled(a.value, a.unit, vocab), scaled(b.value, b.unit, vocab)
    if x is None or y is None:
        return fold(a.value.raw) == fold(b.value.raw)
    tolerance = 1e-9 + 0.005 * max(abs(x[1]), abs(y[1]))  # a rounding of the last digit
    return x[0] <= y[1] + tolerance and y[0] <= x[1] + tolerance


def _comparable(a: Target, b: Target) -> str | None:
    """Why two statements of a target cannot be compared, or None when they can."""
    pa, pb = a.period, b.period
    if pa and pb and pa.kind != pb.kind and "average" not in (pa.kind, pb.kind):
        return f"one is a {pa.kind} target, the other a {pb.kind} one"
    if pa and pb and pa.end and pb.end and pa.end != pb.end:
        return f"one is due in {pa.end}, the other in {pb.end}"
    if (a.change is None) != (b.change is None):
        return "one is a yearly change, the other a level"
    return None


def _baseline(
    target: Target, rows: Candidates[Indicator], start: int | None, vocab: Vocabulary
) -> Baseline | None:
    """The row of the report that gives the target's indicator in the term's first year."""
    for row in rows.of(target):
        if row.actual is None or row.actual.kind not in ("number", "bound"):
            continue
        if start is not None and row.actual_year not in (start, None):
            continue
        if target.row == row.id or same_indicator(
            target, row.name, row.indicator_id, row.unit, vocab
        ):
            return Baseline(
                value=row.actual,
                year=row.actual_year or start or 0,
                unit=row.unit,
                document=row.source.document,
                line=row.source.line,
                page=row.source.page,
                row=row.id,
            )
    return None


def _finding(a: Target, b: Target, name_en: str | None = None) -> Finding:
    def place(t: Target) -> Place:
        return Place(document=t.document, line=t.line, page=t.page, indicator=t.row)

    prose, table = (a, b) if a.origin == "list" else (b, a)
    return Finding(
        kind="target_twice",
        severity="warning",
        indicator=table.row,
        name=prose.name,
        name_en=name_en,
        code="target_twice",
        args={
            "a": f"{prose.value.raw} {prose.unit or ''}".strip(),
            "b": f"{table.value.raw} {table.unit or ''}".strip(),
            "year": str(prose.period.end if prose.period and prose.period.end else ""),
        },
        places=[place(prose), place(table)],
    )


def document_targets(batch: Batch, path: Path) -> tuple[list[Target], list[Table]]:
    """What one document sets: its lists' targets and its tables' future columns."""
    info = batch.infos.get(path)
    report = next((rs for rs in batch.reports if rs.path == path), None)
    tables = report.tables if report else []
    _, end = _term_years(info.term.value if info else None)
    horizon = end or next((t.horizon_year for t in tables if t.horizon_year), None)
    doc = batch.loaded.document(path)
    spans = [t.lines for t in tables if t.lines]
    prose = find_prose_targets(doc, batch.vocab, batch.rules, horizon, spans)
    found = list(prose)
    for table in tables:
        found.extend(table_targets(table, batch.rules, batch.vocab))
    return found, tables


def target_findings(batch: Batch, path: Path) -> list[Finding]:
    """Where one document states a target twice with two values (its list, its table)."""
    return collect(batch, [path]).findings


def collect(batch: Batch, paths: list[Path] | None = None) -> TermSet:
    """The targets of every document read, each list's beside its table's, with their baselines
    and the places where a document states one target twice with two values."""
    out: list[TermTarget] = []
    findings: list[Finding] = []
    places: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    documents: list[str] = []
    for path in batch.loaded.paths if paths is None else paths:
        found, tables = document_targets(batch, path)
        if not found:
            continue
        documents.append(path.name)
        info = batch.infos.get(path)
        if info and info.place.value:
            places.append(info.place.value)
        start, end = _term_years(info.term.value if info else None)
        records = [r for t in tables for r in t.records]
        if start is None:
            start = next((r.actual_year for r in records if r.actual_year), None)
        rows = Candidates(
            records, lambda r: (r.name, r.indicator_id, r.unit), batch.vocab, lambda r: r.id
        )
        if start:
            starts.append(start)
        horizon = end or next((t.horizon_year for t in tables if t.horizon_year), None)
        if horizon:
            ends.append(horizon)
        table_ones = Candidates(
            [t for t in found if t.origin == "table"],
            lambda t: (t.name, t.indicator_id, t.unit),
            batch.vocab,
        )
        for target in found:
            item = TermTarget(target=target, baseline=_baseline(target, rows, start, batch.vocab))
            if target.origin == "list" and target.value.kind != "text":
                mate = table_ones.take(target)
                if mate is not None:
                    why = _comparable(target, mate)
                    agrees = None if why else _agree(target, mate, batch.vocab)
                    item = item.model_copy(
                        update={"also": mate, "agrees": agrees, "why_not_compared": why}
                    )
                    if item.baseline is None:
                        item = item.model_copy(
                            update={"baseline": _baseline(mate, rows, start, batch.vocab)}
                        )
                    if agrees is False:
                        findings.append(_finding(target, mate))
            out.append(item)
        # a table's target the list also states is shown once, beside the list's
    also = {id(o.also) for o in out if o.also is not None}
    shown = [t for t in out if not (t.target.origin == "table" and id(t.target) in also)]
    term = Term(
        place=places[0] if places else None,
        start=min(starts) if starts else None,
        end=max(ends) if ends else None,
        documents=documents,
    )
    return TermSet(shown, term, findings)


# -- the file form ------------------------------------------------------------------------------


def source_label(document: str, line: int | None, page: int | None) -> str:
    """`report.pdf, p. 80` or `report.txt, line 1900`: how a data file says where a figure is
    (`_source_of` reads it back)."""
    at = f"p. {page}" if page else f"line {line}"
    return f"{document}, {at}"


def to_entries(targets: list[TermTarget]) -> list[TargetEntry]:
    out: list[TargetEntry] = []
    for item in targets:
        t, b = item.target, item.baseline
        out.append(
            TargetEntry(
                name=t.name,
                indicator=t.indicator_id,
                value=t.value.raw,
                unit=t.unit,
                period=t.period.label() if t.period else None,
                direction=t.direction,
                change=t.change,
                baseline=BaselineEntry(
                    value=b.value.raw,
                    year=b.year,
                    unit=b.unit,
                    source=source_label(b.document, b.line, b.page),
                )
                if b
                else None,
                source=source_label(t.document, t.line, t.page),
                sentence=t.sentence or None,
            )
        )
    return out


def _period_of(text: str | None) -> TargetPeriod | None:
    if not text:
        return None
    average = text.strip().startswith("average")
    years = [int(y) for y in re.findall(r"(?:19|20)\d{2}", text)]
    if average:
        return TargetPeriod(
            kind="average", start=years[0] if years else None, end=years[-1] if years else None
        )
    if len(years) == 2:
        return TargetPeriod(kind="span", start=years[0], end=years[1])
    if years:
        return TargetPeriod(kind="year", start=years[0], end=years[0])
    return None


def _source_of(text: str | None) -> tuple[str, int | None, int | None]:
    document, _, at = (text or "").rpartition(", ")
    line = re.fullmatch(r"line (\d+)", at)
    page = re.fullmatch(r"p\. (\d+)", at)
    if not document:
        return text or "", None, None
    return document, int(line.group(1)) if line else None, int(page.group(1)) if page else None


def from_rules(rules: Rules, vocab: Vocabulary) -> TermSet:
    """The targets a rules file holds (`targets:`), as read from it."""
    out: list[TermTarget] = []
    for entry in rules.targets:
        value = parse_value(entry.value)
        document, line, page = _source_of(entry.source)
        indicator, direction, source = identify(
            entry.name, entry.unit, value, rules, vocab, entry.change
        )
        target = Target(
            name=entry.name,
            indicator_id=entry.indicator or indicator,
            value=value,
            unit=entry.unit,
            period=_period_of(entry.period),
            direction=entry.direction or direction,
            direction_from="rules" if entry.direction else source,
            change=entry.change,
            document=document or rules.source,
            line=line,
            page=page,
            sentence=entry.sentence or "",
        )
        baseline = None
        if entry.baseline is not None:
            b_doc, b_line, b_page = _source_of(entry.baseline.source)
            baseline = Baseline(
                value=parse_value(entry.baseline.value),
                year=entry.baseline.year,
                unit=entry.baseline.unit,
                document=b_doc or rules.source,
                line=b_line,
                page=b_page,
            )
        out.append(TermTarget(target=target, baseline=baseline))
    return TermSet(out, rules.term or Term())

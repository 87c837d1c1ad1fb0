"""Which indicator of the table a claim in the prose speaks of — or none, rather than a wrong one.

First the aliases of data/targets.yaml, looked for in the words around the figure, then in its
clause, its sentence and the sentences before it in the paragraph; the first place that names an
indicator whose unit fits the figure decides. Without an alias, the words the claim shares with
an indicator's name decide, when one indicator clearly shares more than any other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ClassVar

from dbreport.arithmetic import interval
from dbreport.extraction.claims import Claim, Figure
from dbreport.models import Indicator
from dbreport.pipeline import Assessed
from dbreport.rules import Rules
from dbreport.textnorm import words
from dbreport.values import Value
from dbreport.vocab import Vocabulary

# Words too common in indicator names to tell them apart.
_COMMON = frozenset(
    {"ty", "le", "so", "dat", "nam", "cac", "va", "cua", "duoc", "tren", "dia", "ban"}
)


@dataclass(frozen=True)
class Link:
    claim: Claim
    record: Indicator | None
    why: str  # how the link was made, or why there is none


def figure_kind(figure: Figure | None, vocab: Vocabulary) -> str | None:
    if figure is None or figure.unit is None:
        return None
    kind = vocab.unit_kind(figure.unit)
    return "percent" if kind in ("percent", "percent_per_year") else "quantity"


def units_fit(figure: Figure | None, record: Indicator, vocab: Vocabulary) -> bool:
    """A share cannot be a count; tonnes cannot be đồng. Unknown units fit anything."""
    kind = figure_kind(figure, vocab)
    if kind is None or figure is None:
        return True
    record_kind = "percent" if record.unit_kind != "quantity" else "quantity"
    if kind != record_kind:
        return False
    if kind == "percent":
        return True
    base = vocab.scale(figure.unit)[1].split()
    record_base = vocab.scale(record.unit)[1].split()
    return not base or not record_base or base[0] == record_base[0]


class _Index:
    """The rows of a table, for every claim linked against them: rows alike (the same words in
    their names, the same unit) are taken together, found by the rule that reads them and by the
    words of their names, so that a claim costs the few kinds of row it may speak of, however
    many rows there are (a document that repeats its table)."""

    def __init__(self, items: list[Assessed]) -> None:
        self.items = items
        self.size = len(items)
        self.groups: list[list[Indicator]] = []  # rows alike, in document order
        self.words: list[frozenset[str]] = []  # each group's words (common ones left out)
        kinds: dict[tuple[frozenset[str], str | None, str], int] = {}
        self.by_rule: dict[str, list[tuple[Indicator, int]]] = {}  # rows and their group
        self.by_word: dict[str, list[int]] = {}  # groups
        for item in items:
            record = item.record
            own = frozenset(words(record.name)) - _COMMON
            key = (own, record.unit, record.unit_kind)
            group = kinds.get(key)
            if group is None:
                group = kinds[key] = len(self.groups)
                self.groups.append([])
                self.words.append(own)
                for word in own:
                    self.by_word.setdefault(word, []).append(group)
            self.groups[group].append(record)
            if item.assessment.rule:
                self.by_rule.setdefault(item.assessment.rule, []).append((record, group))

    _last: ClassVar[_Index | None] = None

    @classmethod
    def of(cls, items: list[Assessed]) -> _Index:
        last = cls._last
        if last is None or last.items is not items or last.size != len(items):
            last = cls._last = cls(items)
        return last

    def fits(self, claim: Claim, vocab: Vocabulary) -> Callable[[int], bool]:
        """Whether the claim's figure fits a group's unit (`units_fit`), asked once a group."""
        known: dict[int, bool] = {}

        def fit(group: int) -> bool:
            if group not in known:
                known[group] = units_fit(claim.figure, self.groups[group][0], vocab)
            return known[group]

        return fit

    def by_alias(
        self, claim: Claim, rule: str, fit: Callable[[int], bool]
    ) -> tuple[list[Indicator], Indicator | None]:
        """The rows the rule reads that fit the claim's unit, and the one among them whose name
        shares the most words with the claim's subject (then its sentence), if one does."""
        rows = [(r, g) for r, g in self.by_rule.get(rule, ()) if fit(g)]
        if len(rows) <= 1:
            return [r for r, _ in rows], rows[0][0] if rows else None
        subject = set(words(claim.subject)) - _COMMON
        sentence = set(words(claim.sentence)) - _COMMON
        seen: dict[int, int] = {}
        for _, g in rows:
            seen[g] = seen.get(g, 0) + 1
        scored = sorted(
            ((len(subject & self.words[g]), len(sentence & self.words[g])), g) for g in seen
        )
        (best, group), runner = scored[-1], scored[-2][0] if len(scored) > 1 else None
        chosen = None
        if seen[group] == 1 and best != runner:
            chosen = next(r for r, g in rows if g == group)
        return [r for r, _ in rows], chosen

    def best_by_words(self, claim: Claim, fit: Callable[[int], bool]) -> Indicator | None:
        """The one row whose name shares the most words with the claim's subject, when it
        shares at least 3 and half of them, and no other row shares as many."""
        content = set(words(claim.subject)) - _COMMON
        shared: dict[int, int] = {}
        for word in content:
            for g in self.by_word.get(word, ()):
                shared[g] = shared.get(g, 0) + 1
        scores = [(n, g) for g, n in shared.items() if fit(g)]
        if not scores:
            return None
        best = max(n for n, _ in scores)
        tops = [g for n, g in scores if n == best]
        if len(tops) > 1 or len(self.groups[tops[0]]) > 1:
            return None  # rows alike share as many words: none is chosen
        if best < 3 or best < 0.5 * len(content):
            return None
        return self.groups[tops[0]][0]


def link(claim: Claim, items: list[Assessed], rules: Rules, vocab: Vocabulary) -> Link:
    if claim.kind == "count":
        return Link(claim, None, "a count of indicators, not one indicator")
    index = _Index.of(items)
    fit = index.fits(claim, vocab)
    # A news sentence must name its indicator itself; a report's verdict may lean on its paragraph.
    places = (
        (claim.subject,)
        if claim.kind == "statement"
        else (claim.subject, claim.text, claim.sentence, claim.context)
    )
    for place in places:
        for rule in rules.matches(place):
            candidates, chosen = index.by_alias(claim, rule.id, fit)
            if not candidates:
                continue
            if chosen is None:
                names = ", ".join(r.id for r in candidates)
                return Link(claim, None, f"several indicators fit ({names})")
            return Link(claim, chosen, f"alias of '{rule.id}'")
    if claim.kind == "statement":
        return Link(claim, None, "no indicator of the table is named by its alias")
    best = index.best_by_words(claim, fit)
    if best is not None:
        return Link(claim, best, "words shared with the indicator's name")
    return Link(claim, None, "no indicator of the table is named")


def claimed_interval(
    claim: Claim, record: Indicator, vocab: Vocabulary
) -> tuple[float, float] | None:
    """The claim's figure as an interval in the record's unit (1,45 triệu -> 1.450 nghìn)."""
    figure = claim.figure
    if figure is None:
        return None
    value = figure.value
    factor = 1.0
    if figure.unit and not figure.unit.startswith("%") and record.unit:
        factor = vocab.scale(figure.unit)[0] / vocab.scale(record.unit)[0]
    if value.kind == "number" and value.number is not None:
        half = value.half_unit() if not figure.fraction else 0.005
        return ((value.number - half) * factor, (value.number + half) * factor)
    if value.kind == "bound" and value.bound is not None:
        if value.op in (">", ">="):
            return (value.bound * factor, float("inf"))
        return (float("-inf"), value.bound * factor)
    return None


def figure_agrees(claimed: tuple[float, float], actual: Value) -> bool:
    a = interval(actual)
    if a is None:
        return True
    return claimed[0] <= a[1] + 1e-9 and a[0] <= claimed[1] + 1e-9


def of_another_measure(link: Link, links: Iterable[Link], vocab: Vocabulary) -> bool:
    """Whether a claim's figure is by another measure than the table's: it names its measure
    (`theo chuẩn nghèo giai đoạn 2016-2020`) and another claim of the same row and document,
    not by that measure, gives the table's figure. Without such a claim the words alone do not
    say which measure the table uses, and the difference stands."""
    claim, record = link.claim, link.record
    if not claim.measure or record is None or record.actual is None:
        return False
    for other in links:
        c = other.claim
        if (
            other.record is None
            or other.record.id != record.id
            or c is claim
            or c.path != claim.path
            or c.measure == claim.measure
        ):
            continue
        claimed = claimed_interval(c, record, vocab)
        if claimed is not None and figure_agrees(claimed, record.actual):
            return True
    return False

"""Which indicator of the table a claim in the prose speaks of — or none, rather than a wrong one.

First the aliases of data/targets.yaml, looked for in the words around the figure, then in its
clause, its sentence and the sentences before it in the paragraph; the first place that names an
indicator whose unit fits the figure decides. Without an alias, the words the claim shares with
an indicator's name decide, when one indicator clearly shares more than any other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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


def _overlap(text: str, record: Indicator) -> int:
    return len((set(words(text)) - _COMMON) & (set(words(record.name)) - _COMMON))


def _choose(claim: Claim, candidates: list[Indicator]) -> Indicator | None:
    if len(candidates) == 1:
        return candidates[0]
    scored = sorted(
        ((_overlap(claim.subject, r), _overlap(claim.sentence, r), r) for r in candidates),
        key=lambda t: (t[0], t[1]),
        reverse=True,
    )
    best, second = scored[0], scored[1]
    return best[2] if (best[0], best[1]) > (second[0], second[1]) else None


def link(claim: Claim, items: list[Assessed], rules: Rules, vocab: Vocabulary) -> Link:
    if claim.kind == "count":
        return Link(claim, None, "a count of indicators, not one indicator")
    by_rule: dict[str, list[Indicator]] = {}
    for item in items:
        if item.assessment.rule:
            by_rule.setdefault(item.assessment.rule, []).append(item.record)
    # A news sentence must name its indicator itself; a report's verdict may lean on its paragraph.
    places = (
        (claim.subject,)
        if claim.kind == "statement"
        else (claim.subject, claim.text, claim.sentence, claim.context)
    )
    for place in places:
        for rule in rules.matches(place):
            candidates = [r for r in by_rule.get(rule.id, []) if units_fit(claim.figure, r, vocab)]
            if not candidates:
                continue
            chosen = _choose(claim, candidates)
            if chosen is None:
                names = ", ".join(r.id for r in candidates)
                return Link(claim, None, f"several indicators fit ({names})")
            return Link(claim, chosen, f"alias of '{rule.id}'")
    if claim.kind == "statement":
        return Link(claim, None, "no indicator of the table is named by its alias")
    fitting = [i.record for i in items if units_fit(claim.figure, i.record, vocab)]
    scored = sorted(((_overlap(claim.subject, r), r) for r in fitting), key=lambda t: t[0])
    if scored:
        best = scored[-1]
        runner = scored[-2][0] if len(scored) > 1 else 0
        content = set(words(claim.subject)) - _COMMON
        if best[0] >= 3 and best[0] > runner and best[0] >= 0.5 * len(content):
            return Link(claim, best[1], "words shared with the indicator's name")
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

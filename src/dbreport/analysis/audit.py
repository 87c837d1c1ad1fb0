"""The report against its own figures, its own words, and the news.

Every check allows for the rounding of printed figures (a printed `54` may be 53,5...54,5) and
flags only what no rounding explains. Figures of different periods or different measures are
not compared (a single year's growth is not the five-year average); those pairs are listed as
`info`, so a reader sees what was set aside and why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel

from dbreport.analysis.linking import Link, claimed_interval, figure_agrees, of_another_measure
from dbreport.analysis.status import ACHIEVED, LABELS, SHORT
from dbreport.arithmetic import comparison_readings, interval
from dbreport.extraction.claims import Claim
from dbreport.models import Indicator, Table
from dbreport.pipeline import Assessed
from dbreport.values import Value, english_outside_quotes, format_number
from dbreport.vocab import Vocabulary

Severity = Literal["error", "warning", "info"]
Kind = Literal[
    "comparison_column",
    "body_value",
    "body_ratio",
    "body_verdict",
    "body_target",
    "news_value",
    "report_claim",
    "not_compared",
    "target_twice",
]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


class Place(BaseModel):
    document: str
    line: int | None = None
    last_line: int | None = None
    page: int | None = None
    date: str | None = None
    indicator: str | None = None

    def label(self, lang: str, *, with_document: bool = True) -> str:
        if self.page:
            where = f"tr. {self.page}" if lang == "vi" else f"p. {self.page}"
        elif self.line is not None and self.last_line not in (None, self.line):
            where = (
                f"dòng {self.line}-{self.last_line}"
                if lang == "vi"
                else (f"lines {self.line}-{self.last_line}")
            )
        else:
            where = f"dòng {self.line}" if lang == "vi" else f"line {self.line}"
        return f"{self.document}, {where}" if with_document else where


class Finding(BaseModel):
    kind: Kind
    severity: Severity
    indicator: str | None = None
    name: str | None = None
    name_en: str | None = None  # the indicator's English name, where the data files know it
    code: str
    args: dict[str, str]
    places: list[Place]

    def message(self, lang: str = "vi") -> str:
        template = MESSAGES[self.code][lang if lang in ("vi", "en") else "en"]
        by_document: dict[str, list[str]] = {}
        for p in self.places:
            by_document.setdefault(p.document, []).append(p.label(lang, with_document=False))
        places = "; ".join(f"{doc}, {', '.join(where)}" for doc, where in by_document.items())
        name = (self.name_en if lang == "en" else None) or self.name or ""
        text = template.format(**self.args, name=name, places=places)
        return english_outside_quotes(text) if lang == "en" else text

    def short(self, lang: str = "vi") -> str:
        """The finding in a few words, for the row of the indicator it is about."""
        template = SHORT_MESSAGES.get(self.code, {}).get(lang if lang in ("vi", "en") else "en")
        if template is None:
            return ""
        first = self.places[0]
        where = (
            (f"tr. {first.page}" if lang == "vi" else f"p. {first.page}")
            if first.page
            else (f"dòng {first.line}" if lang == "vi" else f"line {first.line}")
        )
        text = template.format(**self.args, where=where)
        return english_outside_quotes(text) if lang == "en" else text


# A finding about one row, as that row shows it: the report's own words that say otherwise.
ROW_KINDS = frozenset(
    {"comparison_column", "body_value", "body_ratio", "body_verdict", "body_target"}
)
SHORT_MESSAGES: dict[str, dict[str, str]] = {
    "target_twice": {
        "vi": "{where}: mục tiêu {year} ghi {a}, bảng ghi {b}",
        "en": "{where}: the {year} target is {a}; the table says {b}",
    },
    "comparison_ratio": {
        "vi": "cột so sánh ghi {c}, số liệu cho {r}%",
        "en": "comparison column {c}; the figures give {r}%",
    },
    "comparison_difference": {
        "vi": "cột so sánh ghi {c}, số liệu cho {r}",
        "en": "comparison column {c}; the figures give {r}",
    },
    "comparison_range": {
        "vi": "cột so sánh ghi {c}, số liệu cho {lo}%-{hi}%",
        "en": "comparison column {c}; the figures give {lo}%-{hi}%",
    },
    "body_value": {"vi": "{where}: {b}{period}", "en": "{where}: {b}{period}"},
    "body_ratio": {
        "vi": "{where}: «{v}», số liệu cho {r}%",
        "en": "{where}: '{v}'; figures give {r}%",
    },
    "body_verdict": {"vi": "{where}: «{v}»", "en": "{where}: '{v}'"},
    "body_target": {"vi": "{where}: mục tiêu {b}", "en": "{where}: target {b}"},
}


MESSAGES: dict[str, dict[str, str]] = {
    "target_twice": {
        "vi": "{name}: mục tiêu {year} ghi hai giá trị: danh sách chỉ tiêu {a}, bảng {b} "
        "({places}).",
        "en": "{name}: the {year} target is stated with two values: the list says {a}, the "
        "table {b} ({places}).",
    },
    "comparison_ratio": {
        "vi": "{name}: cột so sánh ghi {c}, nhưng {a} / {t} = {r}% ({places}).",
        "en": "{name}: the comparison column says {c}, but {a} / {t} = {r}% ({places}).",
    },
    "comparison_difference": {
        "vi": "{name}: cột so sánh ghi {c}, nhưng {a} − {t} = {r} ({places}).",
        "en": "{name}: the comparison column says {c}, but {a} − {t} = {r} ({places}).",
    },
    "comparison_range": {
        "vi": "{name}: cột so sánh ghi {c}; so với mục tiêu {t}, {a} là {lo}%-{hi}%, "
        "không ra {c} ({places}).",
        "en": "{name}: the comparison column says {c}; against the target {t}, {a} is "
        "{lo}%-{hi}%, never {c} ({places}).",
    },
    "body_value": {
        "vi": "{name}: thân báo cáo ghi {b}{period}, bảng ghi {a} ({places}).",
        "en": "{name}: the body text says {b}{period}, the table {a} ({places}).",
    },
    "body_ratio": {
        "vi": "{name}: thân báo cáo ghi «{v}», nhưng theo bảng {a} / {t} = {r}% ({places}).",
        "en": "{name}: the body text says '{v}', but by the table {a} / {t} = {r}% ({places}).",
    },
    "body_verdict": {
        "vi": "{name}: thân báo cáo ghi «{v}», nhưng theo bảng {a} so với {t} là «{s}» ({places}).",
        "en": "{name}: the body text says '{v}', but by the table {a} against {t} is '{s_en}' "
        "({places}).",
    },
    "body_target": {
        "vi": "{name}: thân báo cáo nêu mục tiêu {b}, bảng ghi {t} ({places}).",
        "en": "{name}: the body text states the target as {b}, the table as {t} ({places}).",
    },
    "news_value": {
        "vi": "{name} {year}: báo cáo ghi {a}{estimate}; {doc}, {later}, ghi {n} ({places}).",
        "en": "{name} {year}: the report gives {a}{estimate_en}; {doc}, {later_en}, gives {n} "
        "({places}).",
    },
    "report_claim": {
        "vi": "Báo cáo ghi «{v}», nhưng theo số liệu của bảng, {k}/{m} nhóm có chỉ tiêu chưa "
        "đạt: {groups} ({places}).",
        "en": "The report says '{v}', but by its own table {k} of {m} groups hold an indicator "
        "not met: {groups} ({places}).",
    },
    "not_compared_period": {
        "vi": "{name}: không so sánh {n} ({doc}, {p1}) với {a} của báo cáo ({p2}): khác kỳ "
        "({places}).",
        "en": "{name}: {n} ({doc}, {p1}) is not compared with the report's {a} ({p2}): "
        "another period ({places}).",
    },
    "not_compared_no_period": {
        "vi": "{name}: không so sánh {n} ({doc}) với {a} của báo cáo: câu không nêu kỳ số liệu "
        "({places}).",
        "en": "{name}: {n} ({doc}) is not compared with the report's {a}: the sentence names no "
        "period ({places}).",
    },
    "not_compared_measure": {
        "vi": "{name}: không so sánh {n} ({doc}) với {a} của báo cáo: khác cách đo ({why}) "
        "({places}).",
        "en": "{name}: {n} ({doc}) is not compared with the report's {a}: another measure "
        "({why}) ({places}).",
    },
}


def _place(record: Indicator) -> Place:
    s = record.source
    return Place(
        document=s.document, line=s.line, last_line=s.last_line, page=s.page, indicator=record.id
    )


def _claim_place(claim: Claim) -> Place:
    return Place(
        document=claim.document,
        line=claim.line,
        last_line=claim.last_line,
        page=claim.page,
        date=claim.date,
    )


def _fmt(x: float, decimals: int = 2) -> str:
    return format_number(x, decimals)


# -- the table against itself ------------------------------------------------------------------
def comparison_findings(items: Iterable[Assessed]) -> list[Finding]:
    out: list[Finding] = []
    for item in items:
        r = item.record
        t, a, c = r.target, r.actual, r.reported_comparison
        if c is None or c.kind != "number" or t is None or a is None or c.number is None:
            continue
        if t.kind == "number" and a.kind == "number" and t.number and a.number is not None:
            if comparison_readings(t, a, c):
                continue
            ratio_like = c.percent or r.unit_kind == "quantity"
            if ratio_like and t.number < 0:
                continue  # no ratio to a negative target: nothing to check the column against
            value = a.number / t.number * 100 if ratio_like else a.number - t.number
            code = "comparison_ratio" if ratio_like else "comparison_difference"
            out.append(
                Finding(
                    kind="comparison_column",
                    severity="error",
                    indicator=r.id,
                    name=r.name,
                    name_en=r.name_en,
                    code=code,
                    args={"c": c.raw, "a": a.raw, "t": t.raw, "r": _fmt(value)},
                    places=[_place(r)],
                )
            )
        elif (
            t.kind == "range"
            and a.kind == "number"
            and t.low is not None
            and t.low > 0
            and t.high
            and a.number
        ):
            low, high = a.number / t.high * 100, a.number / t.low * 100
            lo_c, hi_c = c.number - c.half_unit(), c.number + c.half_unit()
            if hi_c < low - 1e-9 or lo_c > high + 1e-9:
                out.append(
                    Finding(
                        kind="comparison_column",
                        severity="warning",
                        indicator=r.id,
                        name=r.name,
                        name_en=r.name_en,
                        code="comparison_range",
                        args={
                            "c": c.raw,
                            "a": a.raw,
                            "t": t.raw,
                            "lo": _fmt(low),
                            "hi": _fmt(high),
                        },
                        places=[_place(r)],
                    )
                )
    return out


# -- figures of the prose against the table ---------------------------------------------------
def _claimed_ratio(claim: Claim, record: Indicator) -> tuple[str, float] | None:
    """What the table's own figures give for the ratio or difference the prose states."""
    t, a = record.target, record.actual
    if claim.amount is None or t is None or a is None or t.kind != "number" or a.kind != "number":
        return None
    if t.number is None or a.number is None or not t.number:
        return None
    if claim.amount_kind == "ratio" and t.number < 0:
        return None  # a ratio to a negative target means nothing
    if claim.amount_kind == "ratio":
        return "ratio", a.number / t.number * 100
    return "points", a.number - t.number


def _ratio_agrees(claim: Claim, record: Indicator) -> bool:
    assert claim.amount is not None
    t, a = record.target, record.actual
    assert t is not None and a is not None and t.number and a.number is not None
    half_a = a.half_unit()
    printed = re.search(r"[\d.,]+(?=\s*(?:điểm|%))", claim.verdict_text or "")
    half_c = (
        0.5 * 10 ** -len(printed.group(0).split(",")[1])
        if printed and "," in printed.group(0)
        else 0.5
    )
    if claim.amount_kind == "ratio":
        lo, hi = (a.number - half_a) / t.number * 100, (a.number + half_a) / t.number * 100
    else:
        lo, hi = a.number - half_a - t.number, a.number + half_a - t.number
    return claim.amount - half_c <= hi + 1e-9 and lo <= claim.amount + half_c + 1e-9


def body_findings(links: Iterable[Link], items: list[Assessed], vocab: Vocabulary) -> list[Finding]:
    by_id = {i.record.id: i for i in items}
    out: list[Finding] = []
    links = list(links)
    for link in links:
        claim, record = link.claim, link.record
        if record is None or claim.kind != "verdict":
            continue
        item = by_id[record.id]
        places = [_claim_place(claim), _place(record)]
        base = {
            "indicator": record.id,
            "name": record.name,
            "name_en": record.name_en,
            "places": places,
        }
        claimed = claimed_interval(claim, record, vocab)
        value_agrees = True
        if claimed is not None and record.actual is not None and record.actual.is_numeric:
            value_agrees = figure_agrees(claimed, record.actual)
            if not value_agrees:
                assert claim.figure is not None
                if of_another_measure(link, links, vocab):
                    # another way of measuring, said so in the text: not compared, but shown
                    out.append(
                        Finding(
                            kind="not_compared",
                            severity="info",
                            code="not_compared_measure",
                            args={
                                "n": claim.figure.raw,
                                "doc": claim.document,
                                "a": record.actual.raw,
                                "why": claim.measure,
                            },
                            **base,
                        )
                    )
                    continue
                period = ""
                if claim.period and claim.period[0] != claim.period[1]:
                    period = f" ({claim.period[0]}-{claim.period[1]})"
                out.append(
                    Finding(
                        kind="body_value",
                        severity="error",
                        code="body_value",
                        args={"b": claim.figure.raw, "a": record.actual.raw, "period": period},
                        **base,
                    )
                )
        if not claim.against_table_target:
            continue  # a plan's or a budget's verdict: its figure compared, nothing else
        if value_agrees and claim.amount is not None:
            ratio = _claimed_ratio(claim, record)
            if ratio is not None and not _ratio_agrees(claim, record):
                assert record.actual is not None and record.target is not None
                out.append(
                    Finding(
                        kind="body_ratio",
                        severity="error",
                        code="body_ratio",
                        args={
                            "v": claim.verdict_text or "",
                            "a": record.actual.raw,
                            "t": record.target.raw,
                            "r": _fmt(ratio[1]),
                        },
                        **base,
                    )
                )
        stated, target = claim.stated_target, record.target
        if (
            stated is not None
            and target is not None
            and stated.raw
            and not _same_target(stated, target)
        ):
            out.append(
                Finding(
                    kind="body_target",
                    severity="warning",
                    code="body_target",
                    args={"b": stated.raw, "t": target.raw},
                    **base,
                )
            )
        computed = item.assessment.cells_status
        said = claim.verdict
        if said is None or computed == "not_assessed":
            continue
        unsupported = (said in ACHIEVED) != (computed in ACHIEVED) or (
            said == "nearly_met" and computed == "not_met"
        )
        if unsupported and record.actual is not None and record.target is not None:
            out.append(
                Finding(
                    kind="body_verdict",
                    severity="warning",
                    code="body_verdict",
                    args={
                        "v": claim.verdict_text or "",
                        "a": record.actual.raw,
                        "t": record.target.raw,
                        "s": LABELS["vi"][computed],
                        "s_en": LABELS["en"][computed],
                    },
                    **base,
                )
            )
    return out


def _same_target(stated: Value, target: Value) -> bool:
    if stated.kind == "bound" and target.kind == "bound":
        return stated.op == target.op and stated.bound == target.bound
    s, t = interval(stated, exact=True), interval(target, exact=True)
    if s is not None and t is not None:
        return abs(s[0] - t[0]) < 1e-9
    return stated.raw.replace(" ", "") == target.raw.replace(" ", "")


# -- other documents against the report --------------------------------------------------------
_AVERAGE = re.compile(r"bình\s+quân", re.IGNORECASE)
_SPAN = re.compile(r"((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})")


def record_period(record: Indicator) -> tuple[tuple[int, int] | None, bool]:
    """The period a row speaks of and whether it is an average over it."""
    span = _SPAN.search(record.name)
    average = bool(_AVERAGE.search(record.name))
    if span:
        return (int(span.group(1)), int(span.group(2))), average
    if record.actual_year:
        return (record.actual_year, record.actual_year), average
    return None, average


def news_findings(links: Iterable[Link], tables: list[Table], vocab: Vocabulary) -> list[Finding]:
    estimated = {
        t.document: any("ước" in n.text.lower() for n in t.notes) or "uoc" in t.header
        for t in tables
    }
    out: list[Finding] = []
    for link in links:
        claim, record = link.claim, link.record
        if record is None or claim.kind != "statement" or claim.figure is None:
            continue
        if record.actual is None or not record.actual.is_numeric:
            continue
        places = [_claim_place(claim), _place(record)]
        base = {
            "indicator": record.id,
            "name": record.name,
            "name_en": record.name_en,
            "places": places,
        }
        period, average = record_period(record)
        said_average = bool(_AVERAGE.search(claim.subject))
        common = {"n": claim.figure.raw, "doc": claim.document, "a": record.actual.raw}
        if claim.period is None:
            out.append(
                Finding(
                    kind="not_compared",
                    severity="info",
                    code="not_compared_no_period",
                    args=common,
                    **base,
                )
            )
            continue
        if period is None or claim.period != period:
            out.append(
                Finding(
                    kind="not_compared",
                    severity="info",
                    code="not_compared_period",
                    args={
                        **common,
                        "p1": _period_text(claim.period),
                        "p2": _period_text(period),
                    },
                    **base,
                )
            )
            continue
        if average != said_average or claim.measure:
            why = claim.measure or (
                "bình quân nhiều năm / một năm" if average else "một năm / bình quân"
            )
            out.append(
                Finding(
                    kind="not_compared",
                    severity="info",
                    code="not_compared_measure",
                    args={**common, "why": why},
                    **base,
                )
            )
            continue
        claimed = claimed_interval(claim, record, vocab)
        if claimed is None or figure_agrees(claimed, record.actual):
            continue
        later_is_news = claim.date is not None
        out.append(
            Finding(
                kind="news_value",
                severity="warning",
                code="news_value",
                args={
                    **common,
                    "date": claim.date or "?",
                    "year": _period_text(period),
                    "estimate": " (ước tính)" if estimated.get(record.source.document) else "",
                    "estimate_en": " (an estimate)"
                    if estimated.get(record.source.document)
                    else "",
                    "later": f"công bố sau, ngày {claim.date}"
                    if later_is_news
                    else "không ghi ngày",
                    "later_en": f"published later, on {claim.date}" if later_is_news else "undated",
                },
                **base,
            )
        )
    return out


def _period_text(period: tuple[int, int] | None) -> str:
    if period is None:
        return "?"
    return str(period[0]) if period[0] == period[1] else f"{period[0]}-{period[1]}"


# -- claims about the whole table ---------------------------------------------------------------
def count_findings(claims: Iterable[Claim], items: list[Assessed]) -> list[Finding]:
    out: list[Finding] = []
    for claim in claims:
        if claim.kind != "count" or claim.count is None or claim.count_of != "groups":
            continue
        _, total = claim.count
        scopes: dict[str | None, dict[str, list[Assessed]]] = {None: {}}
        for item in items:
            key = f"{item.record.section}.{item.record.group}"
            scopes.setdefault(item.record.section, {}).setdefault(key, []).append(item)
            scopes[None].setdefault(key, []).append(item)
        scope = next((s for s, groups in scopes.items() if len(groups) == total), None)
        if scope is None and len(scopes[None]) != total:
            continue
        groups = scopes[scope]
        short = {
            key: [i.record.id for i in members if i.assessment.status == "not_met"]
            for key, members in groups.items()
        }
        short = {k: v for k, v in short.items() if v}
        if not short:
            continue
        listing = "; ".join(f"{k.split('.')[-1]} ({', '.join(v)})" for k, v in short.items())
        out.append(
            Finding(
                kind="report_claim",
                severity="warning",
                code="report_claim",
                args={
                    "v": claim.text,
                    "k": str(len(short)),
                    "m": str(total),
                    "groups": listing,
                },
                places=[_claim_place(claim)],
            )
        )
    return out


def audit(
    items: list[Assessed],
    links: list[Link],
    claims: list[Claim],
    tables: list[Table],
    vocab: Vocabulary,
) -> list[Finding]:
    findings = [
        *comparison_findings(items),
        *body_findings(links, items, vocab),
        *news_findings(links, tables, vocab),
        *count_findings(claims, items),
    ]
    order = {r.record.id: n for n, r in enumerate(items)}
    return sorted(
        findings,
        key=lambda f: (SEVERITY_ORDER[f.severity], order.get(f.indicator or "", 10**6)),
    )


def short_only_in_text(links: Iterable[Link]) -> list[Claim]:
    """Claims the prose makes of a target not met, about no indicator of the table."""
    return [
        link.claim
        for link in links
        if link.record is None
        and link.claim.kind == "verdict"
        and link.claim.verdict in SHORT
        and link.claim.against_table_target
    ]

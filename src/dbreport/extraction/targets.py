"""The targets a document sets in prose: the lists of a congress resolution or of a report's Part
Two (`Các chỉ tiêu chủ yếu`), numbered inline (`(1) … (15)`), one per line (`(1)- …`), or as
bullets, under field headings (`Về kinh tế:`), with `;` between targets.

Each target is a figure of such a list with the words that name it: `Tổng thu ngân sách trên địa
bàn năm 2030 trên 5.000 tỷ đồng` is a bound (> 5.000 tỷ đồng) for 2030; `từ 8.800 - 9.000 lao
động` a range; `3%/năm trở lên` a floor of a yearly rate; `tăng 4,01% so với năm 2025` is a
change against today, not a target, and is left out. The wording is in data/vocabulary.yaml
(`target_lists`). Groundwork for issue 15: read here, not yet a command.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel

from dbreport.extraction.claims import Figure, _figures
from dbreport.sources import Document
from dbreport.textnorm import fold, squeeze
from dbreport.values import Value
from dbreport.vocab import Vocabulary

_MARKER = re.compile(r"(?:^|\s)(?:\(\d{1,2}\)\s*-?|•|\d{1,2}\.(?=\s))\s*")
_SPAN = re.compile(r"((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})")
_YEAR = re.compile(r"năm\s+((?:19|20)\d{2})", re.IGNORECASE)
_BETWEEN = re.compile(r"^\s*(?:-|–|đến)\s*$", re.IGNORECASE)


class TargetPeriod(BaseModel):
    kind: Literal["year", "span", "average"]
    start: int | None = None
    end: int | None = None


class ProseTarget(BaseModel):
    """One target a list sets: its name, its value (the same model as a table cell), its unit,
    its period where the words say it, and where it was read."""

    name: str
    value: Value
    unit: str | None = None
    period: TargetPeriod | None = None
    field: str | None = None  # `Về kinh tế`: the heading it sits under
    document: str
    line: int
    sentence: str


def _region(doc: Document, vocab: Vocabulary) -> list[tuple[int, str]]:
    """The lines of the first target list: from a heading of the genre to the next heading that
    ends it (or the end of the document)."""
    words = vocab.target_lists
    lines = doc.lines
    start = next(
        (
            i
            for i, line in enumerate(lines)
            if len(line.text) < 120 and any(fold(h) in fold(line.text) for h in words.headings)
        ),
        None,
    )
    if start is None:
        return []
    out: list[tuple[int, str]] = []
    for line in lines[start + 1 :]:
        if any(fold(line.text).strip().startswith(fold(e)) for e in words.ends):
            break
        out.append((line.no, line.text))
    return out


def _period(text: str) -> TargetPeriod | None:
    text = _PRICE.sub(" ", text)  # `(theo giá năm 2010)`: a price base, not the period
    span = _SPAN.search(text)
    folded = fold(text)
    if "binh quan" in folded or "/nam" in folded.replace(" ", ""):
        return TargetPeriod(
            kind="average",
            start=int(span.group(1)) if span else None,
            end=int(span.group(2)) if span else None,
        )
    if span:
        return TargetPeriod(kind="span", start=int(span.group(1)), end=int(span.group(2)))
    year = _YEAR.search(text)
    if year:
        return TargetPeriod(kind="year", start=int(year.group(1)), end=int(year.group(1)))
    return None


_LEAD = re.compile(
    r"^(?:(?:đến|vào)\s+(?:hết\s+|cuối\s+)?năm\s+(?:19|20)\d{2}|hằng\s+năm|trở\s+lên|trong\s+đó)"
    r"\s*,?\s*",
    re.IGNORECASE,
)
_PRICE = re.compile(r"\(?theo\s+giá[^)]*\)?", re.IGNORECASE)


def _name(words: str, vocab: Vocabulary) -> str:
    """The words that name a target, without the verbs and fillers around its figure."""
    text = squeeze(words).strip(" ,;:-–(")
    while _LEAD.match(text):
        text = _LEAD.sub("", text, count=1).strip(" ,;:-–(")
    fillers = sorted(vocab.target_lists.fillers, key=len, reverse=True)
    changed = True
    while changed and text:
        changed = False
        for filler in fillers:
            pattern = re.compile(rf"(?:^|\s){re.escape(filler)}\s*$", re.IGNORECASE)
            trimmed = pattern.sub("", text).strip(" ,;:-–(")
            if trimmed != text:
                text, changed = trimmed, True
    text = re.sub(r"\s*(?:đến\s+)?(?:hết\s+)?năm\s+(?:19|20)\d{2}\s*$", "", text, flags=re.I)
    text = re.sub(r"\s*giai\s+đoạn\s+(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}\s*$", "", text)
    return text.strip(" ,;:-–(")


def _bounded(figure: Figure, before: str, after: str, vocab: Vocabulary) -> Value:
    """`3%/năm trở lên`, `tối thiểu 1.500 căn`: a floor; `không quá 5%`: a ceiling."""
    value = figure.value
    if value.kind != "number" or value.number is None:
        return value
    words = vocab.target_lists
    tail, head = fold(after)[:20], fold(before)[-20:]
    floor = any(tail.lstrip().startswith(fold(w)) for w in words.floor_after) or any(
        head.rstrip().endswith(fold(w)) for w in words.floor_before
    )
    ceiling = any(head.rstrip().endswith(fold(w)) for w in words.ceiling_before)
    if floor or ceiling:
        return value.model_copy(
            update={"kind": "bound", "op": ">=" if floor else "<=", "bound": value.number}
        )
    return value


def _clause_targets(
    clause: str, vocab: Vocabulary
) -> list[tuple[str, Value, str | None, TargetPeriod | None]]:
    found = _figures(clause, vocab)
    out: list[tuple[str, Value, str | None, TargetPeriod | None]] = []
    last_end = 0
    skip_next = False
    for k, (start, end, figure) in enumerate(found):
        if skip_next:
            skip_next = False
            last_end = end
            continue
        after = clause[end:]
        if re.match(r"\s*so\s+với", after, re.IGNORECASE):
            last_end = end
            continue  # `tăng 4,01% so với năm 2025`: a change, not a target
        value: Value = figure.value
        unit = figure.unit
        if k + 1 < len(found) and _BETWEEN.match(clause[end : found[k + 1][0]]):
            upper = found[k + 1][2]
            low, high = figure.value.number, upper.value.number
            if low is not None and high is not None and low <= high:
                unit = upper.unit or unit
                raw = squeeze(clause[start : found[k + 1][1]])
                value = Value(
                    raw=raw, kind="range", low=low, high=high, percent=upper.value.percent
                )
                after = clause[found[k + 1][1] :]
                skip_next = True
        before = clause[last_end:start]
        if value.kind == "number":
            value = _bounded(figure, clause[:start], after, vocab)
        name = _name(re.sub(r"^\s*từ\s*$", "", before), vocab)
        name = re.sub(r"\s+từ$", "", name)
        last_end = found[k + 1][1] if skip_next else end
        if not name or (len(name.split()) < 2 and fold(name) in ("tang", "giam")):
            continue  # a bare `giảm 4,01%`: a change of the figure before, not a target
        out.append((name, value, unit, _period(clause[:last_end] + " " + (unit or ""))))
    return out


def find_prose_targets(doc: Document, vocab: Vocabulary) -> list[ProseTarget]:
    """The targets of the first target list of a document, in the order they are written."""
    region = _region(doc, vocab)
    if not region:
        return []
    out: list[ProseTarget] = []
    field: str | None = None
    for line_no, text, sentence in _items(region):
        heading = re.match(r"^\s*(?:\d+(?:\.\d+)*\.?\s*)?(Về\s+[^:]{2,60}?)\s*:?\s*$", text, re.I)
        if heading:
            field = squeeze(heading.group(1))
            continue
        lead = re.match(r"^\s*(Về\s+[^:]{2,60}):\s*", text, re.IGNORECASE)
        if lead:
            field, text = squeeze(lead.group(1)), text[lead.end() :]
        for clause in re.split(r";|\.\s+(?=[A-ZĐÀ-Ỹ])", text):
            for name, value, unit, period in _clause_targets(clause, vocab):
                out.append(
                    ProseTarget(
                        name=name,
                        value=value,
                        unit=unit,
                        period=period,
                        field=field,
                        document=doc.name,
                        line=line_no,
                        sentence=squeeze(sentence),
                    )
                )
    return out


def _items(region: list[tuple[int, str]]) -> list[tuple[int, str, str]]:
    """The list's items as (first line, text, the item as printed): items start at a marker
    (`(3)`, `•`, `3.`) or at a field heading; lines without one continue the item before."""
    items: list[tuple[int, list[str]]] = []
    for line_no, line in region:
        if not line.strip():
            continue
        parts = [p for p in _MARKER.split(line) if p.strip()]
        starts = bool(_MARKER.match(line)) or bool(
            re.match(r"^\s*(?:\d+(?:\.\d+)+\.?\s+)?Về\s", line)
        )
        if starts or not items:
            items.append((line_no, [parts[0]] if parts else []))
            parts = parts[1:]
        elif parts:
            items[-1][1].append(parts[0])
            parts = parts[1:]
        for part in parts:  # more markers on the same line: inline numbering
            items.append((line_no, [part]))
    return [(no, " ".join(t), " ".join(t)) for no, t in items]

"""The targets a document sets: its prose lists (a congress resolution, a report's Part Two,
`Các chỉ tiêu chủ yếu`) and its table's future column (`Mục tiêu 2030`).

A list is numbered inline (`(1) … (15)`, `1. … 15.`), one item per line (`(1)- …`), or bulleted
(`-`, `+`, `•`), under field headings (`Về kinh tế:`), with `;` between targets. Each target is a
figure with the words that name it: `Tổng thu ngân sách trên địa bàn năm 2030 trên 5.000 tỷ
đồng` is a bound (> 5.000 tỷ đồng) for 2030; `từ 8.800 - 9.000 lao động` a range; `giảm bình quân
3%/năm trở lên` a floor of a yearly fall; `100% xã đạt chuẩn` names its target after the figure;
`10 bác sĩ và 30 giường bệnh/1 vạn dân` is two targets sharing a denominator; `Không còn hộ đói`
a target without a figure. Figures that qualify a name (`trẻ em dưới 5 tuổi`, `quốc lộ 279`), a
change against today (`tăng 4,01% so với năm 2025`) and asides in brackets set nothing. The
wording is data (data/vocabulary.yaml `target_lists`).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from functools import lru_cache
from itertools import pairwise
from typing import Literal

from pydantic import BaseModel, Field

from dbreport.catalogue import load_catalogue
from dbreport.extraction.claims import Figure, _figures
from dbreport.limits import LOOKBACK_CHARS, MAX_SENTENCE_CHARS, check_document, notice
from dbreport.models import Table
from dbreport.rules import Rules
from dbreport.sources import Document
from dbreport.textnorm import fold, squeeze
from dbreport.values import Value
from dbreport.vocab import TargetLists, Vocabulary

Change = Literal["increase", "decrease"]
Direction = Literal["higher", "lower", "band", "none"]

_MARKER = re.compile(
    r"(?:^\s*[-+–*](?=\s)|(?:^|(?<=[\s.;:]))(?:\(\d{1,2}\)\s*[-–.:]?|\d{1,2}\s*\)|•|\d{1,2}\.(?=\s)))"
    r"\s*"
)
_SPAN = re.compile(r"((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})")
_YEAR = re.compile(r"năm\s+((?:19|20)\d{2})", re.IGNORECASE)
_BETWEEN = re.compile(r"^\s*(?:-|–|÷|đến|tới)\s*$", re.IGNORECASE)
_PAREN = re.compile(r"\([^()]*\)")
_COUNT = re.compile(r"\s*\(([^()]*\d[^()]*)\)")  # `(04/09 thôn)` after a figure
_TIMES = re.compile(r"gấp\s*$", re.IGNORECASE)
_VERSUS = re.compile(r"\s*(?:%\s*)?so\s+với", re.IGNORECASE)
_PRICE = re.compile(r"\(?theo\s+giá[^)]*\)?", re.IGNORECASE)
_AGAINST = re.compile(r"so\s+với\s+(?:năm\s+|cùng\s+kỳ\s+)?(?:(?:19|20)\d{2})?", re.IGNORECASE)
_FIELD = re.compile(
    r"^\s*(?:[\d.]+\s*|[a-zđ]\)\s*|[-+•]\s*)?(Về\s+[^:.;]{2,70}?)\s*[:.]?\s*$", re.I
)
_FIELD_LEAD = re.compile(r"^\s*(?:[\d.]+\s*|[a-zđ]\)\s*|[-+•]\s*)?(Về\s+[^:]{2,70}?)\s*:\s*", re.I)
_HEAD_NUMBER = re.compile(r"^\s*(?:[IVXL]+\.|[A-ZĐ]\.|\d+(?:\.\d+)*\.?|[a-zđ]\))\s*")


class TargetPeriod(BaseModel):
    """When a target is due: a `year` (`năm 2030`), a `span` whose total it sets (`giai đoạn
    2026-2030`), or `average`: each year's or the yearly average (`bình quân`, `%/năm`,
    `hằng năm`). `stated` is False when the words name no year and the list's horizon is used."""

    kind: Literal["year", "span", "average"]
    start: int | None = None
    end: int | None = None
    stated: bool = True

    def label(self) -> str:
        years = (
            f"{self.start}-{self.end}"
            if self.start and self.end and self.start != self.end
            else str(self.end or self.start or "")
        )
        return f"average {years}".strip() if self.kind == "average" else years


class Target(BaseModel):
    """One target a document sets: its name, its value (the same model as a table cell), its
    unit, its period, the way of good, and where it was read (a list's line or a table's row)."""

    name: str
    indicator_id: str | None = Field(None, description="the catalogue's id, when it knows it")
    value: Value
    unit: str | None = None
    period: TargetPeriod | None = None
    direction: Direction | None = None
    direction_from: Literal["rules", "catalogue", "bound", "none"] = "none"
    change: Change | None = Field(None, description="`giảm 3%/năm`: a change, not a level")
    field: str | None = None  # `Về kinh tế`: the heading it sits under
    part_of: str | None = Field(None, description="`trong đó …`: the target it is part of")
    count: str | None = Field(None, description="`50% (8 xã)`: the count printed beside it")
    origin: Literal["list", "table"] = "list"
    row: str | None = Field(None, description="the table row, for a table's target")
    document: str
    line: int | None = None
    page: int | None = None
    sentence: str = ""

    @property
    def qualitative(self) -> bool:
        return self.value.kind == "text"


# -- the list's place in the document ----------------------------------------------------------


def _is_heading(text: str, words: TargetLists) -> int | None:
    """Where the list starts on a line that opens one (after its heading words and a `:`), or
    None when the line opens none."""
    folded = fold(text)
    if any(fold(w) in folded[:250] for w in words.not_headings):
        return None
    for heading in sorted(words.headings, key=len, reverse=True):
        at = folded.find(fold(heading))
        if at < 0 or at > 250:
            continue
        if re.search(r"\d\s*$", text[:at]) or re.match(
            r"\s*(?:đạt|vượt|hoàn thành)", folded[at + len(fold(heading)) :][:30]
        ):
            continue  # `25/28 chỉ tiêu chủ yếu đạt`: a count of results, no list
        colon = text.find(":", at)
        if 0 <= colon < at + len(heading) + 80 and text[colon + 1 :].strip():
            return colon + 1  # `… các chỉ tiêu chủ yếu: (1) …`: the list starts on this line
        if len(text) < 140:
            return len(text)
        # a long line: the list follows the heading's words (`CÁC CHỈ TIÊU … 2025 I. Về …`)
        rest = text[at + len(heading) :]
        start = re.search(r"\s(?=(?:[IVX]+\.|\(?1[.)]|-)\s)", rest)
        return at + len(heading) + (start.start() if start else 0)
    return None


def _cue_regions(doc: Document, words: TargetLists) -> list[list[tuple[int, str]]]:
    """Targets in running text (a news article on a resolution): from a cue (`phấn đấu`, `đề ra
    24 chỉ tiêu, trong đó`) to the end of its paragraph, and the paragraphs after it that hold
    figures; a paragraph without one ends it."""
    cue = _any_of(tuple(words.cues))
    if cue is None:
        return []
    out: list[list[tuple[int, str]]] = []
    region: list[tuple[int, str]] = []
    for line in doc.lines:
        text = line.text
        if not text.strip():
            continue
        if region and not re.search(r"\d", text):
            if any(t.strip() for _, t in region):
                out.append(region)
            region = []
            continue
        if region:
            region.append((line.no, text))
            continue
        m = cue.search(text)
        if m and re.search(r"\d", text[m.end() :]):
            region = [(line.no, text[m.end() :])]
        elif m:
            region = [(line.no, "")]  # `… phấn đấu phát triển nhanh …`: the figures follow
    if any(t.strip() for _, t in region):
        out.append(region)
    return out


def _ends(text: str, words: TargetLists) -> bool:
    if re.match(r"^\s*[IVXL]+\.\s", text):
        return True
    stripped = fold(_HEAD_NUMBER.sub("", text, count=1)).strip()
    return len(text) < 160 and any(stripped.startswith(fold(e)) for e in words.ends)


def _regions(
    doc: Document, vocab: Vocabulary, tables: list[tuple[int, int]]
) -> list[tuple[str, list[tuple[int, str]]]]:
    """The heading and the lines of each target list: from a heading of the genre to the heading
    that ends it (or the end of the document, or a table's first line). In running text, the
    cue's line stands for the heading."""
    words = vocab.target_lists
    lines = doc.lines
    spans = sorted((a - 3, b) for a, b in tables)
    starts = [a for a, _ in spans]
    reach = list(itertools.accumulate((b for _, b in spans), max))  # furthest end so far

    def in_table(no: int) -> bool:
        k = bisect.bisect_right(starts, no)
        return k > 0 and reach[k - 1] >= no

    out: list[tuple[str, list[tuple[int, str]]]] = []
    i = 0
    while i < len(lines):
        at = None if in_table(lines[i].no) else _is_heading(lines[i].text, words)
        if at is None:
            i += 1
            continue
        region: list[tuple[int, str]] = []
        heading, rest = lines[i].text, lines[i].text[at:]
        if rest.strip():
            region.append((lines[i].no, rest))
        i += 1
        while i < len(lines) and not _ends(lines[i].text, words) and not in_table(lines[i].no):
            if _is_heading(lines[i].text, words) is not None and region:
                break
            region.append((lines[i].no, lines[i].text))
            i += 1
        if any(line.strip() for _, line in region):
            out.append((heading, region))
    return out or [(region[0][1], region) for region in _cue_regions(doc, words)]


def _items(region: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The list's items as (first line, text): items start at a marker (`(3)`, `•`, `3.`, `-`)
    or at a field heading; lines without one continue the item before."""
    items: list[tuple[int, list[str]]] = []
    for line_no, line in region:
        if not line.strip():
            continue
        parts = [p for p in _MARKER.split(line) if p.strip()]
        starts = bool(_MARKER.match(line.lstrip()) or _MARKER.match(line)) or bool(
            _FIELD_LEAD.match(line) or _FIELD.match(line)
        )
        if starts or not items:
            items.append((line_no, [parts[0]] if parts else []))
            parts = parts[1:]
        elif parts:
            items[-1][1].append(parts[0])
            parts = parts[1:]
        for part in parts:  # more markers on the same line: inline numbering
            items.append((line_no, [part]))
    return [(no, " ".join(t)) for no, t in items]


# -- one clause's targets ----------------------------------------------------------------------


@lru_cache(maxsize=4)
def _any_of(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None


def _masked(clause: str, vocab: Vocabulary) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Spans that set nothing (qualifiers, asides in brackets), and the brackets that set a
    further target (`(hướng tới 2030: 1,6 con/phụ nữ)`, vocabulary `asides`)."""
    spans: list[tuple[int, int]] = []
    regex = _any_of(tuple(vocab.target_lists.qualifiers))
    if regex is not None:
        spans.extend(m.span() for m in regex.finditer(clause))
    opens = _any_of(tuple(vocab.target_lists.asides))
    further: list[tuple[int, int]] = []
    for m in _PAREN.finditer(clause):
        sets = opens is not None and opens.match(m.group(0)[1:].lstrip())
        (further if sets else spans).append(m.span())
    return spans, further


def _period(text: str, words: TargetLists) -> TargetPeriod | None:
    text = _PRICE.sub(" ", text)  # `(theo giá năm 2010)`: a price base, not the period
    folded = fold(text)
    for phrase in words.not_average:
        folded = folded.replace(fold(phrase), " ")
    span = _SPAN.search(text)
    compact = folded.replace(" ", "")
    if any(fold(w) in folded or fold(w).replace(" ", "") in compact for w in words.yearly):
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
    r"^(?:(?:đến|vào)\s+(?:hết\s+|cuối\s+)?năm\s+(?:19|20)\d{2}|(?:hằng|hàng|mỗi)\s+năm|"
    r"trở\s+lên|trong\s+đó(?:\s+có)?|và|hoặc|riêng|toàn\s+tỉnh|toàn\s+thành\s+phố|"
    r"giai\s+đoạn\s+(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}|bình\s+quân(?:\s+mỗi\s+năm)?|"
    r"phấn\s+đấu|nâng|đưa|đạt)"
    r"(?=[\s,:;]|$)\s*,?\s*",
    re.IGNORECASE,
)
_TAIL_YEAR = re.compile(
    r"\s*(?:(?:đến|vào)\s+)?(?:hết\s+|cuối\s+)?(?:\d\d?\s+)?(?:năm|giai\s+đoạn)\s+(?:19|20)\d{2}"
    r"(?:\s*[-–]\s*(?:19|20)\d{2})?\s*$",
    re.IGNORECASE,
)


def _strip_fillers(text: str, fillers: list[str]) -> str:
    changed = True
    while changed and text:
        changed = False
        while _LEAD.match(text):
            text = _LEAD.sub("", text, count=1).strip(" ,;:-–(")
        for filler in fillers:
            pattern = re.compile(rf"(?:^|\s){re.escape(filler)}\s*$", re.IGNORECASE)
            trimmed = pattern.sub("", text).strip(" ,;:-–(")
            if trimmed != text:
                text, changed = trimmed, True
        trimmed = _TAIL_YEAR.sub("", text).strip(" ,;:-–(")
        if trimmed != text:
            text, changed = trimmed, True
    return text


def _name(words: str, vocab: Vocabulary) -> str:
    """The words that name a target, without the verbs and fillers around its figure."""
    text = squeeze(words).strip(" ,;:-–(.")
    fillers = sorted(vocab.target_lists.fillers, key=len, reverse=True)
    return _strip_fillers(text, fillers)


def _only_verbs(text: str, words: TargetLists) -> bool:
    """True when the words before a figure are an action (`Hoàn thành`, `xây dựng tối thiểu`)
    or nothing: the target is named by the words after the figure."""
    rest = fold(text).strip(" ,;:-–")
    verbs = sorted((fold(v) for v in words.verbs + words.fillers), key=len, reverse=True)
    changed = True
    while rest and changed:
        changed = False
        for verb in verbs:
            if rest == verb or rest.startswith(verb + " ") or rest.startswith(verb + ","):
                rest = rest[len(verb) :].strip(" ,;:-–")
                changed = True
                break
    return not rest


def _acts(text: str, words: TargetLists) -> bool:
    """True when the words before a figure end with an action that takes the figure's object
    (`… đón`, `… thu hút`), not with a filler or a change (`đạt`, `giảm`)."""
    folded = fold(text).rstrip(" ,;:-–")
    plain = {fold(w) for w in words.fillers} | {
        fold(w) for phrases in words.changes.values() for w in phrases
    }
    return any(
        folded == fold(v) or folded.endswith(" " + fold(v))
        for v in words.verbs
        if fold(v) not in plain
    )


def _after_name(after: str, vocab: Vocabulary, more: bool = False) -> str:
    """The words after a figure that name its target (`100% xã đạt chuẩn …`), up to the next
    figure or the end of the clause, without the verbs that lead to the next, at most 14 words.
    `more`: another figure follows, and the words after the last comma are its name (`15 triệu
    khách du lịch, doanh thu 70.000 tỷ đồng`)."""
    text = re.split(r"[;:]|\.\s", after, maxsplit=1)[0]
    if more and "," in text:
        head, tail = text.rsplit(",", 1)
        named = _name(tail, vocab)
        if named and named == squeeze(tail).strip(" ,;:-–(."):  # a name, not `… và`
            text = head
    text = re.sub(r"^\s*(?:trở\s+lên|trở\s+xuống)\b", "", text, flags=re.IGNORECASE)
    text = squeeze(" ".join(text.split()[:14])).strip(" ,;:-–.")
    words = vocab.target_lists
    tails = sorted((fold(v) for v in words.verbs + words.fillers), key=len, reverse=True)
    changed = True
    while text and changed:
        changed = False
        folded = fold(text)
        for tail in tails:
            if folded.endswith(" " + tail) or folded == tail:
                text = text[: len(text) - len(tail)].strip(" ,;:-–.")
                changed = True
                break
    return text


def _unit_head(unit: str | None, rest: str, vocab: Vocabulary) -> tuple[str | None, str]:
    """`18,5 triệu lượt khách du lịch`: a unit's last word that begins the name after it (unit
    `triệu lượt`, name `khách du lịch`); the unit kept whole where a bare multiplier would be
    left (`15 triệu khách du lịch`)."""
    if not unit or not rest:
        return unit, rest
    multipliers = {fold(m) for m in vocab.units.multipliers}
    for head in vocab.target_lists.unit_heads:
        left = unit[: -len(head)].rstrip()
        if fold(unit).endswith(" " + fold(head)):
            named = f"{unit[-len(head) :]} {rest}"
            return (unit if fold(left) in multipliers else left), named
    return unit, rest


def _action_or_unit(before: str, unit: str | None, vocab: Vocabulary) -> str:
    """The name of a figure with no words naming it: its action (`Hằng năm kết nạp từ 120 đảng
    viên trở lên`), or, where the words before are only `đạt`, `có`, its unit (`có 14 bác sĩ/1
    vạn dân; 36,2 giường bệnh/1 vạn dân`)."""
    if not _name(before, vocab) and unit and "%" not in unit:
        return unit
    return _action(before)


def _action(before: str) -> str:
    """`Hằng năm kết nạp từ`: `kết nạp`, the action without its period and bound words."""
    return re.sub(r"\s+(?:từ|ít nhất|tối thiểu|trên)$", "", _strip_fillers(squeeze(before), []))


def _unit_tail(unit: str | None, after: str, words: TargetLists) -> tuple[str | None, int]:
    """A unit continued by its denominator: `giường` + ` bệnh/1 vạn dân`; `bác sĩ` + `/vạn dân`;
    `%` + ` GRDP`, ` tổng số đảng viên`, ` chỉ tiêu` (vocabulary `percent_of`)."""
    if unit is not None and unit.endswith("%"):
        regex = _any_of(tuple(words.percent_of))
        share = regex.match(after.lstrip()) if regex is not None else None
        if share is None:
            return unit, 0
        of = squeeze(share.group(0)).replace("/ ", "/")
        joined = f"{unit}{of}" if of.startswith("/") else f"{unit} {of}"
        return joined, len(after) - len(after.lstrip()) + share.end()
    if unit is None:
        return unit, 0
    m = re.match(
        r"^((?:\s+[^\s,;.()/\d]+){0,2})\s*/\s*((?:1\s+)?(?:vạn|nghìn|triệu|1\.000|10\.000)?"
        r"\s*[^\s,;.()]+(?:\s+dân)?)",
        after,
    )
    if not m or re.search(r"\btrở\s+(?:lên|xuống)\b", m.group(1), re.IGNORECASE):
        return unit, 0  # `10 đảng viên trở lên/năm`: a floor, then the year
    return squeeze(f"{unit}{m.group(1)}/{m.group(2)}"), m.end()


def _bounded(value: Value, before: str, after: str, words: TargetLists) -> Value:
    """`3%/năm trở lên`, `tối thiểu 1.500 căn`: a floor; `không quá 5%`: a ceiling. `before`
    and `after`: the words next to the figure (`LOOKBACK_CHARS` of them are enough)."""
    if value.kind != "number" or value.number is None:
        return value
    symbol = re.search(r"(≤|≥|<=|>=|<|>)\s*$", before)
    if symbol:
        op = {"≤": "<=", "≥": ">=", "<=": "<=", ">=": ">=", "<": "<", ">": ">"}[symbol.group(1)]
        return value.model_copy(update={"kind": "bound", "op": op, "bound": value.number})
    tail, head = fold(after)[:20], fold(before)[-24:]
    floor = any(tail.lstrip().startswith(fold(w)) for w in words.floor_after) or any(
        head.rstrip().endswith(fold(w)) for w in words.floor_before
    )
    ceiling = any(head.rstrip().endswith(fold(w)) for w in words.ceiling_before)
    if floor or ceiling:
        return value.model_copy(
            update={"kind": "bound", "op": ">=" if floor else "<=", "bound": value.number}
        )
    return value


def _change(before: str, words: TargetLists) -> Change | None:
    head = fold(before).rstrip(" ,:")
    head = re.sub(r"\s*(?:it nhat|toi thieu|tren|duoi|khoang|tu|dat)$", "", head).rstrip()
    for kind in ("decrease", "increase"):
        for phrase in sorted(words.changes.get(kind, []), key=len, reverse=True):
            if head == fold(phrase) or head.endswith(" " + fold(phrase)):
                return kind
    return None


_OF_WHOLE = re.compile(r"\s*\d+\s*/\s*\d+\s+([^\W\d_]+(?:,\s*[^\W\d_]+(?=[\s.;]|$))?)")


def _fraction(figure: Figure, text: str, start: int) -> tuple[Value, str | None]:
    """`04/09 thôn` (at `start` in `text`): four of nine villages (a count, its whole beside
    it)."""
    top, _, bottom = (figure.fraction or "").partition("/")
    number = float(top)
    whole = float(bottom)
    m = _OF_WHOLE.match(text, start)
    unit = m.group(1) if m else None
    value = Value(raw=figure.fraction or "", kind="number", number=number, of=whole)
    return value, unit


class _Read(BaseModel):
    name: str
    value: Value
    unit: str | None
    period: TargetPeriod | None
    change: Change | None = None
    count: str | None = None
    part_of_previous: bool = False


def _covered(spans: list[tuple[int, int]]) -> Callable[[int, int], bool]:
    """Whether one of `spans` holds `start`…`end`, asked for spans in increasing `start`: each
    question costs the spans passed since the last one."""
    ordered = sorted(spans)
    k = 0
    reach = -1  # the furthest end of the spans that start at or before `start`

    def holds(start: int, end: int) -> bool:
        nonlocal k, reach
        while k < len(ordered) and ordered[k][0] <= start:
            reach = max(reach, ordered[k][1])
            k += 1
        return end <= reach

    return holds


def _inside(spans: list[tuple[int, int]], starts: list[int], at: int) -> tuple[int, int] | None:
    """The span of `spans` (in order, not overlapping; `starts` their starts) that holds
    position `at`, if any."""
    k = bisect.bisect_right(starts, at) - 1
    return spans[k] if k >= 0 and at < spans[k][1] else None


def _clause_targets(clause: str, vocab: Vocabulary, inherited: TargetPeriod | None) -> list[_Read]:
    words = vocab.target_lists
    masked, further = _masked(clause, vocab)
    hidden = _covered(masked)
    further_starts = [a for a, _ in further]
    found = [(s, e, f) for s, e, f in _figures(clause, vocab) if not hidden(s, e)]
    cues = _any_of(tuple(f"(?:{c})" for c in words.cues))
    unitless = _any_of(tuple(words.unitless))  # `Chỉ số HDI khoảng 0,75`
    opens = _any_of(tuple(words.asides))
    out: list[_Read] = []
    last_end = 0
    k = 0
    carried: TargetPeriod | None = None
    while k < len(found):
        start, end, figure = found[k]
        k += 1
        near = max(0, start - LOOKBACK_CHARS)  # how far back the words before a figure count
        multiple = _TIMES.search(clause, near, start)
        if _VERSUS.match(clause, end) and not multiple:
            last_end = end
            continue  # `tăng 4,01% so với năm 2025`: a change against today, not a target
        value: Value = figure.value
        unit = figure.unit
        if figure.fraction:
            value, unit = _fraction(figure, clause, start)
        if k < len(found) and _BETWEEN.match(clause[end : found[k][0]]):
            upper = found[k][2]
            low, high = figure.value.number, upper.value.number
            if low is not None and high is not None and low <= high:
                unit = upper.unit or unit
                raw = squeeze(clause[start : found[k][1]])
                value = Value(
                    raw=raw, kind="range", low=low, high=high, percent=upper.value.percent
                )
                end = found[k][1]
                k += 1
        if not (unit or value.percent or figure.fraction) and not (
            unitless is not None and unitless.search(clause[last_end:start])
        ):
            last_end = end
            continue  # a figure without a unit (`01`, `279`): a number in a name, no target
        unit, used = _unit_tail(unit, clause[end : end + LOOKBACK_CHARS], words)
        pos = end + used  # where the words after the figure (and its unit) start
        count = None
        paren = _COUNT.match(clause, pos)
        if paren and not _inside(further, further_starts, paren.start(1)):
            count = squeeze(paren.group(1))
            pos = paren.end()
        before = clause[last_end:start]
        if value.kind == "number":
            after = clause[pos : pos + LOOKBACK_CHARS]
            value = _bounded(value, clause[near:start], after, words)
        change = _change(before, words)
        head, colon, tail = before.rpartition(":")
        if colon and not re.search(r"[^\W\d_]", _name(tail, vocab)):
            tail = head  # `Tổng vốn đầu tư …: trên 12.000 tỷ đồng`: the name is before the colon
        before_words = re.sub(r"\s*(?:≤|≥|<|>|=)\s*$", "", tail if colon else before)
        if cues is not None:  # `Tỉnh cũng đặt mục tiêu đón …`: the cue is not the name
            before_words = cues.split(before_words)[-1]
        name = re.sub(r"\s+từ$", "", _name(before_words, vocab))
        upto = found[k][0] if k < len(found) else len(clause)
        # `Gia Lai đón 18,5 triệu lượt khách du lịch`: a verb with its object after the figure
        more = k < len(found)
        acting = _acts(before_words, words) and bool(_after_name(clause[pos:upto], vocab, more))
        named_after = not name or _only_verbs(before_words, words) or acting
        if named_after:
            upto = found[k][0] if k < len(found) else len(clause)
            printed = _after_name(clause[pos:upto], vocab, more)
            unit, rest = _unit_head(unit, printed, vocab)
            if rest and unit and "/" in unit and vocab.unit_kind(unit) != "percent":
                rest = f"{unit} {rest}"  # `300 phòng học/vạn dân trong độ tuổi đi học`
            elif rest == printed and len(rest.split()) == 1 and unit and "%" not in unit:
                # `kết nạp từ 80 đảng viên mới trở lên`: one word after the unit names nothing
                rest = squeeze(f"{_action(before_words)} {unit} {rest}")
            lead = "" if _only_verbs(before_words, words) or acting else name
            name = squeeze(f"{lead} {rest}") if lead and rest else (rest or lead)
            # where the name's words end in the clause (it may hold double spaces; the name not)
            at = re.compile(r"\s+".join(map(re.escape, printed.split()))).search(clause, pos)
            last_end = at.end() if printed and at else end
            if not name:
                name = _action_or_unit(before_words, unit, vocab)
        else:
            last_end = end
        if not name or fold(name) in ("tang", "giam"):
            continue  # a bare `giảm 4,01%`: a change of the figure before, not a target
        upto = found[k][0] if k < len(found) else len(clause)
        # `… vào năm 2030, …`: the words after the figure, to the next comma, may date it
        after_words = _AGAINST.sub(" ", re.split(r"[,;]", clause[pos:upto], maxsplit=1)[0])
        period = _period(f"{before} {clause[start:end]} {unit or ''} {after_words}", words)
        if period is None and inherited is not None:
            share = vocab.unit_kind(unit) == "percent"
            # `Bình quân mỗi năm đào tạo …, nâng tỷ lệ … 70%`: a yearly lead holds for counts,
            # not for a share, which is a level
            period = None if share and inherited.kind == "average" else inherited
        if period is None and carried is not None and vocab.unit_kind(unit) == "quantity":
            period = carried  # `Tổng lượng khách giai đoạn 2026-2030 …, tổng doanh thu …`
        carried = period if period is not None and period.kind == "span" else None
        inside = _inside(further, further_starts, start)
        aside = clause[inside[0] : inside[1]] if inside else None
        own = _SPAN.sub("", re.sub(r"(?:19|20)\d{2}", "", opens.sub("", name))) if opens else name
        if aside is not None and out and not re.search(r"[^\W\d_]", own):
            # `… 1,4 con/phụ nữ (hướng tới 2030: 1,6 con/phụ nữ)`: the same indicator, later
            name = out[-1].name
        elif aside is not None and opens is not None:
            name = squeeze(opens.sub("", name)).strip(" ,:") or name  # `(riêng các huyện …`
        if aside is not None:
            year = re.search(r"(?:19|20)\d{2}", aside)
            if year:
                period = TargetPeriod(kind="year", start=int(year.group(0)), end=int(year.group(0)))
        out.append(
            _Read(
                name=name[:200],
                value=value,
                unit=unit,
                period=period,
                change=change,
                count=count,
                part_of_previous=bool(re.match(r"^\W*trong\s+đó", before, re.IGNORECASE)),
            )
        )
    _share_denominator(out, clause)
    return out


def _share_denominator(found: list[_Read], clause: str) -> None:
    """`10 bác sĩ và 30 giường bệnh/1 vạn dân`: the first figure's unit takes the second's
    denominator when only `và` stands between them."""
    for a, b in pairwise(found):
        if a.unit and b.unit and "/" in b.unit and "/" not in a.unit and a.name == a.unit:
            denominator = b.unit.split("/", 1)[1]
            a.unit = f"{a.unit}/{denominator}"
            a.name = a.unit


def _lead_period(text: str, words: TargetLists) -> tuple[TargetPeriod | None, str]:
    """A period that opens an item or a sentence and holds for what follows (`Đến năm 2030, …`,
    `Cơ cấu kinh tế năm 2030: …`, `Hằng năm, …`)."""
    m = re.match(
        r"^\s*((?:Đến|Vào)\s+(?:hết\s+|cuối\s+)?năm\s+(?:19|20)\d{2}|(?:Hằng|Hàng|Mỗi)\s+năm|"
        r"Bình\s+quân\s+mỗi\s+năm|Giai\s+đoạn\s+(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2})\s*,?\s*",
        text,
        re.IGNORECASE,
    )
    if m:
        return _period(m.group(1), words), text
    colon = re.match(r"^([^:;]{3,80}?(?:năm|giai đoạn)\s+(?:19|20)\d{2}[^:;]{0,12}):", text, re.I)
    if colon and not re.search(r"\d", _SPAN.sub("", _YEAR.sub("", colon.group(1)))):
        return _period(colon.group(1), words), text
    return None, text


def _qualitative(clause: str, words: TargetLists) -> bool:
    text = fold(clause).strip(" -–+•.")
    return any(text.startswith(fold(w) + " ") for w in words.qualitative) and len(text) > 12


def find_prose_targets(
    doc: Document,
    vocab: Vocabulary,
    rules: Rules | None = None,
    horizon: int | None = None,
    tables: list[tuple[int, int]] | None = None,
) -> list[Target]:
    """The targets of a document's target lists, in the order they are written. `horizon`: the
    year the list's targets fall due when the words name none (the term's last year); `tables`:
    the first and last lines of the document's tables, which hold no list."""
    check_document(doc)
    words = vocab.target_lists
    past = _any_of(tuple(words.past))
    pages = {line.no: line.page for line in doc.lines if line.page is not None}
    out: list[Target] = []
    for heading_text, region in _regions(doc, vocab, tables or []):
        field: str | None = None
        heading_years = [int(y) for y in re.findall(r"(?:19|20)\d{2}", heading_text)]
        due = horizon or (max(heading_years) if heading_years else None)
        for line_no, text in _items(region):
            heading = _FIELD.match(text)
            if heading and not _figures(text, vocab):
                field = squeeze(heading.group(1))
                continue
            lead = _FIELD_LEAD.match(text)
            if lead:
                field, text = squeeze(lead.group(1)), text[lead.end() :]
            item_period, text = _lead_period(text, words)
            said = squeeze(text)[:600]  # the item as each of its targets quotes it
            previous: Target | None = None
            for sentence in re.split(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ(“\"\d])", text):
                if len(sentence) > MAX_SENTENCE_CHARS:
                    notice(
                        f"{doc.name}: the sentence at line {line_no} is {len(sentence):,} "
                        f"characters long, more than the {MAX_SENTENCE_CHARS:,} a sentence may "
                        "have; no targets are read from it."
                    )
                    continue
                if past is not None and past.search(sentence):
                    continue  # what was done, not what is aimed at
                sentence_period, _ = _lead_period(sentence, words)
                for clause in re.split(r";", sentence):
                    reads = _clause_targets(clause, vocab, sentence_period or item_period)
                    if not reads and _qualitative(clause, words):
                        reads = [_qualitative_read(clause)]
                    for read in reads:
                        target = _target(
                            read,
                            doc.name,
                            pages.get(line_no),
                            line_no,
                            said,
                            field,
                            rules,
                            vocab,
                            due,
                        )
                        if read.part_of_previous and previous is not None:
                            target = target.model_copy(update={"part_of": previous.name})
                        out.append(target)
                        previous = target
    return out


def _qualitative_read(clause: str) -> _Read:
    text = squeeze(clause).strip(" .;:-–")
    return _Read(
        name=text[:200], value=Value(raw=text, kind="text", text=text), unit=None, period=None
    )


def _target(
    read: _Read,
    document: str,
    page: int | None,
    line_no: int,
    said: str,
    field: str | None,
    rules: Rules | None,
    vocab: Vocabulary,
    due: int | None,
) -> Target:
    period = read.period
    if period is None and due is not None:
        period = TargetPeriod(kind="year", start=due, end=due, stated=False)
    elif period is not None and period.kind == "average" and period.end is None and due:
        period = period.model_copy(update={"end": due, "stated": period.stated})
    indicator_id, direction, source = identify(
        read.name, read.unit, read.value, rules, vocab, read.change
    )
    return Target(
        name=read.name,
        indicator_id=indicator_id,
        value=read.value,
        unit=read.unit,
        period=period,
        direction=direction,
        direction_from=source,
        change=read.change,
        field=field,
        count=read.count,
        document=document,
        line=line_no,
        page=page,
        sentence=said,
    )


def identify(
    name: str,
    unit: str | None,
    value: Value,
    rules: Rules | None,
    vocab: Vocabulary,
    change: Change | None = None,
) -> tuple[str | None, Direction | None, Literal["rules", "catalogue", "bound", "none"]]:
    """The catalogue's id for a target's name, and the direction of good: the rules' (data/
    targets.yaml), else the catalogue's, else a bound's (`dưới 2,5%`: lower), else unknown."""
    kind = vocab.unit_kind(unit)
    if change is not None and kind == "percent_per_year":
        kind = "percent"  # `Tỷ lệ hộ nghèo giảm 3%/năm`: a share, moved by points each year
    entry = load_catalogue().identify(name, kind)
    rule = None
    if rules is not None:
        rule = rules.match(name)
        if rule is not None and entry is not None and rule.id != entry.id:
            rule = rules.by_id(entry.id) or rule  # the rule of the indicator the catalogue names
    if rule is not None:
        return (entry.id if entry else None), rule.direction, "rules"
    if entry is not None:
        return entry.id, entry.direction, "catalogue"
    if value.kind == "bound" and value.op:
        return None, ("lower" if value.op.startswith("<") else "higher"), "bound"
    return None, None, "none"


def table_targets(table: Table, rules: Rules | None, vocab: Vocabulary) -> list[Target]:
    """The targets of a table's future column (`Mục tiêu 2030`), one per row that has one; of a
    table of targets only (`Chỉ tiêu phấn đấu đến năm 2030`, `Kế hoạch năm 2027`), its target
    column, for the year its header names."""
    out: list[Target] = []
    years = [c.year for c in table.header_columns if c.role == "target" and c.year]
    only = table.purpose == "targets" and len(set(years)) == 1
    for record in table.records:
        future = record.target_2030 or (record.target if only else None)
        year = table.horizon_year if record.target_2030 else (years[0] if only else None)
        if future is None or future.kind == "empty" or not year:
            continue
        _, direction, source = identify(record.name, record.unit, future, rules, vocab)
        yearly = vocab.unit_kind(record.unit) == "percent_per_year" or "/năm" in fold(
            record.unit or ""
        ).replace(" ", "")
        out.append(
            Target(
                name=record.name,
                indicator_id=record.indicator_id,
                value=future,
                unit=record.unit,
                period=TargetPeriod(kind="average" if yearly else "year", start=year, end=year),
                direction=direction,
                direction_from=source,
                field=record.group_title,
                origin="table",
                row=record.id,
                document=table.document,
                line=record.source.line,
                page=record.source.page,
                sentence=squeeze(record.source.text)[:600],
            )
        )
    return out

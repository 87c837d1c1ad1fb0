"""What the prose says about indicators: figures with verdicts against the resolution target.

From the report body: `đạt 312,5 ngàn tấn (vượt 4,2% MTNQ)`, `91,3% (chưa đạt MTNQ 95%)`,
`đạt 60% MTNQ`, `bình quân 2,5%/năm so với MTNQ là 2%/năm`, and counts such as
`cơ bản hoàn thành 12/12 nhóm chỉ tiêu`. From news and interviews (no verdicts there): a figure
after a verb of result (`giảm còn 9,8%`, `ước đạt 6,5%`), with the period the sentence names.
Each claim keeps its sentence, document and lines. Which indicator it speaks of is decided later,
by linking.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel

from dbreport.sources import Document
from dbreport.sources.prose import Sentence, sentences
from dbreport.textnorm import fold, squeeze
from dbreport.values import Value, parse_value
from dbreport.vocab import VerdictCode, Vocabulary

ClaimKind = Literal["verdict", "statement", "count"]

_NUM = r"\d[\d.,]*\d|\d"
_MARK = re.compile(
    r"(?P<word>cơ\s+bản\s+hoàn\s+thành|cơ\s+bản\s+đạt|chưa\s+hoàn\s+thành|chưa\s+đạt|"
    r"không\s+hoàn\s+thành|không\s+đạt|hoàn\s+thành\s+vượt(?:\s+mức)?|hoàn\s+thành|vượt|đạt)\s*"
    rf"(?:(?P<amount>{_NUM})\s*(?P<amount_unit>điểm\s*%|%)?\s*)?"
    r"(?P<ref>mục\s+tiêu\s+Nghị\s+quyết(?:\s+Đại\s+hội)?(?:\s*\(MTNQ\))?|MTNQ|"
    r"Nghị\s+quyết(?:\s+Đại\s+hội)?|kế\s+hoạch|dự\s+toán|chỉ\s+tiêu|mục\s+tiêu)(?!\s+số)"
    r"(?!\s+(?:của\s+)?(?:năm|tháng|quý))"
    rf"(?:\s*\(?\s*(?P<stated>(?:dưới|trên|khoảng|từ)?\s*(?:{_NUM})\s*%?(?:\s*/\s*năm)?))?",
    re.IGNORECASE,
)
_VERSUS = re.compile(
    rf"so\s+với\s+MTNQ\s+là\s+(?P<stated>(?:dưới|trên)?\s*(?:{_NUM})\s*%?(?:\s*/\s*năm)?)",
    re.IGNORECASE,
)
_COUNT = re.compile(
    r"(?P<qual>cơ\s+bản\s+)?(?P<verb>hoàn\s+thành|đạt|vượt)\s+(?P<n>\d+)\s*/\s*(?P<m>\d+)\s+"
    r"(?P<what>nhóm\s+chỉ\s+tiêu|chỉ\s+tiêu)",
    re.IGNORECASE,
)
_FIGURE = re.compile(
    rf"(?P<qual>(?:trên|hơn|khoảng|gần|dưới)\s+)?(?P<num>{_NUM})(?:\s*/\s*(?P<den>{_NUM}))?"
    r"(?P<pct>\s*%(?:\s*/\s*năm)?)?",
    re.IGNORECASE,
)
_RESULT_VERB = re.compile(
    r"(?:ước\s+đạt|dự\s+kiến\s+đạt|đạt|giảm\s+còn|giảm\s+xuống\s+còn|còn|tăng\s+lên|lên|với|cho|đón)"
    r"\s+$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<![\d.,/])((?:19|20)\d{2})(?![\d%/]|[.,]\d)")
_RANGE_YEARS = re.compile(r"((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})")
_SO_VOI_YEAR = re.compile(
    r"so\s+với\s+(?:năm\s+|cùng\s+kỳ\s+(?:năm\s+)?|giai\s+đoạn\s+)?"
    r"(?:(?:19|20)\d{2})(?:\s*[-–]\s*(?:19|20)\d{2})?",
    re.IGNORECASE,
)
# `theo giá so sánh năm 2010`: the base year of prices, never the period of the figure
_PRICE_YEAR = re.compile(
    r"giá\s+(?:so\s+sánh|cố\s+định|hiện\s+hành|gốc)(?:\s+năm)?\s+(?:19|20)\d{2}", re.IGNORECASE
)
_CHANGE_AFTER = re.compile(r"^\s*(?:so\s+với|lần\s+so\s+với)", re.IGNORECASE)
_VERDICTS: dict[str, VerdictCode] = {
    "co ban dat": "nearly_met",
    "co ban hoan thanh": "nearly_met",
    "chua dat": "not_met",
    "chua hoan thanh": "not_met",
    "khong dat": "not_met",
    "khong hoan thanh": "not_met",
    "vuot": "exceeded",
    "hoan thanh vuot": "exceeded",
    "hoan thanh vuot muc": "exceeded",
    "dat": "met",
    "hoan thanh": "met",
}
Reference = Literal["resolution", "target", "plan", "budget"]


def _reference(words: str | None) -> Reference:
    """What a verdict measures against: the congress resolution (`MTNQ`, `Nghị quyết`), a target
    not named further (`mục tiêu`, `chỉ tiêu`), a yearly plan (`kế hoạch`), a budget estimate
    (`dự toán`). Only the first two are the table's targets."""
    folded = fold(squeeze(words or ""))
    if folded.startswith("ke hoach"):
        return "plan"
    if folded.startswith("du toan"):
        return "budget"
    if folded.startswith(("muc tieu nghi quyet", "mtnq", "nghi quyet")):
        return "resolution"
    return "target"


class Figure(BaseModel):
    """A number in prose, with the words of its unit: `hơn 1,45 triệu lượt khách`."""

    raw: str
    value: Value
    unit: str | None = None
    fraction: str | None = None  # `54/115`: read as 46,96 (%)


class Claim(BaseModel):
    kind: ClaimKind
    document: str
    path: str
    date: str | None = None
    line: int
    last_line: int
    page: int | None = None
    sentence: str
    text: str  # the part of the sentence the claim is made of
    subject: str  # the words that name the indicator
    figure: Figure | None = None
    verdict: VerdictCode | None = None
    verdict_text: str | None = None
    amount: float | None = None
    amount_kind: Literal["ratio", "points"] | None = None
    stated_target: Value | None = None
    period: tuple[int, int] | None = None
    measure: str | None = None  # `theo chuẩn nghèo giai đoạn 2016-2020`: a named way of measuring
    context: str = ""  # the sentences before it in its paragraph
    # what a verdict measures against; a plan's or a budget's verdict is not the table's
    reference: Reference | None = None
    count: tuple[int, int] | None = None  # `16/16 nhóm chỉ tiêu`
    count_of: Literal["groups", "indicators"] | None = None

    @property
    def against_table_target(self) -> bool:
        """Whether the verdict measures against what the table's target is (the resolution's,
        or a target not named further), not a yearly plan or a budget estimate."""
        return self.reference in (None, "resolution", "target")


def _figures(text: str, vocab: Vocabulary) -> list[tuple[int, int, Figure]]:
    """Every figure in `text` that is not a year, with its span."""
    found = []
    for m in _FIGURE.finditer(text):
        num = m.group("num")
        if not m.group("pct") and not m.group("den") and _YEAR.fullmatch(num):
            continue
        before = text[: m.start()]
        if re.search(r"(?:19|20)\d{2}\s*[-–]\s*$", before) or re.search(r"[\d/]$", before):
            continue  # the end of a year range, or part of a date
        end = m.end()
        unit = None
        if m.group("pct"):
            unit = re.sub(r"\s+", "", m.group("pct"))
        else:
            words = text[end:].split()[:4]
            for n in range(len(words), 0, -1):
                candidate = " ".join(words[:n]).rstrip(",.;:)")
                if vocab.is_unit(candidate) or fold(candidate) in {
                    fold(k) for k in vocab.units.multipliers
                }:
                    unit = candidate
                    end = end + len(text[end:]) - len(text[end:].lstrip()) + len(candidate)
                    break
        qual = (m.group("qual") or "").strip()
        if m.group("den"):
            top, bottom = parse_value(num), parse_value(m.group("den"))
            if m.group("pct") or top.number is None or not bottom.number:
                continue  # `(13,86/9,15%)`: two rates side by side, not a part of a whole
            share = top.number / bottom.number * 100
            value = Value(raw=f"{num}/{m.group('den')}", kind="number", number=share, decimals=2)
            figure = Figure(raw=m.group(0).strip(), value=value, unit="%", fraction=value.raw)
        else:
            raw_value = f"{qual} {num}{'%' if unit and unit.startswith('%') else ''}".strip()
            figure = Figure(
                raw=squeeze(text[m.start() : end]), value=parse_value(raw_value), unit=unit
            )
        if figure.value.kind == "text":
            continue
        found.append((m.start(), end, figure))
    return found


_MEASURE = re.compile(
    r"[Tt]heo\s+(?:chuẩn|phương\s+pháp|giá|tiêu\s+chí|cách\s+tính)[^,;()]*", re.IGNORECASE
)


def _period(text: str, fallback: tuple[int, int] | None) -> tuple[int, int] | None:
    # a comparison's base (`so với năm 2020`), a price base (`giá so sánh năm 2010`) and a named
    # measure (`theo chuẩn nghèo giai đoạn 2021-2025`) carry years that are not the figure's
    cleaned = _MEASURE.sub(" ", _PRICE_YEAR.sub(" ", _SO_VOI_YEAR.sub(" ", text)))
    spans = [(int(a), int(b)) for a, b in _RANGE_YEARS.findall(cleaned)]
    if spans:
        return spans[-1]
    years = [int(y) for y in _YEAR.findall(cleaned)]
    if years:
        return (years[-1], years[-1])
    return fallback


def _measure(text: str) -> str | None:
    m = _MEASURE.search(text)
    return squeeze(m.group(0)) if m else None


def _where(sentence: Sentence, doc: Document) -> dict[str, object]:
    """The fields every claim shares: its document, lines and sentence."""
    return {
        "document": doc.name,
        "path": str(doc.path),
        "date": doc.date,
        "line": sentence.line,
        "last_line": sentence.last_line,
        "page": sentence.page,
        "sentence": sentence.text,
    }


def _amount(mark: re.Match[str]) -> tuple[float | None, Literal["ratio", "points"] | None]:
    if not mark.group("amount"):
        return None, None
    value = parse_value(mark.group("amount")).number
    unit = fold(mark.group("amount_unit") or "")
    if value is None:
        return None, None
    if unit.startswith("diem"):
        return value, "points"
    word = fold(mark.group("word"))
    if word == "vuot" and unit == "%":
        return 100 + value, "ratio"
    if unit == "%":
        return value, "ratio"
    return None, None


def _closed(words: str) -> str:
    """`vượt MTNQ (dưới 16%` -> `vượt MTNQ (dưới 16%)`: a quotation opens no bracket it
    does not close."""
    return words + ")" * max(0, words.count("(") - words.count(")"))


def _subject(region: str, start: int) -> str:
    """The words before a figure, back to the previous figure or the start of the clause."""
    head = region[:start]
    cut = max(head.rfind(","), head.rfind("("), 0)
    words = head[cut:].strip(" ,(")
    if len(words.split()) < 3:
        words = head.strip(" ,(")
    return squeeze(words)


def _stated(text: str) -> Value:
    """`3,5%/năm` -> 3,5 (%): the per-year is the unit's, not the figure's."""
    return parse_value(re.sub(r"\s*/\s*năm\s*$", "", squeeze(text), flags=re.IGNORECASE))


def _figure_period(
    text: str, end: int, before: str, fallback: tuple[int, int] | None
) -> tuple[int, int] | None:
    """A year right after a figure (`25,68% năm 2023`) is its period; else the words before it."""
    after = re.match(r"\s*(?:vào\s+|đến\s+)?năm\s+((?:19|20)\d{2})\b", text[end:], re.IGNORECASE)
    if after:
        year = int(after.group(1))
        return (year, year)
    return _period(before, fallback)


def _verdict_claims(
    sentence: Sentence,
    clause: str,
    doc: Document,
    vocab: Vocabulary,
    period: tuple[int, int] | None,
    context: str,
) -> list[Claim]:
    claims = []
    previous_end = 0
    marks = list(_MARK.finditer(clause)) + list(_VERSUS.finditer(clause))
    marks.sort(key=lambda m: m.start())
    for mark in marks:
        region = clause[previous_end : mark.start()]
        figures = [f for f in _figures(region, vocab) if not _CHANGE_AFTER.match(region[f[1] :])]
        # a figure with a unit, or after a verb of result, is the claim's; a bare number
        # (`chính quyền 2 cấp`) only when there is nothing better
        meant = [f for f in figures if f[2].unit or _RESULT_VERB.search(region[: f[0]])]
        chosen = meant or figures
        figure = chosen[-1] if chosen else None
        if figure is not None:
            after = region[figure[1] :].strip(" ,(")
            subject = squeeze(f"{_subject(region, figure[0])} {after}")
        else:
            subject = squeeze(region)
        word = (
            fold(squeeze(mark.group("word")))
            if "word" in mark.groupdict() and mark.group("word")
            else None
        )
        reference = _reference(mark.group("ref")) if "ref" in mark.groupdict() else "resolution"
        if reference == "target" and figure is None and not mark.group("amount"):
            # `tăng trưởng chưa đạt mục tiêu`: a target not named, with no figure, says too
            # little to be tied to a row
            continue
        amount, amount_kind = _amount(mark) if word else (None, None)
        verdict = _VERDICTS.get(word or "")
        if word in ("dat", "hoan thanh") and amount_kind == "ratio" and amount is not None:
            # `đạt 89,79% MTNQ` reaches 89,79% of the target: not met
            verdict = "exceeded" if amount > 100 else "met" if amount == 100 else "not_met"
        stated = mark.group("stated")
        claims.append(
            Claim(
                kind="verdict",
                **_where(sentence, doc),
                text=squeeze(clause[previous_end : mark.end()]),
                subject=subject,
                figure=figure[2] if figure else None,
                verdict=verdict,
                verdict_text=_closed(squeeze(mark.group(0))),
                reference=reference,
                measure=_measure(clause),
                context=context,
                amount=amount,
                amount_kind=amount_kind,
                stated_target=_stated(stated) if stated else None,
                period=(
                    _figure_period(region, figure[1], region[: figure[0]], _period(region, period))
                    if figure
                    else _period(region, period)
                ),
            )
        )
        previous_end = mark.end()
    return claims


def _count_claims(sentence: Sentence, doc: Document) -> list[Claim]:
    out = []
    for m in _COUNT.finditer(sentence.text):
        verb = fold(f"{m.group('qual') or ''}{m.group('verb')}")
        verdict: VerdictCode = "nearly_met" if verb.startswith("co ban") else "met"
        out.append(
            Claim(
                kind="count",
                **_where(sentence, doc),
                text=squeeze(m.group(0)),
                subject=squeeze(m.group("what")),
                verdict=verdict,
                verdict_text=squeeze(m.group(0)),
                count=(int(m.group("n")), int(m.group("m"))),
                count_of="groups" if fold(m.group("what")).startswith("nhom") else "indicators",
            )
        )
    return out


def _statements(
    sentence: Sentence,
    clause: str,
    doc: Document,
    vocab: Vocabulary,
    period: tuple[int, int] | None,
    context: str,
) -> list[Claim]:
    out = []
    at = sentence.text.find(clause)
    lead = sentence.text[:at] if at > 0 else ""
    for start, end, figure in _figures(clause, vocab):
        before = clause[:start]
        if not _RESULT_VERB.search(before) or _CHANGE_AFTER.match(clause[end:]):
            continue
        if vocab.target_regex is not None and vocab.target_regex.search(fold(lead + before)):
            continue  # `phấn đấu đến năm 2030 … đạt 74,5 tuổi`: a target set, not a result
        out.append(
            Claim(
                kind="statement",
                **_where(sentence, doc),
                text=squeeze(clause[:end]),
                subject=_subject(clause, start),
                figure=figure,
                measure=_measure(clause),
                context=context,
                period=_figure_period(clause, end, clause[:start], _period(clause[:start], period)),
            )
        )
    return out


def find_claims(
    doc: Document,
    vocab: Vocabulary,
    *,
    skip: list[tuple[int, int]] | None = None,
    statements: bool = False,
) -> list[Claim]:
    """Claims in a document's prose. `skip`: line ranges (tables) to leave out. `statements`:
    also plain figures after a verb of result (for news and interviews)."""
    found: list[Claim] = []
    paragraph_period: dict[int, tuple[int, int] | None] = {}
    paragraph_text: dict[int, str] = {}
    for sentence in sentences(doc, skip):
        inherited = paragraph_period.get(sentence.paragraph)
        context = paragraph_text.get(sentence.paragraph, "")
        own = _period(sentence.text, None)
        if own is not None:
            paragraph_period[sentence.paragraph] = own
        period = own or inherited
        found.extend(_count_claims(sentence, doc))
        for clause in sentence.clauses():
            verdicts = _verdict_claims(sentence, clause, doc, vocab, period, context)
            found.extend(verdicts)
            if statements and not verdicts:
                found.extend(_statements(sentence, clause, doc, vocab, period, context))
        paragraph_text[sentence.paragraph] = f"{context} {sentence.text}".strip()
    return found

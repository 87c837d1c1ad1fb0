"""What the prose says about indicators: figures with verdicts against the resolution target.

From the report body: `đạt 312,5 ngàn tấn (vượt 4,2% MTNQ)`, `91,3% (chưa đạt MTNQ 95%)`,
`đạt 60% MTNQ`, `bình quân 2,5%/năm so với MTNQ là 2%/năm`, and counts such as
`cơ bản hoàn thành 12/12 nhóm chỉ tiêu`. From news and interviews (no verdicts there): a figure
after a verb of result (`giảm còn 9,8%`, `ước đạt 6,5%`), with the period the sentence names.
Each claim keeps its sentence, document and lines. Which indicator it speaks of is decided later,
by linking.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel

from dbreport.limits import (
    CONTEXT_CHARS,
    LOOKBACK_CHARS,
    MAX_SENTENCE_CHARS,
    MAX_SENTENCE_CLAIMS,
    check_document,
    notice,
)
from dbreport.sources import Document
from dbreport.sources.prose import Sentence, sentences
from dbreport.textnorm import fold, fold_piece, squeeze
from dbreport.values import Value, notation_of, parse_value
from dbreport.vocab import VerdictCode, Vocabulary

ClaimKind = Literal["verdict", "statement", "count"]

_NUM = r"\d[\d.,]*\d|\d"
_FIGURE = re.compile(
    rf"(?P<qual>(?:trên|hơn|khoảng|gần|dưới)\s+)?(?P<num>{_NUM})(?P<pct1>\s*%(?!\s*/\s*năm))?"
    rf"(?:\s*/\s*(?P<den>{_NUM}))?(?P<pct>\s*%(?:\s*/\s*năm)?)?",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<![\d.,/])((?:19|20)\d{2})(?![\d%/]|[.,]\d)")
_RANGE_YEARS = re.compile(r"((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})")
_SO_VOI_YEAR = re.compile(
    r"so\s+với\s+(?:năm\s+|cùng\s+kỳ\s+(?:năm\s+)?|giai\s+đoạn\s+)?"
    r"(?:(?:19|20)\d{2})(?:\s*[-–]\s*(?:19|20)\d{2})?",
    re.IGNORECASE,
)
_CHANGE_AFTER = re.compile(r"\s*(?:so\s+với|lần\s+so\s+với)", re.IGNORECASE)  # at a figure's end
_RANGE_END = re.compile(r"(?:19|20)\d{2}\s*[-–]\s*$")
_DATE_PART = re.compile(r"[\d/]$")
_DAY = re.compile(r"ngày\s*$", re.IGNORECASE)
_WORD = re.compile(r"\S+")
_SPACES = re.compile(r"\s*")
Reference = Literal["resolution", "target", "plan", "budget"]


def _phrases(phrases: list[str]) -> str:
    """An alternation of phrases as printed, longest first; a space matches any whitespace."""
    ordered = sorted(dict.fromkeys(phrases), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered)


class _Patterns:
    """The claim reader's patterns, built from the vocabulary's `prose` wording."""

    def __init__(self, vocab: Vocabulary) -> None:
        prose = vocab.prose
        verdicts = [p for phrases in prose.verdicts.values() for p in phrases]
        references = [p for phrases in prose.references.values() for p in phrases]
        word, ref = _phrases(verdicts), _phrases(references)
        self.verdict_of = {
            fold(squeeze(p)): code for code, phrases in prose.verdicts.items() for p in phrases
        }
        self.reference_of = sorted(
            (
                (fold(squeeze(p)), kind)
                for kind, phrases in prose.references.items()
                for p in phrases
            ),
            key=lambda kv: -len(kv[0]),
        )
        self.mark = re.compile(
            rf"(?P<word>{word})\s*"
            rf"(?:(?P<amount>{_NUM})\s*(?P<amount_unit>điểm\s*%|%)?\s*)?"
            rf"(?P<ref>{ref})(?!\s+số)"
            r"(?!\s+(?:của\s+)?(?:năm|tháng|quý))"
            rf"(?:\s*\(?\s*(?P<stated>(?:dưới|trên|khoảng|từ)?\s*(?:{_NUM})\s*%?(?:\s*/\s*năm)?))?",
            re.IGNORECASE,
        )
        resolution = _phrases(prose.references.get("resolution", [])) or "MTNQ"
        self.versus = re.compile(
            rf"so\s+với\s+(?:{resolution})\s+là\s+"
            rf"(?P<stated>(?:dưới|trên)?\s*(?:{_NUM})\s*%?(?:\s*/\s*năm)?)",
            re.IGNORECASE,
        )
        positive = [
            p for code in ("met", "exceeded", "nearly_met") for p in prose.verdicts.get(code, [])
        ]
        self.count = re.compile(
            rf"(?P<verb>{_phrases(positive)})\s+(?P<n>\d+)\s*/\s*(?P<m>\d+)\s+"
            rf"(?P<what>{_phrases(prose.counted)})",
            re.IGNORECASE,
        )
        self.result_verb = re.compile(rf"(?:{_phrases(prose.result_verbs)})\s+$", re.IGNORECASE)
        self.price_year = re.compile(
            rf"(?:{_phrases(prose.price_bases)})(?:\s+năm)?\s+(?:19|20)\d{{2}}", re.IGNORECASE
        )
        self.measure = re.compile(rf"theo\s+(?:{_phrases(prose.measures)})[^,;()]*", re.IGNORECASE)
        # `huyện/tỉnh`: a figure pair that follows two places is a ratio between them
        places = _phrases(prose.places)
        self.places = re.compile(
            rf"(?:{places})\s*/\s*(?:{places})(?:\W+\w+){{0,2}}\W*$", re.IGNORECASE
        )
        self.reference_words = re.compile(rf"(?:{ref})", re.IGNORECASE)

    def reference(self, words: str | None) -> Reference:
        """What a verdict measures against: the congress resolution (`MTNQ`, `Nghị quyết`), a
        target not named further (`mục tiêu`, `chỉ tiêu`), a yearly plan (`kế hoạch`), a budget
        estimate (`dự toán`). Only the first and the last are the table's targets."""
        folded = fold(squeeze(words or ""))
        for phrase, kind in self.reference_of:
            if folded.startswith(phrase):
                return kind
        return "target"


_COMPILED: dict[str, _Patterns] = {}


def _patterns(vocab: Vocabulary) -> _Patterns:
    key = vocab.fingerprint
    if key not in _COMPILED:
        _COMPILED[key] = _Patterns(vocab)
    return _COMPILED[key]


class Figure(BaseModel):
    """A number in prose, with the words of its unit: `hơn 1,45 triệu lượt khách`."""

    raw: str
    value: Value
    unit: str | None = None
    fraction: str | None = None  # `54/115`: read as 46,96 (%)
    against: Value | None = None  # `45.799/36.875 tỷ đồng`: the target the figure is set against


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


def _ends_with(regex: re.Pattern[str], text: str, end: int) -> bool:
    """Whether `regex` (anchored with `$`) matches `text[:end]`, looked for only in the
    `LOOKBACK_CHARS` before `end`: each figure of a long sentence costs the same."""
    return regex.search(text, max(0, end - LOOKBACK_CHARS), end) is not None


def _figures(
    text: str, vocab: Vocabulary, *, paired: bool = False
) -> list[tuple[int, int, Figure]]:
    """Every figure in `text` that is not a year, with its span.

    `X/Y` is read by what it can be. After two places (`huyện/tỉnh 12,5/9,8%`) it compares
    them: no figure. Two rates (`13,86/9,15%`, `83,2%/50%`) are a result and its target when
    the sentence speaks of targets (`paired`), else nothing. Two amounts are a result and its
    target when the first is the larger (a part never exceeds its whole: `45.799/36.875 tỷ
    đồng`), else a part of a whole (`54/115 xã`, 46,96%); `16/6` without a unit is a date."""
    p = _patterns(vocab)
    found = []
    for m in _FIGURE.finditer(text):
        num = m.group("num")
        rates = bool(m.group("pct1") or m.group("pct"))
        if not rates and not m.group("den") and _YEAR.fullmatch(num):
            continue
        start = m.start()
        if _ends_with(_RANGE_END, text, start) or _ends_with(_DATE_PART, text, start):
            continue  # the end of a year range, or part of a date
        end = m.end()
        unit = None
        if rates:
            unit = re.sub(r"\s+", "", m.group("pct") or m.group("pct1"))
        else:
            words = [w.group(0) for w in itertools.islice(_WORD.finditer(text, end), 4)]
            for n in range(len(words), 0, -1):
                candidate = " ".join(words[:n]).rstrip(",.;:)/…")
                if vocab.is_unit(candidate) or fold(candidate) in {
                    fold(k) for k in vocab.units.multipliers
                }:
                    unit = candidate
                    spaces = _SPACES.match(text, end)
                    end = (spaces.end() if spaces else end) + len(candidate)
                    break
        qual = (m.group("qual") or "").strip()
        den = m.group("den")
        percent = "%" if rates else ""
        if den:
            top, bottom = _pair_values(num, den)
            if top.number is None or not bottom.number or _ends_with(p.places, text, start):
                continue
            short = re.fullmatch(r"\d{1,2}", num) and re.fullmatch(r"\d{1,2}", den)
            if not rates and short and (not unit or _ends_with(_DAY, text, start)):
                continue  # `ngày 16/6`, `10/02`: a day and a month
            if (rates and paired) or (not rates and top.number > bottom.number):
                value = top.model_copy(update={"raw": f"{qual} {num}{percent}".strip()})
                if qual:
                    value = parse_value(value.raw).model_copy(
                        update={"inferred": top.inferred} if top.inferred else {}
                    )
                figure = Figure(
                    raw=squeeze(text[m.start() : end]),
                    value=value.model_copy(update={"percent": bool(percent)}),
                    unit=unit,
                    against=bottom.model_copy(
                        update={"raw": f"{den}{percent}", "percent": bool(percent)}
                    ),
                )
            elif rates:
                continue  # two rates side by side, of what the sentence does not say
            else:
                share = top.number / bottom.number * 100
                value = Value(raw=f"{num}/{den}", kind="number", number=share, decimals=2)
                figure = Figure(raw=m.group(0).strip(), value=value, unit="%", fraction=value.raw)
        else:
            figure = Figure(
                raw=squeeze(text[m.start() : end]),
                value=parse_value(f"{qual} {num}{percent}".strip()),
                unit=unit,
            )
        if figure.value.kind == "text":
            continue
        found.append((m.start(), end, figure))
    return found


def _pair_values(num: str, den: str) -> tuple[Value, Value]:
    """The two sides of `X/Y`, in one number style: Vietnamese, unless only the English reading
    makes them of one size (`1,428/1340`: 1428 against 1340, not 1,428 against 1340)."""
    styles = {notation_of(num), notation_of(den)}
    vi = parse_value(num), parse_value(den)
    if "vi" in styles or (_same_size(vi) and "en" not in styles):
        return vi
    en = parse_value(num, "en"), parse_value(den, "en")
    if "en" not in styles and not _same_size(en):
        return vi
    why = "read in English style: only so are the two sides of one size"
    return en[0].model_copy(update={"inferred": why}), en[1].model_copy(update={"inferred": why})


def _same_size(pair: tuple[Value, Value]) -> bool:
    a, b = pair[0].number, pair[1].number
    return a is not None and b is not None and a > 0 and b > 0 and 1 / 20 <= a / b <= 20


def _period(text: str, fallback: tuple[int, int] | None, p: _Patterns) -> tuple[int, int] | None:
    # a comparison's base (`so với năm 2020`), a price base (`giá so sánh năm 2010`) and a named
    # measure (`theo chuẩn nghèo giai đoạn 2021-2025`) carry years that are not the figure's
    cleaned = p.measure.sub(" ", p.price_year.sub(" ", _SO_VOI_YEAR.sub(" ", text)))
    spans = [(int(a), int(b)) for a, b in _RANGE_YEARS.findall(cleaned)]
    if spans:
        return spans[-1]
    years = [int(y) for y in _YEAR.findall(cleaned)]
    if years:
        return (years[-1], years[-1])
    return fallback


def _measure(text: str, p: _Patterns) -> str | None:
    m = p.measure.search(text)
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


def _amount(
    mark: re.Match[str], p: _Patterns
) -> tuple[float | None, Literal["ratio", "points"] | None]:
    if not mark.group("amount"):
        return None, None
    value = parse_value(mark.group("amount")).number
    unit = fold(mark.group("amount_unit") or "")
    if value is None:
        return None, None
    if unit.startswith("diem"):
        return value, "points"
    if p.verdict_of.get(fold(squeeze(mark.group("word")))) == "exceeded" and unit == "%":
        return 100 + value, "ratio"  # `vượt 4,2% MTNQ`: 104,2% of the target
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
    text: str, end: int, before: str, fallback: tuple[int, int] | None, p: _Patterns
) -> tuple[int, int] | None:
    """A year right after a figure (`25,68% năm 2023`) is its period; else the words before it."""
    after = re.match(r"\s*(?:vào\s+|đến\s+)?năm\s+((?:19|20)\d{2})\b", text[end:], re.IGNORECASE)
    if after:
        year = int(after.group(1))
        return (year, year)
    return _period(before, fallback, p)


def _verdict_claims(
    sentence: Sentence,
    clause: str,
    doc: Document,
    vocab: Vocabulary,
    period: tuple[int, int] | None,
    context: str,
    paired: Reference | None,
) -> Iterator[Claim | None]:
    """The verdicts of a clause (None for a verdict phrase that makes no claim). `paired`: what
    the sentence's targets are, when it speaks of them (None when not)."""
    p = _patterns(vocab)
    previous_end = 0
    marks = list(p.mark.finditer(clause)) + list(p.versus.finditer(clause))
    marks.sort(key=lambda m: m.start())
    measure = _measure(clause, p) if marks else None
    for mark in marks:
        region = clause[previous_end : mark.start()]
        figures = [
            f
            for f in _figures(region, vocab, paired=paired is not None)
            if not _CHANGE_AFTER.match(region, f[1])
        ]
        # a figure with a unit, or after a verb of result, is the claim's; a bare number
        # (`chính quyền 2 cấp`) only when there is nothing better
        meant = [f for f in figures if f[2].unit or _ends_with(p.result_verb, region, f[0])]
        chosen = meant or figures
        figure = chosen[-1] if chosen else None
        reference = p.reference(mark.group("ref")) if "ref" in mark.groupdict() else "resolution"
        if reference == "target" and figure is None and not mark.group("amount"):
            # `tăng trưởng chưa đạt mục tiêu`: a target not named, with no figure, says too
            # little to be tied to a row (None: a verdict read, for the sentence's bound)
            yield None
            continue
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
        amount, amount_kind = _amount(mark, p) if word else (None, None)
        verdict = p.verdict_of.get(word or "")
        if verdict == "met" and amount_kind == "ratio" and amount is not None:
            # `đạt 89,79% MTNQ` reaches 89,79% of the target: not met
            verdict = "exceeded" if amount > 100 else "met" if amount == 100 else "not_met"
        stated = mark.group("stated")
        yield Claim(
            kind="verdict",
            **_where(sentence, doc),
            text=squeeze(clause[previous_end : mark.end()]),
            subject=subject,
            figure=figure[2] if figure else None,
            verdict=verdict,
            verdict_text=_closed(squeeze(mark.group(0))),
            reference=reference,
            measure=measure,
            context=context,
            amount=amount,
            amount_kind=amount_kind,
            stated_target=(_stated(stated) if stated else figure[2].against if figure else None),
            period=(
                _figure_period(
                    region, figure[1], region[: figure[0]], _period(region, period, p), p
                )
                if figure
                else _period(region, period, p)
            ),
        )
        previous_end = mark.end()
    if not marks and paired is not None:
        yield from _pair_claims(sentence, clause, doc, vocab, period, context, paired)


def _pair_reference(sentence: Sentence, p: _Patterns) -> Reference | None:
    """What the targets a sentence speaks of are (`chỉ tiêu Nghị quyết`: the most specific
    words it names decide); None when it speaks of none."""
    named = {p.reference(m.group(0)) for m in p.reference_words.finditer(sentence.text)}
    if not named:
        return None
    order: list[Reference] = ["resolution", "plan", "budget", "target"]
    return next(kind for kind in order if kind in named or kind == "target")


def _pair_claims(
    sentence: Sentence,
    clause: str,
    doc: Document,
    vocab: Vocabulary,
    period: tuple[int, int] | None,
    context: str,
    reference: Reference,
) -> Iterator[Claim]:
    """`Nhiều chỉ tiêu Nghị quyết đạt cao như thu ngân sách 45.799/36.875 tỷ đồng; …`: each
    result set against its target, in a sentence that speaks of targets, with no verdict word."""
    p = _patterns(vocab)
    for found in _figures(clause, vocab, paired=True):
        if found[2].against is not None:
            yield _figure_claim(
                "verdict", sentence, doc, clause, found, p, period, context, reference
            )


def _figure_claim(
    kind: ClaimKind,
    sentence: Sentence,
    doc: Document,
    clause: str,
    found: tuple[int, int, Figure],
    p: _Patterns,
    period: tuple[int, int] | None,
    context: str,
    reference: Reference | None = None,
) -> Claim:
    """A claim made of one figure of a clause: its words before, its period, its target if it
    is written `X/Y`."""
    start, end, figure = found
    return Claim(
        kind=kind,
        **_where(sentence, doc),
        text=squeeze(clause[:end]),
        subject=_subject(clause, start),
        figure=figure,
        reference=reference,
        stated_target=figure.against,
        measure=_measure(clause, p),
        context=context,
        period=_figure_period(clause, end, clause[:start], _period(clause[:start], period, p), p),
    )


def _count_claims(sentence: Sentence, doc: Document, p: _Patterns) -> Iterator[Claim]:
    for m in p.count.finditer(sentence.text):
        said = p.verdict_of.get(fold(squeeze(m.group("verb"))), "met")
        verdict: VerdictCode = "nearly_met" if said == "nearly_met" else "met"
        yield Claim(
            kind="count",
            **_where(sentence, doc),
            text=squeeze(m.group(0)),
            subject=squeeze(m.group("what")),
            verdict=verdict,
            verdict_text=squeeze(m.group(0)),
            count=(int(m.group("n")), int(m.group("m"))),
            count_of="groups" if fold(m.group("what")).startswith("nhom") else "indicators",
        )


class _Aimed:
    """Whether a sentence names a target (`phấn đấu`, `mục tiêu`) before a point of it: its
    text folded left to right as the points advance, so that each figure of a long sentence
    costs the same. A target word is taken to be shorter than `_AIM_WORD` characters."""

    def __init__(self, text: str, regex: re.Pattern[str]) -> None:
        self.text, self.regex = text, regex
        self.read = 0  # characters of `text` folded so far
        self.tail = ""  # the end of their fold (the whole of it at first)
        self.whole = True  # `tail` is the fold from the sentence's start
        self.named = False  # a target word found, that every later point follows

    def before(self, point: int) -> bool:
        if self.named:
            return True
        if point < self.read:
            return self.regex.search(fold(self.text[:point])) is not None
        piece = fold_piece(self.text[self.read : point])
        if self.tail.endswith(" ") and piece.startswith(" "):
            piece = piece[1:]
        folded = self.tail + piece
        self.read = point
        start = len(folded) - len(folded.lstrip()) if self.whole else 1
        end = len(folded.rstrip())
        found = self.regex.search(folded, start, end)
        named = found is not None
        # a word that ends the text so far may not survive what follows (`mục tiêu` + `x`)
        while found is not None and found.end() == end:
            found = self.regex.search(folded, found.start() + 1, end)
        self.named = found is not None
        if len(folded) > _AIM_WORD:
            # one character more, to tell where a word kept starts
            self.tail, self.whole = folded[-_AIM_WORD - 1 :], False
        else:
            self.tail = folded
        return named


_AIM_WORD = 200


def _statements(
    sentence: Sentence,
    clause: str,
    at: int,
    doc: Document,
    vocab: Vocabulary,
    period: tuple[int, int] | None,
    context: str,
    aimed: _Aimed | None,
) -> Iterator[Claim]:
    """Plain figures after a verb of result in a clause (that starts at `at` in its sentence)."""
    p = _patterns(vocab)
    for found in _figures(clause, vocab):
        start, end, _ = found
        if not _ends_with(p.result_verb, clause, start) or _CHANGE_AFTER.match(clause, end):
            continue
        if aimed is not None and aimed.before(at + start):
            continue  # `phấn đấu đến năm 2030 … đạt 74,5 tuổi`: a target set, not a result
        yield _figure_claim("statement", sentence, doc, clause, found, p, period, context)


def _clauses(sentence: Sentence) -> Iterator[tuple[str, int]]:
    """A sentence's clauses, each with where it starts in the sentence."""
    at = 0
    for clause in sentence.clauses():
        at = sentence.text.find(clause, at)
        yield clause, at
        at += len(clause)


def find_claims(
    doc: Document,
    vocab: Vocabulary,
    *,
    skip: list[tuple[int, int]] | None = None,
    statements: bool = False,
) -> list[Claim]:
    """Claims in a document's prose. `skip`: line ranges (tables) to leave out. `statements`:
    also plain figures after a verb of result (for news and interviews).

    A sentence over `MAX_SENTENCE_CHARS` is not read, and one gives `MAX_SENTENCE_CLAIMS`
    claims at most; each says so in a notice."""
    check_document(doc)
    p = _patterns(vocab)
    found: list[Claim] = []
    paragraph_period: dict[int, tuple[int, int] | None] = {}
    paragraph_text: dict[int, str] = {}
    for sentence in sentences(doc, skip):
        if len(sentence.text) > MAX_SENTENCE_CHARS:
            notice(
                f"{doc.name}: the sentence at line {sentence.line} is "
                f"{len(sentence.text):,} characters long, more than the "
                f"{MAX_SENTENCE_CHARS:,} a sentence may have; no claims are read from it."
            )
            continue
        inherited = paragraph_period.get(sentence.paragraph)
        context = paragraph_text.get(sentence.paragraph, "")
        own = _period(sentence.text, None, p)
        if own is not None:
            paragraph_period[sentence.paragraph] = own
        period = own or inherited
        found.extend(_sentence_claims(sentence, doc, vocab, period, context, statements))
        paragraph_text[sentence.paragraph] = _tail(f"{context} {sentence.text}".strip())
    return found


def _sentence_claims(
    sentence: Sentence,
    doc: Document,
    vocab: Vocabulary,
    period: tuple[int, int] | None,
    context: str,
    statements: bool,
) -> list[Claim]:
    """A sentence's claims, `MAX_SENTENCE_CLAIMS` at most."""
    p = _patterns(vocab)
    paired = _pair_reference(sentence, p)
    target = vocab.target_regex
    aimed = _Aimed(sentence.text, target) if statements and target is not None else None

    def every() -> Iterator[Claim | None]:
        yield from _count_claims(sentence, doc, p)
        for clause, at in _clauses(sentence):
            verdicts = False
            for claim in _verdict_claims(sentence, clause, doc, vocab, period, context, paired):
                verdicts = verdicts or claim is not None
                yield claim
            if statements and not verdicts:
                yield from _statements(sentence, clause, at, doc, vocab, period, context, aimed)

    read = list(itertools.islice(every(), MAX_SENTENCE_CLAIMS + 1))
    if len(read) > MAX_SENTENCE_CLAIMS:
        notice(
            f"{doc.name}: the sentence at line {sentence.line} holds more than "
            f"{MAX_SENTENCE_CLAIMS:,} claims and verdicts; only its first "
            f"{MAX_SENTENCE_CLAIMS:,} are read."
        )
    return [claim for claim in read[:MAX_SENTENCE_CLAIMS] if claim is not None]


def _tail(text: str) -> str:
    """The last `CONTEXT_CHARS` of a paragraph, from a word's start: the context a verdict's
    subject may be looked for in."""
    if len(text) <= CONTEXT_CHARS:
        return text
    return text[len(text) - CONTEXT_CHARS :].split(" ", 1)[-1]

"""Vietnamese cell values: `12.345`, `6,5`, `104,5%`, `2.000-2.500`, `< 3,5`, `Từ 1.200 trở lên`,
and the rest.

Vietnamese statistics print a dot between thousands and a comma before decimals. A value keeps its
raw text, says what kind it is, and keeps the printed number of decimals so that later checks can
allow for rounding (a printed `54` stands for anything in 53,5...54,5).

No report prints a figure of more than MAX_DIGITS digits or beyond MAX_MAGNITUDE: such a figure
(a run of 310 nines would be `inf` as a float) is kept as text and marked `unreadable`, so that
no computation, verdict or output ever meets an infinite or absurd number.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from dbreport.textnorm import fold, nfc, squeeze

Kind = Literal["number", "range", "bound", "text", "empty"]
Op = Literal["<", "<=", ">", ">="]
Unreadable = Literal["too_long", "too_large"]

MAX_DIGITS = 24  # digits in one figure, decimals included (`12.345.678.901.234,5678` has 19)
MAX_MAGNITUDE = 1e15  # a thousand trillion: above a province's GRDP counted in đồng

_NUM = r"[-−–+]?\d+(?:[.,]\d+)*"
_PCT = r"(?:%|‰)?"
_DASHES = "-−–—"
_RANGE_SEP = r"\s*(?:[-−–÷]|đến|tới)\s*"
_PER_MILLE_SLASH = re.compile(r"(\d)\s?0/00(?!\d)")
_NOTE = re.compile(r"^(?P<value>.*?\S)\s*\((?P<note>[^()]*)\)$")
_PLACEHOLDER = re.compile(r"0[.,]0{2,}|[xX]|\.{3}|…")
Notation = Literal["vi", "en"]

# Words that turn a number into a bound or an approximation (folded form -> operator).
_BOUND_WORDS: dict[str, Op | Literal["~", "="]] = {
    "duoi": "<",
    "nho hon": "<",
    "thap hon": "<",
    "toi da": "<=",
    "khong qua": "<=",
    "khong vuot qua": "<=",
    "tren": ">",
    "hon": ">",
    "lon hon": ">",
    "cao hon": ">",
    "toi thieu": ">=",
    "it nhat": ">=",
    "khong duoi": ">=",
    "khong thap hon": ">=",
    "tu": ">=",
    "on dinh tren": ">",
    "duy tri tren": ">",
    "on dinh o muc tren": ">",
    "khoang": "~",
    "dat": "=",
    "dat duoc": "=",
    "gan": "~",
    "xap xi": "~",
}
_SYMBOL_OPS: dict[str, Op] = {"<": "<", ">": ">", "≤": "<=", "≥": ">=", "<=": "<=", ">=": ">="}


class Value(BaseModel):
    """One parsed cell. `raw` is the cell text as printed; the other fields say what it means."""

    model_config = ConfigDict(frozen=True)

    raw: str
    kind: Kind
    number: float | None = None
    low: float | None = None
    high: float | None = None
    op: Op | None = None
    bound: float | None = None
    percent: bool = False
    per_mille: bool = False
    of: float | None = None  # `46/57`: 46 of 57
    approx: bool = False
    decimals: int = 0
    text: str | None = None
    note: str | None = None
    inferred: str | None = None
    unreadable: Unreadable | None = None  # a figure no report holds, kept as text

    @property
    def is_numeric(self) -> bool:
        return self.kind in ("number", "range", "bound")

    def half_unit(self) -> float:
        """Half of the last printed digit: the rounding a printed figure may hide."""
        return 0.5 * 10.0 ** (-self.decimals)


class NumberFormatError(ValueError):
    """A string that looks numeric but is not a Vietnamese-formatted number."""


class UnreadableNumber(ValueError):
    """A well-formed figure that no report holds: too many digits, or too large."""

    def __init__(self, text: str, why: Unreadable) -> None:
        super().__init__(text)
        self.why: Unreadable = why


def _checked(digits: str, text: str) -> float:
    """`digits` (`12345.6`) as a float, or UnreadableNumber when no report prints it."""
    if sum(ch.isdigit() for ch in digits) > MAX_DIGITS:
        raise UnreadableNumber(text, "too_long")
    value = float(digits)
    if abs(value) > MAX_MAGNITUDE:
        raise UnreadableNumber(text, "too_large")
    return value


def notation_of(text: str) -> Notation | None:
    """The separators a number can only have been printed with: `12,130.000` and `9.30` are
    English style, `5.683,7` and `8,76` Vietnamese; `12.130` or `12,130` could be either."""
    s = text.strip().rstrip("%‰").strip().lstrip("".join(_DASHES))
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+\.\d+|\d+\.\d{1,2}|\d+\.\d{4,}", s):
        return "en"
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+,\d+|\d+,\d{1,2}|\d+,\d{4,}", s):
        return "vi"
    if re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}", s):
        return "en"
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", s):
        return "vi"
    return None


def parse_number(text: str, notation: Notation = "vi") -> tuple[float, int]:
    """Parse one number as Vietnamese (`12.345,6`) or, when the number itself or the
    document says so, English style (`12,345.6`); return (value, printed decimals).

    Raises NumberFormatError for what is not a number, UnreadableNumber for a number beyond
    MAX_DIGITS or MAX_MAGNITUDE."""
    s = text.strip().rstrip("%‰").strip()
    negative = s[:1] in _DASHES
    if negative or s[:1] == "+":
        s = s[1:]
    own = notation_of(s)
    english = own == "en" or (own is None and notation == "en")
    if english and re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", s):
        whole, _, frac = s.partition(".")
        value = _checked(whole.replace(",", "") + ("." + frac if frac else ""), text)
        return (-value if negative and value else value), len(frac)  # `-0,0` is 0
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
        whole, _, frac = s.partition(",")
        digits = whole.replace(".", "") + ("." + frac if frac else "")
        decimals = len(frac)
    elif re.fullmatch(r"\d+,\d+", s):
        digits, decimals = s.replace(",", "."), len(s.split(",")[1])
    elif re.fullmatch(r"\d+\.\d+", s):
        # A dot not followed by a group of three digits is a decimal point (English style).
        digits, decimals = s, len(s.split(".")[1])
    elif re.fullmatch(r"\d+", s):
        digits, decimals = s, 0
    else:
        raise NumberFormatError(text)
    value = _checked(digits, text)
    return (-value if negative and value else value), decimals


def abridged(text: str, keep: int = 12) -> str:
    """A cell too long to show whole (an unreadable figure of 310 digits): its start and `…`."""
    return text if len(text) <= keep + 4 else text[:keep] + "…"


def format_number(value: float, decimals: int = 0, *, lang: str = "vi") -> str:
    """Print a number the way the report would (`12.345`, `6,5`); `lang='en'` gives `12,345.5`."""
    if math.isnan(value):
        return "?"
    rounded = round(value, decimals)
    body = f"{abs(rounded):,.{decimals}f}"
    if lang == "vi":
        body = body.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return ("-" if rounded < 0 else "") + body


@lru_cache(maxsize=32)
def _phrase_pattern(phrases: tuple[str, ...]) -> str:
    ordered = sorted({squeeze(p) for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered) or r"(?!x)x"


@lru_cache(maxsize=32)
def _token_regex(phrases: tuple[str, ...]) -> re.Pattern[str]:
    num = rf"{_NUM}(?:%|‰|\s?0/00)?"
    alternatives = [
        rf"[Tt]ừ\s+{num}{_RANGE_SEP}{num}",
        rf"[Tt]ừ\s+{num}(?:\s+trở\s+lên)?",
        rf"{num}\s+trở\s+lên",
        rf"(?:<=|>=|[<>≤≥])\s*{num}",
        rf"{num}[-−–]{num}",
        rf"{_NUM}\s–\s{_NUM}%",  # `45,5 - 48` on a line is two cells; `12 – 14%` one
        rf"{num}\s?÷\s?{num}",  # `5 ÷ 6`: a range, never two cells
        rf"{num}\s?\((?:còn|tăng|giảm|đạt|bằng|ước|năm)[^()]*\)",
        r"\d{1,4}/\d{1,4}",  # `6/6` (wards): so many of so many
        num,
        r"[-−–—]",
        r"[xX]",  # a placeholder: nothing to report in this cell
        _phrase_pattern(phrases),
    ]
    # parse_value reads bound words on folded text; the tokenizer needs their printed forms.
    accented = (
        "Ổn định trên|Duy trì trên|Dưới|Trên|Khoảng|Tối thiểu|Tối đa|Không quá|Không vượt quá|"
        "Ít nhất|Không dưới|"
        "Không thấp hơn|Hơn|Gần|Xấp xỉ|Lớn hơn|Nhỏ hơn|Cao hơn|Thấp hơn"
    )
    words = "|".join(w.replace(" ", r"\s+") for w in accented.split("|"))
    alternatives.insert(3, rf"(?i:{words})\s+{num}")
    body = "|".join(f"(?:{a})" for a in alternatives)
    return re.compile(rf"(?:^|(?<=\s))(?:{body})\s*$", re.IGNORECASE)


class Token(BaseModel):
    """A value found on a line, with where it sits (for column alignment by spacing)."""

    model_config = ConfigDict(frozen=True)

    text: str
    start: int
    end: int


# The most words one value token spans (`Từ 5 0/00 đến 6 0/00`, `Không vượt quá 5 0/00`), with
# room to spare; a value phrase of the vocabulary may add its own words.
_TOKEN_WORDS = 12
_WORD = re.compile(r"\S+")


@lru_cache(maxsize=32)
def _token_words(phrases: tuple[str, ...]) -> int:
    return _TOKEN_WORDS + max((len(p.split()) for p in phrases), default=0)


def split_trailing_values(line: str, phrases: Iterable[str] = ()) -> tuple[str, list[Token]]:
    """Split `line` into its text prefix and the run of value tokens that ends it.

    `Tỷ lệ thất nghiệp  % <4 4,3` -> (`Tỷ lệ thất nghiệp  %`, [`<4`, `4,3`]).

    Each token is looked for only among the last words before the end of what is left (a token
    spans a few words, or a bracket: `8,5 (tăng 0,3 điểm)`), so a line of thousands of figures
    costs time in proportion to its length, not to its square.
    """
    phrases = tuple(phrases)
    regex = _token_regex(phrases)
    span = _token_words(phrases)
    words = [m.span() for m in _WORD.finditer(line)]
    starts = [start for start, _ in words]
    ends = [end for _, end in words]
    end = ends[-1] if ends else 0
    tokens: list[Token] = []
    while end:
        window = end
        if line[end - 1] == ")":
            window = max(line.rfind("(", 0, end), 0)
        first = bisect.bisect_right(starts, window) - span
        match = regex.search(line, starts[max(first, 0)], end)
        if match is None:
            break
        raw = match.group(0).strip()
        start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
        tokens.append(Token(text=raw, start=start, end=start + len(raw)))
        before = bisect.bisect_right(ends, match.start())
        end = ends[before - 1] if before else 0
    tokens.reverse()
    return line[:end], tokens


_AMBIGUOUS_SEPARATOR = re.compile(r"[-−–]?\d{1,3}[.,]\d{3}")


def parse_value(raw: str | None, notation: Notation | None = None) -> Value:
    """Parse one cell; never fails: what is not a figure becomes `text`, blank becomes `empty`.

    `notation` is the document's number style when it mixes English and Vietnamese figures: a
    figure that could be either (`12.130`) is read that way and says so in `inferred`.
    """
    text = squeeze(nfc(raw or ""))
    if not text or all(ch in _DASHES for ch in text):
        return Value(raw=text, kind="empty")
    if _PLACEHOLDER.fullmatch(text):
        return Value(raw=text, kind="empty", note="placeholder")
    note = _NOTE.match(text)
    if note and not re.search(r"[(]", note.group("value")):
        inner = parse_value(note.group("value"), notation)
        if inner.is_numeric or inner.unreadable:
            kept = {"text": text} if inner.unreadable else {}
            return inner.model_copy(
                update={"raw": text, "note": squeeze(note.group("note")), **kept}
            )
    try:
        value = _parse(text, notation or "vi")
    except UnreadableNumber as exc:
        return Value(raw=text, kind="text", text=text, unreadable=exc.why)
    if (
        notation is not None
        and value.is_numeric
        and any(_AMBIGUOUS_SEPARATOR.fullmatch(n) for n in re.findall(r"[-−–]?[\d.,]+\d", text))
    ):
        style = "English" if notation == "en" else "Vietnamese"
        return value.model_copy(
            update={"inferred": f"read in {style} style, as the table's unambiguous figures are"}
        )
    return value


def _parse(text: str, notation: Notation) -> Value:
    per_mille_text = _PER_MILLE_SLASH.sub(r"\1‰", text)
    per_mille = "‰" in per_mille_text
    text_n = per_mille_text
    percent = "%" in text_n
    folded = fold(text_n)
    flags = {"percent": percent, "per_mille": per_mille}

    # Từ 1.200 - 1.500 / 2.000-2.500 / 3-4% / 12 – 14%
    m = re.fullmatch(rf"(?:từ\s+)?({_NUM}){_PCT}{_RANGE_SEP}({_NUM}){_PCT}", text_n, re.IGNORECASE)
    if m and not re.fullmatch(rf"{_NUM}{_PCT}", text_n):
        try:
            low, d1 = parse_number(m.group(1), notation)
            high, d2 = parse_number(m.group(2), notation)
        except NumberFormatError:
            pass
        else:
            if low <= high:
                return Value(
                    raw=text, kind="range", low=low, high=high, decimals=max(d1, d2), **flags
                )

    # <16, < 2,5, ≥ 90
    m = re.fullmatch(rf"(<=|>=|[<>≤≥])\s*({_NUM}){_PCT}", text_n)
    if m:
        try:
            bound, dec = parse_number(m.group(2), notation)
        except NumberFormatError:
            pass
        else:
            return Value(
                raw=text,
                kind="bound",
                op=_SYMBOL_OPS[m.group(1)],
                bound=bound,
                decimals=dec,
                **flags,
            )

    # Từ 1.200 trở lên, 1.200 trở lên, Dưới 3, trên 4, Khoảng 4, tối thiểu 5, không quá 5%
    m = re.fullmatch(rf"(?:(.+?)\s+)?({_NUM}){_PCT}(\s+tro len)?", folded.replace("−", "-"))
    if m and (m.group(1) or m.group(3)):
        word = (m.group(1) or "").strip()
        op = _BOUND_WORDS.get(word) if word else ">="
        if m.group(3) and word in ("", "tu"):
            op = ">="
        if op is not None:
            try:
                number, dec = parse_number(m.group(2), notation)
            except NumberFormatError:
                pass
            else:
                if op in ("~", "="):
                    return Value(
                        raw=text,
                        kind="number",
                        number=number,
                        approx=op == "~",
                        decimals=dec,
                        **flags,
                    )
                return Value(raw=text, kind="bound", op=op, bound=number, decimals=dec, **flags)

    # 46/57 (communes): so many of so many
    m = re.fullmatch(r"(\d{1,4})\s?/\s?(\d{1,4})", text_n)
    if m and int(m.group(1)) <= int(m.group(2)):
        return Value(raw=text, kind="number", number=float(m.group(1)), of=float(m.group(2)))

    # 12.345, 6,5, -0,7, 104,5%, 02, 0,15‰
    if re.fullmatch(rf"{_NUM}\s?{_PCT}", text_n):
        try:
            number, dec = parse_number(text_n, notation)
        except NumberFormatError:
            pass
        else:
            return Value(raw=text, kind="number", number=number, decimals=dec, **flags)

    return Value(raw=text, kind="text", text=text)


def table_notation(texts: Iterable[str]) -> Notation | None:
    """How a table prints its figures, when it mixes styles: English if its unambiguous
    English figures (`12,130.000`, `9.30`) outnumber its Vietnamese ones, else Vietnamese;
    None for a table with no English figure (nothing to decide)."""
    counts = {"vi": 0, "en": 0}
    for text in texts:
        for number in re.findall(r"\d+(?:[.,]\d+)+", text or ""):
            style = notation_of(number)
            if style:
                counts[style] += 1
    if not counts["en"]:
        return None
    return "en" if counts["en"] > counts["vi"] else "vi"


_VI_FIGURE = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d.,]*\d)|(?<![\d.,])\d+,\d+")


def english_figures(text: str) -> str:
    """The figures of a cell in English style (`12.345` -> `12,345`, `6,5` -> `6.5`); the
    rest of the text as printed."""

    def one(m: re.Match[str]) -> str:
        token = m.group(0)
        try:
            number, decimals = parse_number(token, "vi")
        except UnreadableNumber:
            return token
        return format_number(number, decimals, lang="en")

    return _VI_FIGURE.sub(one, text)


_QUOTED = re.compile(r"«[^»]*»|'[^']*'")


def english_outside_quotes(text: str) -> str:
    """A sentence of ours in English number style; quotations of the document (`«…»`, `'…'`)
    stay as printed."""
    out, last = [], 0
    for m in _QUOTED.finditer(text):
        out += [english_figures(text[last : m.start()]), m.group(0)]
        last = m.end()
    return "".join([*out, english_figures(text[last:])])

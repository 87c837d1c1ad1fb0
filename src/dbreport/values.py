"""Vietnamese cell values: `12.345`, `6,5`, `104,5%`, `2.000-2.500`, `< 3,5`, `Từ 1.200 trở lên`,
and the rest.

Vietnamese statistics print a dot between thousands and a comma before decimals. A value keeps its
raw text, says what kind it is, and keeps the printed number of decimals so that later checks can
allow for rounding (a printed `54` stands for anything in 53,5...54,5).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from dbreport.textnorm import fold, nfc, squeeze

Kind = Literal["number", "range", "bound", "text", "empty"]
Op = Literal["<", "<=", ">", ">="]

_NUM = r"[-−–]?\d+(?:[.,]\d+)*"
_DASHES = "-−–—"
_RANGE_SEP = r"\s*(?:[-−–]|đến|tới)\s*"

# Words that turn a number into a bound or an approximation (folded form -> operator).
_BOUND_WORDS: dict[str, Op | Literal["~"]] = {
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
    "khoang": "~",
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
    approx: bool = False
    decimals: int = 0
    text: str | None = None

    @property
    def is_numeric(self) -> bool:
        return self.kind in ("number", "range", "bound")

    def half_unit(self) -> float:
        """Half of the last printed digit: the rounding a printed figure may hide."""
        return 0.5 * 10.0 ** (-self.decimals)


class NumberFormatError(ValueError):
    """A string that looks numeric but is not a Vietnamese-formatted number."""


def parse_number(text: str) -> tuple[float, int]:
    """Parse one Vietnamese-formatted number; return (value, printed decimals)."""
    s = text.strip().rstrip("%").strip()
    negative = s[:1] in _DASHES
    if negative:
        s = s[1:]
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
    value = float(digits)
    return (-value if negative else value), decimals


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
    alternatives = [
        rf"[Tt]ừ\s+{_NUM}%?{_RANGE_SEP}{_NUM}%?",
        rf"[Tt]ừ\s+{_NUM}%?(?:\s+trở\s+lên)?",
        rf"{_NUM}%?\s+trở\s+lên",
        rf"(?:<=|>=|[<>≤≥])\s*{_NUM}%?",
        rf"{_NUM}%?[-−–]{_NUM}%?",
        rf"{_NUM}%?",
        r"[-−–—]",
        _phrase_pattern(phrases),
    ]
    # parse_value reads bound words on folded text; the tokenizer needs their printed forms.
    accented = (
        "Dưới|Trên|Khoảng|Tối thiểu|Tối đa|Không quá|Không vượt quá|Ít nhất|Không dưới|"
        "Không thấp hơn|Hơn|Gần|Xấp xỉ|Lớn hơn|Nhỏ hơn|Cao hơn|Thấp hơn"
    )
    words = "|".join(w.replace(" ", r"\s+") for w in accented.split("|"))
    alternatives.insert(3, rf"(?i:{words})\s+{_NUM}%?")
    body = "|".join(f"(?:{a})" for a in alternatives)
    return re.compile(rf"(?:^|(?<=\s))(?:{body})\s*$", re.IGNORECASE)


class Token(BaseModel):
    """A value found on a line, with where it sits (for column alignment by spacing)."""

    model_config = ConfigDict(frozen=True)

    text: str
    start: int
    end: int


def split_trailing_values(line: str, phrases: Iterable[str] = ()) -> tuple[str, list[Token]]:
    """Split `line` into its text prefix and the run of value tokens that ends it.

    `Tỷ lệ thất nghiệp  % <4 4,3` -> (`Tỷ lệ thất nghiệp  %`, [`<4`, `4,3`]).
    """
    regex = _token_regex(tuple(phrases))
    text = line.rstrip()
    tokens: list[Token] = []
    while text.strip():
        match = regex.search(text)
        if match is None:
            break
        raw = match.group(0).strip()
        start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
        tokens.append(Token(text=raw, start=start, end=start + len(raw)))
        text = text[: match.start()].rstrip()
    tokens.reverse()
    return text, tokens


def parse_value(raw: str | None) -> Value:
    """Parse one cell; never fails: what is not a figure becomes `text`, blank becomes `empty`."""
    text = squeeze(nfc(raw or ""))
    if not text or all(ch in _DASHES for ch in text):
        return Value(raw=text, kind="empty")
    percent = "%" in text
    folded = fold(text)

    # Từ 1.200 - 1.500 / 2.000-2.500 / 3-4%
    m = re.fullmatch(rf"(?:từ\s+)?({_NUM})%?{_RANGE_SEP}({_NUM})%?", text, re.IGNORECASE)
    if m and not re.fullmatch(rf"{_NUM}%?", text):
        try:
            low, d1 = parse_number(m.group(1))
            high, d2 = parse_number(m.group(2))
        except NumberFormatError:
            pass
        else:
            if low <= high:
                return Value(
                    raw=text,
                    kind="range",
                    low=low,
                    high=high,
                    percent=percent,
                    decimals=max(d1, d2),
                )

    # <16, < 2,5, ≥ 90
    m = re.fullmatch(rf"(<=|>=|[<>≤≥])\s*({_NUM})%?", text)
    if m:
        try:
            bound, dec = parse_number(m.group(2))
        except NumberFormatError:
            pass
        else:
            return Value(
                raw=text,
                kind="bound",
                op=_SYMBOL_OPS[m.group(1)],
                bound=bound,
                percent=percent,
                decimals=dec,
            )

    # Từ 1.200 trở lên, 1.200 trở lên, Dưới 3, trên 4, Khoảng 4, tối thiểu 5
    m = re.fullmatch(rf"(?:(.+?)\s+)?({_NUM})%?(\s+tro len)?", folded.replace("−", "-"))
    if m and (m.group(1) or m.group(3)):
        word = (m.group(1) or "").strip()
        op = _BOUND_WORDS.get(word) if word else ">="
        if m.group(3) and word in ("", "tu"):
            op = ">="
        if op is not None:
            try:
                number, dec = parse_number(m.group(2))
            except NumberFormatError:
                pass
            else:
                if op == "~":
                    return Value(
                        raw=text,
                        kind="number",
                        number=number,
                        approx=True,
                        percent=percent,
                        decimals=dec,
                    )
                return Value(
                    raw=text, kind="bound", op=op, bound=number, percent=percent, decimals=dec
                )

    # 12.345, 6,5, -0,7, 104,5%, 02
    if re.fullmatch(rf"{_NUM}\s?%?", text):
        try:
            number, dec = parse_number(text)
        except NumberFormatError:
            pass
        else:
            return Value(raw=text, kind="number", number=number, percent=percent, decimals=dec)

    return Value(raw=text, kind="text", text=text)

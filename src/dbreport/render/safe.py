"""Document text is data: the one place where it is made safe for each kind of output.

A report, a news page or a sidecar may hold anything: terminal escape sequences (clear the screen,
set the window title, write the clipboard through OSC 52, hide a link behind OSC 8), rich markup,
HTML, markdown links, spreadsheet formulas. Every writer passes document text through one of
these functions, so none of it ever acts:

- `visible`: control characters (C0 but line feed and tab, DEL, C1) and the bidirectional
  overrides that reorder what a reader sees are shown as their names (`␛`, `⟨U+202E⟩`), never
  sent; for the terminal, plain text, csv and xlsx;
- `markdown_text`: `visible`, then HTML and markdown syntax escaped (`<`, `&`, `[`, `]`, `*`,
  `_`, `` ` ``, `|`; `>` needs none inside a line), so `<script>`, `![x](http://…)` and
  `[bấm vào](…)` stay text;
- `csv_text`: `visible`, then a cell that would start a formula in Excel or LibreOffice
  (`=`, `+`, `-`, `@`, tab, carriage return) gets a leading `'`, as OWASP recommends; a number
  (`-0.2`, `+5`) is left as it is;
- `json_safe` and `json_escaped`: no `Infinity`, `NaN` or `-0.0` (not JSON, or not what was
  meant); strings kept exact, C1 controls and bidi overrides written as `\\u` escapes (`json`
  escapes C0 itself, but leaves C1 raw with `ensure_ascii=False`).

Rich markup never comes into it: terminal cells are `rich.text.Text` objects, which rich does not
parse for markup or emoji codes.
"""

from __future__ import annotations

import math
import re
from typing import Any

# C0 controls but \t and \n, DEL, C1 controls; the bidi embeddings, overrides and isolates
# and lone surrogates: the undecodable bytes of a file name (`\\udcff` for the byte 0xFF)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(?:\d[\d.,]*|\.\d+)(?:[eE][+-]?\d+)?%?$")
# `_` inside a word (`yearly_2026.txt`) is no emphasis in CommonMark: left as it is
_MARKDOWN = re.compile(r"([\\`*\[\]|<]|(?<![^\W_])_|_(?![^\W_]))")


def _name(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (␛ for ESC)
    if code == 0x7F:
        return "\u2421"  # ␡
    if 0xDC80 <= code <= 0xDCFF:
        return f"⟨0x{code - 0xDC00:02X}⟩"  # a byte that is not UTF-8, as Python escapes it
    return f"⟨U+{code:04X}⟩"


def visible(text: str) -> str:
    """The text with every control character shown by its name instead of acting."""
    return _CONTROL.sub(lambda m: _name(m.group(0)), text)


class Markdown(str):
    """Markdown this tool made (a code span of a file name): already safe, not escaped again."""


def markdown_text(text: str) -> str:
    """Document text inside markdown: shown as written, never markup, HTML or a link."""
    if isinstance(text, Markdown):
        return text
    escaped = _MARKDOWN.sub(r"\\\1", visible(text).replace("&", "&amp;"))
    return escaped.replace("\n", "<br>")


def code_span(text: str) -> str:
    """A file name or a word as markdown code: a fence longer than any run of backticks in it."""
    shown = visible(text).replace("\n", " ")
    runs = [len(r) for r in re.findall(r"`+", shown)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if runs else ""
    return Markdown(f"{fence}{pad}{shown}{pad}{fence}")


def csv_text(text: str, *, keep_formulas: bool = False) -> str:
    """A cell for a spreadsheet: a would-be formula starts with `'`, unless asked to keep it."""
    shown = visible(text)
    if keep_formulas or not shown.startswith(_FORMULA_START) or _NUMBER.match(shown):
        return shown
    return "'" + shown


def json_safe(value: Any) -> Any:
    """The payload with non-finite numbers as null and -0.0 as 0.0."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return 0.0 if value == 0 else value
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


def json_escaped(text: str) -> str:
    """Serialised JSON with the controls `json` leaves raw written as `\\u` escapes (the same
    strings once parsed)."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)

"""Running text as sentences that remember their lines.

PDF text breaks prose in ways a reader does not see: lines end mid-sentence, a page break drops
the page's footnotes into the middle of a sentence, footnote numbers stick to words (`nâng cao1;`).
Here the footnote blocks are set aside, the lines are joined, the glued numbers removed, and the
text is cut into sentences and clauses, each knowing the lines it came from.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from dbreport.sources import Document, Line
from dbreport.textnorm import squeeze

_FOOTNOTE_START = re.compile(r"^\d{1,3} [^\W\d_]")
# a footnote number glued to a word or a closing bracket: `cao1;`, `MTNQ)16.`, `Biên2,`
_GLUED_NOTE = re.compile(r"(?<=[^\W\d_)])(\d{1,2})(?=[\s,.;:)]|$)")
_UNIT_WORDS = ("km", "m", "cm", "mm", "ha")
_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.|[IVX]+[.-]|\(\d+\)-?|[a-zđ]\))\s")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“(]?[^\W\d_]|\d)")


@dataclass(frozen=True)
class Sentence:
    text: str
    line: int
    last_line: int
    page: int | None
    paragraph: int  # sentences of one paragraph share this number

    def clauses(self) -> list[str]:
        return [c.strip() for c in self.text.split(";") if c.strip()]


def _unglue(text: str) -> str:
    def drop(match: re.Match[str]) -> str:
        start = match.start()
        word = re.search(r"[^\W\d_]+$", text[:start])
        if word and word.group(0).lower() in _UNIT_WORDS:
            return match.group(0)  # km2, m3: a unit, not a footnote
        return ""

    return _GLUED_NOTE.sub(drop, text)


def body_lines(doc: Document, skip: list[tuple[int, int]]) -> list[Line]:
    """The document's prose lines: no footnote blocks, nothing inside the `skip` line ranges."""
    kept: list[Line] = []
    in_notes = False
    skipped = _numbers_in(skip)
    for line in doc.lines:
        if line.no in skipped:
            in_notes = False  # a table is not footnotes; what follows it is text again
            continue
        text = line.text
        if text and not text.strip():
            in_notes = True  # a line of spaces closes a page's text: its footnotes follow
            continue
        if in_notes:
            if text.startswith(" ") and text.strip():
                in_notes = False  # the next page begins
            else:
                continue
        if _FOOTNOTE_START.match(text) and kept and not kept[-1].text.strip():
            continue
        kept.append(line)
    return kept


def _numbers_in(ranges: list[tuple[int, int]]) -> set[int]:
    """Every line number the ranges cover (merged first: a PDF gives one range a line)."""
    numbers: set[int] = set()
    end = 0
    for a, b in sorted(ranges):
        numbers.update(range(max(a, end + 1), b + 1))
        end = max(end, b)
    return numbers


def sentences(doc: Document, skip: list[tuple[int, int]] | None = None) -> list[Sentence]:
    """Sentences of the document's prose, in order, with their first and last line."""
    lines = body_lines(doc, skip or [])
    found: list[Sentence] = []
    paragraph = 0
    buffer: list[str] = []
    starts: list[int] = []
    owners: list[Line] = []
    offset = 0

    def flush() -> None:
        nonlocal buffer, starts, owners, offset
        if not buffer:
            return
        flow = "".join(buffer)
        for match in _split(flow):
            text, a, b = match
            first = owners[bisect.bisect_right(starts, a) - 1]
            last = owners[bisect.bisect_right(starts, max(a, b - 1)) - 1]
            cleaned = squeeze(_unglue(text))
            if cleaned:
                found.append(Sentence(cleaned, first.no, last.no, first.page, paragraph))
        buffer, starts, owners, offset = [], [], [], 0

    heading = False
    table_starts = sorted(a for a, _ in skip or [])
    previous = 0
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        # a table left out between two lines parts them: its title and the note under it are
        # sentences of their own, each cited at its own line
        k = bisect.bisect_right(table_starts, previous)
        across_table = k < len(table_starts) and table_starts[k] <= line.no
        previous = line.no
        # A paragraph ends where a line ends a sentence and the next starts a new one, and
        # around a numbered heading (`1.6. Huy động...`), which has no full stop of its own.
        ends_sentence = bool(buffer) and buffer[-1].rstrip().endswith((".", ":", "!", "?"))
        starts_new = text[:1].isupper() or text[:1].isdigit() or text.startswith(("-", "*", "+"))
        if heading and not starts_new and not across_table:
            starts_new = False  # the heading goes on over this line
        elif buffer and (
            (ends_sentence and starts_new) or _HEADING.match(text) or heading or across_table
        ):
            flush()
            paragraph += 1
            heading = False
        if _HEADING.match(text) and not text.endswith("."):
            heading = True
        starts.append(offset)
        owners.append(line)
        piece = text + " "
        buffer.append(piece)
        offset += len(piece)
    flush()
    return found


def _split(flow: str) -> list[tuple[str, int, int]]:
    out = []
    start = 0
    for match in _SENTENCE_END.finditer(flow):
        out.append((flow[start : match.start()], start, match.start()))
        start = match.end()
    if flow[start:].strip():
        out.append((flow[start:], start, len(flow)))
    return out

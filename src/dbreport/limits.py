"""How much of a document dbreport reads: bounds far above any real report, so that a broken or
hostile file costs seconds rather than hours, and says what it did not read.

Measured on data/raw and tests/fixtures: the longest document has 4,232 lines, the longest line
1,490 characters, the longest sentence of prose 2,018 characters (5,248 in a PDF's text read
with its table), a line at most 57 figures, a Word table row 8 cells, a document 6 candidate
table headers, a sentence 5 claims and a paragraph 1,196 characters before its last claim.

A document over `MAX_LINES` lines or with a line over `MAX_LINE_CHARS` characters is not read
(`UnreadableSource`, the sentence says which limit). The other limits leave out what is past
them and say so on stderr (`notice`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dbreport.errors import UnreadableSource

if TYPE_CHECKING:
    from dbreport.sources import Document

MAX_LINES = 1_000_000  # lines of one document
MAX_LINE_CHARS = 100_000  # characters of one line
MAX_ROW_CELLS = 1_000  # cells (figures) of one table row, text or Word/HTML/PDF grid
MAX_HEADER_CANDIDATES = 10_000  # lines of one document examined as a table header's start
MAX_SENTENCE_CHARS = 20_000  # characters of one sentence read for claims
MAX_SENTENCE_CLAIMS = 50  # claims read from one sentence
# Not limits on what is read, but on how far back a figure's words are looked for: the words
# just before a figure (`đạt`, `năm 2020 -`), and the paragraph a verdict's subject may come from.
LOOKBACK_CHARS = 1_000
CONTEXT_CHARS = 5_000

_said: set[str] = set()
_pending: list[str] = []


def notice(sentence: str) -> None:
    """Note that a limit left something out (each sentence once a process). The notes travel
    with what was read (`drain`, in the reading process, which may be a child whose stderr goes
    nowhere) and the command line says them as `dbreport: note: …`. A result read from the cache
    later does not repeat them."""
    if sentence in _said:
        return
    _said.add(sentence)
    _pending.append(sentence)


def drain() -> list[str]:
    """The notes not yet handed on, now handed on."""
    notes = list(_pending)
    _pending.clear()
    return notes


def check_document(doc: Document) -> None:
    """Refuse a document too long, or with a line too long, to be a report."""
    if len(doc.lines) > MAX_LINES:
        raise UnreadableSource(
            f"{doc.path} has {len(doc.lines):,} lines; dbreport reads documents of up to "
            f"{MAX_LINES:,} lines."
        )
    if max((len(line.text) for line in doc.lines), default=0) <= MAX_LINE_CHARS:
        return
    for line in doc.lines:
        if len(line.text) > MAX_LINE_CHARS:
            raise UnreadableSource(
                f"{doc.path} has a line of {len(line.text):,} characters (line {line.no}); "
                f"dbreport reads lines of up to {MAX_LINE_CHARS:,} characters."
            )

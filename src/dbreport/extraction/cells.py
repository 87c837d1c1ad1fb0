"""Tables a web page gives as text: one cell a line, blank lines between, empty cells lost.

Rows are found by what their cells are: a row number that continues the numbering, then a name,
a unit, figures, and text cells for the columns that hold words (notes, the office in charge).
A name is recognised by what follows it (its unit or figures); figures are placed in columns by
`align`, which says `ambiguous` when a lost empty cell leaves more than one reading. Figures never
move into another row: a row ends where the next one's number or name begins.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from dbreport.extraction.align import Piece, align
from dbreport.extraction.grid import GridRow, read_grid
from dbreport.extraction.header import Header, fit_to_rows, match_header
from dbreport.extraction.records import build_table
from dbreport.models import Alignment, Table
from dbreport.sources import Document, Line
from dbreport.textnorm import fold
from dbreport.values import parse_value
from dbreport.vocab import ColumnRole, Vocabulary

_INT = re.compile(r"^(\d{1,3})[.)]?$")
_SECTION = re.compile(r"^(?:[A-H]|I{1,3}|IV|VI{0,3}|IX|X)[.)]?$")
_TITLED_SECTION = re.compile(r"^(?P<id>[A-H]|I{1,3}|IV|VI{0,3}|IX|X)[.)]\s+(?P<title>[^\W\d_].*)$")
_SUB = re.compile(r"^(?:[a-zđ][.)]|[-+*•]|\d{1,3}\.\d{1,2}\.?)$")
_PROSE_WORDS = 25
_BULLET = re.compile(r"^\s*(?:[-+*•–]|trong đó|tr\.\s*đó|bao gồm)", re.IGNORECASE)


@dataclass
class _Row:
    index: str = ""
    name: str = ""
    unit: str = ""
    values: list[tuple[Line, str]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)

    @property
    def width(self) -> int:
        """How many cells the row printed (its number, name, unit, figures and words)."""
        return (
            bool(self.index)
            + bool(self.name)
            + bool(self.unit)
            + len(self.values)
            + len(self.texts)
        )


class _CellReader:
    def __init__(self, doc: Document, header: Header, vocab: Vocabulary) -> None:
        self.doc = doc
        self.header = header
        self.vocab = vocab
        roles = header.roles
        self.has_index = "index" in roles
        self.has_unit = "unit" in roles
        columns = header.value_columns
        trailing = 0
        for column in reversed(columns):
            if column.role == "other" and vocab.holds_words(column.label):
                trailing += 1
            else:
                break
        notes = [c for c in header.columns if c.role == "note"]
        self.text_slots = trailing + len(notes)
        self.figure_slots = len(columns) - trailing
        self.rows: list[_Row] = []
        self.last_index = 0

    def _kind(self, text: str) -> str:
        if _INT.match(text):
            return "int"
        if _TITLED_SECTION.match(text):
            return "section"
        if _SECTION.match(text) or _SUB.match(text):
            return "mark"
        if text in ("%", "‰") or self.vocab.is_unit(text):
            return "unit"
        value = parse_value(text)
        if value.kind != "text" or text in self.vocab.value_phrases:
            return "value"
        if self.vocab.verdict_of_word(text) is not None:
            return "value"
        return "text"

    def _unit_like(self, text: str, row: _Row | None, following: str) -> bool:
        """A short word right after a name, before the figures, under a unit column: a unit
        the vocabulary does not know (`Cụm`, `Lượt`)."""
        return bool(
            self.has_unit
            and row is not None
            and row.name
            and not row.unit
            and not row.values
            and following in ("value", "int")
            and len(text.split()) <= 2
            and len(text) <= 14
            and (text[:1].isupper() or text[:1].isdigit() or "/" in text or "²" in text)
        )

    def numbered_width(self, cells: list[Line]) -> int:
        """How many cells a numbered row usually holds, counted from its number to the next
        row's number or section: how many columns the rows really have, whatever the header
        says."""
        kinds = [self._kind(c.text.strip()) for c in cells]
        starts: list[int] = []
        last = 0
        for k, kind in enumerate(kinds):
            m = _INT.match(cells[k].text.strip())
            if kind == "int" and m and int(m.group(1)) in (last + 1, 1):
                if k + 1 < len(kinds) and kinds[k + 1] == "text":
                    starts.append(k)
                    last = int(m.group(1))
            elif kind in ("section", "mark") and k + 1 < len(kinds) and kinds[k + 1] == "text":
                starts.append(k)
        widths = []
        if not starts:
            return 0
        for a, b in zip(starts, [*starts[1:], len(kinds)], strict=True):
            if any(kinds[j] == "value" for j in range(a + 2, b)):
                widths.append(b - a)
        if not widths:
            return 0
        counts = Counter(widths)
        return max(counts, key=lambda w: (counts[w], w))  # the usual row, not a merged one

    def read(self, cells: list[Line]) -> None:
        kinds = [self._kind(c.text.strip()) for c in cells]
        self.numbered = self.has_index and sum(k == "int" for k in kinds) >= 2
        row: _Row | None = None

        def after(k: int, n: int = 1) -> str:
            return kinds[k + n] if k + n < len(kinds) else "end"

        def flush() -> None:
            nonlocal row
            if row is not None and (row.name or row.values or row.index):
                self.rows.append(row)
            row = None

        for k, line in enumerate(cells):
            text = line.text.strip()
            kind = kinds[k]
            if kind == "int" and self.has_index:
                n = int(_INT.match(text).group(1))  # type: ignore[union-attr]
                expected = n in (self.last_index + 1, 1)
                capacity = row is not None and len(row.values) < self.figure_slots
                if after(k) == "text" and (expected or not capacity or row is None):
                    flush()
                    row = _Row(index=text, lines=[line])
                    self.last_index = n
                    continue
            if kind == "section":
                # `B. CHỈ TIÊU VỀ VĂN HÓA - XÃ HỘI`: a section and its title in one cell
                flush()
                m = _TITLED_SECTION.match(text)
                assert m is not None
                self.rows.append(_Row(index=m.group("id"), name=m.group("title"), lines=[line]))
                continue
            if kind == "mark" and after(k) == "text" and (row is None or row.name):
                flush()
                row = _Row(index=text, lines=[line])
                continue
            if kind in ("int", "mark"):
                kind = "value"
            if row is None:
                if kind == "value" and self.rows and self.rows[-1].name:
                    self.rows[-1].values.append((line, text))
                    self.rows[-1].lines.append(line)
                    continue
                row = _Row(lines=[])
            if kind == "text" and self._unit_like(text, row, after(k)):
                kind = "unit"
            if kind == "text" or (kind == "unit" and (row.unit or row.values)):
                if not row.name:
                    row.name = text
                elif row.unit and not row.values:
                    row.values.append((line, text))  # a value in words: `Đến cuối 2022`
                elif not row.unit and not row.values:
                    # a title row (no figures), then the name of the next row
                    flush()
                    row = _Row(name=text)
                elif after(k) == "unit":
                    flush()
                    row = _Row(name=text)
                elif (
                    after(k) in ("int", "mark", "section", "end")
                    or (after(k) == "text" and after(k, 2) in ("unit", "value"))
                ) and (len(row.texts) < self.text_slots or len(row.values) < self.figure_slots):
                    # the row's last cell (the next row starts after it): a note, else a value
                    if len(row.texts) < self.text_slots:
                        row.texts.append(text)
                    else:
                        row.values.append((line, text))
                elif (
                    self.has_index
                    and self.numbered
                    and not _BULLET.match(text)
                    and len(row.values) < self.figure_slots
                ):
                    row.values.append((line, text))  # words in a figure column, more follow
                elif after(k) == "value" or len(row.texts) >= self.text_slots:
                    flush()
                    row = _Row(name=text)
                else:
                    row.texts.append(text)
            elif kind == "unit":
                if row.name:
                    row.unit = text
                else:
                    row.name = text
            else:
                row.values.append((line, text))
            row.lines.append(line)
        flush()

    def grid_rows(self) -> list[GridRow]:
        columns = list(self.header.columns)
        positions = {c.role: i for i, c in reversed(list(enumerate(columns)))}
        value_positions = [
            i for i, c in enumerate(columns) if c.role not in ("index", "name", "unit", "note")
        ]
        figure_positions = value_positions[: self.figure_slots]
        text_positions = [i for i, c in enumerate(columns) if c.role == "note"] + value_positions[
            self.figure_slots :
        ]
        text_positions.sort()
        roles: list[ColumnRole] = [columns[i].field or "other" for i in figure_positions]
        out: list[GridRow] = []
        for row in self.rows:
            cells = [""] * len(columns)
            if "index" in positions:
                cells[positions["index"]] = row.index
            if "name" in positions:
                cells[positions["name"]] = row.name
            if "unit" in positions:
                cells[positions["unit"]] = row.unit
            elif row.unit:
                cells[positions["name"]] = f"{row.name} ({row.unit})"
            alignment: Alignment = "exact"
            ambiguity = None
            while (
                len(row.values) > self.figure_slots
                and text_positions
                and parse_value(row.values[-1][1]).kind == "text"
            ):
                row.texts.insert(0, row.values.pop()[1])  # a verdict written in `Ghi chú`
            if row.values:
                pieces = [Piece(parse_value(t), ln.no, None, None, False) for ln, t in row.values]
                kind = self.vocab.unit_kind(row.unit or None)
                result = align(pieces, roles, kind, self.vocab, spacing=False)
                by_raw = iter(t for _, t in row.values)
                for slot, value in sorted(result.cells.items()):
                    cells[figure_positions[slot]] = next(by_raw, value.raw)
                alignment, ambiguity = result.alignment, result.ambiguity
                if result.surplus:
                    row.texts = [v.raw for v in result.surplus] + row.texts
            texts = list(row.texts)
            if len(texts) > len(text_positions) and text_positions:
                texts = [
                    *texts[: len(text_positions) - 1],
                    " ".join(texts[len(text_positions) - 1 :]),
                ]
            if texts and len(texts) < len(text_positions):
                alignment = "ambiguous" if alignment != "ambiguous" else alignment
                note = f"{len(texts)} text cell(s) for {len(text_positions)} text columns"
                ambiguity = f"{ambiguity}; {note}" if ambiguity else note
            for pos, text in zip(text_positions, texts, strict=False):
                cells[pos] = text
            first = row.lines[0] if row.lines else Line(0, "")
            out.append(
                GridRow(cells, first, lines=row.lines, alignment=alignment, ambiguity=ambiguity)
            )
        return out


def _blank_separated(doc: Document, header: Header) -> bool:
    """Whether the page put a blank line between cells (as a browser's text of a table does):
    then lines not parted by a blank line are one cell (a name wrapped with `<br>`)."""
    band = doc.lines[header.start : header.end]
    gaps = 0
    cells = 0
    for a, b in itertools.pairwise(band):
        if a.text.strip() and b.text.strip():
            return False
        if a.text.strip():
            cells += 1
        if a.text.strip() and not b.text.strip():
            gaps += 1
    return cells >= 3 and gaps >= cells - 1


def _body(doc: Document, header: Header, vocab: Vocabulary) -> tuple[list[Line], int]:
    ends = tuple(vocab.table_end)
    joined = _blank_separated(doc, header)
    cells: list[Line] = []
    i = header.end
    previous_blank = True
    while i < len(doc.lines):
        line = doc.lines[i]
        text = line.text.strip()
        if not text:
            previous_blank = True
            i += 1
            continue
        if fold(text).startswith(ends) or len(text.split()) > _PROSE_WORDS:
            break
        if match_header(doc.lines, i, vocab) is not None:
            break
        if joined and not previous_blank and cells:
            last = cells[-1]
            cells[-1] = Line(last.no, f"{last.text.strip()} {text}", last.page)
        else:
            cells.append(line)
        previous_blank = False
        i += 1
    return cells, i


def read_cell_table(
    doc: Document, header: Header, vocab: Vocabulary, *, unit: str | None = None
) -> tuple[Table, int]:
    """Read a one-cell-a-line table under `header`; return it and the index of the line after."""
    cells, end = _body(doc, header, vocab)
    reader = _CellReader(doc, header, vocab)
    reader.read(cells)
    widest = reader.numbered_width(cells) or max((r.width for r in reader.rows), default=0) + (
        "index" in header.roles and not any(r.index and r.values for r in reader.rows)
    )
    fitted, doubt = fit_to_rows(header, len(header.columns) - widest if reader.rows else 0)
    if fitted is not header:
        header = fitted
        reader = _CellReader(doc, header, vocab)
        reader.read(cells)
    rows = reader.grid_rows()
    if doubt:
        for row in rows:
            row.alignment = "ambiguous"
            row.ambiguity = f"{row.ambiguity}; {doubt}" if row.ambiguity else doubt
    numbering_lost = not any(r.index for r in reader.rows)
    records = read_grid(
        rows, list(header.columns), doc, header, vocab, unit=unit, numbering_lost=numbering_lost
    )
    first = doc.lines[header.start].no
    last_line = cells[-1].no if cells else first
    table = build_table(doc, header, records, "cell-per-line", lines=(first, last_line), unit=unit)
    return table, end

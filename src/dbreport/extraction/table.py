"""Indicator tables from text: cells wrapped over lines, headers repeated after page breaks,
section rows (`A`, `B`), numbered group rows whose title may also be the first indicator,
units split over lines, values that follow the row on lines of their own.

The reader goes line by line. Text lines wait in `pending` until a line ending in values arrives;
then the pending text is split into (group title | sub-heading | note of the previous row), the
indicator name and its unit, and the values are put into columns by `align`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Literal

from dbreport.arithmetic import Reading, comparison_readings
from dbreport.extraction.align import DECISIVE, AlignResult, Piece, align, unit_class
from dbreport.extraction.header import Column, Header, fit_to_rows, match_header
from dbreport.extraction.records import (
    Place,
    build_indicator,
    build_table,
    link_totals,
    row_kind,
    starts_parts,
    strip_bullet,
    strip_parts_word,
    unit_from_name,
)
from dbreport.limits import MAX_ROW_CELLS, notice
from dbreport.models import Indicator, Table, TableNote
from dbreport.sources import Document, Line
from dbreport.textnorm import fold, squeeze
from dbreport.values import Token, Value, parse_value, split_trailing_values, table_notation
from dbreport.vocab import ColumnRole, UnitKind, Vocabulary

_SECTION = re.compile(r"^(?P<id>[A-H]|I{1,3}|IV|VI{0,3}|IX|X)[.):]?(?:\s+(?P<title>[^\W\d_].*))?$")
_GROUP = re.compile(r"^(?P<n>\d{1,2})[.)]?$")
_YEAR_WORDS = ("nam", "den", "tu", "ky", "doan", "hoi", "thang")
_MAX_UNIT_WORDS = 6


@dataclass
class _Draft:
    section: str | None
    section_title: str | None
    group: str | None
    group_title: str | None
    subgroup: str | None
    name: str
    unit: str | None
    lines: list[Line]
    table_page: int
    pieces: list[Piece] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # cells of the text columns after the figures
    words_as_value: bool = False  # words after the figures taken as the last figure column's


def _is_year(text: str) -> bool:
    value = parse_value(text)
    return (
        value.kind == "number"
        and value.decimals == 0
        and value.number is not None
        and 1900 <= value.number <= 2100
        and not value.percent
    )


def _clean_title(text: str) -> str:
    return squeeze(text).rstrip("*: ").strip()


class _TextTableReader:
    def __init__(self, doc: Document, header: Header, vocab: Vocabulary) -> None:
        self.doc = doc
        self.lines = doc.lines
        self.header = header
        self.vocab = vocab
        self.phrases = vocab.value_phrases
        self.has_note = "note" in header.roles
        self.text_columns = text_columns(header, vocab)
        self.drafts: list[_Draft] = []
        self.pending: list[Line | None] = []
        self.section: str | None = None
        self.section_title: str | None = None
        self.section_title_open = False
        self.group: str | None = None
        self.group_title: str | None = None
        self.title_pending = False
        self.subgroup: str | None = None
        self.rows_in_group = 0
        self.last_number = 0
        self.table_page = 1
        self.notes: list[TableNote] = []

    # -- line classification -------------------------------------------------------------
    def _split(self, text: str) -> tuple[str, list[Token]]:
        return split_trailing_values(text, self.phrases)

    def _join(self, a: str, b: str) -> str | None:
        """`a` + `b` when `b` finishes a value `a` began (`8.000-`/`8.300`, `Đạt`/`chuẩn`)."""
        pa, ta = self._split(a)
        pb, tb = self._split(b)
        a_stripped = a.rstrip()
        hyphen = a_stripped.endswith(("-", "–")) and not ta
        joined = a_stripped + ("" if hyphen else " ") + b.strip()
        pj, tj = self._split(joined)
        if hyphen:
            return joined if not pj.strip() and tj else None
        if not ta or pj.strip() != pa.strip():
            return None
        if not pb.strip() and len(tj) >= len(ta) + len(tb):
            return None
        return joined

    def _next_nonblank(self, i: int) -> int | None:
        j, blanks = i + 1, 0
        while j < len(self.lines) and not self.lines[j].text.strip():
            j, blanks = j + 1, blanks + 1
            if blanks > 2:
                return None
        return j if j < len(self.lines) else None

    def _structural(self, i: int) -> bool:
        text = self.lines[i].text.strip()
        return bool(
            _SECTION.match(text)
            or self._group_number(text) is not None
            or match_header(self.lines, i, self.vocab)
        )

    def _group_number(self, text: str) -> str | None:
        m = _GROUP.match(text)
        if not m:
            return None
        n = int(m.group("n"))
        return m.group("n") if n in (self.last_number + 1, 1) else None

    def _unit_suffix(self, words: list[tuple[str, bool]]) -> int:
        """How many trailing words form a unit (0 if none). Each word: (text, starts a line)."""
        for n in range(min(_MAX_UNIT_WORDS, len(words)), 0, -1):
            first, at_line_start = words[-n]
            if not (at_line_start or first[:1].isupper() or first.startswith("%")):
                continue
            if self.vocab.is_unit(" ".join(w for w, _ in words[-n:])):
                return n
        return 0

    def _is_values_line(self, prefix: str, tokens: list[Token]) -> bool:
        if not prefix.strip():
            if len(tokens) == 1 and any(line is not None for line in self.pending):
                value = parse_value(tokens[0].text)
                is_year = (
                    value.kind == "number"
                    and value.decimals == 0
                    and value.number is not None
                    and 1900 <= value.number <= 2100
                    and not value.percent
                )
                last = next(line for line in reversed(self.pending) if line is not None)
                if is_year and fold(last.text).endswith(_YEAR_WORDS):
                    return False
            return True
        words = [(w, i == 0) for i, w in enumerate(prefix.split())]
        if len(tokens) == 1 and _is_year(tokens[0].text) and fold(words[-1][0]) in _YEAR_WORDS:
            return False  # `… trên địa bàn` / `năm 2025`: a year in a wrapped name
        if self._unit_suffix(words):
            return True
        last_word = fold(prefix.split()[-1]) if prefix.split() else ""
        return len(tokens) >= 2 and last_word not in _YEAR_WORDS and "unit" not in self.header.roles

    # -- rows ------------------------------------------------------------------------------
    def _blocks(self, prefix_line: Line | None) -> list[list[Line]]:
        blocks: list[list[Line]] = [[]]
        for line in self.pending:
            if line is None:
                blocks.append([])
            elif self.header.cell_per_line:
                blocks.append([line])
            else:
                blocks[-1].append(line)
        if prefix_line is not None:
            if self.pending and self.pending[-1] is not None and not self.header.cell_per_line:
                blocks[-1].append(prefix_line)
            else:
                blocks.append([prefix_line])
        return [b for b in blocks if b]

    def _take_unit(self, blocks: list[list[Line]]) -> tuple[str | None, list[str]]:
        """Remove the unit from the end of the row's text; return it and the text blocks left."""
        words: list[tuple[str, bool, int]] = []
        for bi, block in enumerate(blocks):
            for line in block:
                for wi, word in enumerate(line.text.split()):
                    words.append((word, wi == 0, bi))
        n = self._unit_suffix([(w, s) for w, s, _ in words])
        unit = None
        if n:
            unit = re.sub(r"\s*/\s*", "/", " ".join(w for w, _, _ in words[-n:]))
            words = words[:-n]
        texts: list[str] = []
        for bi in range(len(blocks)):
            text = " ".join(w for w, _, b in words if b == bi)
            if text:
                texts.append(text)
        return unit, texts

    def _new_row(self, prefix_line: Line | None, value_lines: list[Line]) -> _Draft | None:
        blocks = self._blocks(prefix_line)
        unit, texts = self._take_unit(blocks)
        all_lines = [line for line in self.pending if line is not None] + value_lines
        if self.title_pending:
            if texts:
                self.group_title = _clean_title(texts[0])
            texts = texts[1:] or ([texts[0]] if texts else [])
            self.title_pending = False
        if not texts:
            return None
        name = texts[-1]
        for k, extra in enumerate(texts[:-1]):
            if k == 0 and self.drafts and self.drafts[-1].texts and not self.title_pending:
                self.drafts[-1].texts[-1] += " " + squeeze(extra)  # a wrapped text cell
            elif extra.rstrip().endswith(":"):
                self.subgroup = _clean_title(extra)
            elif self.header.cell_per_line:
                self.group, self.group_title, self.subgroup = None, _clean_title(extra), None
                self.rows_in_group = 0
            elif self.drafts and self.has_note and self.rows_in_group:
                self.drafts[-1].notes.append(squeeze(extra))
            else:
                self.subgroup = _clean_title(extra)
        self.rows_in_group += 1
        return _Draft(
            section=self.section,
            section_title=self.section_title,
            group=self.group,
            group_title=self.group_title,
            subgroup=self.subgroup,
            name=_clean_title(name),
            unit=unit,
            lines=all_lines,
            table_page=self.table_page,
        )

    def _inside_name(self) -> bool:
        last = next((line for line in reversed(self.pending) if line is not None), None)
        return last is not None and fold(last.text).split()[-1:] in (
            ["loai"],
            ["hang"],
            ["cap"],
            ["khoa"],
            ["thu"],
        )

    def _trailing_text(self, text: str) -> tuple[str, str]:
        """`Tỷ đồng 21.400 21.950 Sở Kế hoạch và Đầu tư` -> the figures, and the words of the
        text columns after them; only when a unit (or nothing) stands before the figures and
        the words start with a capital (`3 tháng trở lên` is a name, not a note)."""
        starts = [m.start() for m in re.finditer(r"\S+", text)]
        for k in range(1, min(len(starts), 16)):
            cut = starts[-k]
            core, rest = text[:cut].rstrip(), text[cut:].strip()
            prefix, tokens = self._split(core)
            if not tokens or not any(parse_value(t.text).is_numeric for t in tokens):
                continue
            if not rest[:1].isupper():
                continue
            bare = [(w, i == 0) for i, w in enumerate(prefix.split())]
            if (not prefix.strip() and len(tokens) >= 2) or self._unit_suffix(bare):
                return core, rest
        return text, ""

    def _values_line(self, first: Line, used: list[Line], text: str) -> None:
        prefix, tokens = self._split(text)
        if len(tokens) > MAX_ROW_CELLS:
            notice(
                f"{self.doc.name}: the table row at line {first.no} holds {len(tokens):,} "
                f"figures, more than the {MAX_ROW_CELLS:,} a row may have; it is left out."
            )
            self.pending.clear()
            return
        pieces: list[Piece] = []
        for k, token in enumerate(tokens):
            if k == 0:
                lead = token.start - len(prefix)
                pieces.append(Piece(parse_value(token.text), first.no, None, lead, bool(prefix)))
            else:
                gap = token.start - tokens[k - 1].end
                pieces.append(Piece(parse_value(token.text), first.no, gap, None, False))
        has_text = any(line is not None for line in self.pending) or bool(prefix.strip())
        if not has_text and self.drafts:
            self.drafts[-1].pieces.extend(pieces)
            self.drafts[-1].lines.extend(used)
            return
        prefix_line = Line(first.no, prefix, first.page) if prefix.strip() else None
        draft = self._new_row(prefix_line, used)
        self.pending.clear()
        if draft is None:
            return
        draft.pieces.extend(pieces)
        self.drafts.append(draft)

    def _boundary(self) -> None:
        """A section, group or the table's end: pending text belongs to what came before."""
        texts = [line for line in self.pending if line is not None]
        if texts:
            joined = squeeze(" ".join(line.text for line in texts))
            if self.title_pending and not self.rows_in_group:
                self.group_title = _clean_title(joined)
                self.title_pending = False
            elif self.drafts and self.drafts[-1].texts:
                self.drafts[-1].texts[-1] += " " + joined  # a text cell wrapped over lines
                self.drafts[-1].lines.extend(texts)
            elif self.drafts:
                self.drafts[-1].notes.append(joined)
                self.drafts[-1].lines.extend(texts)
        self.pending.clear()

    # -- main loop -------------------------------------------------------------------------
    def read(self) -> int:
        """Read the table's body; return the index of the first line after it."""
        i = self.header.end
        ends = tuple(self.vocab.table_end)
        while i < len(self.lines):
            line = self.lines[i]
            text = line.text
            if not text.strip():
                if self.section_title_open and self.section_title:
                    self.section_title_open = False
                if self.pending and self.pending[-1] is not None:
                    self.pending.append(None)
                i += 1
                continue
            repeat = match_header(self.lines, i, self.vocab)
            if repeat is not None:
                if repeat.roles != self.header.roles:
                    break
                self.table_page += 1
                i = repeat.end
                continue
            stripped = text.strip()
            if fold(stripped).startswith(ends):
                self._boundary()
                return self._read_notes(i)
            if self.section_title_open:
                self.section_title = squeeze(f"{self.section_title or ''} {stripped}")
                i += 1
                continue
            section = _SECTION.match(stripped)
            if section and self._inside_name():
                section = None  # `… đô thị loại` / `III`: a numeral that ends a wrapped name
            if section:
                self._boundary()
                self.section = section.group("id")
                self.section_title = _clean_title(section.group("title") or "") or None
                self.section_title_open = self.section_title is None
                self.group, self.group_title, self.subgroup = None, None, None
                self.title_pending = False
                i += 1
                continue
            number = self._group_number(stripped)
            if number is not None:
                self._boundary()
                self.group, self.group_title, self.subgroup = number, None, None
                self.last_number = int(number)
                self.title_pending = True
                self.rows_in_group = 0
                i += 1
                continue
            used = [line]
            joined_text = text
            j = i
            while True:
                k = self._next_nonblank(j)
                if k is None or self._structural(k):
                    break
                joined = self._join(joined_text, self.lines[k].text)
                if joined is None:
                    break
                joined_text, j = joined, k
                used.append(self.lines[k])
            prefix, tokens = self._split(joined_text)
            trailing = ""
            if not tokens:
                joined_text, trailing = self._trailing_text(joined_text)
                prefix, tokens = self._split(joined_text)
            if tokens and self._is_values_line(prefix, tokens):
                self._values_line(line, used, joined_text)
                if trailing and self.drafts and self.text_columns:
                    self.drafts[-1].texts.append(trailing)
                elif trailing and self.drafts:
                    # words after the figures and no column of words: a value in words
                    # (`Đạt tiêu chí đô thị loại II`) whose column the text cannot settle
                    value = parse_value(trailing)
                    self.drafts[-1].pieces.append(Piece(value, line.no, None, None, False))
                    self.drafts[-1].words_as_value = True
            else:
                self.pending.extend(used)
            i = j + 1
        self._boundary()
        return i

    def _read_notes(self, i: int) -> int:
        while i < len(self.lines):
            text = self.lines[i].text.strip()
            if text:
                if match_header(self.lines, i, self.vocab):
                    break
                self.notes.append(TableNote(line=self.lines[i].no, text=squeeze(text)))
            i += 1
        return i


def _spacing_informative(drafts: list[_Draft]) -> bool:
    """Whether this text kept the gaps between cells (pdftotext does; many extractors do not)."""
    for draft in drafts:
        for piece in draft.pieces:
            if (piece.gap_before or 0) >= 2 or (piece.lead or 0) >= 2:
                return True
    return False


def _convention(
    drafts: list[_Draft], roles: list[ColumnRole], vocab: Vocabulary, spacing: bool
) -> dict[str, Reading]:
    """How this table compares rates and quantities (ratio or difference), learnt from the
    rows whose columns are not in doubt; a class needs 3 such rows, 80% of them one way."""
    seen: dict[str, Counter[Reading]] = {}
    for draft in drafts:
        kind = vocab.unit_kind(draft.unit)
        result = align(draft.pieces, roles, kind, vocab, spacing=spacing)
        t, a, c = (
            result.cells.get(roles.index(r)) if r in roles else None
            for r in ("target", "actual", "comparison")
        )
        if result.alignment == "ambiguous" or c is None or c.kind != "number":
            continue
        readings = comparison_readings(t, a, c)
        if len(readings) == 1:
            seen.setdefault(unit_class(kind), Counter()).update(readings)
    convention: dict[str, Reading] = {}
    for cls, counts in seen.items():
        (reading, n), total = counts.most_common(1)[0], sum(counts.values())
        if total >= 3 and n / total >= 0.8:
            convention[cls] = reading
    return convention


MISSING = 0.5  # per column left empty, when comparing ways of cutting a line into cells


def _cuts(pieces: list[Piece]) -> list[list[Piece]]:
    """`7 - 7,5` on a line is a range, or two cells with an empty one between (`45,5 - 48`):
    every way of reading such runs."""
    runs = [
        k
        for k in range(1, len(pieces) - 1)
        if pieces[k].value.kind == "empty"
        and pieces[k].value.raw in ("-", "–")
        and pieces[k - 1].value.kind == "number"
        and pieces[k + 1].value.kind == "number"
        and (pieces[k - 1].value.number or 0) <= (pieces[k + 1].value.number or 0)
        and pieces[k - 1].value.percent == pieces[k + 1].value.percent
    ][:3]
    cuts = [pieces]
    for k in runs:
        merged: list[list[Piece]] = []
        for cut in cuts:
            a, b = pieces[k - 1], pieces[k + 1]
            if a not in cut or b not in cut:
                continue
            i = cut.index(a)
            if i + 2 >= len(cut) or cut[i + 2] is not b:
                continue
            value = parse_value(f"{a.value.raw} - {b.value.raw}")
            if value.kind == "range":
                joined = Piece(value, a.line, a.gap_before, a.lead, a.after_text)
                merged.append([*cut[:i], joined, *cut[i + 3 :]])
        cuts.extend(merged)
    return cuts


def _best_cut(
    pieces: list[Piece],
    roles: list[ColumnRole],
    unit_kind: UnitKind,
    vocab: Vocabulary,
    spacing: bool,
    convention: dict[str, Reading],
) -> AlignResult:
    scored = []
    for cut in _cuts(pieces):
        result = align(cut, roles, unit_kind, vocab, spacing=spacing, convention=convention)
        used = len(cut) - len(result.surplus)
        scored.append((result.penalty + MISSING * (len(roles) - used), result))
    scored.sort(key=lambda sr: sr[0])
    best_score, best = scored[0]
    if len(scored) > 1 and scored[1][0] - best_score < DECISIVE:
        why = "a figure, a dash and a figure may be a range or two cells with an empty one"
        return replace(
            best,
            alignment="ambiguous",
            ambiguity=f"{best.ambiguity}; {why}" if best.ambiguity else why,
        )
    return best


def text_columns(header: Header, vocab: Vocabulary) -> list[Column]:
    """The columns of words after the figures (`Ghi chú`, `Cơ quan chủ trì`)."""
    trailing: list[Column] = []
    for column in reversed(header.columns):
        if column.role == "note" or (column.role == "other" and vocab.holds_words(column.label)):
            trailing.insert(0, column)
        else:
            break
    return trailing


def slot_roles(header: Header, vocab: Vocabulary) -> list[ColumnRole]:
    """Each figure column's part in alignment: the record field it fills, else `other`."""
    texts = text_columns(header, vocab)
    return [c.field or "other" for c in header.value_columns if c not in texts]


def _renotated(value: Value, notation: str | None) -> Value:
    if notation is None or not value.is_numeric:
        return value
    return parse_value(value.raw, notation)  # type: ignore[arg-type]


def _indicator(
    draft: _Draft,
    index: int,
    doc: Document,
    header: Header,
    vocab: Vocabulary,
    spacing: bool,
    convention: dict[str, Reading],
    notation: str | None,
    parent: str | None,
    unit: str | None,
) -> Indicator:
    roles = slot_roles(header, vocab)
    name, row_unit = draft.name, draft.unit
    pieces = list(draft.pieces)
    verdict: Value | None = None
    if (
        "assessment" not in roles
        and len(pieces) > len(roles)
        and pieces[-1].value.kind == "text"
        and vocab.verdict_of_word(pieces[-1].value.raw) is not None
    ):
        # a verdict after the last column: the report's own, in an unnamed column
        verdict = pieces.pop().value
    if row_unit is None:
        name, row_unit = unit_from_name(name, vocab)
        row_unit = row_unit or unit
    result = _best_cut(pieces, roles, vocab.unit_kind(row_unit), vocab, spacing, convention)
    alignment, ambiguity = result.alignment, result.ambiguity
    if draft.words_as_value:
        alignment = "ambiguous"
        why = "words after the figures read as a value; the text cannot tell their column"
        ambiguity = f"{ambiguity}; {why}" if ambiguity else why
    notes = list(draft.notes)
    if result.surplus:
        notes.append(" ".join(v.raw for v in result.surplus))
    in_parts = bool(draft.subgroup) and starts_parts(draft.subgroup or "", vocab)
    kind = row_kind(name, in_parts, vocab)
    if kind == "part":
        name = strip_parts_word(name, vocab) or name
    name = strip_bullet(name)
    place = Place(
        draft.section, draft.section_title, draft.group, draft.group_title, draft.subgroup, index
    )
    texts = text_columns(header, vocab)
    figure_columns = [c for c in header.value_columns if c not in texts]
    cells: list[tuple[Column, Value | None]] = [
        (column, _renotated(result.cells[k], notation) if k in result.cells else None)
        for k, column in enumerate(figure_columns)
    ]
    words = list(draft.texts)
    if len(words) > len(texts) and texts:
        words = [*words[: len(texts) - 1], " ".join(words[len(texts) - 1 :])]
    for k, column in enumerate(texts):
        cells.append((column, parse_value(words[k]) if k < len(words) else None))
    if verdict is not None:
        cells.append((Column(role="other", label="", year=None, known=False), verdict))
    return build_indicator(
        place=place,
        name=name,
        unit=row_unit,
        cells=cells,
        note=squeeze(" ".join(notes)),
        doc=doc,
        header=header,
        vocab=vocab,
        lines=draft.lines,
        table_page=draft.table_page,
        alignment=alignment,
        ambiguity=ambiguity,
        kind=kind,
        parent=parent if kind == "part" else None,
    )


def read_text_table(
    doc: Document, header: Header, vocab: Vocabulary, *, unit: str | None = None
) -> tuple[Table, int]:
    """Read the table whose header is `header`; return it and the index of the line after it."""
    reader = _TextTableReader(doc, header, vocab)
    end = reader.read()
    slots = len(header.value_columns) + sum(c.role == "note" for c in header.columns)
    widest = max(
        (min(len(cut) for cut in _cuts(d.pieces)) + len(d.texts) for d in reader.drafts),
        default=0,
    )
    fitted, doubt = fit_to_rows(header, slots - widest if reader.drafts else 0)
    if fitted is not header:
        header = fitted
        reader = _TextTableReader(doc, header, vocab)
        end = reader.read()
    spacing = _spacing_informative(reader.drafts)
    roles = slot_roles(header, vocab)
    convention = _convention(reader.drafts, roles, vocab, spacing)
    notation = table_notation(p.value.raw for d in reader.drafts for p in d.pieces)
    records: list[Indicator] = []
    counters: dict[tuple[str | None, str | None], int] = {}
    unnumbered: dict[str, str] = {}
    parent: str | None = None
    for draft in reader.drafts:
        group = draft.group
        if group is None and draft.group_title:
            # Numbering lost (a web paste): groups become G1, G2... in order of appearance.
            group = unnumbered.setdefault(draft.group_title, f"G{len(unnumbered) + 1}")
        draft.group = group
        key = (draft.section, group)
        counters[key] = counters.get(key, 0) + 1
        record = _indicator(
            draft, counters[key], doc, header, vocab, spacing, convention, notation, parent, unit
        )
        if doubt:
            ambiguity = f"{record.ambiguity}; {doubt}" if record.ambiguity else doubt
            record = record.model_copy(update={"alignment": "ambiguous", "ambiguity": ambiguity})
        if record.kind == "indicator":
            parent = record.id
        records.append(record)
    layout: Literal["cell-per-line", "pdf-text"] = (
        "cell-per-line" if header.cell_per_line else "pdf-text"
    )
    first = doc.lines[header.start].no
    last_row = max((r.source.last_line or first for r in records), default=first)
    table = build_table(
        doc, header, link_totals(records), layout, reader.notes, lines=(first, last_row), unit=unit
    )
    return table, end

"""Recognise an indicator table's header by meaning, whatever its wording, order or wrapping.

`Stt | Chỉ tiêu | Đơn vị tính | Nghị quyết Đại hội XIV | Thực hiện đến năm 2025 | ...` and
`TT | Chỉ tiêu | ĐVT | Mục tiêu NQ | Ước TH 2025 | Đánh giá` both become a list of column roles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dbreport.sources import Line
from dbreport.textnorm import fold
from dbreport.vocab import ColumnRole, Vocabulary

VALUE_ROLES: tuple[ColumnRole, ...] = (
    "target",
    "actual",
    "comparison",
    "target_future",
    "assessment",
)
_ROMAN = re.compile(r"^[ivx]+$")
_YEARISH = re.compile(r"^\(?(?:19|20)\d{2}(?:\s*-\s*(?:19|20)\d{2})?\)?$")


@dataclass(frozen=True)
class Column:
    role: ColumnRole
    label: str
    year: int | None


@dataclass(frozen=True)
class Header:
    start: int
    end: int
    columns: tuple[Column, ...]
    text: str
    cell_per_line: bool
    tab_separated: bool

    @property
    def roles(self) -> list[ColumnRole]:
        return [c.role for c in self.columns]

    def year_of(self, role: ColumnRole) -> int | None:
        return next((c.year for c in self.columns if c.role == role), None)


def match_columns(folded: str, vocab: Vocabulary) -> list[Column]:
    """Column roles named in `folded` header text, left to right, longest match first."""
    hits: list[tuple[int, int, ColumnRole]] = []
    for role, regex in vocab.column_regexes:
        for m in regex.finditer(folded):
            hits.append((m.start(), m.end(), role))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    chosen: list[tuple[int, int, ColumnRole]] = []
    last_end = -1
    for start, end, role in hits:
        if start >= last_end:
            chosen.append((start, end, role))
            last_end = end
    columns: list[Column] = []
    for i, (start, end, role) in enumerate(chosen):
        following = chosen[i + 1][0] if i + 1 < len(chosen) else len(folded)
        years = re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", folded[start:following])
        year = int(years[-1]) if years and role in VALUE_ROLES else None
        columns.append(Column(role=role, label=folded[start:end], year=year))
    return columns


def _is_header_line(text: str, vocab: Vocabulary) -> bool:
    words = fold(text).replace("\t", " ").split()
    if not words:
        return False
    for word in words:
        bare = word.strip(",.:;()")
        if bare in vocab.header_words or word in vocab.header_words:
            continue
        if _ROMAN.match(bare) or _YEARISH.match(word) or bare == "":
            continue
        return False
    return True


def _continues(lines: list[Line], j: int, vocab: Vocabulary) -> bool:
    """Whether the next non-blank line after `j` is still header text."""
    for line in lines[j + 1 : j + 4]:
        if line.text.strip():
            return _is_header_line(line.text, vocab)
    return False


def _plausible(columns: list[Column]) -> bool:
    roles = [c.role for c in columns]
    values = [r for r in roles if r in VALUE_ROLES]
    return "name" in roles and len(set(values)) >= 2 and len(roles) == len(set(roles))


def match_header(lines: list[Line], i: int, vocab: Vocabulary) -> Header | None:
    """The header that starts at `lines[i]`, if one does."""
    first = lines[i].text
    if not first.strip() or not _is_header_line(first, vocab):
        return None
    head = match_columns(fold(first), vocab)
    if not head or head[0].role not in ("index", "name"):
        return None
    if "\t" in first:
        found: list[Column] = []
        for cell in first.split("\t"):
            named = match_columns(fold(cell), vocab)
            if len(named) != 1:
                found = []
                break
            found.append(named[0])
        if found and _plausible(found):
            return Header(i, i + 1, tuple(found), first, cell_per_line=False, tab_separated=True)
    taken: list[int] = []
    j = i
    blank_run = 0
    while j < len(lines):
        text = lines[j].text
        if not text.strip():
            blank_run += 1
            if blank_run > 2:
                break
            j += 1
            continue
        if not _is_header_line(text, vocab):
            break
        if _ROMAN.match(fold(text).strip()) and not _continues(lines, j, vocab):
            break  # `I` after a header is the first section, `XIV` inside one is its congress
        blank_run = 0
        taken.append(j)
        j += 1
    joined = " ".join(lines[k].text.strip() for k in taken)
    columns = match_columns(fold(joined), vocab)
    if not _plausible(columns):
        return None
    per_line = [match_columns(fold(lines[k].text), vocab) for k in taken]
    cell_per_line = len(taken) == len(columns) and all(len(c) == 1 for c in per_line)
    return Header(
        i, taken[-1] + 1, tuple(columns), joined, cell_per_line=cell_per_line, tab_separated=False
    )

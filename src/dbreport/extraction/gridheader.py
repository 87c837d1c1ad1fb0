"""The header of a table that arrives cut into cells (PDF, Word, HTML): one or two rows, merged
cells spanning columns (`Kết quả thực hiện` over `Năm 2024 | Ước 2025`), then perhaps a row
that numbers the columns. Each column is named by `header.classify`, the fields chosen by
`header.designate`, the same as for text."""

from __future__ import annotations

from dataclasses import replace

from dbreport.extraction.header import (
    Column,
    classify,
    column_number_row,
    designate,
    glue,
    header_text_like,
    name_by_position,
    problem,
    year_only,
)
from dbreport.textnorm import nfc
from dbreport.vocab import Vocabulary


def _cell_text(cell: str | None, vocab: Vocabulary) -> str:
    return glue(nfc(cell or "").split("\n"), vocab) if cell else ""


def header_rows(rows: list[list[str]], vocab: Vocabulary) -> int:
    """How many of these first rows are header rows (0 when the first is not one)."""
    if not rows or not _header_row(rows[0], vocab, first=True):
        return 0
    count = 1
    for row in rows[1:]:
        if column_number_row([c for c in row if c and c.strip()]):
            break
        if not _header_row(row, vocab, first=False):
            break
        count += 1
    return count


def _header_row(row: list[str], vocab: Vocabulary, *, first: bool) -> bool:
    texts = [_cell_text(c, vocab) for c in row]
    filled = [t for t in texts if t]
    if not filled or not all(header_text_like(t) for t in filled):
        return False
    columns = [classify(t, vocab) for t in filled]
    if first:
        return any(c.role in ("name", "index") for c in columns) and any(
            c.known and c.role not in ("name", "index") for c in columns
        )
    # a lower header row leaves the index and name cells to the merged cells above
    lead = texts[:2]
    return not any(lead) and any(c.known for c in columns)


def grid_columns(rows: list[list[str]], vocab: Vocabulary) -> list[Column | None] | None:
    """The columns named by header rows (a merged cell is `None` or empty in the cells it
    spans); None when they do not make an indicator table's header."""
    width = max(len(r) for r in rows)
    labels: list[list[str]] = []
    for row in rows:
        texts = [_cell_text(row[j] if j < len(row) else None, vocab) for j in range(width)]
        spanned = [row[j] is None if j < len(row) else True for j in range(width)]
        filled: list[str] = []
        for j, text in enumerate(texts):
            if not text and spanned[j] and j > 0 and len(rows) > 1 and row is not rows[-1]:
                filled.append(filled[-1])  # a cell spanning columns to the right
            else:
                filled.append(text)
        labels.append(filled)
    columns: list[Column | None] = []
    for j in range(width):
        parts = [labels[r][j] for r in range(len(rows)) if labels[r][j]]
        parts = [p for k, p in enumerate(parts) if k == 0 or p != parts[k - 1]]
        if not parts:
            columns.append(None)
            continue
        child = classify(parts[-1], vocab)
        if len(parts) > 1:
            parent = classify(parts[0], vocab)
            if year_only(parts[-1]) or not child.known:
                role = parent.role if parent.role in ("actual", "target") else child.role
                if year_only(parts[-1]) and child.role == "actual" and "uoc" in parts[-1].lower():
                    role = "actual"
                child = replace(child, role=role, known=True)
            if child.year is None and parent.year is not None:
                child = replace(child, year=parent.year)  # `Nhiệm kỳ 2025-2030` / `Mục tiêu`
            child = replace(child, label=" / ".join(parts))
        columns.append(child)
    named = designate(name_by_position([c for c in columns if c is not None]))
    it = iter(named)
    out = [next(it) if c is not None else None for c in columns]
    return None if problem(named) else out

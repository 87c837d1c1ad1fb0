"""Why a table was, or was not, found: the detection step by step (`dbreport inspect`).

Every header band the reader looked at is listed with the line it starts on, the columns it
named (role, the record field each fills, the year) and, when it was not taken, the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dbreport.extraction import find_tables, header_budget
from dbreport.extraction.header import Candidate, Column, probe_header
from dbreport.limits import check_document
from dbreport.models import Table
from dbreport.sources import Document
from dbreport.vocab import Vocabulary

_TEXT = 70


@dataclass
class Explanation:
    """The candidates looked at in one document, and the tables read from it."""

    document: str
    candidates: list[Candidate]
    tables: list[Table] = field(default_factory=list)

    def summary(self) -> str:
        """One sentence: why no table was taken (for the error message)."""
        if self.tables:
            rows = sum(len(t.records) for t in self.tables)
            return f"{len(self.tables)} table(s), {rows} rows"
        if not self.candidates:
            return (
                "no line starts a table header (`Stt`, `TT`, `Chỉ tiêu`, `Nội dung`, "
                "`Diễn giải`...)"
            )
        best = max(self.candidates, key=lambda c: sum(col.known for col in c.columns))
        named = ", ".join(f"«{c.label}» ({c.role})" for c in best.columns if c.known) or "no column"
        why = best.reason or "no row with figures under it"
        return f"the header at line {best.line} names {named}, but {why}"

    def __str__(self) -> str:
        out = [f"{self.document}: {len(self.candidates)} header candidate(s)"]
        for k, candidate in enumerate(self.candidates, start=1):
            text = candidate.text if len(candidate.text) <= _TEXT else candidate.text[:_TEXT] + "…"
            form = "one cell a line" if candidate.cell_per_line else "cells run together"
            out.append(f"{k}. line {candidate.line}: {text}")
            out.append(f"   read as {form}; columns:")
            for column in candidate.columns:
                out.append(f"   - {_column(column)}")
            verdict = "taken" if candidate.reason is None else f"refused: {candidate.reason}"
            out.append(f"   {verdict}")
        if self.tables:
            for table in self.tables:
                where = (
                    f"lines {table.lines[0]}-{table.lines[1]}"
                    if table.lines
                    else "pages " + ", ".join(str(p) for p in table.pages)
                )
                out.append(
                    f"table ({table.layout}, {table.purpose}) at {where}: "
                    f"{len(table.records)} rows, "
                    f"{sum(r.alignment == 'ambiguous' for r in table.records)} ambiguous"
                )
        else:
            out.append(f"no table: {self.summary()}")
        return "\n".join(out)


def _column(column: Column) -> str:
    label = f"«{column.label}»" if column.label else "(no header)"
    role = column.role if column.known else "other (unknown words)"
    parts = [f"{label} {role}"]
    if column.field and column.field != column.role:
        parts.append(f"-> {column.field}")
    elif column.field:
        parts.append("(used)")
    if column.year:
        parts.append(str(column.year))
    return " ".join(parts)


def explain(doc: Document, vocab: Vocabulary) -> Explanation:
    """Every header candidate of `doc`, and the tables read from it."""
    check_document(doc)
    candidates: list[Candidate] = []
    more = header_budget(doc, vocab)
    i = 0
    while i < len(doc.lines) and more(i):
        _header, candidate = probe_header(doc.lines, i, vocab)
        if candidate is None:
            i += 1
            continue
        candidates.append(candidate)
        i = max(i + 1, candidate.end)
    return Explanation(doc.name, candidates, find_tables(doc, vocab))


def explain_file(path: Path, vocab: Vocabulary) -> Explanation:
    """`explain` for a file: a PDF's candidates are looked for in its text, its tables are read
    from its cells, as `extract` reads them."""
    from dbreport.sources import is_office, is_pdf, load, read_office

    if is_office(path):
        from dbreport.pipeline import office_tables

        document, grids = read_office(path)
        explanation = explain(document, vocab)
        explanation.tables = office_tables(document, grids, path, vocab)
        return explanation
    doc = load(path)
    explanation = explain(doc, vocab)
    if is_pdf(path):
        from dbreport.extraction.pdftable import read_pdf_tables

        explanation.tables = read_pdf_tables(path, vocab, parallel=False)
    return explanation


def as_json(explanation: Explanation) -> dict[str, object]:
    return {
        "document": explanation.document,
        "candidates": [
            {
                "line": c.line,
                "text": c.text,
                "one_cell_a_line": c.cell_per_line,
                "columns": [
                    {
                        "header": col.label,
                        "role": col.role,
                        "known": col.known,
                        "field": col.field,
                        "year": col.year,
                    }
                    for col in c.columns
                ],
                "refused": c.reason,
            }
            for c in explanation.candidates
        ],
        "tables": [
            {
                "layout": t.layout,
                "purpose": t.purpose,
                "lines": t.lines,
                "pages": t.pages,
                "rows": len(t.records),
                "ambiguous": sum(r.alignment == "ambiguous" for r in t.records),
            }
            for t in explanation.tables
        ],
        "summary": explanation.summary(),
    }

"""Indicator tables from PDF: grids of cells from the table pages, one header, one record builder.

When no page offers a grid with a recognisable header, the PDF's text goes through the text
reader instead, so a PDF is never worse off than its extracted text.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Literal

from dbreport.extraction import find_tables
from dbreport.extraction.grid import GridRow, read_grid
from dbreport.extraction.gridheader import grid_columns, header_rows
from dbreport.extraction.header import Column, Header, column_number_row, match_header
from dbreport.extraction.records import build_table
from dbreport.limits import MAX_ROW_CELLS, check_document, notice
from dbreport.models import Table, TableNote
from dbreport.sources import Document, Line
from dbreport.sources.legacy import from_tcvn3
from dbreport.sources.ocr import ReadCell, Scanned
from dbreport.sources.pdf import PdfGrid, PdfText, header_pages, page_texts, read_grids
from dbreport.textnorm import fold, nfc
from dbreport.vocab import Vocabulary

_HEADER_ROWS = 3  # a header may take the first few rows of a grid


def read_pdf_tables(
    path: Path, vocab: Vocabulary, *, parallel: bool = True, text: PdfText | None = None
) -> list[Table]:
    """The PDF's indicator table; `text`, its pages' text when the caller has read it."""
    text = text or page_texts(path)
    doc = text.document(path)
    if text.scanned is not None and any(p.tables for p in text.scanned.pages):
        table = table_from_grids(scanned_grids(text.scanned, vocab), doc, vocab, "pdf-table")
        if table is not None and table.records:
            return [table.model_copy(update={"ocr": text.scanned.engine})]
    pages = header_pages(text, lambda lines, i: match_header(lines, i, vocab) is not None)
    if not pages:
        return []
    grids = [
        _from_tcvn3(grid) if text.legacy == "tcvn3" else grid
        for grid in read_grids(
            path, pages, vocab.header_words, tuple(vocab.table_end), parallel=parallel
        )
    ]
    table = table_from_grids(grids, doc, vocab, "pdf-table")
    if table is None:
        return [
            t.model_copy(update={"converted_from": text.legacy.upper() if text.legacy else None})
            for t in find_tables(doc, vocab)
        ]
    if text.legacy:
        table = table.model_copy(update={"converted_from": text.legacy.upper()})
    return [table] if table.records else []


def scanned_grids(scanned: Scanned, vocab: Vocabulary) -> list[PdfGrid]:
    """A scan's tables as grids of cells, each cell's OCR reading alongside."""
    ends = tuple(vocab.table_end)
    grids = []
    for page in scanned.pages:
        for k, table in enumerate(page.tables):
            last = k == len(page.tables) - 1
            below = page.below if last else []
            table = [row for row in table if not _numbered_columns(row)]
            grids.append(
                PdfGrid(
                    page=page.number,
                    header=None,
                    rows=[[c.text if c is not None else "" for c in row] for row in table],
                    notes=below if below and fold(below[0]).startswith(ends) else [],
                    ocr=[list(row) for row in table],
                )
            )
    return grids


def _numbered_columns(row: list[ReadCell | None]) -> bool:
    """The row under a header that numbers its columns, `(1) (2) (3)…`, as OCR reads it (it
    often takes a bracketed digit for a letter or a sign: `đq)`, `@)`): three or more cells,
    each of at most four characters, most of them with a bracket."""
    texts = [c.text.strip() for c in row if c is not None and c.text.strip()]
    bracketed = sum(1 for t in texts if "(" in t or ")" in t)
    return len(texts) >= 3 and all(len(t) <= 4 for t in texts) and bracketed * 2 > len(texts)


def table_from_grids(
    grids: list[PdfGrid],
    doc: Document,
    vocab: Vocabulary,
    layout: str,
) -> Table | None:
    """One indicator table from grids of cells: one grid, or a table's pages (its header
    repeated or not); None when no grid has a header of the genre."""
    check_document(doc)
    columns: list[Column | None] | None = None
    rows: list[GridRow] = []
    notes: list[TableNote] = []
    for given in grids:
        grid = _bounded(given, doc)
        if grid is None:
            continue
        body = grid.rows
        found = grid_columns([grid.header], vocab) if grid.header is not None else None
        if found is None and grid.header is None:
            count = header_rows(grid.rows[:_HEADER_ROWS], vocab)
            if count:
                found = grid_columns(grid.rows[:count], vocab)
                if found is not None:
                    body = grid.rows[count:]
        if found is not None:
            body = [row for row in body if not _numbers_columns(row)]
            if columns is not None and len(found) != len(columns):
                break  # another table begins
            columns = found
        elif columns is None or any(len(row) != len(columns) for row in body):
            continue  # not (part of) the indicator table
        repeated = found is not None and bool(rows)
        offset = len(grid.rows) - len(body)
        for k, cells in enumerate(body):
            texts = [c or "" for c in cells]
            line = (
                grid.lines[offset + k]
                if grid.lines is not None
                else Line(
                    no=0,
                    text=" | ".join(c.replace("\n", " ") for c in texts),
                    page=grid.page,
                    table=grid.table,
                    row=offset + k + 1 if grid.table else None,
                )
            )
            read = grid.ocr[offset + k] if grid.ocr is not None else None
            rows.append(
                GridRow(texts, line, continues=(k == 0 and (repeated or found is None)), ocr=read)
            )
        notes.extend(TableNote(page=grid.page, text=n) for n in grid.notes)
    if columns is None:
        return None
    named = tuple(c for c in columns if c is not None)
    header = Header(0, 0, named, " | ".join(c.label for c in named), False, False)
    records = read_grid(rows, list(columns), doc, header, vocab)
    pages = sorted({row.line.page for row in rows if row.line.page})
    kind: Literal["pdf-table", "docx-table", "html-table"] = (
        "docx-table"
        if layout == "docx-table"
        else "html-table"
        if layout == "html-table"
        else "pdf-table"
    )
    return build_table(doc, header, records, kind, notes, pages=pages)


def _bounded(grid: PdfGrid, doc: Document) -> PdfGrid | None:
    """The grid without its rows of more than `MAX_ROW_CELLS` cells (None when its header is
    one), each left out with a notice."""
    where = f"table {grid.table}" if grid.table else f"the table on page {grid.page}"
    if grid.header is not None and len(grid.header) > MAX_ROW_CELLS:
        notice(
            f"{doc.name}: {where} has a header of {len(grid.header):,} cells, more than the "
            f"{MAX_ROW_CELLS:,} a row may have; it is not read."
        )
        return None
    wide = [k for k, row in enumerate(grid.rows) if len(row) > MAX_ROW_CELLS]
    if not wide:
        return grid
    notice(
        f"{doc.name}: {len(wide):,} row(s) of {where} hold more than the {MAX_ROW_CELLS:,} "
        f"cells a row may have (row {wide[0] + 1}: {len(grid.rows[wide[0]]):,}); "
        "they are left out."
    )
    left_out = set(wide)
    kept = [k for k in range(len(grid.rows)) if k not in left_out]
    return replace(
        grid,
        rows=[grid.rows[k] for k in kept],
        lines=[grid.lines[k] for k in kept] if grid.lines is not None else None,
    )


def _numbers_columns(row: list[str]) -> bool:
    return column_number_row([c for c in row if c and c.strip()])


def _from_tcvn3(grid: PdfGrid) -> PdfGrid:
    def convert(cell: str) -> str:
        return nfc(from_tcvn3(cell))

    return PdfGrid(
        page=grid.page,
        header=[convert(c) for c in grid.header] if grid.header is not None else None,
        rows=[[convert(c) for c in row] for row in grid.rows],
        notes=[convert(n) for n in grid.notes],
    )

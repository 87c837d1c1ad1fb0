"""Tables copied from a web page or a spreadsheet: one row a line, cells separated by tabs.

The rows are a grid of cells, read by the same reader as a PDF's or a Word file's tables: a
header of one or two rows (merged cells come out empty), a row of column numbers skipped.
"""

from __future__ import annotations

from dbreport.extraction.header import Header
from dbreport.extraction.records import build_table
from dbreport.models import Table
from dbreport.sources import Document, Line
from dbreport.sources.pdf import PdfGrid
from dbreport.textnorm import fold
from dbreport.vocab import Vocabulary


def read_tab_table(
    doc: Document, header: Header, vocab: Vocabulary, *, unit: str | None = None
) -> tuple[Table, int]:
    """Rows from the header until the first line without a tab."""
    from dbreport.extraction.pdftable import table_from_grids

    ends = tuple(vocab.table_end)
    rows: list[list[str]] = []
    lines: list[Line] = []
    i = header.start
    while i < len(doc.lines):
        line = doc.lines[i]
        if not line.text.strip():
            i += 1
            continue
        if "\t" not in line.text or (rows and fold(line.text).startswith(ends)):
            break
        rows.append([cell.strip() for cell in line.text.split("\t")])
        lines.append(line)
        i += 1
    width = max(len(r) for r in rows)
    padded = [r + [""] * (width - len(r)) for r in rows]
    # the header repeated (a table copied over several pages) starts a grid of its own
    starts = [k for k, r in enumerate(padded) if k == 0 or r == padded[0]]
    grids = []
    for a, b in zip(starts, [*starts[1:], len(padded)], strict=True):
        grid = PdfGrid(page=None, header=None, rows=padded[a:b])
        grid.lines = lines[a:b]
        grids.append(grid)
    table = table_from_grids(grids, doc, vocab, "tab-separated")
    first = doc.lines[header.start].no
    if table is None:
        empty = build_table(doc, header, [], "tab-separated", lines=(first, first), unit=unit)
        return empty, i
    if unit:
        records = [r if r.unit else r.model_copy(update={"unit": unit}) for r in table.records]
        table = table.model_copy(update={"records": records, "unit": unit})
    return table, i

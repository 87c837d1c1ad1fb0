"""Tables copied from a web page or a spreadsheet: one row a line, cells separated by tabs."""

from __future__ import annotations

from dbreport.extraction.grid import GridRow, read_grid
from dbreport.extraction.header import Header, match_header
from dbreport.extraction.records import build_table
from dbreport.models import Table
from dbreport.sources import Document
from dbreport.textnorm import fold
from dbreport.vocab import Vocabulary


def read_tab_table(
    doc: Document, header: Header, vocab: Vocabulary, *, unit: str | None = None
) -> tuple[Table, int]:
    """Rows until the first line without a tab; a repeated header line is skipped."""
    rows: list[GridRow] = []
    ends = tuple(vocab.table_end)
    i = header.end
    while i < len(doc.lines):
        line = doc.lines[i]
        i += 1
        if not line.text.strip():
            continue
        if match_header(doc.lines, i - 1, vocab) is not None:
            continue
        if "\t" not in line.text or fold(line.text).startswith(ends):
            break
        cells = line.text.split("\t")
        rows.append(GridRow(cells + [""] * (len(header.columns) - len(cells)), line))
    columns = list(header.columns)
    records = read_grid(rows, list(columns), doc, header, vocab, unit=unit)
    first = doc.lines[header.start].no
    last = doc.lines[i - 1].no if i > header.start else first
    table = build_table(doc, header, records, "tab-separated", lines=(first, last), unit=unit)
    return table, i

"""Extraction: documents -> indicator tables of pydantic records."""

from __future__ import annotations

import re
from collections.abc import Callable

from dbreport.extraction.cells import read_cell_table
from dbreport.extraction.header import header_start, match_header
from dbreport.extraction.table import read_text_table
from dbreport.extraction.tsv import read_tab_table
from dbreport.limits import MAX_HEADER_CANDIDATES, check_document, notice
from dbreport.models import Table
from dbreport.sources import Document
from dbreport.textnorm import fold, nfc
from dbreport.vocab import Vocabulary

_UNIT_LOOKBACK = 8


def table_unit(doc: Document, start: int, vocab: Vocabulary) -> str | None:
    """The unit stated once above a table (`Đơn vị tính: triệu đồng`), if any."""
    for line in reversed(doc.lines[max(0, start - _UNIT_LOOKBACK) : start]):
        text = nfc(line.text).strip()
        folded = fold(text)
        for regex in vocab.unit_line_regexes:
            m = regex.match(folded)
            if m:
                begin, end = m.span("unit")
                unit = text[begin:end] if len(folded) == len(text) else m.group("unit")
                return re.sub(r"\s+", " ", unit).strip(" .;")
    return None


def header_budget(doc: Document, vocab: Vocabulary) -> Callable[[int], bool]:
    """Counts the lines examined as a header's start: False from the one past
    `MAX_HEADER_CANDIDATES`, with a notice that the rest of `doc` is not searched for tables."""
    seen = 0

    def more(i: int) -> bool:
        nonlocal seen
        if header_start(doc.lines, i, vocab):
            seen += 1
        if seen <= MAX_HEADER_CANDIDATES:
            return True
        notice(
            f"{doc.name}: more than {MAX_HEADER_CANDIDATES:,} lines start like a table header; "
            f"from line {doc.lines[i].no} on, the document is not searched for tables."
        )
        return False

    return more


def find_tables(doc: Document, vocab: Vocabulary) -> list[Table]:
    """Every indicator table in `doc`, in document order (empty when it has none)."""
    check_document(doc)
    tables: list[Table] = []
    more = header_budget(doc, vocab)
    i = 0
    while i < len(doc.lines) and more(i):
        header = match_header(doc.lines, i, vocab)
        if header is None:
            i += 1
            continue
        if header.tab_separated:
            reader = read_tab_table
        elif header.cell_per_line:
            reader = read_cell_table
        else:
            reader = read_text_table
        table, end = reader(doc, header, vocab, unit=table_unit(doc, header.start, vocab))
        if table.records:
            encoding = doc.meta.get("encoding")
            tables.append(
                table.model_copy(update={"converted_from": encoding}) if encoding else table
            )
        i = max(end, i + 1)
    return tables

"""Extraction: documents -> indicator tables of pydantic records."""

from __future__ import annotations

import re

from dbreport.extraction.cells import read_cell_table
from dbreport.extraction.header import match_header
from dbreport.extraction.table import read_text_table
from dbreport.extraction.tsv import read_tab_table
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


def find_tables(doc: Document, vocab: Vocabulary) -> list[Table]:
    """Every indicator table in `doc`, in document order (empty when it has none)."""
    tables: list[Table] = []
    i = 0
    while i < len(doc.lines):
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

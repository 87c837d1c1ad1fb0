"""Extraction: documents -> indicator tables of pydantic records."""

from __future__ import annotations

from dbreport.extraction.header import match_header
from dbreport.extraction.table import read_text_table
from dbreport.extraction.tsv import read_tab_table
from dbreport.models import Table
from dbreport.sources import Document
from dbreport.vocab import Vocabulary


def find_tables(doc: Document, vocab: Vocabulary) -> list[Table]:
    """Every indicator table in `doc`, in document order (empty when it has none)."""
    tables: list[Table] = []
    i = 0
    while i < len(doc.lines):
        header = match_header(doc.lines, i, vocab)
        if header is None:
            i += 1
            continue
        reader = read_tab_table if header.tab_separated else read_text_table
        table, end = reader(doc, header, vocab)
        if table.records:
            encoding = doc.meta.get("encoding")
            tables.append(
                table.model_copy(update={"converted_from": encoding}) if encoding else table
            )
        i = max(end, i + 1)
    return tables

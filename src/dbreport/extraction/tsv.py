"""Tables copied from a web page or a spreadsheet: one row a line, cells separated by tabs."""

from __future__ import annotations

import re

from dbreport.extraction.header import VALUE_ROLES, Header, match_header
from dbreport.extraction.records import Place, build_indicator, build_table
from dbreport.models import Indicator, Table
from dbreport.sources import Document
from dbreport.textnorm import fold, squeeze
from dbreport.values import parse_value
from dbreport.vocab import Vocabulary

_SECTION = re.compile(r"^(?:[A-H]|I{1,3}|IV|VI{0,3}|IX|X)[.)]?$")
_GROUP = re.compile(r"^\d{1,3}[.)]?$")


def read_tab_table(doc: Document, header: Header, vocab: Vocabulary) -> tuple[Table, int]:
    roles = header.roles
    width = len(roles)
    records: list[Indicator] = []
    section = section_title = group = group_title = subgroup = None
    counters: dict[tuple[str | None, str | None], int] = {}
    i = header.end
    ends = tuple(vocab.table_end)
    while i < len(doc.lines):
        line = doc.lines[i]
        i += 1
        if not line.text.strip():
            continue
        if match_header(doc.lines, i - 1, vocab) is not None:
            continue  # the header again, after a page break or a pasted second part
        if "\t" not in line.text or fold(line.text).startswith(ends):
            break
        cells = [squeeze(c) for c in line.text.split("\t")]
        cells += [""] * (width - len(cells))
        by_role = dict(zip(roles, cells, strict=False))
        index = by_role.get("index", "")
        name = by_role.get("name", "")
        values = {r: parse_value(by_role.get(r, "")) for r in roles if r in VALUE_ROLES}
        has_values = any(v.kind != "empty" for v in values.values())
        if index and _SECTION.match(index) and not has_values:
            section, section_title = index.rstrip(".)"), name.rstrip(": ") or None
            group = group_title = subgroup = None
            continue
        if index and _GROUP.match(index):
            group, group_title, subgroup = index.rstrip(".)"), name.rstrip("*: "), None
            if not has_values:
                continue
        elif not has_values:
            subgroup = name.rstrip(": ") or subgroup
            continue
        key = (section, group)
        counters[key] = counters.get(key, 0) + 1
        place = Place(section, section_title, group, group_title, subgroup, counters[key])
        records.append(
            build_indicator(
                place=place,
                name=name.rstrip("*"),
                unit=by_role.get("unit") or None,
                cells=values,
                note=by_role.get("note"),
                doc=doc,
                header=header,
                vocab=vocab,
                lines=[line],
                table_page=None,
            )
        )
    return build_table(doc, header, records, "tab-separated"), i

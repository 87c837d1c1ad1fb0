"""Tables copied from a web page or a spreadsheet: one row a line, cells separated by tabs."""

from __future__ import annotations

import re

from dbreport.extraction.header import VALUE_ROLES, Header, match_header
from dbreport.models import Indicator, Provenance, Table
from dbreport.sources import Document
from dbreport.textnorm import fold, squeeze
from dbreport.values import Value, parse_value
from dbreport.vocab import ColumnRole, Vocabulary

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
        if "\t" not in line.text:
            if fold(line.text).startswith(ends) or match_header(doc.lines, i - 1, vocab) is None:
                break
            continue
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
        ids = [p for p in (section, group) if p]

        def cell(role: ColumnRole, values: dict[ColumnRole, Value] = values) -> Value | None:
            v = values.get(role)
            if v is None or (v.kind == "empty" and (role != "comparison" or not v.raw)):
                return None
            return v

        unit = by_role.get("unit") or None
        records.append(
            Indicator(
                id=".".join([*ids, str(counters[key])]),
                section=section,
                section_title=section_title,
                group=group,
                group_title=group_title,
                subgroup=subgroup,
                name=name.rstrip("*"),
                unit=unit,
                unit_kind=vocab.unit_kind(unit),
                target=cell("target"),
                actual=cell("actual"),
                reported_comparison=cell("comparison"),
                target_2030=cell("target_future"),
                horizon_year=header.year_of("target_future"),
                actual_year=header.year_of("actual"),
                reported_assessment=cell("assessment"),
                note=by_role.get("note") or None,
                source=Provenance(
                    document=doc.name,
                    path=str(doc.path),
                    page=line.page,
                    line=line.no,
                    last_line=line.no,
                    text=line.text,
                ),
            )
        )
    table = Table(
        document=doc.name,
        path=str(doc.path),
        columns=roles,
        header=header.text,
        actual_year=header.year_of("actual"),
        horizon_year=header.year_of("target_future"),
        layout="tab-separated",
        records=records,
    )
    return table, i

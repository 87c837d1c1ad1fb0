"""Build the View of each command from analysis results, in Vietnamese or English."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from dbreport.analysis.status import LABELS, STATUSES, Assessment, Reading, Status
from dbreport.models import FIELD_OF_ROLE, Indicator
from dbreport.render.view import Column, View
from dbreport.values import Value, abridged, english_figures, format_number

if TYPE_CHECKING:  # types only: `extract` must not pay for importing the audit
    from dbreport.analysis.audit import Finding
    from dbreport.analysis.linking import Link
    from dbreport.analysis.outlook import Outlook
    from dbreport.batch import ReportSet
    from dbreport.extraction.claims import Claim
    from dbreport.pipeline import Assessed
    from dbreport.rules import Rules

SYMBOLS: dict[Status, str] = {
    "exceeded": "▲",
    "met": "✓",
    "nearly_met": "≈",
    "not_met": "✗",
    "disputed": "⇄",
    "not_assessed": "·",
}
STYLES: dict[Status, str | None] = {
    "exceeded": "green",
    "met": "green",
    "nearly_met": "yellow",
    "not_met": "red",
    "disputed": "magenta",
    "not_assessed": None,
}
TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "id": "Mã",
        "name": "Chỉ tiêu",
        "unit": "ĐVT",
        "target": "MTNQ",
        "actual": "Thực hiện",
        "comparison": "So sánh (BC)",
        "future": "Mục tiêu",
        "note": "Ghi chú",
        "status": "Đánh giá",
        "gap": "Chênh lệch",
        "bar": "Mức đạt",
        "reported": "BC tự đánh giá",
        "source": "Nguồn",
        "alignment": "Đọc cột",
        "points": "điểm %",
        "flag": "Lưu ý",
        "extract": "Các chỉ tiêu trong bảng",
        "compare": "Thực hiện so với mục tiêu Nghị quyết",
        "gaps": "Chỉ tiêu chưa đạt mục tiêu Nghị quyết",
        "outlook": "Khoảng cách tới mục tiêu",
        "required": "Cần/năm",
        "measure": "Loại · cách tính",
        "pace": "Đã đạt/năm",
        "need": "Nhận định",
        "field": "Mục",
        "name_vi": "Tên tiếng Việt",
        "group": "Nhóm",
        "value": "Giá trị",
        "disagree": "≠ BC tự đánh giá khác kết quả tính",
        "contradiction": "Báo cáo ghi khác",
        "reading": "Cách đọc",
        "disputed_note": "⇄ Số liệu vênh: báo cáo tự đọc chỉ tiêu này theo nhiều cách "
        "(cột «Báo cáo ghi khác»); không tính là chưa đạt, cũng không tính là đạt.",
        "disputed_after": "Chỉ tiêu số liệu vênh được liệt kê riêng, sau chỉ tiêu chưa đạt.",
        "ambiguous": "? cột đọc chưa chắc chắn (xem ambiguity trong JSON)",
        "ocr_suspect": "⚠ ô đọc bằng OCR còn nghi ngờ (lý do: ocr.suspect_cells trong JSON); "
        "đánh giá dựa trên ô đó chưa chắc chắn",
        "ocr_corrected": "✎ số OCR đọc sai, đã sửa theo phép tính của chính bảng (chữ OCR gốc "
        "giữ trong JSON)",
        "band": "«Cơ bản đạt» là ngưỡng quy ước, không phải số liệu của báo cáo: {bands}.",
        "none_found": "Không có chỉ tiêu nào chưa đạt.",
        "default_rule": "* hướng đánh giá mặc định (chỉ tiêu không có trong {rules})",
    },
    "en": {
        "id": "ID",
        "name": "Indicator",
        "unit": "Unit",
        "target": "Target",
        "actual": "Achieved",
        "comparison": "Report's comparison",
        "future": "Target",
        "note": "Note",
        "status": "Verdict",
        "gap": "Gap",
        "bar": "Achievement",
        "reported": "Report says",
        "source": "Source",
        "alignment": "Columns",
        "points": "pts",
        "flag": "Flag",
        "extract": "Indicators in the table",
        "compare": "Achieved against the resolution target",
        "gaps": "Indicators that did not meet the resolution target",
        "outlook": "Distance to the horizon targets",
        "required": "Needed/yr",
        "measure": "Kind · formula",
        "pace": "Achieved/yr",
        "need": "Outlook",
        "field": "Field",
        "name_vi": "Vietnamese name",
        "group": "Group",
        "value": "Value",
        "disagree": "≠ the report's own verdict differs from the computed one",
        "contradiction": "The report also says",
        "reading": "Reading",
        "disputed_note": "⇄ Disputed: the report itself reads this row in more than one way "
        "(column 'The report also says'); counted neither as met nor as not met.",
        "disputed_after": "Disputed rows are listed apart, after the shortfalls.",
        "ambiguous": "? column reading uncertain (see ambiguity in JSON)",
        "ocr_suspect": "⚠ a cell read by OCR with doubt (why: ocr.suspect_cells in JSON); a "
        "verdict resting on it is not sure",
        "ocr_corrected": "✎ a figure the OCR misread, corrected by the table's own arithmetic "
        "(the OCR text kept in JSON)",
        "band": "'Nearly met' is a convention, not a figure of the report: {bands}.",
        "none_found": "No indicator is short of its target.",
        "default_rule": "* default direction (indicator not in {rules})",
    },
}
# what an outlook row measures and the formula of its pace, as the row shows them
MEASURES: dict[str, dict[str, str]] = {
    "vi": {"rate": "tốc độ", "share": "tỷ lệ", "index": "chỉ số", "level": "mức"},
    "en": {"rate": "rate", "share": "share", "index": "index", "level": "level"},
}
FORMULAS: dict[str, dict[str, str]] = {
    "vi": {"cagr": "tăng kép/năm", "points": "điểm/năm", "rate": "so với tốc độ đạt"},
    "en": {"cagr": "compound/yr", "points": "points/yr", "rate": "vs rate achieved"},
}
NEEDS: dict[str, dict[str, str]] = {
    "vi": {
        "accelerate": "Cần tăng tốc",
        "keep_pace": "Giữ nhịp là đủ",
        "already_reached": "Đã đạt",
        "unknown_pace": "Chưa rõ nhịp đã đạt",
        "not_computable": "Không tính được",
    },
    "en": {
        "accelerate": "Must accelerate",
        "keep_pace": "Current pace suffices",
        "already_reached": "Already reached",
        "unknown_pace": "Achieved pace unknown",
        "not_computable": "Not computable",
    },
}


def machine(x: float | None) -> str:
    """A number for programs and spreadsheets: `.` decimal, no thousands, no unit, at most six
    decimals; "" for none. The same in every language."""
    if x is None:
        return ""
    text = f"{x:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def value_numbers(prefix: str, value: Value | None) -> dict[str, str]:
    """`{prefix}_value` (a single figure or a bound), `{prefix}_low`, `{prefix}_high` (a range)."""
    if value is None:
        return {f"{prefix}_value": "", f"{prefix}_low": "", f"{prefix}_high": ""}
    single = value.number if value.kind == "number" else value.bound
    return {
        f"{prefix}_value": machine(single),
        f"{prefix}_low": machine(value.low) if value.kind == "range" else "",
        f"{prefix}_high": machine(value.high) if value.kind == "range" else "",
    }


def number_columns(*prefixes: str) -> list[Column]:
    return [
        Column(f"{p}_{part}", f"{p}_{part}", people=False, number=True)
        for p in prefixes
        for part in ("value", "low", "high")
    ]


def raw(value: Value | None, lang: str = "vi") -> str:
    """A cell as the report printed it; in English, its figures in English style (unless the
    table itself printed them so)."""
    if value is None:
        return ""
    if value.unreadable:
        return abridged(value.raw)
    if lang != "en" or (value.inferred and "English" in value.inferred):
        return value.raw
    return english_figures(value.raw)


def name_of(record: Indicator, lang: str) -> str:
    """The row's name in the reader's language (the Vietnamese name where no English is known)."""
    return (record.name_en or record.name) if lang == "en" else record.name


def unit_of(record: Indicator, lang: str) -> str:
    return (record.unit_en or record.unit or "") if lang == "en" else (record.unit or "")


def title_of(record: Indicator, lang: str) -> str:
    return (
        (record.group_title_en or record.group_title or "")
        if lang == "en"
        else (record.group_title or "")
    )


def place_ref(document: str, line: int | None, page: int | None, *, with_document: bool) -> str:
    """`L3643` (or `p.12` for a PDF), led by the document's name when several are shown."""
    where = f"p.{page}" if page else f"L{line}"
    return f"{document}:{where}" if with_document else where


def source_ref(record: Indicator, *, with_document: bool = True) -> str:
    s = record.source
    if s.table and not s.line and not s.page:
        where = f"T{s.table}R{s.row}" if s.row else f"T{s.table}"  # a Word or web page table
        return f"{s.document}:{where}" if with_document else where
    return place_ref(s.document, s.line, s.page, with_document=with_document)


_SOURCE_COLUMNS = (
    Column("document", "document", people=False),
    Column("page", "page", people=False, number=True),
    Column("line", "line", people=False, number=True),
    Column("table", "table", people=False, number=True),
    Column("row", "row", people=False, number=True),
)


def _source_cells(record: Indicator) -> dict[str, str]:
    s = record.source
    return {
        "document": s.document,
        "page": str(s.page) if s.page else "",
        "line": str(s.line) if s.line else "",
        "table": str(s.table) if s.table else "",
        "row": str(s.row) if s.row else "",
    }


def _sources_note(records: list[Indicator], lang: str) -> tuple[bool, list[str]]:
    """Whether rows must name their document; if not, the one note that names it."""
    documents = sorted({r.source.document for r in records})
    if len(documents) == 1:
        label = "Nguồn" if lang == "vi" else "Source"
        return False, [f"{label}: {documents[0]}"]
    return True, []


def verdict_label(status: Status | None, lang: str) -> str:
    if status is None:
        return ""
    return f"{SYMBOLS[status]} {LABELS[lang][status]}"


@lru_cache(maxsize=1)
def verdict_labels() -> tuple[str, ...]:
    """Every verdict label as printed (`✗ Chưa đạt`, `→ ✓ Met`), longest first."""
    labels = [f"{SYMBOLS[s]} {LABELS[lang][s]}" for lang in LABELS for s in STATUSES]
    return tuple(sorted({*labels, *(f"→ {x}" for x in labels)}, key=len, reverse=True))


def gap_text(assessment: Assessment, lang: str) -> str:
    gap = assessment.gap
    if gap is None:
        return ""
    unit = f" {TEXT[lang]['points']}" if gap.unit == "points" else "%"
    sign = "+" if gap.value > 0 else ""
    return f"{sign}{format_number(gap.value, 2 if gap.unit == 'points' else 1, lang=lang)}{unit}"


def bar(achievement: float | None, width: int = 10) -> str:
    """A plain-Unicode achievement bar: survives a pipe, a pager and any markdown renderer."""
    if achievement is None:
        return ""
    filled = max(0, min(width, int(achievement / 100 * width)))
    over = "+" if achievement > 100.05 else " "
    shown = f"{achievement:.0f}"
    if achievement < 100 and shown == "100":
        shown = f"{achievement:.1f}"
    return "█" * filled + "░" * (width - filled) + over + f"{shown}%"


def record_json(record: Indicator) -> dict[str, Any]:
    return record.model_dump(mode="json")


def assessed_json(item: Assessed) -> dict[str, Any]:
    data = record_json(item.record)
    a = item.assessment
    data.update(
        status=a.status,
        direction=a.direction,
        direction_source=a.direction_source,
        rule=a.rule,
        reason=a.reason,
        gap=a.gap.model_dump() if a.gap else None,
        achievement=a.achievement,
        shortfall=a.shortfall,
        nearly_met_band=band_text(a.band, "en") if a.band else None,
        reported_status=a.reported_status,
        reported_from=a.reported_from,
        disagrees=a.disagrees,
        table_status=a.table_status,
        readings=[r.model_dump(mode="json") for r in a.readings],
    )
    return data


READING_WORDS = {
    "vi": {
        "table": "bảng",
        "comparison_column": "cột so sánh",
        "against": "so với",
        "line": "dòng",
        "page": "tr.",
    },
    "en": {
        "table": "table",
        "comparison_column": "comparison column",
        "against": "against",
        "line": "line",
        "page": "p.",
    },
}


def reading_text(reading: Reading, lang: str) -> str:
    """One reading of a disputed row, with where it was read and the verdict it gives."""
    w = READING_WORDS[lang]
    where = f"{w['page']} {reading.page}" if reading.page else f"{w['line']} {reading.line}"
    period = f" ({reading.period.label(lang)})" if reading.period else ""
    verdict = f" → {verdict_label(reading.status, lang)}"
    value, target = reading.value, reading.target
    if lang == "en":
        value, target = english_figures(value), english_figures(target)
    if reading.source == "table":
        return f"{w['table']} ({where}): {value}{period} {w['against']} {target}{verdict}"
    if reading.source == "comparison_column":
        shown = english_figures(reading.words) if lang == "en" else reading.words
        return f"{w['comparison_column']}: {shown}{verdict}"
    quoted = f"«{reading.words}»" if lang == "vi" else f"'{reading.words}'"
    return f"{where}: {value}{period}, {quoted}{verdict}"


def contradiction_text(item: Assessed, findings: list[Finding], lang: str) -> str:
    """What the report says otherwise of a row: a disputed row's readings, else the audit's
    findings on its comparison column and on its body text."""
    a = item.assessment
    if a.status == "disputed":
        return "; ".join(reading_text(r, lang) for r in a.readings)
    by_place: dict[str, list[str]] = {}
    for f in findings:
        where, _, said = f.short(lang).partition(": ")
        if f.kind == "comparison_column" or not said:
            where, said = "", f.short(lang)
        if said and said not in by_place.setdefault(where, []):
            by_place[where].append(said)
    return "; ".join(
        f"{where}: {', '.join(said)}" if where else ", ".join(said)
        for where, said in by_place.items()
    )


def row_findings(findings: list[Finding]) -> dict[tuple[str, str], list[Finding]]:
    """The findings of the report against itself, by (document, row id)."""
    from dbreport.analysis.audit import ROW_KINDS

    out: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        if f.kind in ROW_KINDS and f.indicator and f.places:
            out.setdefault((f.places[-1].document, f.indicator), []).append(f)
    return out


_FIELD_ROLE = {field: role for role, field in FIELD_OF_ROLE.items()}


def ocr_mark(record: Indicator, field: str) -> str:
    """` ⚠` after a figure OCR read with doubt, ` ✎` after one the arithmetic corrected."""
    if record.ocr is None or not record.ocr.suspect_cells:
        return ""
    role = _FIELD_ROLE.get(field, field)
    cell = record.ocr.suspect(role)
    if cell is None:
        return ""
    return " ✎" if cell.corrected else " ⚠"


def shown(record: Indicator, field: str, lang: str) -> str:
    """A record's figure as printed, marked when OCR read it with doubt."""
    value = getattr(record, field)
    text = raw(value, lang)
    return text + ocr_mark(record, field) if text else text


def ocr_suspects(record: Indicator) -> str:
    """Each suspect cell of an OCR'd row and why, for the machine columns."""
    if record.ocr is None:
        return ""
    return "; ".join(
        f"{c.role}: {' '.join(c.text.split())!r} ({', '.join(c.why)})"
        + (f" -> {c.corrected}" if c.corrected else "")
        for c in record.ocr.suspect_cells
    )


def _ocr_notes(records: Iterable[Indicator], lang: str) -> list[str]:
    t = TEXT[lang]
    cells = [c for r in records if r.ocr for c in r.ocr.suspect_cells]
    notes = []
    if any(not c.corrected for c in cells):
        notes.append(t["ocr_suspect"])
    if any(c.corrected for c in cells):
        notes.append(t["ocr_corrected"])
    return notes


def extract_view(records: list[Indicator], lang: str) -> View:
    t = TEXT[lang]
    columns = [
        Column("id", t["id"], no_wrap=True),
        Column("name", t["name"], wrap=True),
        Column("name_vi", t["name_vi"], wrap=True, people=lang == "en", drop=8),
        Column("unit", t["unit"], drop=3),
        Column("target", t["target"], "right"),
        Column("actual", t["actual"], "right"),
        Column("comparison", t["comparison"], "right", drop=4),
        Column("target_2030", t["future"], "right", drop=2),
        Column("note", t["note"], wrap=True, drop=6),
        Column("alignment", t["alignment"], drop=5),
        Column("ocr_suspect", "ocr_suspect", people=False),
        Column("kind", "kind", people=False),
        Column("parent", "parent", people=False),
        Column("source", t["source"], people=True, machines=False, drop=1),
        *number_columns("target", "actual", "comparison", "target_2030"),
        *_SOURCE_COLUMNS,
    ]
    many, notes = _sources_note(records, lang)
    notes = notes + _ocr_notes(records, lang)
    horizon = next((r.horizon_year for r in records if r.horizon_year), None)
    if horizon:
        at = next(i for i, c in enumerate(columns) if c.key == "target_2030")
        columns[at] = Column("target_2030", f"{t['future']} {horizon}", "right", drop=2)
    rows = [
        {
            "id": r.id,
            "name": name_of(r, lang),
            "name_vi": r.name,
            "unit": unit_of(r, lang),
            "target": shown(r, "target", lang),
            "actual": shown(r, "actual", lang),
            "comparison": shown(r, "reported_comparison", lang),
            "target_2030": shown(r, "target_2030", lang),
            "note": r.note or "",
            "alignment": r.alignment,
            "ocr_suspect": ocr_suspects(r),
            "kind": r.kind,
            "parent": r.parent or "",
            "source": source_ref(r, with_document=many),
            **value_numbers("target", r.target),
            **value_numbers("actual", r.actual),
            **value_numbers("comparison", r.reported_comparison),
            **value_numbers("target_2030", r.target_2030),
            **_source_cells(r),
        }
        for r in records
    ]
    return View(t["extract"], columns, rows, [record_json(r) for r in records], notes=notes)


def _flags(item: Assessed) -> str:
    flags = ""
    if item.assessment.disagrees:
        flags += "≠"
    if item.record.alignment == "ambiguous":
        flags += "?"
    if item.assessment.doubt:
        flags += "⚠"
    if item.assessment.direction_source == "default":
        flags += "*"
    return flags


def _assessed_columns(lang: str) -> list[Column]:
    t = TEXT[lang]
    return [
        Column("id", t["id"], no_wrap=True),
        Column("name", t["name"], wrap=True),
        Column("name_vi", t["name_vi"], wrap=True, people=lang == "en", drop=8),
        Column("unit", t["unit"], drop=2),
        Column("target", t["target"], "right"),
        Column("actual", t["actual"], "right"),
        Column("verdict", t["status"], people=True, machines=False),
        Column("status", "status", people=False),
        Column("gap", t["gap"], "right", drop=5),
        Column("bar", t["bar"], people=True, machines=False, no_wrap=True, drop=6),
        Column("achievement", "achievement", people=False, number=True),
        Column("reported", t["reported"], drop=7),
        Column("reported_status", "reported_status", people=False),
        Column("contradiction", t["contradiction"], wrap=True, drop=4),
        Column("flag", t["flag"], "center", drop=3),
        Column("ocr_suspect", "ocr_suspect", people=False),
        Column("source", t["source"], people=True, machines=False, drop=1),
        *number_columns("target", "actual"),
        Column("gap_value", "gap_value", people=False, number=True),
        Column("gap_unit", "gap_unit", people=False),
        *_SOURCE_COLUMNS,
    ]


def _assessed_row(
    item: Assessed, lang: str, many: bool, findings: list[Finding] | None = None
) -> dict[str, str]:
    r, a = item.record, item.assessment
    return {
        "id": r.id,
        "name": name_of(r, lang),
        "name_vi": r.name,
        "unit": unit_of(r, lang),
        "target": shown(r, "target", lang),
        "actual": shown(r, "actual", lang),
        "verdict": verdict_label(a.status, lang),
        "status": a.status,
        # a disputed row's ratio is one reading of several: its readings say it on the row
        "gap": "" if a.status == "disputed" else gap_text(a, lang),
        "bar": "" if a.status == "disputed" else bar(a.achievement),
        "achievement": machine(a.achievement),
        "reported": (
            f"{verdict_label(a.reported_status, lang)} ({raw(r.reported_comparison, lang) or '—'})"
            if a.reported_status
            else ""
        ),
        "reported_status": a.reported_status or "",
        "contradiction": contradiction_text(item, findings or [], lang),
        "flag": _flags(item),
        "ocr_suspect": ocr_suspects(r),
        "source": source_ref(r, with_document=many),
        **value_numbers("target", r.target),
        **value_numbers("actual", r.actual),
        "gap_value": machine(a.gap.value) if a.gap else "",
        "gap_unit": a.gap.unit if a.gap else "",
        **_source_cells(r),
    }


def band_text(band: str, lang: str) -> str:
    """The nearly-met band in the reader's language (`points:1` -> `trong 1 điểm %`)."""
    kind, _, rest = band.partition(":")
    value, _, unit = rest.partition(":")
    if lang == "vi":
        return {
            "points": f"thiếu không quá {value} điểm %",
            "absolute": f"thiếu không quá {value} {unit}",
            "ratio": f"đạt từ {float(value):.0%} mục tiêu",
        }[kind]
    from dbreport.vocab import load_vocabulary

    return {
        "points": f"at most {value} percentage point(s) short",
        "absolute": f"at most {value} {load_vocabulary().unit_en(unit)} short",
        "ratio": f"at least {float(value):.0%} of target",
    }[kind]


# verdicts whose reason a reader must see beside the table: not a finding of the report
_SAID_WHY = frozenset(
    {"figure_too_long", "figure_too_large", "target_not_positive", "level_not_positive"}
)


def _legend(items: list[Assessed], lang: str, rules: Rules) -> list[str]:
    t = TEXT[lang]
    notes = []
    if any(i.assessment.disagrees for i in items):
        notes.append(t["disagree"])
    if any(i.assessment.status == "disputed" for i in items):
        notes.append(t["disputed_note"])
    if any(i.record.alignment == "ambiguous" for i in items):
        notes.append(t["ambiguous"])
    notes += _ocr_notes((i.record for i in items), lang)
    if any(i.assessment.direction_source == "default" for i in items):
        notes.append(t["default_rule"].format(rules=rules.source or "targets.yaml"))
    notes += [
        f"{i.record.id}: {i.assessment.reason_text(lang)}"
        for i in items
        if i.assessment.reason_code in _SAID_WHY
    ]
    bands = sorted({band_text(i.assessment.band, lang) for i in items if i.assessment.band})
    if bands:
        notes.append(t["band"].format(bands="; ".join(bands)))
    return notes


def compare_view(
    items: list[Assessed],
    lang: str,
    rules: Rules,
    findings: list[Finding] | None = None,
) -> View:
    """Every row against its target; `findings` (the audit's) put what the report says
    otherwise on the row it is about."""
    t = TEXT[lang]
    many, notes = _sources_note([i.record for i in items], lang)
    by_row = row_findings(findings or [])

    def own(item: Assessed) -> list[Finding]:
        return by_row.get((item.record.source.document, item.record.id), [])

    payload = []
    for item in items:
        data = assessed_json(item)
        data["contradictions"] = [f.model_dump(mode="json") for f in own(item)]
        payload.append(data)
    return View(
        t["compare"],
        _assessed_columns(lang),
        [_assessed_row(i, lang, many, own(i)) for i in items],
        payload,
        notes=notes + _legend(items, lang, rules),
        styles=[STYLES[i.assessment.status] for i in items],
    )


def gaps_view(
    items: list[Assessed],
    lang: str,
    rules: Rules,
    findings: list[Finding] | None = None,
    disputed: list[Assessed] | None = None,
    text_only: list[Claim] | None = None,
) -> View:
    """The shortfalls, the not-met items only the body text names, then (apart) the rows the
    report reads two ways."""
    view = add_text_only_gaps(compare_view(items, lang, rules, findings), text_only or [], lang)
    view.title = TEXT[lang]["gaps"]
    if disputed:
        apart = compare_view(disputed, lang, rules, findings)
        if view.rows:
            view.breaks.append(len(view.rows) - 1)
        view.rows.extend(apart.rows)
        view.payload.extend(apart.payload)
        view.styles.extend(apart.styles)
        legend = _legend(items + disputed, lang, rules)
        view.notes = [n for n in view.notes if n not in legend] + legend
        view.notes.insert(0, TEXT[lang]["disputed_after"])
    if not items and not text_only:
        view.notes.insert(0, TEXT[lang]["none_found"])
    return view


def outlook_view(pairs: list[tuple[Assessed, Outlook]], lang: str) -> View:
    t = TEXT[lang]
    horizon = next((a.record.horizon_year for a, _ in pairs if a.record.horizon_year), None)
    columns = [
        Column("id", t["id"], no_wrap=True),
        Column("name", t["name"], wrap=True),
        Column("name_vi", t["name_vi"], wrap=True, people=lang == "en", drop=8),
        Column("unit", t["unit"], drop=5),
        Column("actual", t["actual"], "right"),
        Column("target_2030", f"{t['future']} {horizon or ''}".strip(), "right"),
        Column("measure", t["measure"], drop=6),
        Column("required", t["required"], "right"),
        Column("pace", t["pace"], "right", drop=4),
        Column("need", t["need"], people=True, machines=False, wrap=True),
        Column("need_code", "need", people=False),
        Column("source", t["source"], people=True, machines=False, drop=1),
        *number_columns("actual", "target_2030"),
        Column("required_value", "required_value", people=False, number=True),
        Column("required_unit", "required_unit", people=False),
        Column("pace_value", "pace_value", people=False, number=True),
        Column("formula", "formula", people=False),
        *_SOURCE_COLUMNS,
    ]
    many, notes = _sources_note([a.record for a, _ in pairs], lang)
    rows = []
    payload = []
    for item, o in pairs:
        r = item.record
        rows.append(
            {
                "id": r.id,
                "name": name_of(r, lang),
                "name_vi": r.name,
                "unit": unit_of(r, lang),
                "actual": raw(r.actual, lang),
                "target_2030": raw(r.target_2030, lang),
                "measure": MEASURES[lang][o.measure]
                + (f" · {FORMULAS[lang][o.formula]}" if o.formula else ""),
                "required": (
                    f"{format_number(o.required, 2, lang=lang)}{pace_unit(o, r, lang)}"
                    if o.required is not None
                    else ""
                ),
                "pace": f"{format_number(o.achieved_pace, 2, lang=lang)}%"
                if o.achieved_pace is not None
                else "",
                "need": NEEDS[lang][o.need],
                "need_code": o.need,
                "source": source_ref(r, with_document=many),
                **value_numbers("actual", r.actual),
                **value_numbers("target_2030", r.target_2030),
                "required_value": machine(o.required),
                "required_unit": o.unit or "",
                "pace_value": machine(o.achieved_pace),
                "formula": o.formula or "",
                **_source_cells(r),
            }
        )
        data = record_json(r)
        data.update(outlook=o.model_dump(), status=item.assessment.status)
        payload.append(data)
    styles = [
        "red" if o.need == "accelerate" else ("green" if o.need == "already_reached" else None)
        for _, o in pairs
    ]
    return View(t["outlook"], columns, rows, payload, notes=notes, styles=styles)


def pace_unit(o: Outlook, record: Indicator, lang: str) -> str:
    """`%` a year for compound rates and rates; percentage points for shares; an index's own
    points (`điểm`) where its unit is not a percentage."""
    if o.unit == "percent_per_year":
        return "%"
    if record.unit_kind == "quantity":
        return " điểm" if lang == "vi" else " pts"
    return f" {TEXT[lang]['points']}"


def show_view(item: Assessed, lang: str) -> View:
    t = TEXT[lang]
    r, a = item.record, item.assessment
    fields: list[tuple[str, str]] = [
        (t["id"], r.id),
        (t["name"], name_of(r, lang)),
        ("Tên (vi)" if lang == "vi" else "Name (vi)", r.name if lang == "en" else ""),
        (t["group"], " ".join(p for p in (r.group or "", title_of(r, lang)) if p)),
        ("Nhóm con / subgroup", r.subgroup or ""),
        (t["unit"], unit_of(r, lang)),
        (t["target"], raw(r.target, lang)),
        (t["actual"], raw(r.actual, lang)),
        (t["comparison"], raw(r.reported_comparison, lang)),
        (f"{t['future']} {r.horizon_year or ''}".strip(), raw(r.target_2030, lang)),
        (t["note"], r.note or ""),
        (t["status"], verdict_label(a.status, lang) + f" — {a.reason_text(lang)}"),
        *((t["reading"], reading_text(x, lang)) for x in a.readings),
        (t["gap"], "" if a.status == "disputed" else gap_text(a, lang)),
        (t["bar"], "" if a.status == "disputed" else bar(a.achievement)),
        (
            t["reported"],
            " — ".join(
                x for x in (verdict_label(a.reported_status, lang), a.reported_text(lang)) if x
            ),
        ),
        (t["alignment"], r.alignment + (f" — {r.ambiguity}" if r.ambiguity else "")),
        (t["source"], f"{r.source.document}, {_lines(r, lang)}"),
        ("", r.source.text),
    ]
    rows = [{"field": k, "value": v} for k, v in fields if v]
    columns = [Column("field", t["field"]), Column("value", t["value"], wrap=True)]
    return View(f"{r.id} {name_of(r, lang)}", columns, rows, assessed_json(item), sheet=r.id)


def _lines(record: Indicator, lang: str) -> str:
    s = record.source
    page, line, lines = ("tr.", "dòng", "dòng") if lang == "vi" else ("page", "line", "lines")
    if s.page:
        return f"{page} {s.page}"
    if s.line == s.last_line:
        return f"{line} {s.line}"
    return f"{lines} {s.line}-{s.last_line}"


__all__ = [
    "LABELS",
    "STATUSES",
    "SYMBOLS",
    "compare_view",
    "extract_view",
    "gaps_view",
    "outlook_view",
    "show_view",
]


MORE_TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "claims": "Nhận định trong văn bản",
        "audit": "Kiểm tra chéo",
        "where": "Nơi",
        "figure": "Số liệu",
        "said": "Văn bản nói",
        "linked": "Chỉ tiêu của bảng",
        "text": "Câu chữ",
        "severity": "Mức",
        "kind": "Loại",
        "message": "Nội dung",
        "body_only": "¶ chỉ có trong thân báo cáo, không có trong bảng",
        "none": "Không phát hiện điều gì cần lưu ý.",
    },
    "en": {
        "claims": "Claims in the text",
        "audit": "Audit",
        "where": "Where",
        "figure": "Figure",
        "said": "The text says",
        "linked": "Table indicator",
        "text": "Words",
        "severity": "Severity",
        "kind": "Kind",
        "message": "Finding",
        "body_only": "¶ only in the body text, not in the table",
        "none": "Nothing to report.",
    },
}
SEVERITY_LABELS = {
    "vi": {"error": "✗ lỗi số liệu", "warning": "! cần xem", "info": "· ghi nhận"},
    "en": {"error": "✗ error", "warning": "! warning", "info": "· info"},
}
SEVERITY_STYLES = {"error": "red", "warning": "yellow", "info": None}


def claims_view(links: list[Link], lang: str) -> View:
    m = MORE_TEXT[lang]
    columns = [
        Column("where", m["where"], no_wrap=True),
        Column("figure", m["figure"], "right"),
        Column("said", m["said"]),
        Column("linked", m["linked"], wrap=True, drop=3),
        Column("text", m["text"], wrap=True, drop=4),
        Column("status", "status", people=False),
        Column("indicator", "indicator", people=False),
    ]
    rows, payload = [], []
    for link in links:
        c, r = link.claim, link.record
        rows.append(
            {
                "where": place_ref(c.document, c.line, c.page, with_document=True),
                "figure": (english_figures(c.figure.raw) if lang == "en" else c.figure.raw)
                if c.figure
                else "",
                "said": verdict_label(c.verdict, lang) if c.verdict else "",
                "linked": f"{r.id} {name_of(r, lang)}" if r else f"— ({link.why})",
                "text": c.text,
                "status": c.verdict or "",
                "indicator": r.id if r else "",
            }
        )
        data = c.model_dump(mode="json")
        data.update(indicator=r.id if r else None, link=link.why)
        payload.append(data)
    return View(m["claims"], columns, rows, payload)


def audit_view(findings: list[Finding], lang: str) -> View:
    m = MORE_TEXT[lang]
    columns = [
        Column("severity", m["severity"], no_wrap=True, machines=False),
        Column("severity_code", "severity", people=False),
        Column("kind", m["kind"], drop=2),
        Column("indicator", TEXT[lang]["id"], no_wrap=True),
        Column("message", m["message"], wrap=True),
    ]
    rows, payload = [], []
    for f in findings:
        rows.append(
            {
                "severity": SEVERITY_LABELS[lang][f.severity],
                "severity_code": f.severity,
                "kind": f.kind,
                "indicator": f.indicator or "",
                "message": f.message(lang),
            }
        )
        data = f.model_dump(mode="json")
        data.update(message_vi=f.message("vi"), message_en=f.message("en"))
        payload.append(data)
    notes = [] if findings else [m["none"]]
    styles = [SEVERITY_STYLES[f.severity] for f in findings]
    return View(m["audit"], columns, rows, payload, notes=notes, styles=styles)


def add_text_only_gaps(view: View, claims: list[Claim], lang: str) -> View:
    """Append the not-met items the body text names but the table does not hold."""
    documents = {row.get("document") for row in view.rows} | {c.document for c in claims}
    for c in claims:
        where = place_ref(c.document, c.line, c.page, with_document=len(documents) > 1)
        # `đạt 50% MTNQ`: 50% is the share of the target reached, not an achieved value
        share = c.amount if c.amount_kind == "ratio" else None
        view.rows.append(
            {
                "id": f"text:{c.line}",
                "name": c.subject,
                "unit": "",
                "target": c.stated_target.raw if c.stated_target else "",
                "actual": c.figure.raw if c.figure else "",
                "verdict": verdict_label(c.verdict, lang),
                "status": c.verdict or "",
                "gap": "",
                "bar": bar(share),
                "achievement": machine(share),
                "reported": c.verdict_text or "",
                "reported_status": c.verdict or "",
                "flag": "¶",
                "source": where,
                "document": c.document,
                "page": str(c.page or ""),
                "line": str(c.line),
            }
        )
        view.styles.append(STYLES[c.verdict or "not_met"])
        view.payload.append(
            {
                "id": f"text:{c.line}",
                "name": c.subject,
                "status": c.verdict,
                "only_in_text": True,
                "text": c.text,
                "achievement": c.amount if c.amount_kind == "ratio" else None,
                "source": {
                    "document": c.document,
                    "path": c.path,
                    "page": c.page,
                    "line": c.line,
                    "last_line": c.last_line,
                    "text": c.sentence,
                },
            }
        )
    if claims:
        view.notes.append(MORE_TEXT[lang]["body_only"])
    return view


ACROSS = {
    "vi": {
        "across": "Một chỉ tiêu qua các báo cáo",
        "matrix": "Các báo cáo × chỉ tiêu (đánh giá)",
        "document": "Báo cáo",
        "place": "Địa phương",
        "term": "Nhiệm kỳ",
        "legend": "▲ vượt · ✓ đạt · ≈ cơ bản đạt · ✗ chưa đạt · · không đánh giá; trống: không có",
    },
    "en": {
        "across": "One indicator across reports",
        "matrix": "Reports × indicators (verdicts)",
        "document": "Report",
        "place": "Place",
        "term": "Term",
        "legend": "▲ exceeded · ✓ met · ≈ nearly met · ✗ not met · · not assessed; blank: absent",
    },
}


def across_view(rows: list[tuple[ReportSet, Assessed]], lang: str) -> View:
    """One row per report for one indicator: target, achieved, verdict, where."""
    t, a = TEXT[lang], ACROSS[lang]
    columns = [
        Column("document", a["document"], wrap=True, drop=6),
        Column("place", a["place"]),
        Column("term", a["term"], no_wrap=True, drop=5),
        Column("id", t["id"], no_wrap=True),
        Column("indicator_id", "indicator_id", people=False),
        Column("name", t["name"], wrap=True),
        Column("name_vi", t["name_vi"], wrap=True, people=lang == "en", drop=8),
        Column("unit", t["unit"], drop=4),
        Column("target", t["target"], "right"),
        Column("actual", t["actual"], "right"),
        Column("verdict", t["status"], people=True, machines=False),
        Column("status", "status", people=False),
        Column("achievement", t["bar"], no_wrap=True, drop=3),
        Column("source", t["source"], people=True, machines=False, drop=1),
        *_SOURCE_COLUMNS,
    ]
    out = []
    for rs, item in rows:
        r = item.record
        out.append(
            {
                "document": rs.name,
                "place": rs.info.place.value or "",
                "term": rs.info.term_reviewed.value or "",
                "id": r.id,
                "indicator_id": r.indicator_id or "",
                "name": name_of(r, lang),
                "name_vi": r.name,
                "unit": unit_of(r, lang),
                "target": raw(r.target, lang),
                "actual": raw(r.actual, lang),
                "verdict": verdict_label(item.assessment.status, lang),
                "status": item.assessment.status,
                "achievement": bar(item.assessment.achievement),
                "source": source_ref(r, with_document=False),
                **_source_cells(r),
            }
        )
    payload = [{**assessed_json(item), "report": rs.info.as_json()} for rs, item in rows]
    return View(a["across"], columns, out, payload)


def matrix_view(
    reports: list[ReportSet], ids: list[str], cells: dict[tuple[str, str], Status], lang: str
) -> View:
    """Reports × catalogue indicators, a verdict symbol in each cell."""
    a = ACROSS[lang]
    columns = [
        Column("document", a["document"], wrap=True),
        Column("place", a["place"]),
        *(Column(i, i, "center", no_wrap=True) for i in ids),
    ]
    rows = [
        {
            "document": rs.name,
            "place": rs.info.place.value or "",
            **{i: SYMBOLS[cells[(rs.name, i)]] if (rs.name, i) in cells else "" for i in ids},
        }
        for rs in reports
    ]
    payload = [
        {
            "document": rs.name,
            "place": rs.info.place.value,
            "verdicts": {i: cells[(rs.name, i)] for i in ids if (rs.name, i) in cells},
        }
        for rs in reports
    ]
    return View(a["matrix"], columns, rows, payload, notes=[a["legend"]])

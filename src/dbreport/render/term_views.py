"""Views of a term's targets (`dbreport targets`) and of their progress (`dbreport track`)."""

from __future__ import annotations

from typing import Any

from dbreport.analysis.term import Baseline, TermSet, TermTarget, to_entries
from dbreport.analysis.track import Progress, level_unit
from dbreport.catalogue import load_catalogue
from dbreport.extraction.targets import Target
from dbreport.render.view import Column, View
from dbreport.render.views import machine, number_columns, place_ref, raw, value_numbers
from dbreport.rules import ProgressBands
from dbreport.textnorm import fold
from dbreport.values import english_outside_quotes, format_number

TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "targets": "Mục tiêu nhiệm kỳ",
        "track": "Tiến độ thực hiện mục tiêu",
        "no": "#",
        "name": "Chỉ tiêu",
        "value": "Mục tiêu",
        "unit": "ĐVT",
        "period": "Thời hạn",
        "from": "Nguồn",
        "baseline": "Xuất phát",
        "also": "Nơi khác ghi",
        "source": "Dòng/trang",
        "latest": "Số mới nhất",
        "required": "Cần/năm",
        "so_far": "Đạt/năm",
        "class": "Đánh giá",
        "list": "danh sách",
        "table": "bảng",
        "average": "bình quân/năm",
        "qualitative": "(định tính)",
        "agrees": "khớp",
        "differs": "KHÁC",
        "not_compared": "không so được",
        "assumed": "(cuối nhiệm kỳ)",
    },
    "en": {
        "targets": "Targets of the term",
        "track": "Progress towards the term's targets",
        "no": "#",
        "name": "Indicator",
        "value": "Target",
        "unit": "Unit",
        "period": "Due",
        "from": "From",
        "baseline": "Baseline",
        "also": "Stated elsewhere",
        "source": "Line/page",
        "latest": "Latest figure",
        "required": "Needed/yr",
        "so_far": "So far/yr",
        "class": "Progress",
        "list": "list",
        "table": "table",
        "average": "yearly average",
        "qualitative": "(qualitative)",
        "agrees": "agrees",
        "differs": "DIFFERS",
        "not_compared": "not comparable",
        "assumed": "(term's end)",
    },
}

CLASSES: dict[str, dict[str, str]] = {
    "vi": {
        "target_met": "Đã đạt mục tiêu",
        "on_track": "Đúng tiến độ",
        "needs_acceleration": "Cần tăng tốc",
        "limited_progress": "Tiến triển hạn chế",
        "moving_away": "Đi ngược mục tiêu",
        "no_figure": "Chưa có số liệu",
        "not_computable": "Không tính được",
        "not_measurable": "Định tính",
    },
    "en": {
        "target_met": "Target met",
        "on_track": "On track",
        "needs_acceleration": "Needs acceleration",
        "limited_progress": "Limited progress",
        "moving_away": "Moving away",
        "no_figure": "No figure yet",
        "not_computable": "Not computable",
        "not_measurable": "Qualitative",
    },
}

FORMULA_TEXT: dict[str, str] = {
    "cagr": "R = ((y/y0)^(1/(t-t0)) - 1) / ((Y/y0)^(1/(T-t0)) - 1)",
    "points": "R = ((y - y0)/(t - t0)) / ((Y - y0)/(T - t0))",
    "average": "R = mean(y) / Y",
    "change": "R = (change a year since t0) / Y",
    "total": "R = (sum(y)/(t - t0)) / (Y/(T - t0))",
}


def period_text(target: Target, lang: str) -> str:
    p = target.period
    if p is None:
        return ""
    t = TEXT[lang]
    years = f"{p.start}-{p.end}" if p.kind == "span" else str(p.end or "")
    if p.kind == "average":
        years = f"{t['average']} {'→ ' + str(p.end) if p.end else ''}".strip()
    return f"{years} {t['assumed']}" if not p.stated else years


def _text(text: str, lang: str) -> str:
    return english_outside_quotes(text) if lang == "en" else text


def target_name(target: Target, lang: str) -> str:
    """The target's name in the reader's language: in English, the catalogue's name of its
    indicator where it has one (the name as written otherwise)."""
    if lang != "en":
        return target.name
    entry = load_catalogue().by_id(target.indicator_id) if target.indicator_id else None
    return entry.en if entry else _text(target.name, lang)


def value_text(target: Target, lang: str) -> str:
    if target.value.kind == "text":
        return TEXT[lang]["qualitative"]
    change = {
        "decrease": {"vi": "giảm ", "en": "fall "},
        "increase": {"vi": "tăng ", "en": "rise "},
    }
    lead = change[target.change][lang] if target.change else ""
    count = f" ({target.count})" if target.count else ""
    return f"{lead}{raw(target.value, lang)}{count}"


def baseline_text(base: Baseline | None, target: Target, lang: str) -> str:
    """A baseline's figure and year (`12,3 (2025)`); with its unit where the target's differs
    (`45,6 vạn người (2025)`)."""
    if base is None:
        return ""
    level = level_unit(target) or ""
    unit = f" {base.unit}" if base.unit and fold(base.unit) != fold(level) else ""
    return f"{raw(base.value, lang)}{unit} ({base.year})"


def _also(item: TermTarget, lang: str, many: bool) -> str:
    t = TEXT[lang]
    if item.also is None:
        return ""
    other = item.also
    verdict = (
        t["not_compared"] if item.agrees is None else (t["agrees"] if item.agrees else t["differs"])
    )
    at = place_ref(other.document, other.line, other.page, with_document=many)
    stated = f"{raw(other.value, lang)} {other.unit or ''}".strip()
    return f"{t['table']} {other.row or ''}: {stated} ({at}) · {verdict}"


def targets_view(term: TermSet, lang: str, header: str) -> View:
    t = TEXT[lang]
    many = len({i.target.document for i in term.targets}) > 1
    columns = [
        Column("no", t["no"], "right", no_wrap=True),
        Column("name", t["name"], wrap=True),
        Column("value", t["value"], "right"),
        Column("unit", t["unit"], drop=5),
        Column("period", t["period"], drop=4),
        Column("baseline", t["baseline"], "right", drop=3),
        Column("also", t["also"], wrap=True, drop=2),
        Column("from", t["from"], drop=6),
        Column("source", t["source"], drop=1),
        Column("indicator_id", "indicator_id", people=False),
        Column("field", "field", people=False),
        Column("kind", "kind", people=False),
        Column("op", "op", people=False),
        *number_columns("value"),
        Column("period_kind", "period_kind", people=False),
        Column("period_start", "period_start", people=False, number=True),
        Column("period_end", "period_end", people=False, number=True),
        Column("change", "change", people=False),
        Column("direction", "direction", people=False),
        Column("baseline_value", "baseline_value", people=False, number=True),
        Column("baseline_year", "baseline_year", people=False, number=True),
        Column("agrees", "agrees", people=False),
        Column("document", "document", people=False),
        Column("line", "line", people=False, number=True),
        Column("page", "page", people=False, number=True),
        Column("sentence", "sentence", people=False),
    ]
    rows: list[dict[str, str]] = []
    payload: list[dict[str, Any]] = []
    styles: list[str | None] = []
    for n, item in enumerate(term.targets, 1):
        target, base = item.target, item.baseline
        rows.append(
            {
                "no": str(n),
                "name": target_name(target, lang),
                "value": value_text(target, lang),
                "unit": target.unit or "",
                "period": period_text(target, lang),
                "baseline": baseline_text(base, target, lang),
                "also": _also(item, lang, many),
                "from": t[target.origin],
                "source": place_ref(target.document, target.line, target.page, with_document=many),
                "indicator_id": target.indicator_id or "",
                "field": target.field or "",
                "kind": target.value.kind,
                "op": target.value.op or "",
                **value_numbers("value", target.value),
                "period_kind": target.period.kind if target.period else "",
                "period_start": str(target.period.start or "") if target.period else "",
                "period_end": str(target.period.end or "") if target.period else "",
                "change": target.change or "",
                "direction": target.direction or "",
                "baseline_value": machine(
                    base.value.number if base and base.value.kind == "number" else None
                ),
                "baseline_year": str(base.year) if base else "",
                "agrees": "" if item.agrees is None else str(item.agrees).lower(),
                "document": target.document,
                "line": str(target.line or ""),
                "page": str(target.page or ""),
                "sentence": target.sentence,
            }
        )
        payload.append(item.model_dump(mode="json"))
        styles.append("red" if item.agrees is False else None)
    notes = []
    if not many and term.targets:
        notes.append(f"{term.targets[0].target.document}")
    if term.findings:
        notes.extend(f.message(lang) for f in term.findings)
    if not term.targets:
        notes.append(
            "Không thấy danh sách chỉ tiêu hay cột mục tiêu nào."
            if lang == "vi"
            else "No list of targets and no target column was found."
        )
    entries = [e.model_dump(exclude_none=True) for e in to_entries(term.targets)]
    data_file = {
        "_header": header,
        "term": term.term.model_dump(exclude_none=True),
        "targets": entries,
    }
    return View(
        t["targets"],
        columns,
        rows,
        {
            "term": term.term.model_dump(),
            "targets": payload,
            "findings": [f.model_dump() for f in term.findings],
        },
        notes=notes,
        styles=styles,
        sheet="targets",
        data_file=data_file,
    )


def pace_text(x: float | None, formula: str | None, lang: str) -> str:
    if x is None:
        return ""
    digits = 0 if abs(x) >= 100 else 2  # a total a year (`46.200`), a rate (`10,18%`)
    unit = "%" if formula in ("cagr", "average", "change") else ""
    if formula == "points":
        unit = " điểm" if lang == "vi" else " pts"
    return f"{format_number(x, digits, lang=lang)}{unit}"


def formula_notes(rows: list[Progress], bands: ProgressBands, lang: str) -> list[str]:
    """The formulas the rows use, and the thresholds in force (data/targets.yaml `progress`)."""
    used = sorted({p.formula for p in rows if p.formula})
    if not used:
        return []
    on, acc = (format_number(x, 2, lang=lang) for x in (bands.on_track, bands.acceleration))
    legend = (
        f"y0, t0: xuất phát; y, t: số mới nhất; Y, T: mục tiêu. R ≥ {on} đúng tiến độ; "
        f"≥ {acc} cần tăng tốc; ≥ 0 hạn chế; < 0 đi ngược."
        if lang == "vi"
        else f"y0, t0: baseline; y, t: latest figure; Y, T: target. R ≥ {on} on track; "
        f"≥ {acc} needs acceleration; ≥ 0 limited progress; < 0 moving away."
    )
    return [*(f"{f}: {FORMULA_TEXT[f]}" for f in used), legend]


def track_view(rows_in: list[Progress], lang: str, bands: ProgressBands) -> View:
    t = TEXT[lang]
    labels = CLASSES[lang]
    documents = {p.target.document for p in rows_in} | {
        p.latest.document for p in rows_in if p.latest
    }
    many = len(documents) > 1
    columns = [
        Column("name", t["name"], wrap=True),
        Column("value", t["value"], "right"),
        Column("unit", t["unit"], drop=5),
        Column("period", t["period"], drop=4),
        Column("baseline", t["baseline"], "right", drop=3),
        Column("latest", t["latest"], "right"),
        Column("required", t["required"], "right", drop=2),
        Column("so_far", t["so_far"], "right", drop=2),
        Column("class", t["class"], people=True, machines=False),
        Column("class_code", "class", people=False),
        Column("source", t["source"], wrap=True, drop=1),
        Column("ratio", "ratio", people=False, number=True),
        Column("formula", "formula", people=False),
        Column("required_value", "required_value", people=False, number=True),
        Column("so_far_value", "so_far_value", people=False, number=True),
        Column("latest_value", "latest_value", people=False, number=True),
        Column("latest_year", "latest_year", people=False, number=True),
        Column("latest_date", "latest_date", people=False),
        Column("latest_document", "latest_document", people=False),
        Column("latest_line", "latest_line", people=False, number=True),
        Column("baseline_value", "baseline_value", people=False, number=True),
        Column("baseline_year", "baseline_year", people=False, number=True),
        Column("reason", "reason", people=False),
        Column("document", "document", people=False),
        Column("line", "line", people=False, number=True),
    ]
    rows: list[dict[str, str]] = []
    styles: list[str | None] = []
    for p in rows_in:
        target, base, latest = p.target, p.baseline, p.latest
        rows.append(
            {
                "name": target_name(target, lang),
                "value": value_text(target, lang),
                "unit": target.unit or "",
                "period": period_text(target, lang),
                "baseline": baseline_text(base, target, lang),
                "latest": f"{raw(latest.value, lang)} ({latest.year})" if latest else "",
                "required": pace_text(p.required, p.formula, lang),
                "so_far": pace_text(p.so_far, p.formula, lang),
                "class": labels[p.klass]
                + (
                    f" · R={format_number(p.ratio, 2, lang=lang)}"
                    if p.ratio is not None and p.klass not in ("target_met",)
                    else ""
                ),
                "class_code": p.klass,
                "source": (
                    place_ref(latest.document, latest.line, latest.page, with_document=True)
                    + (f", {latest.date}" if latest.date else "")
                )
                if latest
                else place_ref(target.document, target.line, target.page, with_document=many),
                "ratio": machine(p.ratio),
                "formula": p.formula or "",
                "required_value": machine(p.required),
                "so_far_value": machine(p.so_far),
                "latest_value": machine(latest.number) if latest else "",
                "latest_year": str(latest.year) if latest else "",
                "latest_date": (latest.date or "") if latest else "",
                "latest_document": latest.document if latest else "",
                "latest_line": str(latest.line or "") if latest else "",
                "baseline_value": machine(
                    base.value.number if base and base.value.kind == "number" else None
                ),
                "baseline_year": str(base.year) if base else "",
                "reason": p.reason,
                "document": target.document,
                "line": str(target.line or ""),
            }
        )
        styles.append(
            {
                "moving_away": "red",
                "limited_progress": "red",
                "needs_acceleration": "yellow",
                "on_track": "green",
                "target_met": "green",
            }.get(p.klass)
        )
    notes = formula_notes(rows_in, bands, lang)
    payload = [p.model_dump(mode="json") for p in rows_in]
    return View(t["track"], columns, rows, payload, notes=notes, styles=styles, sheet="track")

"""The briefing: one markdown page for a meeting pack, in Vietnamese or English.

Plain pipe tables with escaped `|`, Unicode block bars, blank lines around every block: it renders
the same on GitHub and through pandoc to DOCX or HTML. The same input gives the same bytes (no
date unless asked for).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from dbreport import OUTPUT_LINE
from dbreport.analysis.audit import Finding
from dbreport.analysis.linking import Link
from dbreport.analysis.outlook import Outlook
from dbreport.analysis.status import LABELS, STATUSES, Status
from dbreport.analysis.track import Progress, track
from dbreport.extraction.claims import Claim
from dbreport.models import Table
from dbreport.pipeline import Assessed
from dbreport.render.markdown import escape_cell
from dbreport.render.safe import code_span
from dbreport.render.term_views import (
    CLASSES,
    baseline_text,
    formula_notes,
    pace_text,
    period_text,
    target_name,
    value_text,
)
from dbreport.render.views import (
    MEASURES,
    NEEDS,
    band_text,
    bar,
    contradiction_text,
    gap_text,
    name_of,
    pace_unit,
    raw,
    reading_text,
    row_findings,
    title_of,
    unit_of,
    verdict_label,
)
from dbreport.rules import Rules, Term
from dbreport.textnorm import fold
from dbreport.values import format_number
from dbreport.vocab import load_vocabulary

if TYPE_CHECKING:
    from dbreport.analysis.term import TermSet
    from dbreport.batch import Batch, ReportSet

OUTLOOK_ROWS = 8
BAR = 6  # blocks: narrow enough for a portrait page through pandoc


@dataclass
class BriefData:
    tables: list[Table]
    items: list[Assessed]
    links: list[Link]
    findings: list[Finding]
    outlooks: list[tuple[Assessed, Outlook]]
    text_only: list[Claim]
    documents: list[tuple[str, str | None]]  # (file name, date)
    rules: Rules
    stamp: str | None = None
    counts: list[Claim] = field(default_factory=list)
    alone: list[tuple[str, str]] = field(default_factory=list)  # (document, why) not linked
    place: str | None = None  # the report's place, in the title when several are briefed
    charts: list[tuple[str, str]] = field(default_factory=list)  # (caption, link) of each chart
    progress: list[Progress] = field(default_factory=list)  # the next term's targets, tracked
    term: Term | None = None


def brief_data(batch: Batch, stamp: str | None = None, lang: str = "vi") -> list[BriefData]:
    """One briefing's data per report of the batch, each with the documents read with it."""
    from dbreport.analysis.audit import audit, short_only_in_text
    from dbreport.pipeline import outlooks

    out: list[BriefData] = []
    alone = [(path.name, batch.why_alone(path, lang)) for path in batch.unattached]
    for rs, claims, links in batch.per_report():
        if rs is None:
            continue
        paths = [rs.path, *rs.companions]
        term = _term_of(batch, rs)
        out.append(
            BriefData(
                tables=rs.tables,
                items=rs.items,
                links=links,
                findings=audit(rs.items, links, claims, rs.tables, batch.vocab),
                outlooks=outlooks(rs.items, batch.rules),
                text_only=[c for c in short_only_in_text(links) if c.path == str(rs.path)],
                documents=[(p.name, batch.infos[p].date.value) for p in paths],
                rules=batch.rules,
                stamp=stamp,
                counts=[c for c in claims if c.kind == "count" and c.path == str(rs.path)],
                alone=alone,
                place=rs.info.place.value,
                progress=track(term, batch, batch.rules.progress),
                term=term.term,
            )
        )
    return out


def _term_of(batch: Batch, rs: ReportSet) -> TermSet:
    """The next term's targets of a report: a rules file's `targets:` for its place when one is
    given (a set corrected by hand), else the report's own list and future column."""
    from dbreport.analysis.term import collect, from_rules

    if batch.rules.targets:
        given = from_rules(batch.rules, batch.vocab)
        place = given.term.place
        if place is None or fold(place) == fold(rs.info.place.value or ""):
            return given
    return collect(batch, [rs.path])


WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "title": "Tóm tắt thực hiện các chỉ tiêu Nghị quyết",
        "sources": "Nguồn",
        "report": "báo cáo, bảng chỉ tiêu",
        "other": "tài liệu đối chiếu",
        "undated": "không ghi ngày",
        "rules": "Quy tắc đánh giá",
        "rules_text": "«Cơ bản đạt» là ngưỡng quy ước của công cụ, không phải số liệu của báo cáo: "
        "{bands}. Chiều đánh giá (cao hơn là tốt hay thấp hơn là tốt) theo tệp {file}.",
        "generated": "Lập ngày {stamp}.",
        "headline": "Tổng quan",
        "overall": "{n} chỉ tiêu: {parts}.",
        "by_group": "Theo nhóm",
        "group": "Nhóm",
        "report_says": "Báo cáo tự đánh giá: «{text}» ({where}).",
        "not_met": "Chỉ tiêu chưa đạt",
        "nearly": "Chỉ tiêu cơ bản đạt",
        "disputed": "Chỉ tiêu số liệu vênh: báo cáo tự đọc theo nhiều cách",
        "disputed_text": "Không tính là chưa đạt, cũng không tính là đạt: các cách đọc dưới đây "
        "đều của chính báo cáo; cần hỏi lại đơn vị soạn báo cáo.",
        "otherwise": "Báo cáo ghi khác",
        "none": "Không có.",
        "indicator": "Chỉ tiêu",
        "target": "MTNQ",
        "actual": "Thực hiện",
        "gap": "Chênh lệch",
        "bar": "Mức đạt",
        "words": "Báo cáo viết",
        "source": "Nguồn",
        "text_only": "Chỉ có trong thân báo cáo, không có trong bảng",
        "audit": "Điểm cần lưu ý",
        "outlook": "Hướng tới {year}: các mục tiêu đòi hỏi tăng tốc nhiều nhất",
        "needed": "Cần mỗi năm",
        "achieved_pace": "Đã đạt mỗi năm",
        "assessment": "Nhận định",
        "all": "Mức đạt từng chỉ tiêu",
        "verdict": "Đánh giá",
        "line": "dòng",
        "page": "tr.",
        "points": "điểm %",
        "alone": "đã đọc, không gắn với báo cáo nào",
        "comparison": "So sánh các báo cáo",
        "report_col": "Báo cáo",
        "place_col": "Địa phương",
        "count_col": "Số chỉ tiêu",
        "charts": "Biểu đồ",
        "track": "Tiến độ các mục tiêu nhiệm kỳ {term}",
        "track_count": "{n} mục tiêu định lượng (danh sách mục tiêu của báo cáo và cột mục tiêu "
        "của bảng); {k} đã có số liệu sau năm {start} trong các tài liệu đã đọc: {parts}.",
        "track_none": "{n} mục tiêu định lượng (danh sách mục tiêu của báo cáo và cột mục tiêu "
        "của bảng); chưa tài liệu nào đã đọc có số liệu sau năm {start}. Thêm báo cáo năm, tin "
        "hay bài phỏng vấn mới vào lệnh để theo dõi (`dbreport track`).",
        "baseline": "Xuất phát",
        "latest": "Số mới nhất",
        "progress": "Đánh giá",
    },
    "en": {
        "title": "Briefing: indicators against the resolution targets",
        "sources": "Sources",
        "report": "report, indicator table",
        "other": "cross-checked",
        "undated": "undated",
        "rules": "Rules",
        "rules_text": "'Nearly met' is this tool's convention, not a figure of the report: "
        "{bands}. Directions of good (higher or lower is better) from {file}.",
        "generated": "Prepared on {stamp}.",
        "headline": "Headline",
        "overall": "{n} indicators: {parts}.",
        "by_group": "By group",
        "group": "Group",
        "report_says": "The report's own summary: '{text}' ({where}).",
        "not_met": "Not met",
        "nearly": "Nearly met",
        "disputed": "Disputed: the report reads these in more than one way",
        "disputed_text": "Counted neither as met nor as not met: every reading below is the "
        "report's own; ask its authors which holds.",
        "otherwise": "The report also says",
        "none": "None.",
        "indicator": "Indicator",
        "target": "Target",
        "actual": "Achieved",
        "gap": "Gap",
        "bar": "Achievement",
        "words": "The report says",
        "source": "Source",
        "text_only": "Only in the body text, not in the table",
        "audit": "Points for attention",
        "outlook": "Towards {year}: the targets needing the most acceleration",
        "needed": "Needed a year",
        "achieved_pace": "Achieved a year",
        "assessment": "Outlook",
        "all": "Achievement by indicator",
        "verdict": "Verdict",
        "line": "line",
        "page": "p.",
        "points": "pts",
        "alone": "read, linked to no report",
        "comparison": "The reports side by side",
        "report_col": "Report",
        "place_col": "Place",
        "count_col": "Indicators",
        "charts": "Charts",
        "track": "Progress towards the {term} targets",
        "track_count": "{n} quantified targets (the report's list of targets and its table's "
        "target column); {k} with a figure after {start} in the documents read: {parts}.",
        "track_none": "{n} quantified targets (the report's list of targets and its table's "
        "target column); no document read has a figure after {start}. Add a yearly report, news "
        "or an interview to the command to track them (`dbreport track`).",
        "baseline": "Baseline",
        "latest": "Latest figure",
        "progress": "Progress",
    },
}


def _table(out: list[str], header: list[str], rows: list[list[str]], align: str) -> None:
    """A pipe table. pandoc sizes wrapped columns by the dashes under the header, so each
    column gets dashes in proportion to its longest cell (GitHub ignores them)."""
    out.append("| " + " | ".join(escape_cell(h) for h in header) + " |")

    widths = [max(11, min(24, max(len(r[i]) for r in [header, *rows]))) for i in range(len(header))]
    marks = {
        "l": lambda n: ":" + "-" * n,
        "r": lambda n: "-" * n + ":",
        "c": lambda n: ":" + "-" * n + ":",
    }
    out.append("|" + "|".join(marks[a](n) for a, n in zip(align, widths, strict=True)) + "|")
    for row in rows:
        out.append("| " + " | ".join(escape_cell(c) for c in row) + " |")
    out.append("")


def _where(document: str, line: int | None, page: int | None, lang: str, short: bool) -> str:
    w = WORDS[lang]
    spot = f"{w['page']} {page}" if page else f"{w['line']} {line}"
    return spot if short else f"{document}, {spot}"


def _own_words(item: Assessed, links: list[Link], lang: str) -> str:
    """What the report says of this indicator: its body text's verdict, else its table's."""
    said = [
        link.claim
        for link in links
        if link.record is not None
        and link.record.id == item.record.id
        and link.claim.kind == "verdict"
        and link.claim.document == item.record.source.document
    ]
    if said:
        actual = item.record.actual.raw if item.record.actual else None
        # the claim that quotes the table's own figure, if one does (another may use another
        # measure, e.g. an older poverty line)
        c = next((x for x in said if x.figure and actual and actual in x.figure.raw), said[0])
        return f"«{c.verdict_text}» ({WORDS[lang]['line']} {c.line})"
    if item.record.reported_comparison is not None and item.assessment.reported_status:
        return verdict_label(item.assessment.reported_status, lang) + (
            f" ({raw(item.record.reported_comparison, lang)})"
        )
    return ""


def _short_rows(data: BriefData, status: Status, lang: str, short_where: bool) -> list[list[str]]:
    chosen = [i for i in data.items if i.assessment.status == status]
    chosen.sort(key=lambda i: (i.assessment.achievement is None, i.assessment.achievement or 0.0))
    by_row = row_findings(data.findings)
    rows = []
    for item in chosen:
        r, a = item.record, item.assessment
        where = _where(r.source.document, r.source.line, r.source.page, lang, short_where)
        unit = f"{unit_of(r, lang)}; " if r.unit else ""
        rows.append(
            [
                f"{r.id} {name_of(r, lang)} ({unit}{where})",
                raw(r.target, lang),
                raw(r.actual, lang),
                gap_text(a, lang),
                bar(a.achievement, BAR),
                _own_words(item, data.links, lang),
                # the body's verdict is in the column before; its figures and the comparison
                # column's, when they say otherwise, here
                contradiction_text(
                    item,
                    [
                        f
                        for f in by_row.get((r.source.document, r.id), [])
                        if f.kind != "body_verdict"
                    ],
                    lang,
                ),
            ]
        )
    return rows


def _disputed(out: list[str], data: BriefData, lang: str, short_where: bool) -> None:
    """Each row the report reads two ways, with every reading and where it was read."""
    w = WORDS[lang]
    chosen = [i for i in data.items if i.assessment.status == "disputed"]
    if not chosen:
        return
    out += [f"## {w['disputed']}", "", w["disputed_text"], ""]
    for item in chosen:
        r = item.record
        where = _where(r.source.document, r.source.line, r.source.page, lang, short_where)
        unit = f"{unit_of(r, lang)}; " if r.unit else ""
        out.append(f"- **{escape_cell(r.id)} {escape_cell(name_of(r, lang))}** ({unit}{where})")
        for reading in item.assessment.readings:
            out.append(f"  - {escape_cell(reading_text(reading, lang))}")
    out.append("")


def _tracking(out: list[str], data: BriefData, lang: str) -> None:
    """The next term's quantified targets against the latest figures read (`dbreport track`)."""
    measured = [p for p in data.progress if p.klass != "not_measurable"]
    if not measured or data.term is None:
        return
    w = WORDS[lang]
    term = f"{data.term.start}-{data.term.end}" if data.term.start and data.term.end else ""
    out += [f"## {w['track'].format(term=term)}".replace("  ", " "), ""]
    found = [p for p in measured if p.latest is not None]
    start = data.term.start or ""
    counts = Counter(str(p.klass) for p in found)
    parts = ", ".join(f"{counts[k]} {CLASSES[lang][k].lower()}" for k in CLASSES[lang] if counts[k])
    if not found:
        out += [w["track_none"].format(n=len(measured), start=start), ""]
        return
    out += [w["track_count"].format(n=len(measured), k=len(found), start=start, parts=parts), ""]
    header = [
        w["indicator"],
        w["target"],
        w["baseline"],
        w["latest"],
        w["needed"],
        w["achieved_pace"],
        w["progress"],
    ]
    rows = []
    vocab = load_vocabulary()
    for p in found:
        latest = p.latest
        assert latest is not None
        where = _where(latest.document, latest.line, latest.page, lang, short=False)
        unit = p.target.unit or ""
        unit = f"{vocab.unit_en(unit) if lang == 'en' else unit}; " if unit else ""
        rows.append(
            [
                f"{target_name(p.target, lang)} ({unit}{period_text(p.target, lang)})",
                value_text(p.target, lang),
                baseline_text(p.baseline, p.target, lang),
                f"{raw(latest.value, lang)} ({latest.year}; {where})",
                pace_text(p.required, p.formula, lang),
                pace_text(p.so_far, p.formula, lang),
                CLASSES[lang][p.klass],
            ]
        )
    _table(out, header, rows, "lrrrrrl")
    out += [f"- {escape_cell(note)}" for note in formula_notes(found, data.rules.progress, lang)]
    out.append("")


def render_brief(data: BriefData, lang: str, *, level: int = 1) -> str:
    w = WORDS[lang]
    title = f"{w['title']} — {data.place}" if level > 1 and data.place else w["title"]
    out: list[str] = [f"# {title}", ""]
    short_where = len({t.document for t in data.tables}) == 1

    # sources and rules
    out += [f"**{w['sources']}**", ""]
    report_docs = {t.document for t in data.tables}
    for name, date in data.documents:
        role = w["report"] if name in report_docs else w["other"]
        out.append(f"- {code_span(name)} — {role}, {escape_cell(date or w['undated'])}")
    for name, why in data.alone:
        out.append(f"- {code_span(name)} — {w['alone']}: {escape_cell(why)}")
    out.append("")
    bands = sorted({band_text(i.assessment.band, lang) for i in data.items if i.assessment.band})
    file = code_span(data.rules.source.rsplit("/", 1)[-1] if data.rules.source else "targets.yaml")
    out += [f"**{w['rules']}**: " + w["rules_text"].format(bands="; ".join(bands), file=file), ""]
    if data.stamp:
        out += [w["generated"].format(stamp=data.stamp), ""]

    # headline
    out += [f"## {w['headline']}", ""]
    counts = Counter(i.assessment.status for i in data.items)
    parts = ", ".join(f"{counts[s]} {LABELS[lang][s].lower()}" for s in STATUSES if counts[s])
    out += [w["overall"].format(n=len(data.items), parts=parts), ""]
    for claim in data.counts:
        where = _where(claim.document, claim.line, claim.page, lang, short_where)
        out += [w["report_says"].format(text=escape_cell(claim.text), where=escape_cell(where)), ""]
    for finding in data.findings:
        if finding.kind == "report_claim":
            out += [f"> {escape_cell(finding.message(lang))}", ""]
    out += [f"### {w['by_group']}", ""]
    groups: dict[str, Counter[Status]] = {}
    titles: dict[str, str] = {}
    for item in data.items:
        key = ".".join(p for p in (item.record.section, item.record.group) if p) or "—"
        groups.setdefault(key, Counter())[item.assessment.status] += 1
        titles[key] = title_of(item.record, lang)
    header = [w["group"], *[LABELS[lang][s] for s in STATUSES]]
    rows = [
        [f"{key} {titles[key]}".strip(), *[str(c[s]) if c[s] else "" for s in STATUSES]]
        for key, c in groups.items()
    ]
    _table(out, header, rows, "l" + "r" * len(STATUSES))

    # not met, nearly met
    short_header = [
        w["indicator"],
        w["target"],
        w["actual"],
        w["gap"],
        w["bar"],
        w["words"],
        w["otherwise"],
    ]
    sections: tuple[tuple[Status, str], ...] = (
        ("not_met", w["not_met"]),
        ("nearly_met", w["nearly"]),
    )
    for status, title in sections:
        out += [f"## {title}", ""]
        rows = _short_rows(data, status, lang, short_where)
        if rows:
            _table(out, short_header, rows, "lrrrlll")
        else:
            out += [w["none"], ""]
        extra = [c for c in data.text_only if c.verdict == status]
        if extra:
            out += [f"**{w['text_only']}**", ""]
            for c in extra:
                where = _where(c.document, c.line, c.page, lang, short_where)
                out.append(f"- {escape_cell(c.text)} ({escape_cell(where)})")
            out.append("")

    _disputed(out, data, lang, short_where)

    # audit
    attention = [f for f in data.findings if f.severity != "info" and f.kind != "report_claim"]
    out += [f"## {w['audit']}", ""]
    if attention:
        for f in attention:
            out.append(f"- {escape_cell(f.message(lang))}")
        out.append("")
    else:
        out += [w["none"], ""]

    # outlook
    computable = [
        (item, o)
        for item, o in data.outlooks
        if o.required is not None and o.need in ("accelerate", "keep_pace", "unknown_pace")
    ]
    computable.sort(key=lambda p: (p[1].need != "accelerate", -(p[1].required or 0.0)))
    year = next((i.record.horizon_year for i, _ in data.outlooks if i.record.horizon_year), None)
    out += [f"## {w['outlook'].format(year=year or '')}".rstrip(), ""]
    rows = []
    for item, o in computable[:OUTLOOK_ROWS]:
        r = item.record
        rows.append(
            [
                r.id,
                f"{name_of(r, lang)} ({MEASURES[lang][o.measure]})",
                raw(r.actual, lang),
                raw(r.target_2030, lang),
                f"{format_number(o.required or 0.0, 2, lang=lang)}{pace_unit(o, r, lang)}",
                f"{format_number(o.achieved_pace, 2, lang=lang)}%" if o.achieved_pace else "",
                NEEDS[lang][o.need],
            ]
        )
    header = ["", w["indicator"], w["actual"], w["target"], w["needed"], w["achieved_pace"]]
    if rows:
        _table(out, [*header, w["assessment"]], rows, "llrrrrl")
    else:
        out += [w["none"], ""]

    _tracking(out, data, lang)

    # every indicator with a bar
    out += [f"## {w['all']}", ""]
    rows = [
        [
            i.record.id,
            name_of(i.record, lang),
            raw(i.record.target, lang),
            raw(i.record.actual, lang),
            verdict_label(i.assessment.status, lang),
            "" if i.assessment.status == "disputed" else bar(i.assessment.achievement, BAR),
        ]
        for i in data.items
    ]
    _table(
        out, ["", w["indicator"], w["target"], w["actual"], w["verdict"], w["bar"]], rows, "llrrll"
    )
    if data.charts:
        out += [f"## {w['charts']}", ""]
        for caption, link in data.charts:
            # a link is a path the tool chose; a caption its own words: neither is document text
            out += [f"![{caption}](<{link}>)", ""]
    return "\n".join(out).rstrip() + "\n"


def write_brief(data: BriefData, stream: TextIO, lang: str) -> None:
    stream.write(render_brief(data, lang))
    stream.write(f"\n{OUTPUT_LINE}\n")


def render_comparison(datas: list[BriefData], lang: str) -> str:
    """The reports side by side: how many indicators each holds, by verdict."""
    w = WORDS[lang]
    out = [f"# {w['comparison']}", ""]
    header = [w["report_col"], w["place_col"], w["count_col"], *(LABELS[lang][s] for s in STATUSES)]
    rows = []
    for data in datas:
        counts = Counter(i.assessment.status for i in data.items)
        name = data.tables[0].document if data.tables else "?"
        rows.append(
            [
                code_span(name),
                escape_cell(data.place or "?"),
                str(len(data.items)),
                *(str(counts[s]) for s in STATUSES),
            ]
        )
    _table(out, header, rows, "llr" + "r" * len(STATUSES))
    return "\n".join(out).rstrip() + "\n"


def write_briefs(datas: list[BriefData], stream: TextIO, lang: str) -> None:
    """One report: its briefing. Several: one section per report, then the comparison."""
    if len(datas) == 1:
        write_brief(datas[0], stream, lang)
        return
    for data in datas:
        stream.write(render_brief(data, lang, level=2))
        stream.write("\n")
    stream.write(render_comparison(datas, lang))
    stream.write(f"\n{OUTPUT_LINE}\n")

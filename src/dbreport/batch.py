"""Many documents at once: each report analysed on its own, with the news and interviews of its
place; and what every document is (`DocumentInfo`).

A report is a document holding an indicator table. Its claims link to its own table only. News
and interviews go with the reports of the place they speak of (same level, same place) — each of
them, when several versions of one report are read together — and with no report otherwise,
saying why. Two copies of one report read together give for each exactly what it gives alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import TypeAdapter

from dbreport.cache import ResultCache
from dbreport.catalogue import load_catalogue
from dbreport.errors import RulesError
from dbreport.models import DocumentInfo, Indicator, Table
from dbreport.pipeline import (
    Assessed,
    Loaded,
    assess_all,
    find_all_claims,
    link_all,
    load_tables,
    outlooks,
)
from dbreport.rules import Rules
from dbreport.sources.metadata import apply_sidecar, detect, load_patterns
from dbreport.textnorm import fold
from dbreport.vocab import Vocabulary

if TYPE_CHECKING:
    from dbreport.analysis.audit import Finding
    from dbreport.analysis.linking import Link
    from dbreport.analysis.outlook import Outlook
    from dbreport.analysis.status import Status
    from dbreport.extraction.claims import Claim


@dataclass
class ReportSet:
    """One report, its tables, its assessed rows and the documents read with it."""

    path: Path
    info: DocumentInfo
    tables: list[Table]
    items: list[Assessed]
    companions: list[Path] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def records(self) -> list[Indicator]:
        return [r for t in self.tables for r in t.records]


@dataclass
class Batch:
    loaded: Loaded
    rules: Rules
    vocab: Vocabulary
    infos: dict[Path, DocumentInfo]
    reports: list[ReportSet]
    unattached: dict[Path, str]  # a document that goes with no report, and why
    # what a run computes once: the claims found (all, or the reports' only) and their links
    _found: dict[bool, list[Claim]] = field(default_factory=dict)
    _per_report: dict[bool, list[tuple[ReportSet | None, list[Claim], list[Link]]]] = field(
        default_factory=dict
    )

    def why_alone(self, path: Path, lang: str) -> str:
        """Why a document goes with no report, in `lang`."""
        return _why_alone(self.infos[path], self.reports, lang)

    @property
    def items(self) -> list[Assessed]:
        return [item for rs in self.reports for item in rs.items]

    @property
    def records(self) -> list[Indicator]:
        return [r for rs in self.reports for r in rs.records]

    @property
    def tables(self) -> list[Table]:
        return [t for rs in self.reports for t in rs.tables]

    def claims(self, *, reports_only: bool = False) -> tuple[list[Claim], list[Link]]:
        """Every claim, and its link: a report's to its own table, a companion's to the table
        of each report it goes with; a claim of a document with no report stays unlinked."""
        found: list[Claim] = []
        links: list[Link] = []
        for _rs, claims, report_links in self.per_report(reports_only=reports_only):
            found.extend(claims)
            links.extend(report_links)
        return found, links

    def per_report(
        self, *, reports_only: bool = False
    ) -> list[tuple[ReportSet | None, list[Claim], list[Link]]]:
        """Each report with the claims read with it and their links; last, the documents that
        go with no report, their claims unlinked with the reason."""
        from dbreport.analysis.linking import Link

        if reports_only in self._per_report:
            return self._per_report[reports_only]
        found = self._claims(reports_only)
        by_path: dict[str, list[Claim]] = {}
        for claim in found:
            by_path.setdefault(claim.path, []).append(claim)
        out: list[tuple[ReportSet | None, list[Claim], list[Link]]] = []
        for rs in self.reports:
            mine = list(by_path.get(str(rs.path), []))
            for companion in rs.companions:
                mine.extend(by_path.get(str(companion), []))
            out.append((rs, mine, link_all(mine, rs.items, self.rules, self.vocab)))
        alone = [
            (claim, Link(claim, None, why))
            for path, why in self.unattached.items()
            for claim in by_path.get(str(path), [])
        ]
        if alone:
            out.append((None, [c for c, _ in alone], [link for _, link in alone]))
        self._per_report[reports_only] = out
        return out

    def _claims(self, reports_only: bool) -> list[Claim]:
        """The claims of the documents read, found once per run (all of them, or the reports')."""
        if reports_only not in self._found:
            self._found[reports_only] = find_all_claims(
                self.loaded, self.vocab, reports_only=reports_only
            )
        return self._found[reports_only]

    def gaps(self, *, include_nearly: bool = False) -> tuple[list[Assessed], list[Claim]]:
        """The indicators not met (and nearly met, if asked), report by report, lowest
        achievement first; and the items not met that only a report's body text mentions."""
        from dbreport.analysis.audit import short_only_in_text

        wanted = {"not_met", "nearly_met"} if include_nearly else {"not_met"}
        short: list[Assessed] = []
        text_only: list[Claim] = []
        for rs, _claims, links in self.per_report(reports_only=True):
            if rs is None:
                continue
            mine = [i for i in rs.items if i.assessment.status in wanted]
            # by the measure every view shows (achievement, % of the target), lowest first
            mine.sort(
                key=lambda i: (
                    i.assessment.status != "not_met",
                    i.assessment.achievement is None,
                    i.assessment.achievement or 0.0,
                )
            )
            short.extend(mine)
            text_only.extend(
                c
                for c in short_only_in_text(links)
                if c.verdict in wanted and c.path == str(rs.path)
            )
        return short, text_only

    def disputed(self) -> list[Assessed]:
        """The rows each report reads two ways (its cells against its own words), report by
        report: listed apart from the shortfalls, never among them."""
        return [i for rs in self.reports for i in rs.items if i.assessment.status == "disputed"]

    def outlooks(self) -> list[tuple[Assessed, Outlook]]:
        """Each horizon (2030) target and the pace it needs, report by report, hardest first."""
        order = {"accelerate": 0, "keep_pace": 1, "unknown_pace": 2, "already_reached": 3}
        out: list[tuple[Assessed, Outlook]] = []
        for rs in self.reports:
            pairs = [p for p in outlooks(rs.items, self.rules) if p[0].record.target_2030]
            pairs.sort(key=lambda p: (order.get(p[1].need, 4), -(p[1].required or 0.0)))
            out.extend(pairs)
        return out

    def audit(self) -> list[Finding]:
        """The audit findings of every report (the same as `findings`)."""
        return self.findings()

    def to_rows(self) -> list[dict[str, object]]:
        """Every indicator as a plain dict (for notebooks; pandas not required)."""
        rows: list[dict[str, object]] = []
        for rs in self.reports:
            for item in rs.items:
                r, a = item.record, item.assessment
                rows.append(
                    {
                        "document": rs.name,
                        "place": rs.info.place.value,
                        "level": rs.info.level.value,
                        "term": rs.info.term_reviewed.value,
                        "id": r.id,
                        "indicator_id": r.indicator_id,
                        "name": r.name,
                        "unit": r.unit,
                        "target": r.target.raw if r.target else None,
                        "actual": r.actual.raw if r.actual else None,
                        "comparison": r.reported_comparison.raw if r.reported_comparison else None,
                        "target_2030": r.target_2030.raw if r.target_2030 else None,
                        "status": a.status,
                        "achievement": a.achievement,
                        "line": r.source.line,
                        "page": r.source.page,
                    }
                )
        return rows

    def across(self, query: str) -> list[tuple[ReportSet, Assessed]]:
        """One indicator in every report: by catalogue id (`poverty_rate`) or words (`ho
        ngheo`), best achievement first."""
        ids = {e.id for e in load_catalogue().find(query)}
        rows = [
            (rs, item)
            for rs in self.reports
            for item in (
                [i for i in rs.items if i.record.indicator_id in ids]
                if ids
                else select(rs.items, search=query)
            )
        ]
        rows.sort(key=lambda ri: -(ri[1].assessment.achievement or -1.0))
        return rows

    def matrix(self) -> tuple[list[ReportSet], list[str], dict[tuple[str, str], Status]]:
        """Reports × catalogue indicators: the verdict of each (its first row with the id)."""
        ids: list[str] = []
        cells: dict[tuple[str, str], Status] = {}
        for rs in self.reports:
            for item in rs.items:
                iid = item.record.indicator_id
                if iid is None or (rs.name, iid) in cells:
                    continue
                if iid not in ids:
                    ids.append(iid)
                cells[(rs.name, iid)] = item.assessment.status
        return self.reports, ids, cells

    def findings(self, *, targets: bool = True) -> list[Finding]:
        """The audit of every report, report by report; without the next term's targets (a
        target stated twice) when `targets` is False: the row views use only the findings of
        rows, and reading a report's Part Two for targets is a quarter of a warm run."""
        from dbreport.analysis.audit import audit
        from dbreport.analysis.term import target_findings

        out: list[Finding] = []
        for rs, claims, links in self.per_report():
            if rs is not None:
                out.extend(audit(rs.items, links, claims, rs.tables, self.vocab))
                if targets:
                    out.extend(target_findings(self, rs.path))
        return out


def _same_place(a: DocumentInfo, b: DocumentInfo) -> bool:
    pa, pb = a.place.value, b.place.value
    return bool(pa and pb and fold(pa) == fold(pb) and a.level.value == b.level.value)


def document_infos(loaded: Loaded) -> dict[Path, DocumentInfo]:
    """What each document read is, from its text (cached with its tables' content hash)."""
    patterns = load_patterns()
    cache = ResultCache(
        "documents", TypeAdapter(DocumentInfo), patterns.fingerprint, reuse=loaded.use_cache
    )
    infos: dict[Path, DocumentInfo] = {}
    for path in loaded.paths:
        tables = [t for t in loaded.tables if t.path == str(path)]
        digest = loaded.digests.get(path)
        cached = loaded.infos.get(path) or (cache.get(digest) if digest else None)
        if path in loaded.infos and digest:
            cache.put(digest, loaded.infos[path])
        if cached is None:
            year = next((t.actual_year for t in tables if t.actual_year), None)
            cached = detect(loaded.document(path), has_table=bool(tables), table_year=year)
            cached = cached.model_copy(update={"name": path.name})
            if digest := loaded.digests.get(path):  # gone if the file changed while read
                cache.put(digest, cached)
        try:
            infos[path] = apply_sidecar(cached.model_copy(update={"name": path.name}), path)
        except RulesError as exc:
            if len(loaded.paths) == 1:
                raise
            loaded.failed.append((path.name, str(exc)))  # set aside, as an unreadable file
    if len(infos) < len(loaded.paths):
        loaded.paths = [p for p in loaded.paths if p in infos]
        loaded.tables = [t for t in loaded.tables if Path(t.path) in infos]
        if not loaded.tables:
            raise RulesError(loaded.failed[-1][1])
    return infos


def build(loaded: Loaded, rules: Rules, vocab: Vocabulary) -> Batch:
    """Group the documents read into reports, each with the documents of its place."""
    infos = document_infos(loaded)
    catalogue = load_catalogue()
    reports: list[ReportSet] = []
    for path in loaded.paths:
        tables = [t for t in loaded.tables if t.path == str(path)]
        if not tables:
            continue
        info = infos[path]
        tagged = [
            t.model_copy(
                update={
                    "records": [
                        catalogue.tag(r).model_copy(update={"document": info}) for r in t.records
                    ]
                }
            )
            for t in tables
        ]
        records = [r for t in tagged for r in t.records]
        reports.append(ReportSet(path, info, tagged, assess_all(records, rules, vocab)))
    own = _settle_disputes(loaded, reports, rules, vocab)
    for rs in reports:
        rs.items = in_english(rs.items, rules, vocab)
        # the tables hold the same rows as the items, in the same order
        rows = iter(item.record for item in rs.items)
        rs.tables = [
            t.model_copy(update={"records": [next(rows) for _ in t.records]}) for t in rs.tables
        ]
    unattached: dict[Path, str] = {}
    for path in loaded.paths:
        if any(rs.path == path for rs in reports):
            continue
        info = infos[path]
        mates = [rs for rs in reports if _same_place(info, rs.info)]
        for rs in mates:
            rs.companions.append(path)
        if not mates:
            unattached[path] = _why_alone(info, reports)
    return Batch(loaded, rules, vocab, infos, reports, unattached, {True: own})


def in_english(items: list[Assessed], rules: Rules, vocab: Vocabulary) -> list[Assessed]:
    """Each row with its English name, unit and titles, where the data files know them.

    The name is the rule's English name (data/targets.yaml), else the catalogue's; a name that
    several rows of the report would share (`Economic structure (share of GRDP)` for each
    sector) is followed by the row's own Vietnamese words, so that no two rows read alike."""
    from dbreport.pipeline import Assessed

    catalogue = {e.id: e.en for e in load_catalogue().indicators}

    def first(item: Assessed) -> str | None:
        rule = rules.by_id(item.assessment.rule) if item.assessment.rule else None
        iid = item.record.indicator_id
        return (rule.en if rule and rule.en else None) or (catalogue.get(iid) if iid else None)

    names = [first(i) for i in items]
    shared = {n for n in names if n is not None and names.count(n) > 1}
    out = []
    for item, name in zip(items, names, strict=True):
        r = item.record
        english = f"{name}: {r.name}" if name in shared else name
        record = r.model_copy(
            update={
                "name_en": english,
                "unit_en": vocab.unit_en(r.unit) if r.unit else None,
                "group_title_en": rules.title_en(r.group_title),
                "section_title_en": rules.title_en(r.section_title),
            }
        )
        out.append(Assessed(record, item.assessment))
    return out


def _settle_disputes(
    loaded: Loaded, reports: list[ReportSet], rules: Rules, vocab: Vocabulary
) -> list[Claim]:
    """Mark the rows each report reads two ways (its cells against its own words); the
    reports' claims, found for it, are returned for the batch to keep."""
    from dbreport.analysis.dispute import settle

    found = find_all_claims(loaded, vocab, reports_only=True) if reports else []
    own: dict[str, list[Claim]] = {}
    for claim in found:
        own.setdefault(claim.path, []).append(claim)
    for rs in reports:
        mine = own.get(str(rs.path), [])
        rs.items = settle(rs.items, link_all(mine, rs.items, rules, vocab), vocab)
    return found


def _why_alone(info: DocumentInfo, reports: list[ReportSet], lang: str = "en") -> str:
    places = ", ".join(sorted({rs.info.place.value or "?" for rs in reports})) or "?"
    stem = Path(info.name).stem
    if lang == "vi":
        if not info.place.value:
            return (
                f"{info.name} không cho biết nói về địa phương nào; thêm tệp {stem}.meta.yaml "
                "với «place:» để gắn"
            )
        return f"{info.name} nói về {info.place.value}; các báo cáo đã đọc là của {places}"
    if not info.place.value:
        return (
            f"{info.name} does not say which place it speaks of; "
            f"a sidecar {stem}.meta.yaml with «place:» links it"
        )
    return f"{info.name} speaks of {info.place.value}; the reports read are of {places}"


def _catalogue_names(indicator_id: str | None) -> list[str]:
    """The catalogue's English name and aliases of a row's indicator (`poverty` finds it)."""
    if indicator_id is None:
        return []
    entry = next((e for e in load_catalogue().indicators if e.id == indicator_id), None)
    return [entry.en, entry.id.replace("_", " "), *entry.aliases] if entry else []


def matches(record: Indicator, search: str) -> bool:
    """Whether a row answers to these words: its name, group, English name or the catalogue's
    names of its indicator (diacritics optional: `ho ngheo`, `poverty`)."""
    said = [record.name, record.group_title, record.subgroup, record.name_en]
    said += [record.group_title_en, *_catalogue_names(record.indicator_id)]
    return fold(search) in fold(" ".join(filter(None, said)))


def select(
    items: list[Assessed],
    *,
    section: str | None = None,
    group: str | None = None,
    search: str | None = None,
    statuses: set[str] | None = None,
) -> list[Assessed]:
    """The rows of a section (`A`), a group (its number or words of its title), whose name
    holds the search words (diacritics optional: `ho ngheo`), of the verdicts asked for."""
    out = []
    for item in items:
        record = item.record
        if section and (record.section or "").lower() != section.lower():
            continue
        titles = fold(f"{record.group_title or ''} {record.group_title_en or ''}")
        if group and (record.group or "") != group and fold(group) not in titles:
            continue
        if search and not matches(record, search):
            continue
        if statuses is not None and item.assessment.status not in statuses:
            continue
        out.append(item)
    return out


def read(
    paths: list[Path] | Path | str,
    *,
    targets: Path | None = None,
    use_cache: bool = True,
) -> Batch:
    """The Python API: read documents and folders; get the reports analysed, each on its own.

    `batch.records`, `batch.gaps()`, `batch.audit()`, `batch.across("poverty_rate")`,
    `batch.to_rows()` (plain dicts).
    """
    from dbreport.rules import load_rules
    from dbreport.vocab import load_vocabulary

    if isinstance(paths, (str, Path)):
        paths = [Path(paths)]
    vocab = load_vocabulary()
    loaded = load_tables([Path(p) for p in paths], vocab, use_cache=use_cache)
    return build(loaded, load_rules(targets), vocab)

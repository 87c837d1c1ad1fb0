"""The library entry points the CLI calls: sources -> tables -> assessed records."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dbreport.analysis.outlook import Outlook, outlook
from dbreport.analysis.status import Assessment, assess
from dbreport.cache import TableCache, file_digest, settings_fingerprint
from dbreport.errors import DbreportError, NoIndicatorTable, UnreadableSource
from dbreport.extraction import find_tables
from dbreport.models import Indicator, Table
from dbreport.rules import Rules
from dbreport.sources import discover, is_pdf, load
from dbreport.vocab import Vocabulary

if TYPE_CHECKING:
    from dbreport.analysis.linking import Link
    from dbreport.extraction.claims import Claim


@dataclass
class Loaded:
    tables: list[Table]
    skipped: list[str]  # documents read that hold no indicator table
    paths: list[Path] = field(default_factory=list)  # every document read, in order

    @property
    def records(self) -> list[Indicator]:
        return [r for t in self.tables for r in t.records]


def load_tables(sources: list[Path], vocab: Vocabulary, *, use_cache: bool = True) -> Loaded:
    """Every indicator table in the given files and folders.

    A file named explicitly must be readable; in a folder, documents without a table (news,
    interviews) are skipped quietly. No table at all is an error.
    """
    paths = discover(sources)
    tables: list[Table] = []
    skipped: list[str] = []
    cache = TableCache(settings_fingerprint(vocab.model_dump()), enabled=use_cache)
    for path in paths:
        found = pdf_tables(path, vocab, cache) if is_pdf(path) else find_tables(load(path), vocab)
        if found:
            tables.extend(found)
        else:
            skipped.append(path.name)
    if not tables:
        names = ", ".join(str(s) for s in sources)
        raise NoIndicatorTable(f"No indicator table was found in {names}.")
    return Loaded(tables, skipped, paths)


def pdf_tables(path: Path, vocab: Vocabulary, cache: TableCache) -> list[Table]:
    """A PDF's tables, from the cache when this very file was read before."""
    try:
        digest = file_digest(path)
    except OSError as exc:
        raise UnreadableSource(f"{path} cannot be read: {exc.strerror or exc}.") from exc
    cached = cache.get(digest)
    if cached is None:
        from dbreport.extraction.pdftable import read_pdf_tables

        cached = read_pdf_tables(path, vocab)
        cache.put(digest, cached)
    return [_relocated(t, path) for t in cached]


def _relocated(table: Table, path: Path) -> Table:
    """The same bytes may sit under another name: provenance names the file read now."""
    if table.path == str(path):
        return table
    records = [
        r.model_copy(
            update={
                "source": r.source.model_copy(update={"document": path.name, "path": str(path)})
            }
        )
        for r in table.records
    ]
    return table.model_copy(update={"document": path.name, "path": str(path), "records": records})


@dataclass
class Assessed:
    record: Indicator
    assessment: Assessment


def assess_all(records: list[Indicator], rules: Rules, vocab: Vocabulary) -> list[Assessed]:
    return [Assessed(r, assess(r, rules, vocab)) for r in records]


def outlooks(assessed: list[Assessed], rules: Rules) -> list[tuple[Assessed, Outlook]]:
    by_rule: dict[str, Indicator] = {}
    for item in assessed:
        if item.assessment.rule and item.assessment.rule not in by_rule:
            by_rule[item.assessment.rule] = item.record
    return [(item, outlook(item.record, item.assessment, rules, by_rule)) for item in assessed]


__all__ = ["Assessed", "DbreportError", "Loaded", "assess_all", "load_tables", "outlooks"]


def find_all_claims(
    loaded: Loaded, vocab: Vocabulary, *, reports_only: bool = False
) -> list[Claim]:
    """Claims of every document read: a report's verdicts (its tables left out, their notes
    kept), and the dated figures of news and interviews (unless `reports_only`)."""
    from dbreport.extraction.claims import find_claims

    claims: list[Claim] = []
    for path in loaded.paths:
        tables = [t for t in loaded.tables if t.path == str(path)]
        document = load(path)
        if not tables:
            if not reports_only:
                claims.extend(find_claims(document, vocab, statements=True))
            continue
        skip = [t.lines for t in tables if t.lines is not None]
        pages = {p for t in tables for p in t.pages}
        if pages:
            numbers = [line.no for line in document.lines if line.page in pages]
            skip.extend((n, n) for n in numbers)
        claims.extend(find_claims(document, vocab, skip=skip))
    return claims


def link_all(
    claims: list[Claim], items: list[Assessed], rules: Rules, vocab: Vocabulary
) -> list[Link]:
    from dbreport.analysis.linking import link

    return [link(claim, items, rules, vocab) for claim in claims]

"""The library entry points the CLI calls: sources -> tables -> assessed records."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dbreport.analysis.outlook import Outlook, outlook
from dbreport.analysis.status import Assessment, assess
from dbreport.cache import TableCache, file_digest, settings_fingerprint
from dbreport.errors import DbreportError, NoIndicatorTable, UnreadableSource
from dbreport.extraction import find_tables
from dbreport.models import Indicator, Table
from dbreport.rules import Rules
from dbreport.sources import discover, is_pdf, load
from dbreport.vocab import Vocabulary


@dataclass
class Loaded:
    tables: list[Table]
    skipped: list[str]  # documents read that hold no indicator table

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
    return Loaded(tables, skipped)


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

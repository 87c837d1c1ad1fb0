"""The library entry points the CLI calls: sources -> tables -> assessed records."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dbreport.analysis.outlook import Outlook, outlook
from dbreport.analysis.status import Assessment, assess
from dbreport.errors import DbreportError, NoIndicatorTable
from dbreport.extraction import find_tables
from dbreport.models import Indicator, Table
from dbreport.rules import Rules
from dbreport.sources import discover, load
from dbreport.vocab import Vocabulary


@dataclass
class Loaded:
    tables: list[Table]
    skipped: list[str]  # documents read that hold no indicator table

    @property
    def records(self) -> list[Indicator]:
        return [r for t in self.tables for r in t.records]


def load_tables(sources: list[Path], vocab: Vocabulary) -> Loaded:
    """Every indicator table in the given files and folders.

    A file named explicitly must be readable; in a folder, documents without a table (news,
    interviews) are skipped quietly. No table at all is an error.
    """
    paths = discover(sources)
    tables: list[Table] = []
    skipped: list[str] = []
    for path in paths:
        document = load(path)
        found = find_tables(document, vocab)
        if found:
            tables.extend(found)
        else:
            skipped.append(document.name)
    if not tables:
        names = ", ".join(str(s) for s in sources)
        raise NoIndicatorTable(f"No indicator table was found in {names}.")
    return Loaded(tables, skipped)


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

"""The library entry points the CLI calls: sources -> tables -> assessed records."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter

from dbreport.cache import ResultCache, file_digest
from dbreport.errors import DbreportError, NoIndicatorTable, UnreadableSource
from dbreport.extraction import find_tables
from dbreport.models import Indicator, Table
from dbreport.rules import Rules
from dbreport.sources import Document, discover, is_office, is_pdf, load, read_office
from dbreport.vocab import Vocabulary

if TYPE_CHECKING:
    from dbreport.analysis.linking import Link
    from dbreport.analysis.outlook import Outlook
    from dbreport.analysis.status import Assessment
    from dbreport.extraction.claims import Claim
    from dbreport.models import DocumentInfo


@dataclass
class Loaded:
    tables: list[Table]
    skipped: list[str]  # documents read that hold no indicator table
    paths: list[Path] = field(default_factory=list)  # every document read, in order
    failed: list[tuple[str, str]] = field(default_factory=list)  # (document, why) set aside
    documents: dict[Path, Document] = field(default_factory=dict)  # text documents, as read
    digests: dict[Path, str] = field(default_factory=dict)  # content hashes, for the caches
    use_cache: bool = True
    claims: dict[Path, list[Claim]] = field(default_factory=dict)  # read with the tables
    infos: dict[Path, DocumentInfo] = field(default_factory=dict)  # what each document is
    changed: list[str] = field(default_factory=list)  # documents changed while they were read
    own: list[Path] = field(default_factory=list)  # dbreport's own outputs, not read
    limited: list[str] = field(default_factory=list)  # what a limit left out, said as notes

    def document(self, path: Path) -> Document:
        if path not in self.documents:
            self.documents[path] = load(path)
            digest = self.digests.get(path)
            if digest and not _unchanged(path, digest):
                del self.digests[path]  # what is read now is not what was hashed: not cached
                self.changed.append(path.name)
        return self.documents[path]

    @property
    def notices(self) -> list[str]:
        converted = [t.document for t in self.tables if t.converted_from]
        return (
            [
                f"{name} was typed in the TCVN3 (ABC) font encoding; read as Unicode."
                for name in converted
            ]
            + [
                f"{name} changed while it was read; its result is not cached."
                for name in self.changed
            ]
            + [f"{p.name} was written by dbreport; not read as a document." for p in self.own]
            + self.limited
        )

    @property
    def records(self) -> list[Indicator]:
        return [r for t in self.tables for r in t.records]


def load_tables(
    sources: list[Path],
    vocab: Vocabulary,
    *,
    use_cache: bool = True,
    on_file: Callable[[Path], None] | None = None,
    require_table: bool = True,
) -> Loaded:
    """Every indicator table in the given files and folders.

    A single file must be readable. Among several, a bad one is set aside in `failed` and the
    others are read; documents without a table (news, interviews) are listed in `skipped`. PDFs
    not in the cache are read in parallel, one process a file. No table at all is an error,
    unless `require_table` is False (a resolution's targets are prose: `dbreport targets`).
    """
    from dbreport import limits

    own: list[Path] = []
    paths = discover(sources, own)
    cache = table_cache(vocab, use_cache)
    results: dict[Path, list[Table] | DbreportError] = {}
    documents: dict[Path, Document] = {}
    digests: dict[Path, str] = {}
    pending: list[tuple[Path, str]] = []
    for path in paths:
        try:
            digests[path] = digest = _digest(path)
        except DbreportError as exc:
            if len(paths) == 1:
                raise
            results[path] = exc
            if on_file:
                on_file(path)
            continue
        cached = cache.get(digest)
        if cached is not None:
            results[path] = [_relocated(t, path) for t in cached]
            if on_file:
                on_file(path)
        else:
            pending.append((path, digest))
    claims: dict[Path, list[Claim]] = {}
    infos: dict[Path, DocumentInfo] = {}
    changed: list[str] = []
    limited: list[str] = []
    for path, digest, outcome in _read_documents(pending, use_cache):
        steady: str | None = digest
        if not isinstance(outcome, DbreportError) and not _unchanged(path, digest):
            outcome, steady = _read_again(path, outcome, use_cache)
            if steady is None:
                changed.append(path.name)
                digests.pop(path, None)  # nothing read from it is cached
            else:
                digests[path] = steady
        if isinstance(outcome, DbreportError):
            if len(paths) == 1:
                raise outcome
            results[path] = outcome
        else:
            if steady is not None:
                cache.put(steady, outcome.tables)
            results[path] = [_relocated(t, path) for t in outcome.tables]
            claims[path] = outcome.claims
            infos[path] = outcome.info
            limited.extend(outcome.notes)
        if on_file:
            on_file(path)
    tables: list[Table] = []
    skipped: list[str] = []
    failed: list[tuple[str, str]] = []
    for path in paths:
        result = results[path]
        if isinstance(result, DbreportError):
            failed.append((path.name, str(result)))
        elif result:
            tables.extend(result)
        else:
            skipped.append(path.name)
    good = [p for p in paths if not isinstance(results[p], DbreportError)]
    if not tables and (require_table or not good):
        names = ", ".join(str(s) for s in sources)
        reason = f" ({failed[0][1]})" if len(failed) == 1 else ""
        if len(failed) > 1:  # each document's own reason: none is said elsewhere
            shown = "; ".join(why.rstrip(".") for _, why in failed[:3])
            more = f"; and {len(failed) - 3} more" if len(failed) > 3 else ""
            reason = f": none of its {len(failed)} documents could be read ({shown}{more})"
        if len(paths) == 1 and not failed:
            from dbreport.extraction.explain import explain

            seen = explain(documents.get(paths[0]) or load(paths[0]), vocab).summary()
            reason = f": {seen}; `dbreport inspect {paths[0]}` shows each step"
        raise NoIndicatorTable(f"No indicator table was found in {names}{reason}.")
    return Loaded(
        tables,
        skipped,
        good,
        failed,
        documents,
        digests,
        use_cache,
        claims,
        infos,
        changed,
        own,
        limited + limits.drain(),  # and what the reading of a table-less document left out
    )


def table_cache(vocab: Vocabulary, reuse: bool) -> ResultCache[list[Table]]:
    return ResultCache(
        "tables",
        TypeAdapter(list[Table]),
        vocab.fingerprint,
        reuse=reuse,
    )


def _digest(path: Path) -> str:
    try:
        return file_digest(path)
    except OSError as exc:
        raise UnreadableSource(f"{path} cannot be read: {exc.strerror or exc}.") from exc


def _unchanged(path: Path, digest: str) -> bool:
    """Whether a file still holds the bytes hashed before it was read: a file rewritten or
    replaced meanwhile must not be cached under the digest of bytes it no longer holds."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return True  # a pipe or a device is read once: nothing to compare with
        return file_digest(path) == digest
    except OSError:
        return False


def _read_again(
    path: Path, first: _Read, reuse: bool = True
) -> tuple[_Read | DbreportError, str | None]:
    """A file that changed while it was read is read once more: the result, and the digest of
    the bytes it was read from; None when they changed again (the first result too, when the
    file is gone)."""
    try:
        digest = _digest(path)
    except DbreportError:
        return first, None
    outcome = _read_one(path, parallel=True, reuse=reuse)
    return outcome, digest if _unchanged(path, digest) else None


_PARALLEL_BYTES = 1_500_000  # less text than this reads faster here than in worker processes


@dataclass
class _Read:
    """All that is read from one document's text, in one pass (and one process)."""

    tables: list[Table]
    claims: list[Claim]
    info: DocumentInfo
    notes: list[str] = field(default_factory=list)  # what a limit left out (limits.notice)


def claims_of(document: Document, tables: list[Table], vocab: Vocabulary) -> list[Claim]:
    """A report's verdicts (its tables left out, their notes kept), or the dated figures of news
    and interviews."""
    from dbreport.extraction.claims import find_claims

    if tables:
        return find_claims(document, vocab, skip=_table_lines(document, tables))
    return find_claims(document, vocab, statements=True)


def _table_lines(document: Document, tables: list[Table]) -> list[tuple[int, int]]:
    """The lines a document's tables take (all of a page a PDF table is on)."""
    skip = [t.lines for t in tables if t.lines is not None]
    pages = {p for t in tables for p in t.pages}
    if pages:
        skip.extend((line.no, line.no) for line in document.lines if line.page in pages)
    return skip


def report_statements(document: Document, tables: list[Table], vocab: Vocabulary) -> list[Claim]:
    """The plain dated figures of a report's prose (`Tăng trưởng GRDP năm 2026 ước đạt 8,5%`),
    its tables left out: what a yearly report says beside its table, for tracking a term's
    targets. Not part of a report's claims: its verdicts are what the analyses judge."""
    from dbreport.extraction.claims import find_claims

    found = find_claims(document, vocab, skip=_table_lines(document, tables), statements=True)
    return [c for c in found if c.kind == "statement"]


def office_tables(
    document: Document, grids: list[Any], path: Path, vocab: Vocabulary
) -> list[Table]:
    """The indicator tables of a Word file or a web page: each of its tables read as cells;
    its text when none of them is one."""
    from dbreport.extraction.pdftable import table_from_grids

    layout = "docx-table" if path.suffix.lower() in (".docx", ".doc") else "html-table"
    tables = [
        t
        for grid in grids
        if (t := table_from_grids([grid], document, vocab, layout)) is not None and t.records
    ]
    return tables or find_tables(document, vocab)


def _read_one(path: Path, parallel: bool, reuse: bool = True) -> _Read | DbreportError:
    from dbreport import limits, workers
    from dbreport.sources.metadata import detect
    from dbreport.vocab import load_vocabulary

    vocab = load_vocabulary()
    try:
        with workers.deadline():
            if is_office(path):
                document, grids = read_office(path)
                tables = office_tables(document, grids, path, vocab)
            elif is_pdf(path):
                from dbreport.extraction.pdftable import read_pdf_tables
                from dbreport.sources.pdf import read_text

                # read once (a scan's pages OCR'd), for the document and for its tables
                text = read_text(path, parallel=parallel, reuse=reuse)
                document = text.document(path)
                tables = read_pdf_tables(path, vocab, parallel=parallel, text=text)
            else:
                document = load(path)
                tables = find_tables(document, vocab)
            year = next((t.actual_year for t in tables if t.actual_year), None)
            info = detect(document, has_table=bool(tables), table_year=year)
            found = claims_of(document, tables, vocab)
            if any(t.ocr for t in tables):
                from dbreport.analysis.doubt import review

                tables = review(tables, found, vocab)
            return _Read(tables, found, info, limits.drain())
    except workers.TimeUp as exc:
        return UnreadableSource(exc.sentence(path))
    except DbreportError as exc:
        return exc


def _read_documents(
    pending: list[tuple[Path, str]], reuse: bool = True
) -> Iterator[tuple[Path, str, _Read | DbreportError]]:
    """Several documents: one child process each, as many at once as there are cores, each as
    it finishes; one document: here, its PDF pages in parallel instead."""
    from contextlib import closing
    from functools import partial

    from dbreport import workers

    count = min(workers.worker_count(), len(pending))
    worth_it = (
        any(is_pdf(p) for p, _ in pending)
        or sum(p.stat().st_size for p, _ in pending) >= _PARALLEL_BYTES
    )
    if count < 2 or not worth_it or not workers.can_fork():
        for path, digest in pending:
            yield path, digest, _read_one(path, parallel=True, reuse=reuse)
        return
    import pdfplumber  # noqa: F401 - loaded once, inherited by the forked children

    tasks = [partial(_read_one, path, False, reuse) for path, _ in pending]
    with closing(workers.run(tasks, count)) as answers:
        for index, answer in answers:
            path, digest = pending[index]
            if isinstance(answer, workers.ChildDied):
                answer = UnreadableSource(answer.sentence(path))
            elif isinstance(answer, BaseException) and not isinstance(answer, DbreportError):
                raise answer
            yield path, digest, answer


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
    from dbreport.analysis.status import assess

    return [Assessed(r, assess(r, rules, vocab)) for r in records]


def outlooks(assessed: list[Assessed], rules: Rules) -> list[tuple[Assessed, Outlook]]:
    from dbreport.analysis.outlook import outlook

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
    from dbreport.extraction.claims import Claim

    cache = ResultCache(
        "claims",
        TypeAdapter(list[Claim]),
        vocab.fingerprint,
        reuse=loaded.use_cache,
    )
    claims: list[Claim] = []
    for path in loaded.paths:
        tables = [t for t in loaded.tables if t.path == str(path)]
        if not tables and reports_only:
            continue
        digest = loaded.digests.get(path)
        if path in loaded.claims:
            found = loaded.claims[path]
            if digest:
                cache.put(digest, found)
            claims.extend(_claims_here(found, path))
            continue
        cached = cache.get(digest) if digest else None
        if cached is not None:
            claims.extend(_claims_here(cached, path))
            continue
        found = claims_of(loaded.document(path), tables, vocab)
        if digest := loaded.digests.get(path):  # gone if the file changed while it was read
            cache.put(digest, found)
        claims.extend(found)
    return claims


def _claims_here(claims: list[Claim], path: Path) -> list[Claim]:
    """Claims read from the same bytes under another name name the file read now."""
    return [
        c
        if c.path == str(path)
        else c.model_copy(update={"document": path.name, "path": str(path)})
        for c in claims
    ]


def link_all(
    claims: list[Claim], items: list[Assessed], rules: Rules, vocab: Vocabulary
) -> list[Link]:
    from dbreport.analysis.linking import link

    return [link(claim, items, rules, vocab) for claim in claims]

"""The dataset: documents, indicators, their values, verdicts, claims and audit findings in one
SQLite file (`dbreport export --db reports.sqlite`), with primary and foreign keys and a view
`indicator_panel` (place, term, indicator_id, target, actual, status) across reports.

A document is identified by its path: exporting it again replaces its rows (its old rows are
deleted with it, by cascade), and exporting more documents adds them. The file opens in any
SQLite client, and in Datasette unchanged.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from dbreport.batch import Batch, ReportSet
from dbreport.cache import file_digest
from dbreport.errors import DbreportError
from dbreport.models import DocumentInfo
from dbreport.values import Value

SCHEMA_VERSION = 3

SCHEMA = """
PRAGMA foreign_keys = ON;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    kind TEXT,
    level TEXT,
    place TEXT,
    congress TEXT,
    term TEXT,
    term_reviewed TEXT,
    date TEXT,
    facts TEXT NOT NULL  -- JSON: each fact with the line it was read from
);
CREATE TABLE IF NOT EXISTS indicators (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    table_no INTEGER NOT NULL,  -- the report's tables, 1 first, in reading order
    row_id TEXT NOT NULL,
    indicator_id TEXT,
    name TEXT NOT NULL,
    unit TEXT,
    unit_kind TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent_row_id TEXT,
    section TEXT,
    group_id TEXT,
    group_title TEXT,
    actual_year INTEGER,
    horizon_year INTEGER,
    alignment TEXT NOT NULL,
    ambiguity TEXT,
    page INTEGER,
    line INTEGER,
    UNIQUE (document_id, table_no, row_id)
);
CREATE INDEX IF NOT EXISTS indicators_by_id ON indicators(indicator_id);
CREATE TABLE IF NOT EXISTS cell_values (
    id INTEGER PRIMARY KEY,
    indicator_pk INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    field TEXT,  -- target, actual, comparison, target_future, assessment, or NULL
    role TEXT NOT NULL,
    header TEXT,
    year INTEGER,
    raw TEXT NOT NULL,
    value_kind TEXT NOT NULL,
    number REAL,
    low REAL,
    high REAL,
    op TEXT,
    bound REAL,
    percent INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS cell_values_by_indicator ON cell_values(indicator_pk, field);
CREATE TABLE IF NOT EXISTS verdicts (
    indicator_pk INTEGER PRIMARY KEY REFERENCES indicators(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    direction TEXT NOT NULL,
    gap REAL,
    gap_unit TEXT,
    achievement REAL,
    reported_status TEXT,
    disagrees INTEGER NOT NULL,
    reason TEXT NOT NULL,
    table_status TEXT,
    readings TEXT
);
CREATE TABLE IF NOT EXISTS claims (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    report_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,
    line INTEGER,
    page INTEGER,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    figure TEXT,
    number REAL,
    unit TEXT,
    verdict TEXT,
    indicator_pk INTEGER REFERENCES indicators(id) ON DELETE CASCADE,
    why TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS findings (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    indicator_pk INTEGER REFERENCES indicators(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    severity TEXT NOT NULL,
    message_vi TEXT NOT NULL,
    message_en TEXT NOT NULL
);
CREATE VIEW IF NOT EXISTS indicator_panel AS
SELECT
    d.place AS place,
    d.level AS level,
    d.term_reviewed AS term,
    d.name AS document,
    i.indicator_id AS indicator_id,
    i.row_id AS row_id,
    i.name AS name,
    i.unit AS unit,
    (SELECT raw FROM cell_values c WHERE c.indicator_pk = i.id AND c.field = 'target') AS target,
    (SELECT raw FROM cell_values c WHERE c.indicator_pk = i.id AND c.field = 'actual') AS actual,
    v.status AS status,
    v.achievement AS achievement
FROM indicators i
JOIN documents d ON d.id = i.document_id
LEFT JOIN verdicts v ON v.indicator_pk = i.id;
"""


class DatasetError(DbreportError):
    """The database file cannot be written or is not a dbreport dataset."""


def export(batch: Batch, db: Path) -> dict[str, int]:
    """Write the batch's reports (and the documents read with them) into `db`; return how many
    rows of each table were written."""
    if db.exists() and not db.is_file():
        raise DatasetError(f"{db} is not a regular file; name a new or existing .sqlite file.")
    try:
        connection = sqlite3.connect(db)
    except sqlite3.Error as exc:
        raise DatasetError(f"{db} cannot be opened as a database: {exc}.") from exc
    counts = {"documents": 0, "indicators": 0, "cell_values": 0, "claims": 0, "findings": 0}
    try:
        _check_dataset(connection, db)
        with connection:
            connection.executescript(SCHEMA)
            connection.execute(
                "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )
            ids = {path: _document(connection, path, info) for path, info in batch.infos.items()}
            counts["documents"] = len(ids)
            for rs, claims, links in batch.per_report():
                if rs is None:
                    for link in links:
                        _claim(connection, ids, None, link, {})
                        counts["claims"] += 1
                    continue
                pks = _indicators(connection, ids[rs.path], rs, counts)
                for link in links:
                    _claim(connection, ids, ids[rs.path], link, pks)
                    counts["claims"] += 1
                from dbreport.analysis.audit import audit

                for finding in audit(rs.items, links, claims, rs.tables, batch.vocab):
                    connection.execute(
                        "INSERT INTO findings (report_id, indicator_pk, kind, severity, "
                        "message_vi, message_en) VALUES (?, ?, ?, ?, ?, ?)",
                        (
                            ids[rs.path],
                            pks.get(finding.indicator or ""),
                            finding.kind,
                            finding.severity,
                            finding.message("vi"),
                            finding.message("en"),
                        ),
                    )
                    counts["findings"] += 1
    except sqlite3.DatabaseError as exc:
        raise DatasetError(f"{db} cannot be written as a dataset: {exc}.") from exc
    finally:
        connection.close()
    return counts


def _check_dataset(connection: sqlite3.Connection, db: Path) -> None:
    """An existing database must be a dbreport dataset of this schema: nothing is added to a
    database of another program."""
    names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    if not names:
        return
    if "meta" not in names:
        raise DatasetError(f"{db} is a database of another program; export into a new file.")
    version = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if version is None or str(version[0]) != str(SCHEMA_VERSION):
        found = version[0] if version else "unknown"
        raise DatasetError(
            f"{db} holds a dataset of schema {found}; this dbreport writes "
            f"schema {SCHEMA_VERSION}. Export into a new file."
        )


def _document(connection: sqlite3.Connection, path: Path, info: DocumentInfo) -> int:
    import json

    connection.execute("DELETE FROM documents WHERE path = ?", (str(path.resolve()),))
    cursor = connection.execute(
        "INSERT INTO documents (path, name, sha256, kind, level, place, congress, term, "
        "term_reviewed, date, facts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            str(path.resolve()),
            path.name,
            file_digest(path),
            info.kind.value,
            info.level.value,
            info.place.value,
            info.congress.value,
            info.term.value,
            info.term_reviewed.value,
            info.date.value,
            json.dumps(info.as_json(), ensure_ascii=False),
        ),
    )
    return int(cursor.lastrowid or 0)


def _indicators(
    connection: sqlite3.Connection, document_id: int, rs: ReportSet, counts: dict[str, int]
) -> dict[str, int]:
    pks: dict[str, int] = {}
    table_of = {id(r): k for k, t in enumerate(rs.tables, start=1) for r in t.records}
    for item in rs.items:
        r, a = item.record, item.assessment
        cursor = connection.execute(
            "INSERT INTO indicators (document_id, table_no, row_id, indicator_id, name, unit, "
            "unit_kind, kind, parent_row_id, section, group_id, group_title, actual_year, "
            "horizon_year, alignment, ambiguity, page, line) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                document_id,
                table_of.get(id(r), 1),
                r.id,
                r.indicator_id,
                r.name,
                r.unit,
                r.unit_kind,
                r.kind,
                r.parent,
                r.section,
                r.group,
                r.group_title,
                r.actual_year,
                r.horizon_year,
                r.alignment,
                r.ambiguity,
                r.source.page,
                r.source.line,
            ),
        )
        pk = int(cursor.lastrowid or 0)
        pks.setdefault(r.id, pk)  # a claim or finding names a row id: the first table's
        counts["indicators"] += 1
        written: set[str] = set()
        batch: list[tuple[object, ...]] = []
        for cell in r.cells:
            if cell.value is None:
                continue
            batch.append(_value_row(pk, cell.field, cell.role, cell.header, cell.year, cell.value))
            if cell.field:
                written.add(cell.field)
        fields = {
            "target": r.target,
            "actual": r.actual,
            "comparison": r.reported_comparison,
            "target_future": r.target_2030,
            "assessment": r.reported_assessment,
        }
        for field, value in fields.items():
            if value is not None and field not in written:
                # a verdict read from a note, a cell of a table without a `cells` record
                batch.append(_value_row(pk, field, field, None, None, value))
        connection.executemany(_VALUE_INSERT, batch)
        counts["cell_values"] += len(batch)
        gap = a.gap
        connection.execute(
            "INSERT INTO verdicts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                pk,
                a.status,
                a.direction,
                gap.value if gap else None,
                gap.unit if gap else None,
                a.achievement,
                a.reported_status,
                int(a.disagrees),
                a.reason,
                a.table_status,
                json.dumps([r.model_dump(mode="json") for r in a.readings], ensure_ascii=False)
                if a.readings
                else None,
            ),
        )
    return pks


_VALUE_INSERT = (
    "INSERT INTO cell_values (indicator_pk, field, role, header, year, raw, value_kind, "
    "number, low, high, op, bound, percent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _value_row(
    pk: int, field: str | None, role: str, header: str | None, year: int | None, value: Value
) -> tuple[object, ...]:
    return (
        pk,
        field,
        role,
        header,
        year,
        value.raw,
        value.kind,
        value.number,
        value.low,
        value.high,
        value.op,
        value.bound,
        int(value.percent),
    )


def _claim(
    connection: sqlite3.Connection,
    ids: dict[Path, int],
    report_id: int | None,
    link: object,
    pks: dict[str, int],
) -> None:
    from dbreport.analysis.linking import Link

    assert isinstance(link, Link)
    claim = link.claim
    document_id = next((v for p, v in ids.items() if str(p) == claim.path), None)
    if document_id is None:
        return
    figure = claim.figure
    connection.execute(
        "INSERT INTO claims (document_id, report_id, line, page, kind, text, figure, number, "
        "unit, verdict, indicator_pk, why) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            document_id,
            report_id,
            claim.line,
            claim.page,
            claim.kind,
            claim.text,
            figure.raw if figure else None,
            figure.value.number if figure else None,
            figure.unit if figure else None,
            claim.verdict,
            pks.get(link.record.id) if link.record is not None else None,
            link.why,
        ),
    )


def tables(db: Path) -> Iterable[str]:
    """The tables and views of a dataset file, for a quick look."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name"
        ).fetchall()
    return [r[0] for r in rows]

"""Extracted tables of PDF documents, cached by the file's content.

Reading a PDF's table takes about a second; reading it back from the cache a few milliseconds.
An entry is found by the SHA-256 of the file's bytes together with the tool's version and the
vocabulary used to read it, so a changed file, a new release or an edited data/vocabulary.yaml
reads the file afresh. A damaged entry is ignored (and replaced), never fatal; a cache folder
that cannot be written is simply not used.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from dbreport import __version__
from dbreport.models import Table

SCHEMA = 1  # bump when the cached form of a Table changes
_TABLES = TypeAdapter(list[Table])


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dbreport"


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class TableCache:
    def __init__(self, settings: str, *, enabled: bool = True, folder: Path | None = None) -> None:
        self.enabled = enabled
        self.folder = folder or cache_dir()
        self.settings = hashlib.sha256(f"{__version__}|{SCHEMA}|{settings}".encode()).hexdigest()

    def _entry(self, digest: str) -> Path:
        key = hashlib.sha256(f"{self.settings}|{digest}".encode()).hexdigest()
        return self.folder / f"{key}.json"

    def get(self, digest: str) -> list[Table] | None:
        if not self.enabled:
            return None
        entry = self._entry(digest)
        try:
            return _TABLES.validate_json(entry.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValueError, ValidationError):
            entry.unlink(missing_ok=True)
            return None

    def put(self, digest: str, tables: list[Table]) -> None:
        if not self.enabled:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "wb") as fh:
                fh.write(_TABLES.dump_json(tables))
            os.replace(tmp, self._entry(digest))
        except OSError:
            return


def settings_fingerprint(*parts: object) -> str:
    return json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)

"""What was read from a document, cached by the document's content.

Reading a PDF's table takes about a second, reading a report's prose for claims a tenth of that;
reading either back from the cache takes a few milliseconds. An entry is found by the SHA-256 of
the file's bytes together with dbreport's version, a fingerprint of its own code and the
vocabulary used, so a changed file, a new release, an edited module or an edited
data/vocabulary.yaml reads the document afresh. A damaged entry is ignored (and replaced), never
fatal; a cache folder that cannot be written is simply not used.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import TypeAdapter, ValidationError

from dbreport import __version__

SCHEMA = 2  # bump when the cached form of a record changes
T = TypeVar("T")


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dbreport"


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@cache
def code_fingerprint() -> str:
    """Size and modification time of every module of the package: edited code, new entries."""
    package = Path(__file__).resolve().parent
    parts = []
    for module in sorted(package.rglob("*.py")):
        stat = module.stat()
        parts.append(f"{module.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


class ResultCache(Generic[T]):
    """One kind of result (`tables`, `claims`...), as JSON files under the cache folder."""

    def __init__(
        self,
        kind: str,
        adapter: TypeAdapter[T],
        settings: str,
        *,
        enabled: bool = True,
        folder: Path | None = None,
    ) -> None:
        self.enabled = enabled
        self.folder = folder or cache_dir()
        self.adapter = adapter
        key = f"{__version__}|{SCHEMA}|{code_fingerprint()}|{kind}|{settings}"
        self.settings = hashlib.sha256(key.encode()).hexdigest()

    def _entry(self, digest: str) -> Path:
        key = hashlib.sha256(f"{self.settings}|{digest}".encode()).hexdigest()
        return self.folder / f"{key}.json"

    def get(self, digest: str) -> T | None:
        if not self.enabled:
            return None
        entry = self._entry(digest)
        try:
            return self.adapter.validate_json(entry.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValueError, ValidationError):
            entry.unlink(missing_ok=True)
            return None

    def put(self, digest: str, value: T) -> None:
        if not self.enabled:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "wb") as fh:
                fh.write(self.adapter.dump_json(value))
            os.replace(tmp, self._entry(digest))
        except OSError:
            return

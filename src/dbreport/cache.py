"""What was read from a document, cached by the document's content.

Reading a PDF's table takes about a second, reading a report's prose for claims a tenth of that;
reading either back from the cache takes a few milliseconds. An entry is found by the SHA-256 of
the file's bytes together with dbreport's version, a fingerprint of its own code and the
vocabulary used, so a changed file, a new release, an edited module or an edited
data/vocabulary.yaml reads the document afresh.

An entry is never trusted as it lies: it is one header line (schema, kind, key, the digest of
the source bytes it was read from, the SHA-256 and size of its payload, when it was written)
and the payload. Each is checked on load, and the payload validated; an entry that fails any
check, is larger than `MAX_ENTRY_BYTES` or is not a regular file of the user's is ignored and
removed, and the document read afresh. Whoever can write the folder and recompute the digests
can still plant an entry: that is why the folder must be the user's own and private (0700), and
one that is not — owned by another user, writable by others, not a folder, unreadable — is
simply not used (`dbreport cache info` says why). Nothing here is ever fatal to a run.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import stat
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import TypeAdapter, ValidationError

from dbreport import __version__

SCHEMA = 3  # bump when the cached form of a record, or the envelope, changes
MAX_ENTRY_BYTES = 16 * 2**20  # the largest real entry (a 96-row report's tables) is 0.2 MB
MAX_TOTAL_BYTES = 256 * 2**20  # beyond it, the least recently written entries are removed
MAX_AGE_DAYS = 30  # entries written longer ago are removed (most are an old release's)
_HEADER_BYTES = 4096  # a header line is about 400 bytes
_TMP_GRACE_SECONDS = 3600  # a younger temporary file may be another run's entry being written
_ENTRY = re.compile(r"[0-9a-f]{64}\.json")
_TMP = re.compile(r"\.tmp-[A-Za-z0-9_]+\.json")
_OFF = {"off", "0", "no", "false"}
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # an entry that is a FIFO must not hang the run
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
T = TypeVar("T")


def cache_dir() -> Path | None:
    """`$XDG_CACHE_HOME/dbreport`, else `~/.cache/dbreport`; None when the cache is off
    (`DBREPORT_CACHE=off`) or no home folder is known. A relative `XDG_CACHE_HOME` is ignored,
    as the XDG Base Directory spec says (it would put a cache in whatever folder a run starts)."""
    if _off():
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if base and os.path.isabs(base):
        return Path(base) / "dbreport"
    try:
        return Path.home() / ".cache" / "dbreport"
    except (RuntimeError, KeyError):
        return None


def _off() -> bool:
    return os.environ.get("DBREPORT_CACHE", "").strip().lower() in _OFF


def _location_notes() -> list[str]:
    """What a user may wonder about where the cache is (for `dbreport cache info`)."""
    notes = []
    base = os.environ.get("XDG_CACHE_HOME", "")
    if base and not os.path.isabs(base):
        notes.append(
            f"XDG_CACHE_HOME is a relative path ({base!r}); it is ignored, as the XDG Base "
            "Directory spec says."
        )
    return notes


def folder_problem(folder: Path) -> str | None:
    """Why `folder` cannot hold the cache, in one sentence; None when it can."""
    try:
        st = os.stat(folder)
    except FileNotFoundError:
        return f"{folder} does not exist yet."
    except NotADirectoryError:
        return f"{folder} cannot be made: a part of its path is a file, not a folder."
    except (OSError, ValueError) as exc:
        return f"{folder} cannot be opened ({_why(exc)})."
    if not stat.S_ISDIR(st.st_mode):
        return f"{folder} is not a folder."
    if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
        return f"{folder} belongs to another user."
    if st.st_mode & 0o022:
        return (
            f"{folder} can be written by other users (mode {st.st_mode & 0o777:o}); "
            f"`chmod 700 {folder}` makes it usable."
        )
    if not os.access(folder, os.R_OK | os.W_OK | os.X_OK):
        return f"{folder} cannot be read and written by you."
    return None


def _prepared(folder: Path) -> bool:
    """Make the folder (0700, as the XDG spec asks) if it is missing; whether it can be used."""
    try:
        folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.mkdir(mode=0o700)
    except FileExistsError:
        pass
    except (OSError, ValueError):
        return False
    return folder_problem(folder) is None


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
        stat_ = module.stat()
        parts.append(f"{module.relative_to(package)}:{stat_.st_size}:{stat_.st_mtime_ns}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


class _BadEntry(Exception):
    """An entry that must not be read: not a regular file of the user's, or too large."""


class ResultCache(Generic[T]):
    """One kind of result (`tables`, `claims`...), as entry files under the cache folder.

    `reuse=False` (`--no-cache`) reads no entry but still writes the fresh results: a run
    without the cache repairs it."""

    def __init__(
        self,
        kind: str,
        adapter: TypeAdapter[T],
        settings: str,
        *,
        reuse: bool = True,
        folder: Path | None = None,
    ) -> None:
        self.kind = kind
        self.reuse = reuse
        self.folder = folder if folder is not None else cache_dir()
        self.adapter = adapter
        key = f"{__version__}|{SCHEMA}|{code_fingerprint()}|{kind}|{settings}"
        self.settings = hashlib.sha256(key.encode()).hexdigest()

    def _entry(self, digest: str) -> Path:
        key = hashlib.sha256(f"{self.settings}|{digest}".encode()).hexdigest()
        return Path(self.folder or ".") / f"{key}.json"

    def get(self, digest: str) -> T | None:
        """The result read from the bytes of SHA-256 `digest`, if a sound entry holds it."""
        if not self.reuse or self.folder is None or folder_problem(self.folder) is not None:
            return None
        entry = self._entry(digest)
        try:
            data = _read_entry(entry)
        except FileNotFoundError:
            return None
        except (OSError, _BadEntry):
            _remove(entry)
            return None
        value = self._verified(data, digest)
        if value is None:
            _remove(entry)
        return value

    def _header(self, digest: str, payload: bytes) -> dict[str, object]:
        """What an entry's header must say: checked field by field on load."""
        return {
            "schema": SCHEMA,
            "kind": self.kind,
            "key": self.settings,
            "source": digest,
            "payload_bytes": len(payload),
            "payload_sha256": hashlib.sha256(payload).hexdigest(),
        }

    def _verified(self, data: bytes, digest: str) -> T | None:
        head, newline, payload = data.partition(b"\n")
        if not newline or len(head) > _HEADER_BYTES:
            return None
        try:
            header = json.loads(head)
        except (ValueError, RecursionError):
            return None
        expected = self._header(digest, payload)
        if not isinstance(header, dict) or any(header.get(k) != v for k, v in expected.items()):
            return None
        try:
            return self.adapter.validate_json(payload)
        except (ValueError, ValidationError):
            return None

    def put(self, digest: str, value: T) -> None:
        """Keep `value`, read from the bytes of SHA-256 `digest`; silently nothing when the
        folder cannot be used, the entry would be too large, or the value would not read back
        as itself (a number JSON cannot hold)."""
        if self.folder is None:
            return
        try:
            payload = self.adapter.dump_json(value)
            if len(payload) > MAX_ENTRY_BYTES - _HEADER_BYTES:
                return
            if self.adapter.validate_json(payload) != value:
                return
        except (ValueError, ValidationError):
            return
        if not _prepared(self.folder):
            return
        header = {
            **self._header(digest, payload),
            "written": datetime.now(UTC).isoformat(timespec="seconds"),
            "dbreport": __version__,
        }
        data = json.dumps(header).encode() + b"\n" + payload
        tmp = self.folder / f".tmp-{secrets.token_hex(8)}.json"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, self._entry(digest))
        except OSError:
            _remove(tmp)
            return
        _prune_once(self.folder)


def _read_entry(entry: Path) -> bytes:
    """The bytes of an entry: a regular file of the user's, no larger than the cap (its size is
    checked before a byte is read), not followed if it is a symbolic link."""
    fd = os.open(entry, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_ENTRY_BYTES or not _mine(st):
            raise _BadEntry
        chunks = []
        left = MAX_ENTRY_BYTES + 1  # a file still growing is not read beyond the cap either
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    if left <= 0:
        raise _BadEntry
    return b"".join(chunks)


def _mine(st: os.stat_result) -> bool:
    return not hasattr(os, "geteuid") or st.st_uid == os.geteuid()


def _remove(path: Path) -> bool:
    """Remove a file; whether it went (a folder, or a read-only one, stays: never fatal)."""
    try:
        os.unlink(path)
    except (OSError, ValueError):
        return False
    return True


def _why(exc: BaseException) -> str:
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc)


@dataclass
class _File:
    path: Path
    size: int
    mtime: float
    entry: bool  # an entry (else a temporary file left by an interrupted write)


def _own_files(folder: Path) -> tuple[list[_File], int]:
    """The tool's own files in the folder (entries and temporary files, regular files of the
    user's, by name; no link followed), and how many other things lie there."""
    files: list[_File] = []
    others = 0
    try:
        with os.scandir(folder) as listing:
            for item in listing:
                entry = _ENTRY.fullmatch(item.name) is not None
                try:
                    st = item.stat(follow_symlinks=False)
                except OSError:
                    others += 1
                    continue
                if (entry or _TMP.fullmatch(item.name)) and stat.S_ISREG(st.st_mode) and _mine(st):
                    files.append(_File(Path(item.path), st.st_size, st.st_mtime, entry))
                else:
                    others += 1
    except (OSError, ValueError):
        return [], 0
    return files, others


_pruned: set[Path] = set()


def _prune_once(folder: Path) -> None:
    """Prune at most once per run (a scan of the folder), after the first entry written."""
    if folder not in _pruned:
        _pruned.add(folder)
        prune(folder)


def prune(folder: Path, now: float | None = None) -> int:
    """Remove temporary files left by interrupted writes, entries older than `MAX_AGE_DAYS`,
    then the oldest entries until all weigh at most `MAX_TOTAL_BYTES`; how many went."""
    now = datetime.now(UTC).timestamp() if now is None else now
    files, _ = _own_files(folder)
    removed = 0
    kept: list[_File] = []
    for f in files:
        age = now - f.mtime
        stale = age > MAX_AGE_DAYS * 86400 if f.entry else age > _TMP_GRACE_SECONDS
        if stale and _remove(f.path):
            removed += 1
        elif f.entry:
            kept.append(f)
    total = sum(f.size for f in kept)
    for f in sorted(kept, key=lambda f: f.mtime):
        if total <= MAX_TOTAL_BYTES:
            break
        if _remove(f.path):
            removed += 1
            total -= f.size
    return removed


@dataclass
class Summary:
    """What `dbreport cache info` shows."""

    folder: Path | None
    problem: str | None  # why the cache is not used; None when it is
    entries: int = 0
    size: int = 0
    oldest: datetime | None = None
    newest: datetime | None = None
    leftovers: int = 0  # temporary files of interrupted writes
    others: int = 0  # anything else in the folder (left alone)
    notes: list[str] = field(default_factory=list)

    @property
    def used(self) -> bool:
        return self.problem is None

    def text(self) -> str:
        lines = [
            ("folder", str(self.folder) if self.folder else "none"),
            ("used", "yes" if self.used else f"no: {self.problem}"),
            ("entries", f"{self.entries} ({human_size(self.size)})"),
        ]
        if self.oldest and self.newest:
            lines.append(("oldest", f"{self.oldest:%Y-%m-%d %H:%M} UTC"))
            lines.append(("newest", f"{self.newest:%Y-%m-%d %H:%M} UTC"))
        if self.leftovers:
            lines.append(("leftovers", f"{self.leftovers} temporary files of interrupted writes"))
        if self.others:
            lines.append(("others", f"{self.others} other files or folders (`clear` leaves them)"))
        lines.append(
            (
                "limits",
                f"{human_size(MAX_ENTRY_BYTES)} an entry (a larger one is not read), "
                f"{human_size(MAX_TOTAL_BYTES)} in all, {MAX_AGE_DAYS} days (older entries "
                "are removed)",
            )
        )
        lines.extend(("note", note) for note in self.notes)
        return "\n".join(f"{key:<10}{value}" for key, value in lines)

    def as_json(self) -> dict[str, object]:
        return {
            "folder": str(self.folder) if self.folder else None,
            "used": self.used,
            "why_not": self.problem or None,
            "entries": self.entries,
            "bytes": self.size,
            "oldest": self.oldest.isoformat(timespec="seconds") if self.oldest else None,
            "newest": self.newest.isoformat(timespec="seconds") if self.newest else None,
            "leftover_temporary_files": self.leftovers,
            "other_files": self.others,
            "max_entry_bytes": MAX_ENTRY_BYTES,
            "max_total_bytes": MAX_TOTAL_BYTES,
            "max_age_days": MAX_AGE_DAYS,
            "notes": self.notes,
        }


def summary() -> Summary:
    """Where the cache is, whether it is used (and why not), what it holds; creates nothing."""
    folder = cache_dir()
    notes = _location_notes()
    if folder is None:
        if _off():
            return Summary(None, "DBREPORT_CACHE=off: the cache is not used.", notes=notes)
        return Summary(None, "No home folder is known, so there is no cache folder.", notes=notes)
    problem = folder_problem(folder)
    try:
        os.lstat(folder)
        missing = False
    except FileNotFoundError:
        missing = True
    except (OSError, ValueError):
        missing = False
    if missing:
        if _creatable(folder):
            problem = None
            notes.append(
                "The folder is not made yet: the first run that reads a document makes it."
            )
        else:
            problem = f"{folder} cannot be made here."
    files, others = _own_files(folder)
    entries = [f for f in files if f.entry]
    times = [datetime.fromtimestamp(f.mtime, UTC) for f in entries]
    return Summary(
        folder,
        problem,
        entries=len(entries),
        size=sum(f.size for f in entries),
        oldest=min(times, default=None),
        newest=max(times, default=None),
        leftovers=len(files) - len(entries),
        others=others,
        notes=notes,
    )


def _creatable(folder: Path) -> bool:
    """Whether a missing folder could be made: its nearest existing ancestor is a folder the
    user can write."""
    parent = folder.parent
    while True:
        try:
            st = os.stat(parent)
        except FileNotFoundError:
            if parent.parent == parent:
                return False
            parent = parent.parent
            continue
        except (OSError, ValueError):
            return False
        return stat.S_ISDIR(st.st_mode) and os.access(parent, os.W_OK | os.X_OK)


@dataclass
class Cleared:
    folder: Path | None
    removed: int = 0
    size: int = 0
    others: int = 0  # files there that are not the tool's, left alone
    failed: list[str] = field(default_factory=list)  # each file that stayed, and why

    def sentence(self) -> str:
        if self.folder is None:
            return "there is no cache folder (DBREPORT_CACHE=off, or no home): nothing to remove."
        said = (
            f"removed {_count(self.removed, 'file')} ({human_size(self.size)}) from {self.folder}"
        )
        if self.others:
            said += f"; {_count(self.others, 'other file')} there left alone"
        return said + "."

    def failure(self) -> str:
        return (
            f"{_count(len(self.failed), 'file')} of the cache could not be removed: "
            f"{'; '.join(self.failed[:3])}."
        )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def clear() -> Cleared:
    """Remove the tool's own files from the cache folder: entries and temporary files, by
    their names, regular files of the user's only; nothing else there, no link followed."""
    folder = cache_dir()
    if folder is None:
        return Cleared(None)
    if folder.is_symlink():  # its files are somewhere else: not removed through the link
        if not folder.is_dir():
            return Cleared(folder)  # a loop or a dangling link: nothing to remove
        return Cleared(folder, failed=[f"{folder.name} (a symbolic link; remove it by hand)"])
    files, others = _own_files(folder)
    out = Cleared(folder, others=others)
    for f in files:
        try:
            os.unlink(f.path)
        except FileNotFoundError:
            continue
        except OSError as exc:
            out.failed.append(f"{f.path.name} ({_why(exc)})")
            continue
        out.removed += 1
        out.size += f.size
    return out


def human_size(size: int) -> str:
    """`412 bytes`, `3.4 KiB`, `16 MiB`."""
    value, unit = float(size), "bytes"
    for larger in ("KiB", "MiB", "GiB"):
        if value < 1024:
            break
        value, unit = value / 1024, larger
    if unit == "bytes":
        return f"{size} bytes"
    return f"{value:.1f} {unit}".replace(".0 ", " ")

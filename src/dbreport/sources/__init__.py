"""Sources: files on disk -> documents made of numbered, NFC-normalised lines."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dbreport import OUTPUT_LINE
from dbreport.errors import DbreportError, SourceNotFound, UnreadableSource, UsageError

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
PDF_SUFFIXES = frozenset({".pdf"})
WORD_SUFFIXES = frozenset({".docx", ".doc"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES | WORD_SUFFIXES | HTML_SUFFIXES


@dataclass(frozen=True)
class Line:
    """One line of a document; `no` counts from 1, `page` is known for PDFs only."""

    no: int
    text: str
    page: int | None = None
    table: int | None = None  # a Word or HTML table's number, counted from 1
    row: int | None = None  # the row within it


@dataclass
class Document:
    path: Path
    lines: list[Line]
    date: str | None = None
    kind: str = "text"
    pages: int | None = None
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.name


_DATE_IN_NAME = re.compile(r"^(\d{4}-\d{2}(?:-\d{2})?)[-_]")
_DATE_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\b")


def document_date(path: Path, first_line: str) -> str | None:
    """The date a document speaks from: a `date YYYY-MM-DD` lead-in, else a dated file name."""
    m = _DATE_LINE.match(first_line) or _DATE_IN_NAME.match(path.name)
    return m.group(1) if m else None


def real(path: Path) -> Path:
    """The path with its links followed; a link loop (which Path.resolve refuses) stays as
    written, for the reader to say it cannot be read."""
    return Path(os.path.realpath(path))


def discover(paths: list[Path], own: list[Path] | None = None) -> list[Path]:
    """Expand folders into their documents (sorted, non-recursive), keep files as given; each
    document once. A file dbreport wrote itself (a brief.md beside the reports) is no document:
    it is left out, and added to `own` for the caller to say so."""
    found: list[Path] = []
    for path in paths:
        mode = _mode(path)
        if stat.S_ISDIR(mode):
            inside = _documents_in(path)
            if not inside:
                raise UnreadableSource(
                    f"The folder {path} holds no .txt, .md, .pdf, .docx, .doc or .html "
                    "document to read."
                )
            found.extend(inside)
        elif stat.S_ISREG(mode):
            found.append(path)
        else:
            raise UnreadableSource(
                f"{path} is not a regular file (a pipe, a device or a socket); give `-` to read "
                "standard input."
            )
    seen: set[Path] = set()
    unique: list[Path] = []
    for path in found:  # a file named twice, or inside a folder also named, is read once
        key = real(path)
        if key in seen:
            continue
        seen.add(key)
        if written_by_us(path):
            if own is not None:
                own.append(path)
        else:
            unique.append(path)
    if found and not unique:
        names = ", ".join(p.name for p in found)
        raise UnreadableSource(f"{names}: written by dbreport itself, not a document to read.")
    return unique


def _mode(path: Path) -> int:
    """The kind of file a path names (following links), or a sentence why it cannot be known."""
    try:
        return path.stat().st_mode
    except FileNotFoundError:
        raise SourceNotFound(f"{path} does not exist.") from None
    except OSError as exc:  # a name too long, a folder on the way without permission, a loop
        raise UnreadableSource(f"{path} cannot be read: {exc.strerror or exc}.") from None


def _documents_in(folder: Path) -> list[Path]:
    """A folder's regular files of a supported kind; one whose kind cannot be known (no
    permission) is kept, for the reader to set it aside with a sentence."""
    try:
        names = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUPPORTED_SUFFIXES)
    except OSError as exc:
        raise UnreadableSource(
            f"The folder {folder} cannot be read: {exc.strerror or exc}."
        ) from None
    inside = []
    for path in names:
        try:
            if not stat.S_ISREG(path.stat().st_mode):
                continue  # a sub-folder, a pipe or a device named like a document
        except FileNotFoundError:
            continue  # a dangling link
        except OSError:
            pass
        inside.append(path)
    return inside


def written_by_us(path: Path) -> bool:
    """A markdown, text or web page file whose own last lines carry dbreport's mark (the whole
    line OUTPUT_LINE, as dbreport writes it; a document that merely quotes it is read)."""
    if path.suffix.lower() not in {".md", ".html", ".htm", ".txt"}:
        return False
    try:
        with path.open("rb") as fh:
            fh.seek(0, os.SEEK_END)
            fh.seek(max(fh.tell() - 4096, 0))
            tail = fh.read().decode("utf-8", "replace")
    except OSError:
        return False  # the reader says why it cannot be read
    lines = [line.strip() for line in tail.splitlines() if line.strip()]
    if path.suffix.lower() in {".html", ".htm"}:  # pandoc closes the page after it
        return OUTPUT_LINE in lines[-8:]
    return bool(lines) and lines[-1] == OUTPUT_LINE


STREAM_LIMIT = 64 * 1024 * 1024  # bytes read from a pipe, a device or standard input


def spool(paths: list[Path], folder: Path) -> list[Path]:
    """Standard input (`-`), pipes (`/dev/stdin`, `<(cat f)`, a FIFO) and character devices
    read once, into files in `folder`, so that every later step reads a regular file. At most
    STREAM_LIMIT bytes: a device that never ends (`/dev/zero`) is refused with a sentence."""
    import sys

    if sum(str(p) == "-" or _is_stdin(p) for p in paths) > 1:
        raise UsageError("Standard input can be read once: give `-` once.")
    spooled: list[Path] = []
    for number, path in enumerate(paths):
        if str(path) == "-":
            spooled.append(_spool_one(sys.stdin.buffer, "stdin", "standard input", folder, number))
            continue
        try:
            mode = path.stat().st_mode
        except OSError:
            mode = 0  # discover says why
        if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
            try:
                with path.open("rb") as fh:
                    spooled.append(_spool_one(fh, path.name, str(path), folder, number))
            except OSError as exc:
                raise UnreadableSource(f"{path} cannot be read: {exc.strerror or exc}.") from None
        else:
            spooled.append(path)
    return spooled


def _is_stdin(path: Path) -> bool:
    """`/dev/stdin` or `/dev/fd/0` on a pipe: the same stream as `-`."""
    try:
        mine, theirs = os.fstat(0), path.stat()
    except (OSError, ValueError):
        return False
    same = (mine.st_dev, mine.st_ino) == (theirs.st_dev, theirs.st_ino)
    return same and not stat.S_ISREG(theirs.st_mode)


def _spool_one(stream: Any, name: str, label: str, folder: Path, number: int) -> Path:
    chunks: list[bytes] = []
    size = 0
    while size <= STREAM_LIMIT:
        chunk = stream.read(min(1 << 20, STREAM_LIMIT + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > STREAM_LIMIT:
        raise UnreadableSource(
            f"{label} gives more than {STREAM_LIMIT // (1024 * 1024)} MB; save it to a file and "
            "name the file."
        )
    data = b"".join(chunks)
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        name += _sniffed_suffix(data)
    place = folder / str(number)
    place.mkdir(parents=True, exist_ok=True)
    target = place / name
    target.write_bytes(data)
    return target


def _sniffed_suffix(data: bytes) -> str:
    """The kind of document bytes from a pipe hold, by their first bytes."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%pdf-"):
        return ".pdf"
    if head.startswith(b"pk\x03\x04"):
        return ".docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return ".doc"
    if head.startswith(b"<") and any(t in head for t in (b"<html", b"<!doctype", b"<table")):
        return ".html"
    return ".txt"


def load(path: Path) -> Document:
    """Read one document, text, PDF, Word or web page, into numbered lines (a PDF's lines know
    their page)."""
    if is_pdf(path):
        from dbreport.sources.pdf import read_text

        return read_text(path).document(path)
    if is_office(path):
        return read_office(path)[0]
    from dbreport.sources.text import load_text

    return load_text(path)


def is_office(path: Path) -> bool:
    """A Word file or a saved web page, by its name."""
    return path.suffix.lower() in WORD_SUFFIXES | HTML_SUFFIXES


def read_office(path: Path) -> tuple[Document, list[Any]]:
    """A Word file's or a web page's lines and its tables as grids of cells."""
    from dbreport.sources import office

    suffix = path.suffix.lower()
    try:
        if suffix == ".docx":
            return office.read_docx(path)
        if suffix == ".doc":
            return office.read_doc(path)
        return office.read_html(path)
    except DbreportError:
        raise
    except OSError as exc:
        raise UnreadableSource(f"{path} cannot be read: {exc.strerror or exc}.") from exc
    except Exception as exc:  # a malformed file trips the library in ways we cannot list
        kind = "a web page" if suffix not in WORD_SUFFIXES else "a Word file"
        raise UnreadableSource(f"{path} cannot be read as {kind} (it is damaged).") from exc


def is_pdf(path: Path) -> bool:
    """A `.pdf` name, or PDF bytes under another name."""
    return path.suffix.lower() in PDF_SUFFIXES or _starts_like_pdf(path)


def _starts_like_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(5) == b"%PDF-"
    except OSError:
        return False

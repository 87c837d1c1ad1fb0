"""Sources: files on disk -> documents made of numbered, NFC-normalised lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dbreport.errors import DbreportError, SourceNotFound, UnreadableSource

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


def discover(paths: list[Path]) -> list[Path]:
    """Expand folders into their documents (sorted, non-recursive), keep files as given; each
    document once."""
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise SourceNotFound(f"{path} does not exist.")
        if path.is_dir():
            inside = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
            if not inside:
                raise UnreadableSource(
                    f"The folder {path} holds no .txt, .md, .pdf, .docx, .doc or .html "
                    "document to read."
                )
            found.extend(inside)
        else:
            found.append(path)
    seen: set[Path] = set()
    unique: list[Path] = []
    for path in found:  # a file named twice, or inside a folder also named, is read once
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def load(path: Path) -> Document:
    """Read one document, text, PDF, Word or web page, into numbered lines (a PDF's lines know
    their page)."""
    if is_pdf(path):
        from dbreport.sources.pdf import page_texts

        return page_texts(path).document(path)
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

"""PDF documents: find the indicator table's pages cheaply, then read only those pages' cells.

A report is 50-100 pages and its table 5-7 pages at the end. pypdfium2 gives a page's text in a
few milliseconds, enough to spot the table header; pdfplumber, much slower, then reads the cells
of those pages alone. Ruled tables (Word's default) are cut along their ruling lines; a table
drawn without lines is cut along the positions of its header's words.

Both libraries run in child processes under a memory limit (dbreport.workers): whatever a
damaged or hostile file makes them do (raise, warn, abort, swell) costs that file alone, with
one sentence.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from dbreport import workers
from dbreport.errors import DbreportError, UnreadableSource
from dbreport.sources import Document, Line, document_date
from dbreport.sources.legacy import detect, from_tcvn3, vni_message
from dbreport.textnorm import fold, nfc

if TYPE_CHECKING:
    from dbreport.sources.ocr import Scanned


@dataclass
class PdfGrid:
    """The cells of one table on one page, below its header row(s)."""

    page: int | None
    header: list[str] | None  # the header cells, when this page repeats them
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)  # `Ghi chú: ...` lines under the table
    table: int | None = None  # a Word or HTML table's number (PDF grids go by page)
    lines: list[Line] | None = None  # each row's line, for a table copied as text
    ocr: list[list[Any]] | None = None  # a scanned table's cells as read (sources.ocr.ReadCell)


@dataclass
class PdfText:
    """Every page's text (pypdfium2), numbered as lines that keep their page; a scanned page's
    text is its OCR (`scanned`)."""

    pages: list[str]
    legacy: str | None = None  # "tcvn3" when the text was converted from that font encoding
    blank: list[int] = field(default_factory=list)  # pages without a usable text layer
    scanned: Scanned | None = None  # what the OCR read of the blank pages

    def with_ocr(self, scanned: Scanned) -> PdfText:
        pages = list(self.pages)
        for page in scanned.pages:
            pages[page.number - 1] = page.text
        return PdfText(pages, self.legacy, self.blank, scanned)

    def document(self, path: Path) -> Document:
        lines: list[Line] = []
        for number, text in enumerate(self.pages, start=1):
            for piece in text.splitlines():
                lines.append(Line(no=len(lines) + 1, text=piece, page=number))
        first = lines[0].text if lines else ""
        meta = {"encoding": "TCVN3"} if self.legacy == "tcvn3" else {}
        return Document(
            path, lines, document_date(path, first), kind="pdf", pages=len(self.pages), meta=meta
        )


def _open_error(path: Path, exc: Exception) -> UnreadableSource:
    message = str(exc).lower()
    if "password" in message or "encrypt" in message:
        return UnreadableSource(f"{path} is encrypted; open it with its password and save a copy.")
    return UnreadableSource(
        f"{path} cannot be read as a PDF (it is damaged, encrypted or not a PDF)."
    )


MAX_PAGES = 2000  # a report has 50-200; more is not a report (or is a trap)
MAX_SIDE = 14400.0  # points: 5.08 m, the largest page side the PDF standard allows

_T = TypeVar("_T")


def _in_child(path: Path, task: Callable[[], _T]) -> _T:
    """`task()` in a child under the memory limit; its death as one sentence about the file."""
    try:
        return workers.isolated(task)
    except workers.ChildDied as died:
        raise UnreadableSource(died.sentence(path)) from died


@contextmanager
def _reading(path: Path) -> Iterator[None]:
    """Whatever a library raises on a damaged file becomes one sentence about it; running out
    of memory stays MemoryError, which the child reports as such."""
    try:
        yield
    except (DbreportError, MemoryError):
        raise
    except Exception as exc:
        if _for_memory(exc):
            raise MemoryError(str(exc)) from exc
        if workers.debugging():
            import traceback

            traceback.print_exc()
        raise _open_error(path, exc) from exc


def _for_memory(exc: BaseException | None) -> bool:
    """pdfplumber wraps a MemoryError in its own exception."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, MemoryError):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def open_pdf(path: Path) -> Any:
    """The PDF as a pypdfium2 document (closed by the caller); whatever pdfium raises on a
    damaged or encrypted file becomes one sentence about it."""
    import pypdfium2 as pdfium

    with _reading(path):
        return pdfium.PdfDocument(str(path))


def page_texts(path: Path) -> PdfText:
    """All pages' text with pypdfium2 (fast); refuses encrypted, broken and oversized files.
    Pages without a usable text layer are listed in `blank` (`read_text` OCRs them)."""
    return _in_child(path, partial(_page_texts, path))


def read_text(path: Path, *, parallel: bool = True, reuse: bool = True) -> PdfText:
    """All pages' text, the scanned ones OCR'd (dbreport.sources.ocr). A scan that cannot be
    OCR'd here is refused with the command that installs the OCR; scanned pages among pages
    with text are left out with a notice."""
    from dbreport.sources import ocr

    text = page_texts(path)
    if not text.blank:
        return text
    if ocr.missing() is not None:
        if not any(usable(t) for t in text.pages):
            raise ocr.unreadable(path, text.blank, len(text.pages))
        from dbreport.limits import notice

        notice(f"{ocr.unreadable(path, text.blank, len(text.pages))} Those pages are not read.")
        return text
    return text.with_ocr(ocr.read_scanned(path, text.blank, parallel=parallel, reuse=reuse))


def _page_texts(path: Path) -> PdfText:
    import pypdfium2 as pdfium

    texts: list[str] = []
    blank: list[int] = []  # pages to OCR: an image, or a text layer of no use
    with _reading(path):  # pdfium raises PdfiumError for every kind of broken input
        pdf = pdfium.PdfDocument(str(path))
        try:
            if len(pdf) > MAX_PAGES:
                raise UnreadableSource(
                    f"{path} has {len(pdf)} pages; dbreport reads at most {MAX_PAGES}."
                )
            for i in range(len(pdf)):
                page = pdf[i]
                _check_size(path, i + 1, *page.get_size())
                textpage = page.get_textpage()
                texts.append(nfc(textpage.get_text_range()))
                textpage.close()
                if not usable(texts[-1]) and (texts[-1].strip() or _has_image(page)):
                    blank.append(i + 1)
                page.close()
        finally:
            pdf.close()
    if not any(usable(t) for t in texts):
        if not blank:
            raise UnreadableSource(f"{path} has no text layer and no page images; nothing to read.")
        return PdfText(texts, None, blank)
    legacy = detect("\n".join(texts))
    if legacy == "vni":
        raise UnreadableSource(vni_message(path))
    if legacy == "tcvn3":
        texts = [nfc(from_tcvn3(t)) for t in texts]
    return PdfText(texts, legacy, blank)


def _has_image(page: Any) -> bool:
    import pypdfium2.raw as pdfium_c

    return any(obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects(max_depth=2))


_READABLE = re.compile(r"[\w%‰.,;:()/<>≥≤+\-–]", re.UNICODE)


def usable(text: str) -> bool:
    """Whether a page's text layer is worth reading: some words, mostly letters, figures and
    punctuation (not the `(cid:12)` or private-use glyphs of a font without a Unicode map, nor a
    scanner's stray marks)."""
    visible = "".join(text.split())
    if len(visible) < 20:
        return False
    if visible.count("(cid:") * 6 > len(visible) / 4:
        return False
    readable = len(_READABLE.findall(visible))
    private = sum(1 for ch in visible if "\ue000" <= ch <= "\uf8ff" or ch == "\ufffd")
    return readable >= 0.7 * len(visible) and private <= 0.05 * len(visible)


def _check_size(path: Path, number: int, width: float, height: float) -> None:
    if width > MAX_SIDE or height > MAX_SIDE:
        cm = 2.54 / 72
        raise UnreadableSource(
            f"Page {number} of {path} measures {width * cm:.0f} × {height * cm:.0f} cm, larger "
            f"than the {MAX_SIDE * cm:.0f} × {MAX_SIDE * cm:.0f} cm the PDF standard allows."
        )


def header_pages(text: PdfText, is_header: Any) -> list[int]:
    """1-based pages whose text holds a table header (as judged by `is_header(lines, i)`)."""
    found = []
    for number, page in enumerate(text.pages, start=1):
        lines = [Line(no=i + 1, text=t, page=number) for i, t in enumerate(page.splitlines())]
        if any(is_header(lines, i) for i in range(len(lines))):
            found.append(number)
    return found


def _clean(cell: str | None) -> str:
    return nfc(cell or "")


def _ruled_grids(page: Any, number: int, ends: tuple[str, ...]) -> list[PdfGrid]:
    grids = []
    for table in page.find_tables():
        rows = [[_clean(c) for c in row] for row in table.extract()]
        if not rows:
            continue
        notes = _notes_below(page, table.bbox[3], ends)
        grids.append(PdfGrid(page=number, header=None, rows=rows, notes=notes))
    return grids


def _notes_below(page: Any, bottom: float, ends: tuple[str, ...]) -> list[str]:
    if bottom >= page.height - 1:
        return []
    below = page.crop((0, bottom, page.width, page.height)).extract_text() or ""
    lines = [nfc(line).strip() for line in below.splitlines() if line.strip()]
    if lines and fold(lines[0]).startswith(ends):
        return lines
    return []


def _visual_lines(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    lines: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) <= 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _borderless_grid(
    page: Any, number: int, header_words: frozenset[str], ends: tuple[str, ...]
) -> PdfGrid | None:
    """Cut a table without ruling lines along the x positions of its header's words."""
    lines = _visual_lines(page.extract_words(x_tolerance=1.5))
    start = next(
        (
            i
            for i, line in enumerate(lines)
            if fold(line[0]["text"]) in ("stt", "tt", "chi")
            and all(fold(w["text"]).strip("(),.:") in header_words or _yearish(w) for w in line)
        ),
        None,
    )
    if start is None:
        return None
    end = start
    while end + 1 < len(lines) and all(
        fold(w["text"]).strip("(),.:") in header_words or _yearish(w) for w in lines[end + 1]
    ):
        end += 1
    header_block = [w for line in lines[start : end + 1] for w in line]
    spans: list[list[float]] = []
    for word in sorted(header_block, key=lambda w: w["x0"]):
        if spans and word["x0"] <= spans[-1][1] + 3:
            spans[-1][1] = max(spans[-1][1], word["x1"])
        else:
            spans.append([word["x0"], word["x1"]])
    starts = [s[0] - 2 for s in spans]

    def column(word: dict[str, Any]) -> int:
        return max(0, sum(1 for x in starts if word["x0"] >= x) - 1)

    header = [""] * len(starts)
    for line in lines[start : end + 1]:
        for word in line:
            c = column(word)
            header[c] = f"{header[c]}\n{word['text']}".strip()
    body = lines[end + 1 :]
    gaps = [b[0]["top"] - a[0]["top"] for a, b in itertools.pairwise(body)]
    pitch = min(gaps) if gaps else 0.0  # line pitch inside a cell; rows are further apart
    rows: list[list[str]] = []
    notes: list[str] = []
    previous_top: float | None = None
    for line in body:
        text = " ".join(w["text"] for w in line)
        if notes or fold(text).startswith(ends):
            notes.append(nfc(text))
            continue
        starts_row = (
            previous_top is None
            or line[0]["top"] - previous_top > pitch * 1.4
            or any(column(w) == 0 for w in line)
        )
        previous_top = line[0]["top"]
        if starts_row:
            rows.append([""] * len(starts))
        on_this_line: set[int] = set()
        for word in line:
            c = column(word)
            cell = rows[-1][c]
            glue = " " if c in on_this_line else "\n"
            rows[-1][c] = f"{cell}{glue}{word['text']}" if cell else word["text"]
            on_this_line.add(c)
    return PdfGrid(number, header, [[nfc(c) for c in r] for r in rows], notes)


def _yearish(word: dict[str, Any]) -> bool:
    return re.fullmatch(r"\(?(19|20)\d{2}\)?|[ivxIVX]+", word["text"]) is not None


def _read_pages(
    path: Path,
    numbers: list[int],
    header_words: frozenset[str],
    ends: tuple[str, ...],
    header_pages: frozenset[int],
) -> list[PdfGrid]:
    """The grids of these pages, read in one child."""
    return _in_child(
        path, partial(_grids_of_pages, path, numbers, header_words, ends, header_pages)
    )


def _grids_of_pages(
    path: Path,
    numbers: list[int],
    header_words: frozenset[str],
    ends: tuple[str, ...],
    header_pages: frozenset[int],
) -> list[PdfGrid]:
    import pdfplumber

    grids: list[PdfGrid] = []
    with _reading(path), pdfplumber.open(path) as pdf:
        for number in numbers:
            if number > len(pdf.pages):
                break
            page = pdf.pages[number - 1]
            _check_size(path, number, float(page.width), float(page.height))
            found = _ruled_grids(page, number, ends)
            if not found and number in header_pages:
                borderless = _borderless_grid(page, number, header_words, ends)
                found = [borderless] if borderless else []
            page.close()
            grids.extend(found)
    return grids


def _in_parallel(
    path: Path,
    numbers: list[int],
    header_words: frozenset[str],
    ends: tuple[str, ...],
    header_pages: frozenset[int],
) -> list[PdfGrid]:
    """Pages shared out over the cores, one child a share (forked children inherit the loaded
    libraries)."""
    count = min(workers.worker_count(), len(numbers))
    if count < 2 or not workers.can_fork():
        return _read_pages(path, numbers, header_words, ends, header_pages)
    import pdfplumber  # noqa: F401 - loaded once here, inherited by the children

    shares = [numbers[i::count] for i in range(count)]
    tasks = [partial(_grids_of_pages, path, s, header_words, ends, header_pages) for s in shares]
    grids: list[PdfGrid] = []
    for answer in in_children(path, tasks, count):
        grids.extend(answer)
    return sorted(grids, key=lambda g: g.page or 0)


def in_children(path: Path, tasks: Sequence[Callable[[], _T]], count: int) -> Iterator[_T]:
    """Each task's value as it finishes, each in a child under the memory limit, `count` at a
    time; a child's death is one sentence about the file."""
    if count < 2 or not workers.can_fork():
        for task in tasks:
            yield _in_child(path, task)
        return
    with closing(workers.run(tasks, count)) as answers:
        for _, answer in answers:
            if isinstance(answer, workers.ChildDied):
                raise UnreadableSource(answer.sentence(path)) from answer
            if isinstance(answer, BaseException):
                raise answer
            yield answer


def read_grids(
    path: Path,
    pages: list[int],
    header_words: frozenset[str],
    ends: tuple[str, ...],
    *,
    parallel: bool = True,
) -> list[PdfGrid]:
    """The table cells of the pages from the first to the last header page, then of the pages
    after it for as long as the table carries on (a header not repeated on every page)."""
    marked = frozenset(pages)
    span = list(range(pages[0], pages[-1] + 1))
    grids = (
        _in_parallel(path, span, header_words, ends, marked)
        if parallel and len(span) >= _PARALLEL_FROM
        else _read_pages(path, span, header_words, ends, marked)
    )
    number = pages[-1]
    last = [g for g in grids if g.page == number]
    while last and not any(g.notes for g in last):
        number += 1
        last = _read_pages(path, [number], header_words, ends, marked)
        grids.extend(last)
    return grids


_PARALLEL_FROM = 3  # fewer pages than this are not worth a worker's start-up

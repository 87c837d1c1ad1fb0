"""Scanned PDFs: pages without a text layer read by Tesseract's Vietnamese model.

Tesseract is used through tesserocr, its C API: the model loads once per page's process (about
50 ms), every word comes with its box and its confidence, and a table's cells are read one by
one with `SetRectangle` on the page already in memory, with no program started per cell (the
cost that rules out pytesseract for cell-by-cell reading) and no PDF written (ocrmypdf's job,
which would still leave the table to be found).

1. A low-resolution pass (100 dpi, no OCR) finds the pages whose image holds a ruled table
   (two rows of three cells or more: a page that carries on a table may hold one row),
   the pages at the end first, shared over the cores.
2. Each page is then rendered at 300 dpi in its own process, straightened, cleaned of specks;
   a table page is cut along its ruling lines and OCR'd cell by cell (a cell's confidence is its
   least sure word's); any other page is OCR'd as prose. Table pages go first.
3. The whole result is cached under the file's digest (`dbreport.cache`, kind `ocr`): the OCR
   is the slow step, and every later command reads the cached pages.
"""

from __future__ import annotations

import os
import re
from functools import cache, partial
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter

from dbreport import workers
from dbreport.errors import UnreadableSource
from dbreport.sources.pdf import in_children, open_pdf
from dbreport.textnorm import nfc

INSTALL = "apt-get install tesseract-ocr tesseract-ocr-vie"
LANGUAGE = "vie"
FULL_DPI = 300
LOW_DPI = 100
SECONDS_PER_PAGE = 30.0  # what the per-document time limit grows by for each page OCR'd
_SEARCHED = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)


class ReadCell(BaseModel):
    """One table cell as the OCR read it: the text (lines joined by a newline) and the
    confidence (0-100) of its least sure word; None for an empty cell."""

    text: str = ""
    confidence: int | None = None


class ScannedPage(BaseModel):
    number: int
    text: str  # the page's lines, a table's rows as tab-separated cells
    angle: float = 0.0  # degrees the page was turned back by
    dpi: int = FULL_DPI
    confidence: int | None = None  # the mean word confidence of the page
    tables: list[list[list[ReadCell | None]]] = []  # each table's rows (None: a merged cell)
    below: list[str] = []  # the lines under the page's last table


class Scanned(BaseModel):
    """What the OCR read of a PDF's pages that have no usable text layer."""

    engine: str
    pages: list[ScannedPage]


# ----------------------------------------------------------------------------- the engine


@cache
def tessdata() -> Path | None:
    """The folder holding Tesseract's Vietnamese model: $TESSDATA_PREFIX, else the places
    Debian, Fedora, Homebrew and a source install put it."""
    candidates = [os.environ.get("TESSDATA_PREFIX", "")]
    candidates += list(_SEARCHED)
    for base in candidates:
        if not base:
            continue
        for folder in (Path(base), Path(base) / "tessdata"):
            if (folder / f"{LANGUAGE}.traineddata").is_file():
                return folder
    return None


def missing() -> str | None:
    """Why OCR cannot run here (a sentence naming the fix), None when it can."""
    if os.environ.get("DBREPORT_OCR", "").strip().lower() in ("off", "0", "no", "false"):
        return "OCR is turned off (DBREPORT_OCR=off)"
    try:
        import cv2  # noqa: F401
        import tesserocr  # noqa: F401
    except ImportError:
        return "the OCR extra is not installed (`pip install 'dbreport[ocr]'`)"
    if tessdata() is None:
        return (
            f"Tesseract's Vietnamese model is not installed (`{INSTALL}`, or set "
            "TESSDATA_PREFIX to the folder holding vie.traineddata)"
        )
    return None


def engine() -> str:
    import tesserocr

    version = str(tesserocr.tesseract_version()).split()[1]
    return f"tesseract {version} ({LANGUAGE}, {FULL_DPI} dpi)"


def unreadable(path: Path, pages: list[int], total: int) -> UnreadableSource:
    """The sentence for scanned pages that cannot be OCR'd here."""
    why = missing() or "OCR is not available"
    what = "has no text layer" if len(pages) == total else f"has {len(pages)} scanned page(s)"
    return UnreadableSource(f"{path} {what}; it looks scanned, and {why}.")


# ----------------------------------------------------------------------------- reading


def read_scanned(
    path: Path, numbers: list[int], *, parallel: bool = True, reuse: bool = True
) -> Scanned:
    """The OCR of these pages of `path` (1-based), from the cache when it holds them."""
    from dbreport.cache import ResultCache, file_digest

    cache: ResultCache[Scanned] = ResultCache(
        "ocr", TypeAdapter(Scanned), f"{engine()}|{','.join(map(str, numbers))}", reuse=reuse
    )
    try:
        digest: str | None = file_digest(path)
    except OSError:
        digest = None
    found = cache.get(digest) if digest else None
    if found is not None:
        return found
    workers.extend_deadline(SECONDS_PER_PAGE * len(numbers))
    result = _read(path, numbers, parallel)
    if digest:
        cache.put(digest, result)
    return result


def _read(path: Path, numbers: list[int], parallel: bool) -> Scanned:
    count = min(workers.worker_count(), len(numbers)) if parallel else 1
    tables = set(_table_pages(path, numbers, count))
    order = sorted(numbers, key=lambda n: (n not in tables, -n))  # tables first, the end first
    tasks = [partial(_read_page, path, n, n in tables) for n in order]
    pages: list[ScannedPage] = []
    for answer in in_children(path, tasks, count):
        pages.append(answer)
    return Scanned(engine=engine(), pages=sorted(pages, key=lambda p: p.number))


def _table_pages(path: Path, numbers: list[int], count: int) -> list[int]:
    """The pages whose low-resolution image holds a ruled table, looked at from the end."""
    backwards = sorted(numbers, reverse=True)
    shares = [backwards[i::count] for i in range(max(1, count))]
    tasks = [partial(_ruled_pages, path, share) for share in shares if share]
    found: list[int] = []
    for answer in in_children(path, tasks, count):
        found.extend(answer)
    return found


def _ruled_pages(path: Path, numbers: list[int]) -> list[int]:
    from dbreport.sources import scan

    pdf = open_pdf(path)
    found = []
    try:
        for number in numbers:
            page = pdf[number - 1]
            gray, dpi = scan.render(page, LOW_DPI)
            page.close()
            gray = scan.straighten(gray, scan.skew(gray, dpi))
            tables = scan.table_cells(scan.ruling(gray, dpi), dpi)
            if any(max(len(r) for r in t) >= 3 for t in tables):  # 2+ rows, 3+ columns
                found.append(number)
    finally:
        pdf.close()
    return found


def _read_page(path: Path, number: int, with_tables: bool) -> ScannedPage:
    """One page at full resolution: straightened, cleaned, its tables cell by cell, the rest as
    prose."""
    import tesserocr
    from PIL import Image

    from dbreport.sources import scan

    pdf = open_pdf(path)
    try:
        page = pdf[number - 1]
        gray, dpi = scan.render(page, FULL_DPI)
        page.close()
    finally:
        pdf.close()
    angle = scan.skew(gray, dpi)
    gray = scan.straighten(gray, angle)
    ruled = scan.ruling(gray, dpi)
    clean = scan.clean_page(gray, ruled)
    boxes = scan.table_cells(ruled, dpi) if with_tables else []
    with tesserocr.PyTessBaseAPI(
        path=str(tessdata()), lang=LANGUAGE, psm=tesserocr.PSM.SINGLE_BLOCK
    ) as api:
        tables = [
            [[_cell(api, box, clean, ruled, dpi) if box else None for box in row] for row in grid]
            for grid in boxes
        ]
        prose = clean.copy()
        for grid in boxes:
            x0, top, x1, bottom = _extent(grid)
            prose[top : bottom + 1, x0 : x1 + 1] = 255
        api.SetPageSegMode(tesserocr.PSM.AUTO)
        api.SetImage(Image.fromarray(prose))
        api.SetSourceResolution(dpi)
        lines = _prose_lines(api)
        confidence = int(api.MeanTextConf())
    placed = list(lines)
    for grid, cells in zip(boxes, tables, strict=True):
        for row, row_cells in zip(grid, cells, strict=True):
            top = min(b[1] for b in row if b)
            text = "\t".join(_flat(c) for c in row_cells)
            placed.append((top, text))
    placed.sort(key=lambda item: item[0])
    last_bottom = max((_extent(g)[3] for g in boxes), default=None)
    below = [t for y, t in lines if last_bottom is not None and y > last_bottom]
    return ScannedPage(
        number=number,
        text="\n".join(t for _, t in placed),
        angle=angle,
        dpi=dpi,
        confidence=confidence if lines or tables else None,
        tables=tables,
        below=below,
    )


def _extent(grid: list[list[tuple[int, int, int, int] | None]]) -> tuple[int, int, int, int]:
    boxes = [b for row in grid for b in row if b]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _flat(cell: ReadCell | None) -> str:
    return "" if cell is None else cell.text.replace("\n", " ")


_JUNK = re.compile(r"^[^\w%‰<>≥≤+\-–()/]{1,3}$")  # a speck read as a stray mark
# marks a cell never starts with: before a figure, and (quotes aside) before a word
_LEADING = re.compile(r"^(?:[`'\"“”‘’.:;|*°_~]+(?=[\d<>≥≤+\-–])|[`:;|*°_~]+(?=\w))")
_TRAILING = re.compile(r"(?<=[\d%‰])[`'\"“”‘’.,:;|*°_~]+$")  # after a figure


def _words(api: Any) -> list[tuple[str, int, tuple[int, int, int, int]]]:
    import tesserocr

    level = tesserocr.RIL.WORD
    words = []
    iterator = api.GetIterator()
    if iterator is None:
        return []
    for word in tesserocr.iterate_level(iterator, level):
        try:
            text = word.GetUTF8Text(level)
        except RuntimeError:  # tesserocr raises on a word without text
            continue
        box = word.BoundingBox(level)
        if not text or not text.strip() or box is None:
            continue
        confidence = round(word.Confidence(level))
        words.append((nfc(text.strip()), confidence, tuple(box)))
    return _without_marks(words)


def _without_marks(
    words: list[tuple[str, int, tuple[int, int, int, int]]],
) -> list[tuple[str, int, tuple[int, int, int, int]]]:
    """Marks a speck leaves: a word of one to three stray marks (kept when it is all the cell
    holds and the OCR is sure of it: a `-` for "none"), a dash beside a figure, a mark stuck
    before or after a figure."""
    kept = []
    figures = any(any(ch.isdigit() for ch in w[0]) for w in words)
    for text, confidence, box in words:
        if _JUNK.match(text) and (len(words) > 1 or confidence < 60):
            continue
        if text in ("-", "–", "_", "~") and figures:
            continue  # a dash beside a figure in the same cell: a speck or a rule's stub
        kept.append((_TRAILING.sub("", _LEADING.sub("", text)), confidence, box))
    return kept


def _cell(api: Any, box: tuple[int, int, int, int], clean: Any, ruled: Any, dpi: int) -> ReadCell:
    """A cell read on its own, with a white margin as Tesseract wants, as a block of lines; a
    line of ink the block reading left out (a short first line such as `Tỷ` above `đồng`) is
    read again on its own."""
    import numpy as np
    import tesserocr
    from PIL import Image

    from dbreport.sources import scan

    if not scan.has_ink(ruled, box, dpi):
        return ReadCell()
    x0, top, x1, bottom = box
    inset, margin = 1, max(4, dpi // 25)
    inner = (x0 + inset, top + inset, x1 - inset, bottom - inset)
    if inner[2] - inner[0] < 4 or inner[3] - inner[1] < 4:
        return ReadCell()
    crop = np.pad(clean[inner[1] : inner[3], inner[0] : inner[2]], margin, constant_values=255)
    api.SetImage(Image.fromarray(crop))
    api.SetSourceResolution(dpi)
    width = crop.shape[1]
    words = _read_box(api, (0, 0, width, crop.shape[0]), tesserocr.PSM.SINGLE_BLOCK)
    bands = scan.ink_lines(ruled, inner, dpi)
    if len(bands) > _in_lines(words).count("\n") + 1:
        by_line = [
            word
            for low, high in bands
            for word in _read_box(
                api,
                (0, low - inner[1] + margin, width, high - inner[1] + margin),
                tesserocr.PSM.SINGLE_LINE,
            )
        ]
        if sum(len(w[0]) for w in by_line) > sum(len(w[0]) for w in words):
            words = by_line
    if len(bands) <= 1 and (not words or min(w[1] for w in words) < _RETRY_UNDER):
        words = _surest(words, _one_line_readings(api, (0, 0, width, crop.shape[0]), words))
    if not words:
        return ReadCell(text="", confidence=0)
    return ReadCell(text=_in_lines(words), confidence=min(w[1] for w in words))


_RETRY_UNDER = 85  # a one-line cell read with less confidence is read again as a line
_FIGURE_CHARACTERS = "0123456789.,%‰-+<>≥≤()/~ "


def _one_line_readings(api: Any, box: tuple[int, int, int, int], first: list[Any]) -> list[Any]:
    """A short cell read again as one line; and, when it looks like a figure, as one line of
    figure characters only (Tesseract's LSTM honours the whitelist)."""
    import tesserocr

    readings = [_read_box(api, box, tesserocr.PSM.SINGLE_LINE)]
    text = " ".join(w[0] for w in first)
    if not first or sum(ch.isdigit() for ch in text) >= max(1, len(text) // 3):
        api.SetVariable("tessedit_char_whitelist", _FIGURE_CHARACTERS)
        try:
            readings.append(_read_box(api, box, tesserocr.PSM.SINGLE_LINE))
        finally:
            api.SetVariable("tessedit_char_whitelist", "")
    return readings


def _surest(first: list[Any], others: list[list[Any]]) -> list[Any]:
    """The reading whose least sure word is surest (the first one on a tie)."""
    best = first
    for other in others:
        if other and (not best or min(w[1] for w in other) > min(w[1] for w in best)):
            best = other
    return best


def _read_box(
    api: Any, box: tuple[int, int, int, int], mode: int
) -> list[tuple[str, int, tuple[int, int, int, int]]]:
    x0, top, x1, bottom = box
    if x1 - x0 < 4 or bottom - top < 4:
        return []
    api.SetPageSegMode(mode)
    api.SetRectangle(x0, top, x1 - x0, bottom - top)
    try:
        api.Recognize()
    except RuntimeError:
        return []
    return _words(api)


def _in_lines(words: list[tuple[str, int, tuple[int, int, int, int]]]) -> str:
    """Words in reading order: a line is the words whose middles fall within the first one's
    height; lines top to bottom, words left to right."""
    lines: list[list[tuple[str, int, tuple[int, int, int, int]]]] = []
    for word in sorted(words, key=lambda w: (w[2][1] + w[2][3]) / 2):
        middle = (word[2][1] + word[2][3]) / 2
        if lines:
            first = lines[-1][0][2]
            if first[1] <= middle <= first[3]:
                lines[-1].append(word)
                continue
        lines.append([word])
    return "\n".join(" ".join(w[0] for w in sorted(line, key=lambda w: w[2][0])) for line in lines)


def _prose_lines(api: Any) -> list[tuple[int, str]]:
    """The page's text lines outside its tables, each with its top (pixels)."""
    import tesserocr

    try:
        api.Recognize()
    except RuntimeError:
        return []
    level = tesserocr.RIL.TEXTLINE
    iterator = api.GetIterator()
    if iterator is None:
        return []
    lines = []
    for line in tesserocr.iterate_level(iterator, level):
        try:
            text = line.GetUTF8Text(level)
        except RuntimeError:
            continue
        box = line.BoundingBox(level)
        text = nfc(" ".join(text.split()))
        if text and box is not None and not _JUNK.match(text):
            lines.append((int(box[1]), text))
    return lines

"""Word files and saved web pages: paragraphs as numbered lines, tables as grids of cells.

A Word file states its table cells: merged cells (`gridSpan` across, `vMerge` down) come out as
`None` in the cells they cover, as a PDF's merged cells do, so the same grid reader names the
columns and builds the records. Tracked changes are read as accepted (insertions kept, deletions
dropped); text boxes and footnotes are kept as lines after the body, marked as such. A web page's
tables honour `rowspan` and `colspan`; its text leaves out scripts, styles, menus, headers and
footers. An old `.doc` is converted to `.docx` by LibreOffice, when it is installed.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dbreport.errors import UnreadableSource
from dbreport.sources import Document, Line, document_date
from dbreport.sources.pdf import PdfGrid
from dbreport.textnorm import nfc, squeeze

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: an old .doc, or an encrypted .docx
_DOC_TIMEOUT = 120
_SKIP_HTML = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe")


# -- Word ---------------------------------------------------------------------------------------
def _text(element: Any) -> str:
    """The accepted text of a paragraph or cell: inserted runs kept, deleted runs dropped."""
    parts: list[str] = []
    for node in element.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}delText"):
        if node.tag == f"{_W}delText":
            continue
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        elif node.tag == f"{_W}tab":
            parts.append(" ")
        else:
            parts.append("\n")
    return nfc("".join(parts))


def _cell_text(tc: Any) -> str:
    """A cell's paragraphs, one a line; a table nested in it is read as a table of its own."""
    lines = [squeeze(_text(p)) for p in tc.iterchildren(f"{_W}p") if squeeze(_text(p))]
    return "\n".join(lines)


def _grid(tbl: Any, number: int) -> PdfGrid:
    """A Word table as rows of cells; a merged cell's text in its first cell, None elsewhere."""
    rows: list[list[str | None]] = []
    for tr in tbl.iterchildren(f"{_W}tr"):
        row: list[str | None] = []
        for tc in tr.iterchildren(f"{_W}tc"):
            props = tc.find(f"{_W}tcPr")
            span = 1
            merged_down = False
            if props is not None:
                grid_span = props.find(f"{_W}gridSpan")
                if grid_span is not None:
                    span = _span(grid_span.get(f"{_W}val"))
                v_merge = props.find(f"{_W}vMerge")
                if v_merge is not None and v_merge.get(f"{_W}val", "continue") != "restart":
                    merged_down = True
            row.append(None if merged_down else _cell_text(tc))
            row.extend([None] * (span - 1))
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    padded = [[*r, *([None] * (width - len(r)))] for r in rows]
    return PdfGrid(page=None, header=None, rows=padded, table=number)  # type: ignore[arg-type]


def _nested_tables(tbl: Any) -> Iterator[Any]:
    """The tables inside this table's own cells, each once, depth first."""
    for tr in tbl.iterchildren(f"{_W}tr"):
        for tc in tr.iterchildren(f"{_W}tc"):
            for inner in tc.iterchildren(f"{_W}tbl"):
                yield inner
                yield from _nested_tables(inner)


def _blocks(element: Any) -> Iterator[Any]:
    """Paragraphs and tables in reading order, also inside content controls and the like
    (LibreOffice and Word wrap blocks in `w:sdt`), never inside a table."""
    for child in element.iterchildren():
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif child.tag not in (f"{_W}sectPr",):
            yield from _blocks(child)


def read_docx(path: Path, shown_as: Path | None = None) -> tuple[Document, list[PdfGrid]]:
    """A .docx file's paragraphs (one line each, numbered) and its tables (as grids)."""
    import docx

    shown = shown_as or path
    with path.open("rb") as fh:
        if fh.read(8) == _OLE:
            raise UnreadableSource(
                f"{shown} is encrypted; open it in Word with its password and save a copy."
            )
    try:
        word = docx.Document(str(path))
    except Exception as exc:  # BadZipFile, KeyError, PackageNotFoundError…: not a sound .docx
        raise UnreadableSource(f"{shown} cannot be read as a Word file (it is damaged).") from exc
    body = word.element.body
    if body is None:
        raise UnreadableSource(f"{shown} cannot be read as a Word file (it is damaged).")
    lines: list[Line] = []
    grids: list[PdfGrid] = []
    extra: list[str] = []

    def add(text: str, **where: int) -> None:
        for piece in text.split("\n"):
            lines.append(Line(no=len(lines) + 1, text=squeeze(piece), **where))

    for child in _blocks(body):
        if child.tag == f"{_W}p":
            add(_text(child))
            for box in child.iter(f"{_W}txbxContent"):
                extra.extend(squeeze(_text(p)) for p in box.iter(f"{_W}p") if _text(p).strip())
        elif child.tag == f"{_W}tbl":
            grids.append(_grid(child, len(grids) + 1))
            table_no = grids[-1].table or 0
            for inner in _nested_tables(child):
                grids.append(_grid(inner, len(grids) + 1))
            lines.append(Line(no=len(lines) + 1, text="", table=table_no))
    footnotes = _footnotes(word)
    if extra:
        add("[Hộp văn bản / text boxes]")
        for text in extra:
            add(text)
    if footnotes:
        add("[Chú thích / footnotes]")
        for text in footnotes:
            add(text)
    first = lines[0].text if lines else ""
    document = Document(shown, lines, document_date(shown, first), kind="docx")
    return document, grids


def _footnotes(word: Any) -> list[str]:
    for rel in word.part.rels.values():
        if rel.reltype.endswith("/footnotes"):
            from lxml import etree

            root = etree.fromstring(rel.target_part.blob)
            notes = []
            for note in root.iter(f"{_W}footnote"):
                if note.get(f"{_W}type") in ("separator", "continuationSeparator"):
                    continue
                text = squeeze(" ".join(_text(p) for p in note.iter(f"{_W}p")))
                if text:
                    notes.append(text)
            return notes
    return []


def read_doc(path: Path) -> tuple[Document, list[PdfGrid]]:
    """An old Word 97 .doc, converted to .docx by LibreOffice in a temporary folder."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise UnreadableSource(
            f"{path} is an old Word 97 (.doc) file; save it as .docx in Word, or install "
            "LibreOffice (`apt-get install libreoffice-writer`) so dbreport can convert it."
        )
    with tempfile.TemporaryDirectory(prefix="dbreport-doc-") as tmp:
        try:
            subprocess.run(
                [soffice, "--headless", "--convert-to", "docx", "--outdir", tmp, str(path)],
                check=True,
                capture_output=True,
                timeout=_DOC_TIMEOUT,
                env={"HOME": tmp, "PATH": "/usr/bin:/bin"},
            )
        except subprocess.TimeoutExpired as exc:
            raise UnreadableSource(
                f"{path} could not be converted by LibreOffice within {_DOC_TIMEOUT} s."
            ) from exc
        except (subprocess.CalledProcessError, OSError) as exc:
            raise UnreadableSource(f"{path} could not be converted by LibreOffice.") from exc
        converted = Path(tmp) / (path.stem + ".docx")
        if not converted.is_file():
            raise UnreadableSource(f"{path} could not be converted by LibreOffice.")
        return read_docx(converted, shown_as=path)


# -- web pages ----------------------------------------------------------------------------------
def _cell(element: Any) -> str:
    """A cell's text, one line per `<br>`; a table nested in it is left out (it is read as a
    table of its own)."""
    if element.find(".//table") is not None:
        element = copy.deepcopy(element)
        for inner in list(element.iter("table")):
            inner.drop_tree()
    for br in element.iter("br"):
        br.tail = "\n" + (br.tail or "")
    text = element.text_content()
    return "\n".join(squeeze(p) for p in nfc(text).split("\n") if squeeze(p))


def _html_grid(table: Any, number: int) -> PdfGrid:
    """An HTML table as rows of cells, `rowspan` and `colspan` spread: the text in the first
    cell a merge covers, None in the others (as a Word or PDF table's merges)."""
    grid: dict[tuple[int, int], str | None] = {}
    width = 0
    rows = [tr for tr in table.iter("tr") if tr.getparent() is not None and _own(tr, table)]
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while (r, c) in grid:
                c += 1
            colspan = _span(cell.get("colspan"))
            rowspan = min(_span(cell.get("rowspan")), len(rows) - r)
            text = _cell(cell)
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = text if (dr, dc) == (0, 0) else None
            c += colspan
            width = max(width, c)
    out = [[grid.get((r, c)) for c in range(width)] for r in range(len(rows))]
    return PdfGrid(page=None, header=None, rows=out, table=number)  # type: ignore[arg-type]


def _own(tr: Any, table: Any) -> bool:
    parent = tr.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent is table


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100))
    except ValueError:
        return 1


_CHARSET = re.compile(rb"charset\s*=|encoding\s*=", re.IGNORECASE)
_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "section", "article"}


def read_html(path: Path) -> tuple[Document, list[PdfGrid]]:
    """A saved web page: its text (menus, scripts, footers left out) and its tables."""
    import lxml.html
    from lxml import etree

    data = path.read_bytes()
    parser = None
    if not _CHARSET.search(data[:4096]):
        try:  # no declared charset: UTF-8 if it decodes as such (libxml2 would assume Latin-1)
            data.decode("utf-8")
            parser = lxml.html.HTMLParser(encoding="utf-8")
        except UnicodeDecodeError:
            parser = None
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableSource(f"{path} cannot be read as a web page (it is empty).") from exc
    for bad in root.iter(*_SKIP_HTML):
        bad.drop_tree()
    for comment in root.iter(etree.Comment):
        comment.drop_tree()
    title = squeeze(nfc(root.findtext(".//title") or ""))
    date = _page_date(root)
    tables = list(root.iter("table"))
    grids = [_html_grid(t, k) for k, t in enumerate(tables, start=1)]
    for table in tables:
        if table.getparent() is not None:
            marker = etree.Element("p")
            marker.text = ""
            table.addprevious(marker)
            table.drop_tree()
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
        if element.tag != "br":
            element.text = "\n" + (element.text or "")
    body = root.find("body")
    text = nfc((body if body is not None else root).text_content())
    pieces = [squeeze(p) for p in text.split("\n")]
    lines: list[Line] = []
    if date:
        lines.append(Line(no=1, text=f" date {date}"))
    if title:
        lines.append(Line(no=len(lines) + 1, text=title))
    for piece in pieces:
        if piece or (lines and lines[-1].text):
            lines.append(Line(no=len(lines) + 1, text=piece))
    first = lines[0].text if lines else ""
    document = Document(path, lines, document_date(path, first), kind="html")
    return document, grids


_DATE = re.compile(r"((?:19|20)\d{2})-(\d{2})-(\d{2})")


def _page_date(root: Any) -> str | None:
    """The page's date from its metadata (`article:published_time`, `<time datetime>`), else
    none (the document's date then comes from its first line or its file name)."""
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in ("article:published_time", "datepublished", "pubdate", "date"):
            m = _DATE.search(meta.get("content") or "")
            if m:
                return "-".join(m.groups())
    for time in root.iter("time"):
        m = _DATE.search(time.get("datetime") or "")
        if m:
            return "-".join(m.groups())
    return None

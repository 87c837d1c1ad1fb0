"""PDF documents, read page by page into lines that carry their page number.

This is the plain path (every page's text through pdfplumber); the fast path that locates the
table pages first and reads ruled tables cell by cell is planned separately.
"""

from __future__ import annotations

from pathlib import Path

from dbreport.errors import UnreadableSource
from dbreport.sources import Document, Line, document_date
from dbreport.textnorm import nfc


def load_pdf(path: Path) -> Document:
    import pdfplumber

    lines: list[Line] = []
    try:
        with pdfplumber.open(path) as pdf:
            pages = len(pdf.pages)
            for number, page in enumerate(pdf.pages, start=1):
                text = nfc(page.extract_text() or "")
                for piece in text.split("\n"):
                    lines.append(Line(no=len(lines) + 1, text=piece, page=number))
                page.close()
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        raise UnreadableSource(
            f"{path} cannot be read as a PDF (it is damaged, encrypted or not a PDF)."
        ) from exc
    if not any(line.text.strip() for line in lines):
        raise UnreadableSource(f"{path} has no text layer; it looks scanned — run OCR first.")
    first = lines[0].text if lines else ""
    return Document(
        path=path, lines=lines, date=document_date(path, first), kind="pdf", pages=pages
    )

"""PDFs built to exhaust the reader: a decompression bomb, too many pages, a page too large.

Each file is written by hand here (objects, a cross-reference table, a FlateDecode content
stream), so that what it holds is plain from the test.
"""

from __future__ import annotations

import json
import sys
import zlib
from pathlib import Path

import pytest

from dbreport.errors import UnreadableSource
from dbreport.sources import pdf
from tests.conftest import PDFS, run_cli

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the memory limit is RLIMIT_AS, read from /proc"
)

TEXT = b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET\n"


def pdf_bytes(
    content: bytes, *, pages: int = 1, mediabox: tuple[float, ...] = (0, 0, 595, 842)
) -> bytes:
    """A PDF of `pages` pages sharing one FlateDecode content stream (already compressed)."""
    box = " ".join(str(v) for v in mediabox)
    stream, font = 3 + pages, 4 + pages
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        *(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [{box}] /Contents {stream} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode()
            for _ in range(pages)
        ),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
        + content
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def bomb_stream(megabytes: int) -> bytes:
    """A zlib stream of a line of text and then `megabytes` MB of spaces, about 1,000 times
    smaller than what it inflates to. Built in a tenth of a second: after a full flush the
    compressor starts afresh, so one compressed megabyte repeated is the whole stream."""
    chunk = b" " * (1 << 20)
    first = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = first.compress(TEXT) + first.flush(zlib.Z_FULL_FLUSH)
    repeat = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = repeat.compress(chunk) + repeat.flush(zlib.Z_FULL_FLUSH)
    end = zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    checksum = zlib.adler32(TEXT)
    for _ in range(megabytes):
        checksum = zlib.adler32(chunk, checksum)
    return b"\x78\xda" + head + block * megabytes + end + checksum.to_bytes(4, "big")


def test_the_bomb_is_what_it_claims() -> None:
    stream = bomb_stream(3)
    inflated = zlib.decompress(stream)
    assert inflated == TEXT + b" " * (3 << 20)
    assert len(bomb_stream(200)) < 300_000  # 200 MB inflated


@linux_only
def test_a_decompression_bomb_stops_with_a_sentence_and_the_batch_goes_on(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    bomb = folder / "bomb.pdf"
    bomb.write_bytes(pdf_bytes(bomb_stream(100)))  # 100 MB of spaces in a 0.1 MB file
    (folder / "good.pdf").write_bytes((PDFS / "report_word_export.pdf").read_bytes())
    low = {"DBREPORT_PDF_MEMORY_MB": "64"}

    alone = run_cli("gaps", str(bomb), "--no-cache", env=low)
    assert alone.returncode == 1
    assert alone.stderr == (
        f"dbreport: {bomb} needs more than 64 MB of memory to read "
        "(DBREPORT_PDF_MEMORY_MB sets the limit).\n"
    )

    batch = run_cli("gaps", str(folder), "--no-cache", "-f", "json", env=low)
    assert batch.returncode == 1
    assert batch.stderr == (
        f"dbreport: skipped bomb.pdf: {bomb} needs more than 64 MB of memory to read "
        "(DBREPORT_PDF_MEMORY_MB sets the limit).\n"
    )
    rows = json.loads(batch.stdout)
    assert {r["source"]["document"] for r in rows} == {"good.pdf"} and len(rows) > 10

    # under a limit it fits in, the same file is read: it is the limit that stopped it
    roomy = run_cli("gaps", str(bomb), "--no-cache", env={"DBREPORT_PDF_MEMORY_MB": "1024"})
    assert roomy.returncode == 1
    assert roomy.stderr.startswith(f"dbreport: No indicator table was found in {bomb}")


@linux_only
def test_pdfminer_out_of_memory_is_the_same_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pdfplumber wraps the MemoryError in its own exception; it is still memory, not damage."""
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(pdf_bytes(bomb_stream(100)))
    monkeypatch.setenv("DBREPORT_PDF_MEMORY_MB", "64")
    with pytest.raises(UnreadableSource) as caught:
        pdf._read_pages(bomb, [1], frozenset({"stt"}), (), frozenset({1}))
    assert str(caught.value) == (
        f"{bomb} needs more than 64 MB of memory to read (DBREPORT_PDF_MEMORY_MB sets the limit)."
    )


def test_too_many_pages_are_refused(tmp_path: Path) -> None:
    many = tmp_path / "many.pdf"
    many.write_bytes(pdf_bytes(zlib.compress(TEXT), pages=pdf.MAX_PAGES + 1))
    result = run_cli("gaps", str(many), "--no-cache")
    assert result.returncode == 1
    assert result.stderr == f"dbreport: {many} has 2001 pages; dbreport reads at most 2000.\n"

    fine = tmp_path / "fine.pdf"
    fine.write_bytes(pdf_bytes(zlib.compress(TEXT), pages=3))
    assert [t.strip() for t in pdf.page_texts(fine).pages] == ["Hello"] * 3


def test_a_page_larger_than_the_standard_allows_is_refused(tmp_path: Path) -> None:
    wide = tmp_path / "wide.pdf"
    wide.write_bytes(pdf_bytes(zlib.compress(TEXT), mediabox=(0, 0, 20000, 842)))
    result = run_cli("gaps", str(wide), "--no-cache")
    assert result.returncode == 1
    assert result.stderr == (
        f"dbreport: Page 1 of {wide} measures 706 × 30 cm, larger than the 508 × 508 cm the "
        "PDF standard allows.\n"
    )
    largest = tmp_path / "largest.pdf"
    largest.write_bytes(pdf_bytes(zlib.compress(TEXT), mediabox=(0, 0, 14400, 14400)))
    assert pdf.page_texts(largest).pages[0].strip() == "Hello"

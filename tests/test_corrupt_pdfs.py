"""Damaged PDFs: one sentence each, never an internal error, and a batch reads the others.

The damaged files are the bundled Word export with 20 random bits flipped (seeds 0-39): some
still read, some trip pdfium, pdfminer or pdfplumber in their own ways (a non-number in a
MediaBox, an invalid dictionary, a corrupt stream), which once ended the whole run with exit 3
and a dozen library warnings on stderr.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from tests.conftest import PDFS, REPORT, run_cli

SOURCE = PDFS / "report_word_export.pdf"


def mutant(seed: int) -> bytes:
    """The bundled PDF with 20 random bits flipped."""
    rng = random.Random(seed)
    data = bytearray(SOURCE.read_bytes())
    for _ in range(20):
        i = rng.randrange(len(data))
        data[i] ^= 1 << rng.randrange(8)
    return bytes(data)


def damaged(path: Path) -> str:
    return f"{path} cannot be read as a PDF (it is damaged, encrypted or not a PDF)."


def test_forty_damaged_pdfs_in_one_batch(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in range(40):
        (folder / f"mut{seed:02d}.pdf").write_bytes(mutant(seed))
    (folder / "good.pdf").write_bytes(SOURCE.read_bytes())
    (folder / "good.txt").write_bytes(REPORT.read_bytes())

    result = run_cli("extract", str(folder), "--no-cache", "-f", "json")
    assert result.returncode == 1, result.stderr  # some were set aside, none ended the run
    lines = result.stderr.splitlines()
    assert all(line.startswith("dbreport: skipped mut") for line in lines), lines
    skipped = {line.split()[2].rstrip(":") for line in lines}
    # the two kinds that ended the run with exit 3 (MalformedPDFException, PdfminerException)
    assert {"mut00.pdf", "mut23.pdf"} <= skipped
    assert f"dbreport: skipped mut23.pdf: {damaged(folder / 'mut23.pdf')}" in lines
    read = {r["source"]["document"] for r in json.loads(result.stdout)}
    assert {"good.pdf", "good.txt"} <= read
    # every damaged file is either read or named once, with a reason
    assert read.isdisjoint(skipped) and len(read | skipped) >= 40


def test_a_damaged_pdf_alone_is_one_sentence(tmp_path: Path) -> None:
    for seed in (0, 23):  # pdfplumber's MalformedPDFException, pdfminer's PdfminerException
        bad = tmp_path / f"mut{seed:02d}.pdf"
        bad.write_bytes(mutant(seed))
        result = run_cli("gaps", str(bad), "--no-cache")
        assert (result.returncode, result.stderr) == (1, f"dbreport: {damaged(bad)}\n")


def test_a_damaged_pdf_is_set_aside_and_the_others_are_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad.pdf").write_bytes(mutant(0))
    (folder / "good.pdf").write_bytes(SOURCE.read_bytes())
    (folder / "good.txt").write_bytes(REPORT.read_bytes())
    result = run_cli("gaps", str(folder), "--no-cache", "-f", "json")
    assert result.returncode == 1
    assert result.stderr == f"dbreport: skipped bad.pdf: {damaged(folder / 'bad.pdf')}\n"
    rows = json.loads(result.stdout)
    for document in ("good.pdf", "good.txt"):  # the same report, as a PDF and as text
        assert sum(r["source"]["document"] == document for r in rows) > 10, document

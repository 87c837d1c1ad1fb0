"""Scanned reports: OCR of image-only pages, the table rebuilt from the page image, doubt.

The scans are built by tests/fixtures/scan/build.py from the Word-style PDF fixtures: each page
rendered at 300 dpi, turned by 0.8 degrees, blurred, sprinkled with specks, saved as an
image-only PDF. The truth each OCR'd cell is held against is the same page's text layer, read
by pdfplumber from the original PDF. Every test here needs Tesseract's Vietnamese model and is
skipped, saying so, without it.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from dbreport.analysis import doubt
from dbreport.models import Indicator, OcrCell, OcrReading, Table
from dbreport.sources import ocr
from dbreport.values import parse_value
from tests.conftest import FIXTURES, PDFS, run_cli

sys.path.insert(0, str(FIXTURES / "scan"))
from build import scan_pages

needs_ocr = pytest.mark.skipif(
    ocr.missing() is not None,
    reason=f"OCR is not available here: {ocr.missing()} (`{ocr.INSTALL}`)",
)
REPORT_PDF = PDFS / "report_word_export.pdf"
TABLE_PAGES = [93, 94, 95, 96]  # PHỤ LỤC 02 in the Word-style fixture


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scan_pages(REPORT_PDF, TABLE_PAGES, tmp_path_factory.mktemp("scan") / "appendix.pdf")


@pytest.fixture(scope="module")
def reading(scanned: Path) -> ocr.Scanned:
    if ocr.missing() is not None:
        pytest.skip(f"OCR is not available here: {ocr.missing()}")
    return ocr.read_scanned(scanned, list(range(1, len(TABLE_PAGES) + 1)), reuse=False)


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _truth() -> list[list[list[str | None]]]:
    import pdfplumber

    with pdfplumber.open(REPORT_PDF) as pdf:
        return [[t.extract() for t in pdf.pages[n - 1].find_tables()] for n in TABLE_PAGES]


def _pairs(reading: ocr.Scanned) -> list[tuple[str, ocr.ReadCell]]:
    """(true text, OCR'd cell) for every cell of the tables whose shape the OCR got right."""
    pairs = []
    for page, truth in zip(reading.pages, _truth(), strict=True):
        for table, true_table in zip(page.tables, truth, strict=False):
            if [len(r) for r in table] != [len(r) for r in true_table]:
                continue
            for row, true_row in zip(table, true_table, strict=True):
                for cell, true in zip(row, true_row, strict=True):
                    if cell is not None:
                        pairs.append((_norm(true), cell))
    return pairs


@needs_ocr
def test_every_table_page_is_found_and_cut_into_its_grid(reading: ocr.Scanned) -> None:
    truth = _truth()
    for page, true_tables in zip(reading.pages, truth, strict=True):
        assert page.angle != 0  # each page was turned by 0.8 degrees, and turned back
        assert abs(abs(page.angle) - 0.8) <= 0.15
        shapes = [[len(r) for r in t] for t in page.tables]
        true_shapes = [[len(r) for r in t] for t in true_tables]
        assert shapes[: len(true_shapes)] == true_shapes or page.number == 4


@needs_ocr
def test_figures_come_through_and_wrong_cells_are_mostly_doubted(reading: ocr.Scanned) -> None:
    pairs = _pairs(reading)
    assert len(pairs) > 400
    right = sum(1 for true, cell in pairs if _norm(cell.text) == true)
    figures = [(t, c) for t, c in pairs if re.fullmatch(r"[<>]?-?[\d.,]+%?", t)]
    figures_right = sum(1 for t, c in figures if _norm(c.text) == t)
    # measured on this fixture (heavy specks, blur, DejaVu Serif): ~91% of all cells,
    # ~95% of the cells that are figures
    assert right / len(pairs) >= 0.88
    assert figures_right / len(figures) >= 0.93
    low = [c for t, c in pairs if _norm(c.text) != t and (c.confidence or 0) < doubt.SURE]
    wrong = [c for t, c in pairs if _norm(c.text) != t]
    assert len(low) >= 0.5 * len(wrong)


@needs_ocr
def test_known_cells_read_from_the_scan(reading: ocr.Scanned) -> None:
    first = reading.pages[0].tables[0]
    texts = [_norm(c.text if c else "") for row in first for c in row]
    for expected in ("Stt", "Chỉ tiêu", "7,00", "8,76", "1,76", "16,42", "59,92"):
        assert expected in texts
    assert all(
        c.confidence is not None and 0 <= c.confidence <= 100
        for row in first
        for c in row
        if c and c.text
    )


@needs_ocr
def test_a_scanned_report_gives_its_gaps_with_doubt_marked(scanned: Path, tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "xdg")}
    done = run_cli("extract", str(scanned), "-f", "json", env=env)
    code, out, err = done.returncode, done.stdout, done.stderr
    assert code == 0, err
    records = [Indicator.model_validate(r) for r in json.loads(out)]
    assert len(records) >= 60
    assert all(r.ocr is not None for r in records)
    growth = next(r for r in records if r.name.startswith("Tăng trưởng GRDP"))
    assert (growth.target and growth.target.raw, growth.actual and growth.actual.raw) == (
        "7,00",
        "8,76",
    )
    suspects = [c for r in records for c in (r.ocr.suspect_cells if r.ocr else [])]
    assert suspects and all(c.why for c in suspects)
    # the table in the terminal marks what is doubted, and says what the mark means
    done = run_cli("compare", str(scanned), env=env)
    code, out, err = done.returncode, done.stdout, done.stderr
    assert code == 0, err
    assert "⚠" in out and "OCR" in out
    # warm: the OCR comes from the cache
    again = run_cli("compare", str(scanned), env=env)
    assert (again.returncode, again.stdout) == (code, out)


@needs_ocr
def test_the_ocr_is_cached(scanned: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    first = ocr.read_scanned(scanned, [1])
    calls: list[Any] = []
    monkeypatch.setattr(ocr, "_read", lambda *a: calls.append(a))
    assert ocr.read_scanned(scanned, [1]) == first
    assert calls == []


def test_without_ocr_a_scan_gets_one_sentence_naming_the_fix(scanned: Path, tmp_path: Path) -> None:
    done = run_cli("gaps", str(scanned), env={"DBREPORT_OCR": "off"})
    code, out, err = done.returncode, done.stdout, done.stderr
    assert code == 1 and out == ""
    assert err.strip() == (
        f"dbreport: {scanned} has no text layer; it looks scanned, and OCR is turned off "
        "(DBREPORT_OCR=off)."
    )
    assert "Traceback" not in err


def test_the_missing_model_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "tessdata", lambda: None)
    monkeypatch.delenv("DBREPORT_OCR", raising=False)
    why = ocr.missing()
    assert why is not None
    assert "apt-get install tesseract-ocr tesseract-ocr-vie" in why or "dbreport[ocr]" in why


# ----------------------------------------------------------------------------- doubt


def _row(cells: dict[str, tuple[str, int]], **values: str) -> Indicator:
    """A record as the table reader makes it from OCR'd cells (role -> (text, confidence))."""
    from dbreport.models import ColumnCell, Provenance

    fields = {"target": "target", "actual": "actual", "comparison": "reported_comparison"}
    record = Indicator(
        id="A.1.1",
        name="Tổng sản lượng lương thực",
        unit="Nghìn tấn",
        cells=[
            ColumnCell(role=role, header=role, value=parse_value(text), field=role)  # type: ignore[arg-type]
            for role, (text, _) in cells.items()
            if role in fields
        ],
        ocr=OcrReading(
            cells=[
                OcrCell(column=role, role=role, text=text, confidence=sure)
                for role, (text, sure) in cells.items()
            ]
        ),
        source=Provenance(document="scan.pdf", path="scan.pdf", page=1),
        **{fields[k]: parse_value(v) for k, v in values.items()},
    )
    return record


def _reviewed(record: Indicator) -> Indicator:
    table = Table(
        document="scan.pdf",
        path="scan.pdf",
        columns=[],
        header="",
        layout="pdf-table",
        records=[record],
        ocr="tesseract",
    )
    from dbreport.vocab import load_vocabulary

    return doubt.review([table], [], load_vocabulary())[0].records[0]


def test_the_only_reading_the_arithmetic_allows_is_used_and_flagged() -> None:
    record = _row(
        {"target": ("280", 96), "actual": ("285", 97), "comparison": ("101/79%", 70)},
        target="280",
        actual="285",
        comparison="101/79%",
    )
    out = _reviewed(record)
    assert out.reported_comparison is not None and out.reported_comparison.raw == "101,79%"
    assert out.ocr is not None
    (cell,) = [c for c in out.ocr.suspect_cells if c.role == "comparison"]
    assert cell.text == "101/79%" and cell.corrected == "101,79%"
    assert any("only reading" in w for w in cell.why)


def test_arithmetic_that_allows_two_readings_corrects_nothing() -> None:
    # 98 - 99 = -1, or 98 - 97 = +1: either the sign or the target was misread
    record = _row(
        {"target": ("99", 97), "actual": ("98", 97), "comparison": ("+1", 90)},
        target="99",
        actual="98",
        comparison="+1",
    )
    out = _reviewed(record)
    assert out.reported_comparison is not None and out.reported_comparison.raw == "+1"
    assert out.ocr is not None
    assert {c.role for c in out.ocr.suspect_cells} == {"target", "actual", "comparison"}
    assert all(c.corrected is None for c in out.ocr.suspect_cells)


def test_a_figure_read_without_confidence_is_suspect_and_its_verdict_says_so() -> None:
    from dbreport.analysis.status import assess
    from dbreport.rules import load_rules
    from dbreport.vocab import load_vocabulary

    record = _row(
        {"target": ("280", 96), "actual": ("265", 41), "comparison": ("", 0)},
        target="280",
        actual="265",
    )
    out = _reviewed(record)
    assert out.ocr is not None
    (actual,) = [c for c in out.ocr.suspect_cells if c.role == "actual"]
    assert actual.why == ["read with 41% confidence"]
    verdict = assess(out, load_rules(), load_vocabulary())
    assert verdict.status == "not_met"
    assert verdict.doubt == ["actual: 265"]


def test_a_sure_cell_the_arithmetic_backs_is_not_doubted() -> None:
    record = _row(
        {"target": ("280", 96), "actual": ("285", 97), "comparison": ("101,79%", 95)},
        target="280",
        actual="285",
        comparison="101,79%",
    )
    out = _reviewed(record)
    assert out.ocr is not None and out.ocr.suspect_cells == []


def test_a_name_with_a_tone_mark_the_vocabulary_never_uses_is_suspect() -> None:
    record = _row({"name": ("Tống sản phẩm trên địa bàn", 95)})
    out = _reviewed(record)
    assert out.ocr is not None
    (cell,) = out.ocr.suspect_cells
    assert cell.role == "name" and "tổng" in cell.why[0]


def test_parts_that_do_not_add_up_doubt_the_total_and_its_parts() -> None:
    def row(rid: str, kind: str, actual: str, sure: int) -> Indicator:
        base = _row({"actual": (actual, sure)}, actual=actual)
        return base.model_copy(
            update={"id": rid, "kind": kind, "parent": "A.1.1" if kind == "part" else None}
        )

    records = [row("A.1.1", "total", "100", 96), row("A.1.2", "part", "60", 96)]
    records.append(row("A.1.3", "part", "46", 96))
    table = Table(
        document="s", path="s", columns=[], header="", layout="pdf-table", records=records, ocr="t"
    )
    from dbreport.vocab import load_vocabulary

    out = doubt.review([table], [], load_vocabulary())[0].records
    assert all(r.ocr and r.ocr.suspect("actual") for r in out)
    assert "add up to 106" in out[0].ocr.suspect_cells[0].why[0]  # type: ignore[union-attr]


@needs_ocr
@pytest.mark.parametrize(
    "design", ["d07_two_level_header_numbered.pdf", "d14_verdict_in_ghi_chu.pdf"]
)
def test_a_scan_of_another_design_doubts_every_figure_it_got_wrong(
    design: str, tmp_path: Path
) -> None:
    """The scan against the same PDF's text layer, figure by figure: a figure the OCR got wrong
    is always listed as suspect (these two designs have small figures in tight rows)."""
    source = FIXTURES / "designs" / "pdf" / design
    scan = scan_pages(source, [1], tmp_path / design)
    env = {"XDG_CACHE_HOME": str(tmp_path / "xdg")}
    truth = json.loads(run_cli("extract", str(source), "-f", "json", env=env).stdout)
    done = run_cli("extract", str(scan), "-f", "json", env=env)
    assert done.returncode == 0, done.stderr
    read = json.loads(done.stdout)
    assert len(read) == len(truth)
    roles = {"target": "target", "actual": "actual", "reported_comparison": "comparison"}
    right = wrong = 0
    for want, got in zip(truth, read, strict=True):
        if got["id"] != want["id"]:  # a misread row number moves the row: it must be doubted
            assert "index" in {c["role"] for c in got["ocr"]["suspect_cells"]}, got["id"]
        for field, role in roles.items():
            expected, seen = (want[field] or {}).get("raw"), (got[field] or {}).get("raw")
            if expected is None and seen is None:
                continue
            if expected == seen:
                right += 1
                continue
            wrong += 1
            suspect = {c["role"] for c in got["ocr"]["suspect_cells"]}
            assert role in suspect, (got["id"], field, expected, seen)
    assert right >= 3 * wrong  # measured: 21 of 24 and 10 of 12

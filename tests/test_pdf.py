"""PDF reports: the same records as the text, from the table pages only, cached, and bad PDFs.

The fixtures are built by tests/fixtures/pdf/build.py (python-docx + LibreOffice) and committed.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from dbreport.cache import ResultCache
from dbreport.extraction.pdftable import read_pdf_tables
from dbreport.models import Indicator
from dbreport.pipeline import load_tables
from dbreport.vocab import Vocabulary
from tests.conftest import PDFS, REPORT, run_cli


def cells(r: Indicator) -> tuple[object, ...]:
    f = lambda v: v.raw if v is not None else None  # noqa: E731
    return (
        r.section,
        r.section_title,
        r.group,
        r.group_title,
        r.subgroup,
        r.name,
        r.unit,
        f(r.target),
        f(r.actual),
        f(r.reported_comparison),
        f(r.target_2030),
        r.note,
    )


@pytest.fixture(scope="module")
def pdf_report(vocab: Vocabulary) -> dict[str, Indicator]:
    (table,) = read_pdf_tables(PDFS / "report_word_export.pdf", vocab)
    return {r.id: r for r in table.records}


def test_word_pdf_reads_cell_for_cell_like_the_text(
    pdf_report: dict[str, Indicator], report: dict[str, Indicator]
) -> None:
    assert list(pdf_report) == list(report)
    for row_id, text_record in report.items():
        assert cells(pdf_report[row_id]) == cells(text_record), row_id
    # Cells are cut along ruling lines: nothing is left to guess.
    assert {r.alignment for r in pdf_report.values()} == {"exact"}


def test_provenance_gives_the_page(pdf_report: dict[str, Indicator]) -> None:
    assert pdf_report["A.1.1"].source.page == 93  # the table starts on page 93 of 96
    assert pdf_report["B.18.4"].source.page == 96
    assert pdf_report["A.1.1"].source.line is None
    assert "17.328" in pdf_report["A.1.1"].source.text


def test_only_the_table_pages_go_through_pdfplumber(vocab: Vocabulary, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import dbreport.sources.pdf as pdf

    asked: list[int] = []
    original = pdf._read_pages

    def spy(path, numbers, *rest):  # type: ignore[no-untyped-def]
        asked.extend(numbers)
        return original(path, numbers, *rest)

    monkeypatch.setattr(pdf, "_PARALLEL_FROM", 10**6)  # serial, so the spy sees every page
    monkeypatch.setattr(pdf, "_read_pages", spy)
    read_pdf_tables(PDFS / "report_word_export.pdf", vocab)
    # pages 93-96 hold the table; 96 ends with the `Ghi chú` paragraph, so nothing after it is read
    assert asked == [93, 94, 95, 96]


def test_parallel_and_serial_reading_agree(vocab: Vocabulary, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import dbreport.sources.pdf as pdf

    (parallel,) = read_pdf_tables(PDFS / "report_word_export.pdf", vocab)
    monkeypatch.setattr(pdf, "_PARALLEL_FROM", 10**6)
    (serial,) = read_pdf_tables(PDFS / "report_word_export.pdf", vocab)
    assert parallel == serial


def test_table_note_after_the_table(vocab: Vocabulary) -> None:
    (table,) = read_pdf_tables(PDFS / "report_word_export.pdf", vocab)
    assert table.notes[0].page == 96
    assert table.notes[0].text.startswith("Ghi chú: Kết quả ước năm 2025, tỷ lệ hộ nghèo")


def test_row_split_across_pages_is_joined(vocab: Vocabulary, report: dict[str, Indicator]) -> None:
    (table,) = read_pdf_tables(PDFS / "row_split_across_pages.pdf", vocab)
    by_name = {r.name: r for r in table.records}
    power = by_name["Tỷ lệ hộ được dùng điện"]
    assert cells(power)[7:11] == ("98", "96,2", "-1,8", "99")
    # the note runs over pages 1 to 3; all fourteen sentences come back, in order
    assert power.note is not None
    assert power.note.count("Ghi chú dài dòng") == 14
    assert power.note.endswith("Ghi chú dài dòng 13 để dòng này vượt qua cuối trang.")
    assert by_name["Tỷ lệ che phủ rừng"].source.page == 4
    assert len(table.records) == 28


def test_table_without_ruling_lines(vocab: Vocabulary, report: dict[str, Indicator]) -> None:
    (table,) = read_pdf_tables(PDFS / "no_ruling_lines.pdf", vocab)
    text_rows = list(report.values())[:12]
    assert [cells(r)[5:] for r in table.records] == [cells(r)[5:] for r in text_rows]


def test_decomposed_text_layer_comes_out_composed(
    vocab: Vocabulary, report: dict[str, Indicator]
) -> None:
    (table,) = read_pdf_tables(PDFS / "nfd_text_layer.pdf", vocab)
    assert [cells(r)[5:] for r in table.records] == [
        cells(r)[5:] for r in list(report.values())[:6]
    ]
    for r in table.records:
        assert unicodedata.is_normalized("NFC", r.name) and unicodedata.is_normalized(
            "NFC", r.unit or ""
        )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("encrypted.pdf", "is encrypted; open it with its password and save a copy."),
        ("truncated.pdf", "cannot be read as a PDF (it is damaged, encrypted or not a PDF)."),
        ("scanned_no_text.pdf", "has no text layer and no page images; nothing to read."),
        ("news_without_table.pdf", None),
    ],
)
def test_bad_pdfs(name: str, message: str | None) -> None:
    result = run_cli("extract", str(PDFS / name))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    if message:
        assert result.stderr.strip() == f"dbreport: {PDFS / name} {message}"
    else:
        # what was seen, and where to look further
        assert result.stderr.strip() == (
            f"dbreport: No indicator table was found in {PDFS / name}: no line starts a table "
            "header (`Stt`, `TT`, `Chỉ tiêu`, `Nội dung`, `Diễn giải`...); "
            f"`dbreport inspect {PDFS / name}` shows each step."
        )


def test_cache_cold_warm_corrupt_and_off(tmp_path: Path, vocab: Vocabulary, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import dbreport.extraction.pdftable as pdftable

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    source = tmp_path / "report.pdf"
    source.write_bytes((PDFS / "report_word_export.pdf").read_bytes())
    cold = load_tables([source], vocab).records
    entries = list((tmp_path / "cache" / "dbreport").glob("*.json"))
    assert len(entries) == 1

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the warm run must not read the PDF")

    monkeypatch.setattr(pdftable, "read_pdf_tables", refuse)
    warm = load_tables([source], vocab).records
    assert [cells(r) for r in warm] == [cells(r) for r in cold]

    # same bytes under another name: provenance names the file read now
    renamed = tmp_path / "copy.pdf"
    renamed.write_bytes(source.read_bytes())
    assert {r.source.document for r in load_tables([renamed], vocab).records} == {"copy.pdf"}

    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    entries[0].write_text("{not json", encoding="utf-8")
    again = load_tables([source], vocab).records
    assert [cells(r) for r in again] == [cells(r) for r in cold]
    assert entries[0].read_text(encoding="utf-8").startswith('{"schema": 3')  # rebuilt

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other"))
    monkeypatch.setenv("DBREPORT_CACHE", "off")
    load_tables([source], vocab)
    assert not (tmp_path / "other").exists()


def test_cache_key_follows_version_and_vocabulary(tmp_path: Path) -> None:
    adapter: TypeAdapter[list[int]] = TypeAdapter(list[int])
    a = ResultCache("tables", adapter, "vocabulary A", folder=tmp_path)
    b = ResultCache("tables", adapter, "vocabulary B", folder=tmp_path)
    c = ResultCache("claims", adapter, "vocabulary A", folder=tmp_path)
    assert len({x._entry("same-file") for x in (a, b, c)}) == 3


def test_cli_reads_pdf_and_never_writes_into_it(tmp_path: Path) -> None:
    source = tmp_path / "report.pdf"
    source.write_bytes((PDFS / "report_word_export.pdf").read_bytes())
    before = source.read_bytes()
    result = run_cli("gaps", str(source), "-f", "json", "--no-cache")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout) > 100 and source.read_bytes() == before
    assert REPORT.exists()


def test_pdfminer_loads_cmaps_without_pickle() -> None:
    """A malicious PDF must not run code: the pinned pdfminer.six reads CMaps as JSON only."""
    from importlib import metadata

    import pdfminer.cmapdb

    assert int(metadata.version("pdfminer.six")) >= 20260107
    source = Path(pdfminer.cmapdb.__file__).read_text(encoding="utf-8")
    assert "pickle" not in source


def test_text_documents_and_claims_are_cached(
    tmp_path: Path, vocab: Vocabulary, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import dbreport.extraction.claims as claims_module
    import dbreport.pipeline as pipeline
    from dbreport.pipeline import find_all_claims

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    report = tmp_path / "report.txt"
    report.write_bytes(REPORT.read_bytes())
    cold = load_tables([report], vocab)
    cold_claims = find_all_claims(cold, vocab)

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a warm run must not read the document again")

    monkeypatch.setattr(pipeline, "find_tables", refuse)
    monkeypatch.setattr(pipeline, "load", refuse)
    monkeypatch.setattr(claims_module, "find_claims", refuse)
    warm = load_tables([report], vocab)
    assert [cells(r) for r in warm.records] == [cells(r) for r in cold.records]
    assert find_all_claims(warm, vocab) == cold_claims

    report.write_bytes(REPORT.read_bytes() + b"\n")  # changed bytes: read afresh
    with pytest.raises(AssertionError, match="must not read"):
        load_tables([report], vocab)

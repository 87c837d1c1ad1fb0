"""Word files and saved web pages: the same records as the PDF of the same table, read through
the same grid reader; merges, tracked changes, text boxes, bad files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dbreport.errors import UnreadableSource
from dbreport.extraction.pdftable import read_pdf_tables
from dbreport.models import Indicator
from dbreport.pipeline import load_tables
from dbreport.sources import office
from dbreport.vocab import Vocabulary
from tests.conftest import FIXTURES, PDFS, run_cli

OFFICE = FIXTURES / "office"
D07_PDF = FIXTURES / "designs" / "pdf" / "d07_two_level_header_numbered.pdf"


def cells(r: Indicator) -> tuple[object, ...]:
    f = lambda v: v.raw if v is not None else None  # noqa: E731
    return (
        r.id,
        r.name,
        r.unit,
        f(r.target),
        f(r.actual),
        f(r.reported_comparison),
        f(r.target_2030),
        r.kind,
    )


def records_of(path: Path, vocab: Vocabulary) -> list[Indicator]:
    loaded = load_tables([path], vocab, use_cache=False)
    return loaded.records


def test_the_word_file_of_the_report_gives_what_its_pdf_gives(vocab: Vocabulary) -> None:
    word = records_of(OFFICE / "report_word_export.docx", vocab)
    (pdf_table,) = read_pdf_tables(PDFS / "report_word_export.pdf", vocab, parallel=False)
    assert len(word) == 71
    assert [cells(r) for r in word] == [cells(r) for r in pdf_table.records]
    poverty = next(r for r in word if r.id == "A.10.1")
    # provenance: the Word table and its row, not a page
    assert (poverty.source.page, poverty.source.line) == (None, None)
    assert poverty.source.table == 1 and poverty.source.row is not None


def test_merged_header_cells_read_as_in_the_pdf(vocab: Vocabulary) -> None:
    word = records_of(OFFICE / "two_level_merged_header.docx", vocab)
    (pdf_table,) = read_pdf_tables(D07_PDF, vocab, parallel=False)
    assert [cells(r) for r in word] == [cells(r) for r in pdf_table.records]
    first = word[0]
    assert (first.target.raw, first.actual.raw, first.reported_comparison.raw) == (  # type: ignore[union-attr]
        "48.000",
        "49.350",
        "102,8",
    )
    assert [(p.year, p.value.raw) for p in first.series] == [(2024, "45.900"), (2025, "49.350")]


def test_web_page_table_with_rowspan_and_colspan_reads_as_the_pdf(vocab: Vocabulary) -> None:
    page = records_of(OFFICE / "two_level_table.html", vocab)
    (pdf_table,) = read_pdf_tables(D07_PDF, vocab, parallel=False)
    assert [cells(r) for r in page] == [cells(r) for r in pdf_table.records]


def test_web_page_text_leaves_out_scripts_menus_and_footers() -> None:
    document, grids = office.read_html(OFFICE / "two_level_table.html")
    text = "\n".join(line.text for line in document.lines)
    assert document.date == "2025-09-12"
    assert "Trang chủ" not in text and "quảng cáo" not in text and "var tracker" not in text
    assert "Phụ lục I kèm theo Báo cáo chính trị" in text
    assert len(grids) == 1  # the table inside the script is not a table


def test_tracked_changes_are_read_as_accepted(vocab: Vocabulary) -> None:
    (row,) = records_of(OFFICE / "tracked_changes.docx", vocab)
    assert (row.name, row.target.raw, row.actual.raw) == ("Tỷ lệ hộ nghèo", "Dưới 4", "3,1")  # type: ignore[union-attr]
    document, _ = office.read_docx(OFFICE / "tracked_changes.docx")
    assert "Tỷ lệ hộ nghèo cuối nhiệm kỳ giảm còn 3,1%." in [line.text for line in document.lines]


def test_text_boxes_are_kept_as_notes(tmp_path: Path) -> None:
    from docx import Document as Docx
    from docx.oxml import parse_xml

    doc = Docx()
    paragraph = doc.add_paragraph("Thân văn bản.")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    box = parse_xml(
        f'<w:r xmlns:w="{w}"><w:pict><w:txbxContent><w:p><w:r><w:t>Số liệu ước tính đến '
        "30/11/2025.</w:t></w:r></w:p></w:txbxContent></w:pict></w:r>"
    )
    paragraph._p.append(box)
    path = tmp_path / "box.docx"
    doc.save(str(path))
    document, _ = office.read_docx(path)
    texts = [line.text for line in document.lines]
    assert texts[-2:] == ["[Hộp văn bản / text boxes]", "Số liệu ước tính đến 30/11/2025."]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("encrypted.docx", "is encrypted; open it in Word with its password and save a copy."),
        ("damaged.docx", "cannot be read as a Word file (it is damaged)."),
    ],
)
def test_bad_word_files_get_one_sentence(name: str, message: str) -> None:
    result = run_cli("extract", str(OFFICE / name))
    assert result.returncode == 1
    assert result.stderr.strip() == f"dbreport: {OFFICE / name} {message}"


def test_a_doc_without_libreoffice_names_the_ways_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(UnreadableSource) as caught:
        office.read_doc(OFFICE / "word97_two_level.doc")
    assert str(caught.value) == (
        f"{OFFICE / 'word97_two_level.doc'} is an old Word 97 (.doc) file; save it as .docx in "
        "Word, or install LibreOffice (`apt-get install libreoffice-writer`) so dbreport can "
        "convert it."
    )


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_a_doc_is_converted_by_libreoffice() -> None:
    document, _ = office.read_doc(OFFICE / "word97_two_level.doc")
    assert document.path == OFFICE / "word97_two_level.doc"
    assert "Phụ lục I" in [line.text for line in document.lines]


def test_a_news_page_beside_its_report_is_read_with_it(vocab: Vocabulary) -> None:
    from dbreport.batch import read

    batch = read([OFFICE / "two_level_table.html", OFFICE / "news_page.html"], use_cache=False)
    (report,) = batch.reports
    assert report.info.place.value == "Tân Hải"
    assert [p.name for p in report.companions] == ["news_page.html"]
    assert batch.infos[OFFICE / "news_page.html"].date.value == "2026-01-20"


def test_a_folder_of_word_and_web_files_is_read() -> None:
    result = run_cli("extract", str(OFFICE), "-f", "csv")
    assert result.returncode == 1  # the damaged and encrypted files are set aside, said on stderr
    assert "skipped damaged.docx" in result.stderr and "skipped encrypted.docx" in result.stderr
    assert "two_level_table.html" in result.stdout and "report_word_export.docx" in result.stdout


def test_inspect_a_web_page() -> None:
    result = run_cli("inspect", str(OFFICE / "two_level_table.html"))
    assert result.returncode == 0
    assert "table (html-table, indicators)" in result.stdout


def test_a_table_nested_in_a_cell_is_a_table_of_its_own(tmp_path: Path) -> None:
    from docx import Document as Docx

    doc = Docx()
    outer = doc.add_table(rows=1, cols=2)
    outer.rows[0].cells[0].text = "Phụ lục"
    inner = outer.rows[0].cells[1].add_table(rows=2, cols=2)
    inner.rows[0].cells[0].text = "Chỉ tiêu"
    inner.rows[0].cells[1].text = "Kế hoạch"
    inner.rows[1].cells[0].text = "Tỷ lệ che phủ rừng"
    inner.rows[1].cells[1].text = "45"
    path = tmp_path / "nested.docx"
    doc.save(str(path))
    _, grids = office.read_docx(path)
    assert [g.rows for g in grids] == [
        [["Phụ lục", ""]],
        [["Chỉ tiêu", "Kế hoạch"], ["Tỷ lệ che phủ rừng", "45"]],
    ]

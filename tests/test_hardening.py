"""Bad and hostile input found by a red-team pass: each gets one sentence and an exit code, never
a traceback, a hang or a write into what the run reads."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

from lxml import etree

from dbreport.sources import discover, office
from tests.conftest import FIXTURES, REPORT, run_cli

OFFICE = FIXTURES / "office"
WORD = OFFICE / "report_word_export.docx"
OTHER = FIXTURES / "heldout" / "h01_tinh_hoa_lam_dai_hoi_xviii_web.txt"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _rewrite_docx(source: Path, target: Path, edit: object) -> Path:
    """A copy of a .docx with its document.xml passed through `edit` (bytes -> bytes)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = edit(data)  # type: ignore[operator]
            zout.writestr(item, data)
    return target


def test_a_word_file_without_a_body_is_damaged_not_a_crash(tmp_path: Path) -> None:
    bad = _rewrite_docx(
        WORD,
        tmp_path / "no_body.docx",
        lambda _: f'<w:document xmlns:w="{W}"/>'.encode(),
    )
    result = run_cli("gaps", str(bad))
    assert result.returncode == 1
    assert (
        result.stderr.strip() == f"dbreport: {bad} cannot be read as a Word file (it is damaged)."
    )


def test_a_grid_span_that_is_not_a_number_or_is_huge_is_bounded(tmp_path: Path) -> None:
    def spans(data: bytes) -> bytes:
        tree = etree.fromstring(data)
        props = tree.findall(f".//{{{W}}}tcPr")
        for k, tcpr in enumerate(props[:2]):
            span = etree.SubElement(tcpr, f"{{{W}}}gridSpan")
            span.set(f"{{{W}}}val", "abc" if k == 0 else "999999999")
        return bytes(etree.tostring(tree))

    odd = _rewrite_docx(WORD, tmp_path / "spans.docx", spans)
    _, grids = office.read_docx(odd)
    assert grids
    assert max(len(row) for g in grids for row in g.rows) <= 100 + 20


def test_nested_word_tables_are_each_read_once() -> None:
    xml = (
        f'<w:tbl xmlns:w="{W}"><w:tr><w:tc><w:p/>'
        "<w:tbl><w:tr><w:tc><w:p/><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl></w:tc></w:tr>"
        "</w:tbl></w:tc><w:tc><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>"
    )
    outer = etree.fromstring(xml)
    assert len(list(office._nested_tables(outer))) == 3


def test_one_damaged_word_file_in_a_folder_sets_only_itself_aside(tmp_path: Path) -> None:
    shutil.copy(REPORT, tmp_path / REPORT.name)
    _rewrite_docx(WORD, tmp_path / "hong.docx", lambda _: b"<not xml")
    result = run_cli("gaps", str(tmp_path), "--format", "csv")
    assert result.returncode == 1  # something was set aside
    assert "hong.docx" in result.stderr
    assert "Traceback" not in result.stderr
    assert REPORT.name in result.stdout


def test_html_spans_are_bounded_nested_text_left_out_and_utf8_read_without_charset(
    tmp_path: Path,
) -> None:
    page = tmp_path / "trang.html"
    page.write_bytes(
        (
            "<html><body><table>"
            '<tr><td rowspan="99999999" colspan="99999999">Chỉ tiêu</td><td>Hộ nghèo</td></tr>'
            "<tr><td>Tỷ lệ<table><tr><td>bên trong</td></tr></table></td></tr>"
            "</table></body></html>"
        ).encode()
    )
    _, grids = office.read_html(page)
    outer = grids[0]
    assert len(outer.rows) == 2
    assert len(outer.rows[0]) <= 101
    assert outer.rows[0][0] == "Chỉ tiêu"
    assert "bên trong" not in str(outer.rows)
    assert grids[1].rows == [["bên trong"]]


def test_a_sidecar_keeps_values_as_written(tmp_path: Path) -> None:
    from dbreport.batch import read

    copy = tmp_path / REPORT.name
    shutil.copy(REPORT, copy)
    (tmp_path / (copy.stem + ".meta.yaml")).write_text(
        "date: 2025-10-01\ncongress: 15\nterm: 2025-2030\n", encoding="utf-8"
    )
    info = read([copy]).reports[0].info
    assert (info.date.value, info.congress.value, info.term.value) == (
        "2025-10-01",
        "15",
        "2025-2030",
    )
    assert info.date.origin == "sidecar"


def test_a_sidecar_not_in_utf8_sets_its_document_aside_in_a_folder(tmp_path: Path) -> None:
    shutil.copy(REPORT, tmp_path / REPORT.name)
    other = tmp_path / OTHER.name
    shutil.copy(OTHER, other)
    (tmp_path / (other.stem + ".meta.yaml")).write_bytes("place: Hòa Lâm\n".encode("latin-1"))
    result = run_cli("gaps", str(tmp_path), "--format", "csv")
    assert result.returncode == 1
    assert "is not UTF-8 text" in result.stderr
    assert REPORT.name in result.stdout
    assert OTHER.name not in result.stdout


def test_the_same_document_named_twice_is_read_once() -> None:
    twice = discover([REPORT, REPORT.parent, REPORT])
    assert len(twice) == len(set(twice)) == len(discover([REPORT.parent]))


def test_export_refuses_a_database_of_another_program(tmp_path: Path) -> None:
    foreign = tmp_path / "other.sqlite"
    with sqlite3.connect(foreign) as c:
        c.execute("CREATE TABLE clients (name TEXT)")
    before = foreign.read_bytes()
    result = run_cli("export", str(REPORT), "--db", str(foreign))
    assert result.returncode == 1
    assert "is a database of another program" in result.stderr
    assert foreign.read_bytes() == before


def test_export_refuses_a_device(tmp_path: Path) -> None:
    result = run_cli("export", str(REPORT), "--db", "/dev/null")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "dbreport: /dev/null is not a regular file (a device, a pipe or a socket); name a file "
        "to write (a listing goes to standard output without -o)."
    )


def test_export_keeps_two_tables_of_one_document_apart(tmp_path: Path) -> None:
    """Two tables in one document whose rows share ids (1, 2, …) are two sets of rows."""
    both = tmp_path / "hai_bang.txt"
    both.write_text(
        REPORT.read_text(encoding="utf-8") + "\n\n" + OTHER.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    db = tmp_path / "d.sqlite"
    result = run_cli("export", str(both), "--db", str(db))
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as c:
        tables = c.execute("SELECT DISTINCT table_no FROM indicators ORDER BY 1").fetchall()
        shared = c.execute(
            "SELECT COUNT(*) FROM (SELECT row_id FROM indicators GROUP BY row_id "
            "HAVING COUNT(DISTINCT table_no) > 1)"
        ).fetchone()[0]
    assert tables == [(1,), (2,)]
    assert shared > 0


def test_outputs_never_land_on_a_sidecar_or_the_targets_file(tmp_path: Path) -> None:
    copy = tmp_path / REPORT.name
    shutil.copy(REPORT, copy)
    side = tmp_path / (copy.stem + ".meta.yaml")
    side.write_text("place: Điện Biên\n", encoding="utf-8")
    targets = tmp_path / "targets.yaml"
    shutil.copy(Path(__file__).parents[1] / "data" / "targets.yaml", targets)
    before = (side.read_bytes(), targets.read_bytes())
    onto_side = run_cli("gaps", str(copy), "-o", str(side))
    onto_targets = run_cli("gaps", str(copy), "--targets", str(targets), "-o", str(targets))
    assert onto_side.returncode == 2 and "sidecar of an input" in onto_side.stderr
    assert onto_targets.returncode == 2 and "this run reads it" in onto_targets.stderr
    assert (side.read_bytes(), targets.read_bytes()) == before


def test_across_needs_a_query_and_all_goes_with_matrix() -> None:
    empty = run_cli("across", "", str(REPORT))
    alone = run_cli("across", "all", str(REPORT))
    none = run_cli("across", "khong co chi tieu nay", str(REPORT), "--matrix")
    assert empty.returncode == 2 and "Name an indicator" in empty.stderr
    assert alone.returncode == 2 and "--matrix" in alone.stderr
    assert none.returncode == 1 and "No catalogue indicator" in none.stderr


def test_brief_output_dir_that_is_a_file_is_refused(tmp_path: Path) -> None:
    afile = tmp_path / "x"
    afile.write_text("", encoding="utf-8")
    result = run_cli("brief", str(REPORT), "--output-dir", str(afile))
    assert result.returncode == 2
    assert result.stderr.strip() == f"dbreport: {afile} is not a folder."


def test_an_output_file_gets_the_usual_mode_not_a_private_one(tmp_path: Path) -> None:
    import os

    out = tmp_path / "gaps.csv"
    previous = os.umask(0o022)  # the child inherits it
    try:
        result = run_cli("gaps", str(REPORT), "-o", str(out))
    finally:
        os.umask(previous)
    assert result.returncode == 0, result.stderr
    assert out.stat().st_mode & 0o777 == 0o644


def test_a_pair_of_rates_or_thousands_in_a_fraction_do_not_break_the_claim_reader(
    tmp_path: Path,
) -> None:
    """Sentences of real reports: `(13,86/9,15%)` crashed `claims`; `1.428/1340` is 1428 of 1340."""
    from dbreport.extraction.claims import _figures
    from dbreport.vocab import load_vocabulary

    vocab = load_vocabulary()
    pair = _figures("Tỷ lệ hộ nghèo giảm còn 2,5% (13,86/9,15%), đạt MTNQ", vocab)
    assert [f.raw for _, _, f in pair] == ["2,5%"]
    # a part never exceeds its whole: 1.428 (thousands dot) against 1340 is a result and its
    # target, not 106,6% of something
    ((_, _, pair_),) = _figures("thu ngân sách đạt 1.428/1340 tỷ đồng", vocab)
    assert (pair_.value.number, pair_.against.number if pair_.against else None) == (1428, 1340)
    assert pair_.unit == "tỷ đồng" and pair_.fraction is None
    copy = tmp_path / REPORT.name
    copy.write_text(
        REPORT.read_text(encoding="utf-8")
        + "\nTỷ lệ hộ nghèo giảm còn 2,5% (13,86/9,15%), đạt MTNQ.\n",
        encoding="utf-8",
    )
    result = run_cli("claims", str(copy), "--format", "csv")
    assert result.returncode == 0, result.stderr


def test_a_note_under_the_table_is_cited_at_its_own_line_and_an_edited_cell_is_seen(
    tmp_path: Path,
) -> None:
    """The note `Ghi chú: … giảm xuống còn 12,73% vượt MTNQ` is on line 4217 of the report, after
    the table; it was cited at the appendix title (3595) with the title glued to it."""
    result = run_cli("claims", str(REPORT), "-f", "json")
    claims = [
        c for c in json.loads(result.stdout) if c["figure"] and c["figure"]["raw"] == "12,73%"
    ]
    assert [(c["line"], c["sentence"][:8]) for c in claims] == [(4217, "Ghi chú:")]
    edited = tmp_path / REPORT.name
    text = REPORT.read_text(encoding="utf-8")
    assert "% <16 17,66" in text
    edited.write_text(text.replace("% <16 17,66", "% <16 15,20", 1), encoding="utf-8")
    audit = json.loads(run_cli("audit", str(edited), "-f", "json", "--lang", "en").stdout)
    poverty = [f for f in audit if f["indicator"] == "A.10.1"]
    assert any("17,66%" in f["message_vi"] and "15,20" in f["message_vi"] for f in poverty)
    assert any("17.66%" in f["message_en"] and "15.20" in f["message_en"] for f in poverty)


def test_a_target_set_in_the_news_is_not_taken_for_a_result(tmp_path: Path) -> None:
    """`phấn đấu đến năm 2030 … đạt khoảng 74,5 tuổi` and `Mục tiêu đến năm 2030 … còn 8%` set
    targets; `Năm 2025 tỷ lệ hộ nghèo còn 17,5%` reports a result."""
    shutil.copy(REPORT, tmp_path / REPORT.name)
    (tmp_path / "tin.txt").write_text(
        "Tin tỉnh Điện Biên.\n"
        "Tỉnh Điện Biên phấn đấu đến năm 2030 tuổi thọ trung bình đạt khoảng 74,5 tuổi. "
        "Năm 2025 tỷ lệ hộ nghèo còn 17,5%. "
        "Mục tiêu đến năm 2030 tỷ lệ hộ nghèo giảm còn 8%.\n",
        encoding="utf-8",
    )
    result = run_cli("claims", str(tmp_path), "-f", "json", "--no-cache")
    assert result.returncode == 0, result.stderr
    news = [c["figure"]["raw"] for c in json.loads(result.stdout) if c["document"] == "tin.txt"]
    assert news == ["17,5%"]


def test_verdicts_against_a_plan_or_a_budget_are_read_and_told_apart(tmp_path: Path) -> None:
    from dbreport.extraction.claims import find_claims
    from dbreport.sources import load
    from dbreport.vocab import load_vocabulary

    text = tmp_path / "bao_cao_nam.txt"
    text.write_text(
        "Thu ngân sách trên địa bàn đạt 1.250 tỷ đồng, vượt 85,1% dự toán. "
        "Giá trị sản xuất công nghiệp đạt 4.300 tỷ đồng, đạt 104,46% kế hoạch. "
        "Tỷ lệ hộ nghèo còn 12,5%, chưa đạt mục tiêu Nghị quyết. "
        "Tăng trưởng chưa đạt mục tiêu.\n",
        encoding="utf-8",
    )
    claims = find_claims(load(text), load_vocabulary())
    read = [(c.figure.raw if c.figure else None, c.verdict, c.reference) for c in claims]
    assert read == [
        ("1.250 tỷ đồng", "exceeded", "budget"),
        ("4.300 tỷ đồng", "exceeded", "plan"),
        ("12,5%", "not_met", "resolution"),
    ]


def test_the_base_year_of_prices_is_not_the_period(tmp_path: Path) -> None:
    from dbreport.extraction.claims import find_claims
    from dbreport.sources import load
    from dbreport.vocab import load_vocabulary

    text = tmp_path / "bao_cao.txt"
    text.write_text(
        "Năm 2025, tổng sản phẩm theo giá so sánh năm 2010 đạt 17.970 tỷ đồng, đạt MTNQ.\n",
        encoding="utf-8",
    )
    (claim,) = find_claims(load(text), load_vocabulary())
    assert (claim.figure.raw if claim.figure else None, claim.period) == (
        "17.970 tỷ đồng",
        (2025, 2025),
    )


def test_a_later_target_is_the_term_target_only_where_a_comparison_column_measures_it() -> None:
    from dbreport.extraction.header import classify, designate
    from dbreport.vocab import load_vocabulary

    vocab = load_vocabulary()

    def fields(*labels: str) -> list[str | None]:
        return [c.field for c in designate([classify(label, vocab) for label in labels])]

    review = fields(
        "Mục tiêu đến năm 2025 theo Nghị quyết", "Kết quả năm 2023", "Tiến độ đạt được (%)"
    )
    horizon = fields("Hiện trạng năm 2024", "Mục tiêu đến năm 2030 theo Nghị quyết")
    assert review == ["target", "actual", "comparison"]
    assert horizon == ["actual", "target_future"]

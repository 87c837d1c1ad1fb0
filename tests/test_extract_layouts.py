"""Other provinces, other column schemes, other ways of arriving: the same reader.

The fixtures are synthetic (figures invented, marked so in their first line), written to pin one
layout each; their expected cells are read off the fixture files themselves.
"""

from __future__ import annotations

from dbreport.vocab import Vocabulary
from tests.conftest import FIXTURES, read_records


def cells(r):  # type: ignore[no-untyped-def]
    f = lambda v: v.raw if v is not None else None  # noqa: E731
    return (
        r.name,
        r.unit,
        f(r.target),
        f(r.actual),
        f(r.reported_comparison),
        f(r.target_2030),
        f(r.reported_assessment),
    )


def test_other_scheme_with_verdict_column(vocab: Vocabulary) -> None:
    """TT | Chỉ tiêu | ĐVT | Mục tiêu NQ | Ước TH 2025 | Đánh giá | Mục tiêu đến 2030, roman sections."""
    rows = read_records(FIXTURES / "other_province_verdict_column.txt", vocab)
    assert list(rows) == ["I.1.1", "I.2.1", "I.3.1", "II.4.1", "II.5.1", "II.6.1", "II.7.1"]
    assert cells(rows["I.1.1"]) == (
        "Tốc độ tăng trưởng kinh tế bình quân",
        "%/năm",
        "7,5",
        "6,8",
        None,
        "8,0",
        "Chưa đạt",
    )
    assert cells(rows["I.2.1"]) == (
        "Thu nhập bình quân đầu người",
        "Triệu đồng",
        "75",
        "78,2",
        None,
        "120",
        "Vượt",
    )
    assert cells(rows["II.4.1"]) == (
        "Tỷ lệ hộ nghèo (chuẩn đa chiều)",
        "%",
        "Dưới 10",
        "9,2",
        None,
        "Dưới 5",
        "Vượt",
    )
    assert cells(rows["II.5.1"])[2:] == ("10-11", "10,5", None, "12", "Đạt")
    assert cells(rows["II.6.1"])[2:] == ("60", "60", None, None, "Đạt")
    assert cells(rows["II.7.1"])[6] == "Cơ bản đạt"
    assert rows["II.4.1"].section_title == "Xã hội"
    assert {r.horizon_year for r in rows.values()} == {2030}
    assert all(r.alignment != "ambiguous" for r in rows.values())


def test_web_paste_one_cell_per_line(vocab: Vocabulary) -> None:
    rows = read_records(FIXTURES / "web_paste_cell_per_line.txt", vocab)
    assert list(rows) == ["G1.1", "G1.2", "G2.1", "G2.2"]
    assert cells(rows["G1.1"])[:6] == (
        "Tổng sản phẩm trên địa bàn (GRDP)",
        "Tỷ đồng",
        "40.000",
        "41.200",
        "103%",
        "65.000",
    )
    assert rows["G1.1"].group_title == "Chỉ tiêu kinh tế"
    assert rows["G2.2"].group_title == "Chỉ tiêu xã hội"
    assert cells(rows["G1.2"])[:6] == (
        "Tăng trưởng GRDP bình quân",
        "%/năm",
        "7,0",
        "6,5",
        "-0,5",
        "8,0",
    )
    # Two figures for four columns and no spacing to go by: read left to right, flagged.
    poor = rows["G2.1"]
    assert cells(poor)[2:4] == ("<8", "6,3")
    assert poor.alignment == "ambiguous"


def test_web_paste_tab_separated(vocab: Vocabulary) -> None:
    rows = read_records(FIXTURES / "web_paste_tab_separated.txt", vocab)
    assert list(rows) == ["A.1.1", "A.2.1", "B.3.1"]
    assert cells(rows["A.1.1"])[:6] == (
        "GRDP bình quân đầu người",
        "Triệu đồng",
        "80",
        "76",
        "95%",
        "130",
    )
    assert rows["A.2.1"].note == "Ước tính"
    assert cells(rows["B.3.1"])[2:6] == ("<5", "5,4", None, "<3")
    assert rows["B.3.1"].section_title == "Chỉ tiêu xã hội"


def test_decomposed_text_reads_the_same(tmp_path, vocab: Vocabulary) -> None:  # type: ignore[no-untyped-def]
    import unicodedata

    source = (FIXTURES / "other_province_verdict_column.txt").read_text(encoding="utf-8")
    nfd = tmp_path / "nfd.txt"
    nfd.write_text(unicodedata.normalize("NFD", source), encoding="utf-8")
    assert [cells(r) for r in read_records(nfd, vocab).values()] == [
        cells(r)
        for r in read_records(FIXTURES / "other_province_verdict_column.txt", vocab).values()
    ]


def test_tab_separated_header_repeated_is_not_a_row(tmp_path, vocab: Vocabulary) -> None:  # type: ignore[no-untyped-def]
    lines = (FIXTURES / "web_paste_tab_separated.txt").read_text(encoding="utf-8").splitlines()
    doubled = tmp_path / "two_pages.txt"
    doubled.write_text("\n".join([*lines[:4], lines[0], *lines[4:]]) + "\n", encoding="utf-8")
    rows = read_records(doubled, vocab)
    assert list(rows) == ["A.1.1", "A.2.1", "B.3.1"]


def test_web_cells_wrapped_over_lines_stay_one_cell(tmp_path, vocab: Vocabulary) -> None:  # type: ignore[no-untyped-def]
    """A page that puts a blank line between cells: a name broken by `<br>` is one cell."""
    texts = [
        "STT", "Chỉ tiêu", "ĐVT", "Nghị quyết Đại hội", "Thực hiện năm 2025",
        "1", "Tổng sản phẩm trên địa bàn\n(GRDP, giá so sánh)", "Tỷ đồng", "40.000", "41.200",
        "2", "Tỷ lệ hộ nghèo", "%", "Dưới 4", "3,6",
    ]  # fmt: skip
    path = tmp_path / "wrapped.txt"
    path.write_text("Trang thử nghiệm (số liệu giả định)\n\n" + "\n\n".join(texts) + "\n", "utf-8")
    rows = read_records(path, vocab)
    assert [cells(r)[:5] for r in rows.values()] == [
        ("Tổng sản phẩm trên địa bàn (GRDP, giá so sánh)", "Tỷ đồng", "40.000", "41.200", None),
        ("Tỷ lệ hộ nghèo", "%", "Dưới 4", "3,6", None),
    ]


def test_tab_separated_two_level_header(tmp_path, vocab: Vocabulary) -> None:  # type: ignore[no-untyped-def]
    """What a browser copies of a table with merged header cells: the merges come out empty."""
    lines = [
        "STT\tChỉ tiêu\tĐVT\tMTNQ\tKết quả thực hiện\t\tMục tiêu 2030",
        "\t\t\t\tNăm 2024\tƯớc 2025\t",
        "(1)\t(2)\t(3)\t(4)\t(5)\t(6)\t(7)",
        "1\tTỷ lệ che phủ rừng\t%\t45\t44,6\t45,2\t48",
    ]
    path = tmp_path / "two_level.tsv.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (row,) = read_records(path, vocab).values()
    assert cells(row)[:6] == ("Tỷ lệ che phủ rừng", "%", "45", "45,2", None, "48")
    assert [(p.year, p.value.raw) for p in row.series] == [(2024, "44,6"), (2025, "45,2")]
    assert row.source.line == 4

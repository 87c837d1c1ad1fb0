"""The bundled report's appendix (PHỤ LỤC 02), every row, every cell.

EXPECTED was typed from the document's text (data/raw/2025-bao-cao-chinh-tri-dai-hoi-XV-dien-bien.txt,
lines 3595-4215), reading the header `Stt | Chỉ tiêu | Đơn vị tính | Nghị quyết Đại hội XIV |
Thực hiện đến năm 2025 | So sánh với NQĐH XIV | Mục tiêu đến 2030 | Ghi chú`. `-` is a dash printed
in a cell; None is an empty cell.
"""

from __future__ import annotations

import re

import pytest

from dbreport.arithmetic import comparison_readings
from dbreport.models import Indicator
from dbreport.values import Value

N = None
# id: (name, unit, target, actual, comparison, target 2030)
EXPECTED: dict[str, tuple[str, str | None, str | None, str | None, str | None, str | None]] = {
    "A.1.1": (
        "Tổng sản phẩm trên địa bàn (GRDP theo giá so sánh)",
        "Tỷ đồng",
        "17.328",
        "17.970",
        "103,71%",
        "30.280",
    ),
    "A.1.2": (
        "Tăng trưởng GRDP bình quân giai đoạn 2021-2025",
        "%/năm",
        "7,00",
        "8,76",
        "1,76",
        "11",
    ),
    "A.1.3": ("Bình quân GRDP/đầu người", "Triệu đồng", "60", "54", "89,79%", "114,36"),
    "A.1.4": ("Năng suất lao động (theo giá hiện hành)", "Triệu đồng", N, "94,07", N, "192,48"),
    "A.2.1": ("Nông, lâm nghiệp và thuỷ sản", "%", "16,42", "13,65", N, "9,64"),
    "A.2.2": ("Công nghiệp và xây dựng", "%", "21,35", "23,12", N, "27,15"),
    "A.2.3": ("Dịch vụ", "%", "59,92", "59,11", N, "59,45"),
    "A.2.4": ("Thuế sản phẩm trừ trợ cấp sản phẩm", "%", "2,31", "4,12", N, "3,76"),
    "A.3.1": ("Tổng thu ngân sách địa phương", "Tỷ đồng", "14.000", "15.293", "109,23%", "18.000"),
    "A.3.2": (
        "Thu ngân sách nhà nước trên địa bàn tỉnh",
        "Tỷ đồng",
        "2.000",
        "2.062",
        "103,11%",
        "5.000",
    ),
    "A.3.3": ("Tổng vốn đầu tư toàn xã hội", "Tỷ đồng", "95.000", "27.948", "100%", "231.000"),
    "A.4.1": ("Tổng sản lượng lương thực", "Nghìn tấn", "280", "285", "101,79%", "284"),
    "A.4.2": ("Gia súc tăng bình quân", "%/năm", "3,5", "2,6", "-0,9", "3,0"),
    "A.4.3": (
        "Giá trị sản xuất Nông nghiêp (theo giá so sánh năm 2010)",
        "Tỷ đồng",
        N,
        "4.735",
        N,
        "5.683,7",
    ),
    "A.4.4": (
        "Giá trị tăng thêm ngành Nông nghiệp (theo giá năm 2010)",
        "Tỷ đồng",
        N,
        "2.620",
        N,
        "3.057",
    ),
    "A.5.1": ("Chỉ số sản xuất công nghiệp IIP", "%", N, "115,32", N, "118,52"),
    "A.5.2": (
        "Giá trị sản xuất công nghiệp (theo giá so sánh năm 2010)",
        "%",
        "10-12",
        "10,69",
        N,
        N,
    ),
    "A.6.1": (
        "Tổng mức bán lẻ hàng hoá và doanh thu dịch vụ tiêu dùng",
        "Tỷ đồng",
        "24.700",
        "27.500",
        "111,34%",
        "53.000",
    ),
    "A.6.2": ("Tổng giá trị xuất, nhập khẩu", "Triệu USD", "140", "140", "100%", "248"),
    "A.6.3": ("Giá trị xuất khẩu hàng hóa", "Triệu USD", "95", "95", "100%", "153"),
    "A.6.4": ("Giá trị nhập khẩu hàng hóa", "Triệu USD", "45", "45", "100%", "95"),
    "A.7.1": ("Tổng số khách du lịch", "Nghìn lượt người", "1.300", "1.450", "111,54%", "2.650"),
    "A.7.2": ("Doanh thu từ du lịch", "Tỷ đồng", "2.400", "2.400", "100%", "5.000"),
    "A.8.1": ("Dân số trung bình", "Vạn người", "66", "66,7", "101,06%", "71,6"),
    "A.8.2": ("Tốc độ tăng dân số hằng năm", "%", "1,65", "1,61", "-0,04", "1,53"),
    "A.8.3": ("Tuổi thọ trung bình", "Tuổi", "72", "70", "97,22%", "73"),
    "A.9.1": (
        "Số lao động được tạo việc làm",
        "Lao động/năm",
        "8.700",
        "9.200",
        "113,5%",
        "Từ 8.800 - 9.000",
    ),
    "A.9.2": (
        "Đào tạo giáo dục nghề nghiệp",
        "Lao động/năm",
        "8.000-8.300",
        "8.500",
        "107,6%",
        "Từ 8.500 trở lên",
    ),
    "A.9.3": (
        "Tỷ lệ lao động qua đào tạo trong tổng số lao động đang làm việc trong nền kinh tế",
        "%",
        "65-70",
        "65",
        N,
        ">70",
    ),
    "A.9.4": (
        "Tỷ lệ lao động qua đào tạo từ 3 tháng trở lên có văn bằng, chứng chỉ công nhận kết quả đào tạo",
        "%",
        "40",
        "40",
        N,
        ">55",
    ),
    "A.9.5": ("Tỷ lệ thất nghiệp khu vực thành thị", "%", "< 2,5", "<2,5", N, "<2,5"),
    "A.10.1": ("Tỷ lệ hộ nghèo", "%", "<16", "17,66", N, N),
    "A.10.2": ("Mức giảm tỷ lệ hộ nghèo", "%/năm", "2,93", "3,97", "1,04", "3"),
    "A.11.1": ("Tỷ lệ bác sĩ/ 1 vạn dân", "Bác sĩ", "13", "13", "100%", "14"),
    "A.11.2": ("Số giường bệnh/ 1 vạn dân", "Giường", "32", "32,1", "100,31%", "36,2"),
    "A.11.4": (
        "Tỷ lệ xã, phường đạt tiêu chí quốc gia về y tế xã",
        "%",
        "95",
        "95,3",
        "0,3",
        "100",
    ),
    "A.11.5": ("Tỷ lệ dân số được quản lý sức khỏe", "%", ">90", "50,10", "-39,90", ">95"),
    "A.11.6": ("Tỷ lệ người dân tham gia Bảo hiểm y tế", "%", "99", "98", "-1", ">98"),
    "A.12.1": ("Tỷ lệ trường đạt chuẩn quốc gia", "%", "75", "82,33", "7,33", "85"),
    "A.12.2": ("Trường đạt kiểm định chất lượng giáo dục", "%", "70", "84,27", "14,27", "85"),
    "A.12.3": (
        "Phổ cập giáo dục tiểu học, THCS mức độ 3",
        "%",
        "Đạt chuẩn",
        "Đạt chuẩn",
        "100%",
        N,
    ),
    "A.12.4": ("Tỷ lệ học sinh tốt nghiệp THPT", "%", "97", "99,8", "2,8", N),
    "A.13.1": ("Tỷ lệ hộ gia đình đạt chuẩn văn hoá", "%", "72", "75,8", "3,8", "78"),
    "A.13.2": ("Tỷ lệ thôn, bản, tổ dân phố văn hóa", "%", "65", "65,3", "0,3", "70"),
    "A.13.3": (
        "Tỷ lệ cơ quan, đơn vị, doanh nghiệp công nhận đạt chuẩn văn hóa",
        "%",
        "93",
        "95",
        "2",
        "95",
    ),
    "A.13.4": (
        "Tỷ lệ thôn, bản, tổ dân phố có nhà sinh hoạt cộng đồng",
        "%",
        "44",
        "60",
        "16",
        "70",
    ),
    "A.14.1": ("Cấp huyện hoàn thành xây dựng nông thôn mới", "Cấp huyện", "02", "02", "100%", N),
    "A.14.2": (
        "Tỷ lệ số xã đạt chuẩn và cơ bản đạt chuẩn nông thôn mới",
        "%",
        "45",
        "46,96",
        "1,96",
        "60",
    ),
    "A.14.3": (
        "Xã đạt chuẩn nông thôn mới nâng cao, nông thôn mới kiểu mẫu",
        "Xã",
        "02",
        "06",
        "300%",
        N,
    ),
    "A.15.1": (
        "Tỷ lệ xã có đường ô tô đến trung tâm đi lại được quanh năm",
        "%",
        "100",
        "96,9",
        "-3,1",
        "100",
    ),
    "A.15.2": ("Trạm y tế có cơ sở hạ tầng đảm bảo quy định của Bộ Y tế", "%", "100", "100", N, N),
    "A.15.3": ("Phòng học được được kiên cố hoá", "%", "100", "78", "-22", "100"),
    "A.15.4": ("Phòng nội nội trú được kiên cố hoá", "%", "90", "60,7", "-29,3", "100"),
    "A.15.5": ("Tỷ lệ đường giao thông cấp huyện được cứng hóa", "%", "100", "100", N, N),
    "A.15.6": (
        "Tỷ lệ đường giao thông cấp xã được nhựa hoá, bê tông hoá",
        "%",
        "75",
        "75",
        N,
        "100",
    ),
    "A.15.7": ("Tỷ lệ hộ được dùng điện", "%", "98", "96,2", "-1,8", "99"),
    "A.15.8": ("Tỷ lệ xã có lưới điện quốc gia", "%", "100", "100", "100", N),
    "A.15.9": ("Tỷ lệ xã, phường có đài truyền thanh", "%", "100", "100", "100", N),
    "A.16.1": (
        "Tỷ lệ người dân nông thôn được sử dụng nước hợp vệ sinh",
        "%",
        "85",
        "92,65",
        "7,65",
        "100",
    ),
    "A.16.2": ("Tỷ lệ người dân thành thị được cung cấp nước sạch", "%", "100", "99,8", "-0,2", N),
    "A.16.3": ("Tỷ lệ che phủ rừng", "%", "45,5", "45,5", "-", "48"),
    "A.16.4": ("Thu gom chất thải rắn ở đô thị", "%", "88", "96", "8", "96,5"),
    "B.17.1": (
        "Tổ chức đảng và đảng viên hoàn thành tốt nhiệm vụ",
        "%/năm",
        "85-90",
        ">85",
        "-",
        ">90",
    ),
    "B.17.2": ("Cơ sở đảng yếu kém (không hoàn thành nhiệm vụ)", "%/năm", "<5", "<5", "-", N),
    "B.17.3": ("Kết nạp đảng viên mới bình quân năm", "Đảng viên", "2.500", "2.500", "100", "3-4%"),
    "B.17.4": ("Thôn, bản có đảng viên và thành lập chi bộ độc lập", "%", "100", "100", "-", N),
    "B.18.1": ("Có trình độ từ đại học trở lên", "%", "100", "100", "-", "100"),
    "B.18.2": (
        "Được đào tạo lý luận chính trị, bồi dưỡng về quản lý nhà nước",
        "%",
        "100",
        "100",
        "-",
        "100",
    ),
    "B.18.3": (
        "Cán bộ chuyên trách được đạo tạo, bồi dưỡng lý luận chính trị",
        "%",
        "100",
        "100",
        "-",
        N,
    ),
    "B.18.4": ("Được đào tạo, bồi dưỡng chuyên môn, nghiệp vụ", "%", "100", "100", "-", N),
}
# Rows whose columns the text cannot settle: asserted separately below.
AMBIGUOUS = {"A.11.3"}


def raw(value: Value | None) -> str | None:
    return value.raw if value is not None else None


def test_every_row_is_read(report: dict[str, Indicator]) -> None:
    assert set(report) == set(EXPECTED) | AMBIGUOUS
    assert len(report) == 71


@pytest.mark.parametrize("row_id", sorted(EXPECTED))
def test_cells(report: dict[str, Indicator], row_id: str) -> None:
    r = report[row_id]
    name, unit, target, actual, comparison, future = EXPECTED[row_id]
    got = (
        r.name,
        r.unit,
        raw(r.target),
        raw(r.actual),
        raw(r.reported_comparison),
        raw(r.target_2030),
    )
    assert got == (name, unit, target, actual, comparison, future)
    assert r.alignment != "ambiguous", r.ambiguity


def test_undecidable_rows_say_so(report: dict[str, Indicator]) -> None:
    only_value = report["A.11.3"]  # `Tỷ lệ xã, xã phường có bác sỹ %   100`: one figure, 4 columns
    assert only_value.alignment == "ambiguous"
    assert raw(only_value.actual) == "100" and only_value.target is None
    assert "target" in (only_value.ambiguity or "")


def test_the_tables_own_convention_decides(report: dict[str, Indicator]) -> None:
    """`% 75        75   100`: 100 could be 75/75 as a ratio or the 2030 target. This table
    compares rates by difference (0,3; -3,1; 7,65...), so 100 is the target."""
    roads = report["A.15.6"]
    assert roads.alignment == "inferred"
    assert (raw(roads.reported_comparison), raw(roads.target_2030)) == (None, "100")


def test_structure(report: dict[str, Indicator]) -> None:
    assert report["A.1.1"].section_title == "Chỉ tiêu kinh tế - xã hội, môi trường"
    assert report["B.17.1"].section_title == "Chỉ tiêu xây dựng đảng"
    # a group row that is also its first indicator
    assert report["A.1.1"].group_title == report["A.1.1"].name
    assert report["A.3.1"].group_title == "Thu, chi ngân sách, tổng vốn đầu tư toàn xã hội"
    assert report["A.10.1"].group_title == "Giảm nghèo"  # footnote star dropped
    assert report["B.18.1"].group_title == "Cán bộ lãnh đạo, quản lý từ trưởng, phó phòng trở lên"
    assert report["B.18.1"].subgroup is None
    assert report["B.18.3"].subgroup == "Cán bộ công chức cấp xã"
    assert report["B.17.4"].note == "Hoàn thành năm 2024"
    assert {r.horizon_year for r in report.values()} == {2030}
    assert {r.actual_year for r in report.values()} == {2025}


def test_rows_after_page_breaks_keep_their_page(report: dict[str, Indicator]) -> None:
    # The header repeats at lines 3736, 3892, 4030 and 4160: five pages of table.
    assert report["A.4.3"].source.table_page == 1
    assert report["A.4.4"].source.table_page == 2
    assert report["A.9.5"].source.table_page == 3
    assert report["A.14.3"].source.table_page == 4
    assert report["B.18.1"].source.table_page == 5
    assert report["A.9.5"].source.line == 3922


def test_provenance_lines_hold_the_figures(report: dict[str, Indicator]) -> None:
    from tests.conftest import REPORT

    lines = REPORT.read_text(encoding="utf-8").splitlines()
    for r in report.values():
        assert r.source.line is not None and r.source.last_line is not None
        span = "\n".join(lines[r.source.line - 1 : r.source.last_line])
        for value in (r.target, r.actual, r.reported_comparison, r.target_2030):
            if value is not None and value.kind != "empty":
                first = re.search(r"\d[\d.,]*|\w+", value.raw)
                assert first is not None and first.group(0) in span, (r.id, value.raw)


def test_comparison_column_agrees_with_its_figures(report: dict[str, Indicator]) -> None:
    """Domain rule: the comparison is achieved/target x 100 or achieved - target, within rounding.

    Two rows break it, and a reader can check both: 27.948 / 95.000 is 29,4%, not 100%;
    9.200 / 8.700 is 105,7%, not 113,5%.
    """
    broken = set()
    for r in report.values():
        c = r.reported_comparison
        if c is None or c.kind != "number" or r.target is None or r.actual is None:
            continue
        numbers = r.target.kind == "number" and r.actual.kind == "number"
        if numbers and not comparison_readings(r.target, r.actual, c):
            broken.add(r.id)
    assert broken == {"A.3.3", "A.9.1"}


def test_table_note_is_kept(vocab) -> None:  # type: ignore[no-untyped-def]
    from dbreport.extraction import find_tables
    from dbreport.sources import load
    from tests.conftest import REPORT

    (table,) = find_tables(load(REPORT), vocab)
    assert table.notes[0].line == 4217
    assert table.notes[0].text.startswith("Ghi chú: Kết quả ước năm 2025, tỷ lệ hộ nghèo")

"""Groundwork for issue 15: the targets a prose list sets. The bundled report's Part Two
(`2. Các chỉ tiêu chủ yếu`, lines 1884-2050) and shapes of the corpus (Hà Nội: numbered inline;
Sóc Trăng: bullets). Values read from the documents by hand."""

from __future__ import annotations

from pathlib import Path

from dbreport.extraction.targets import Target, find_prose_targets
from dbreport.sources import load
from dbreport.vocab import load_vocabulary
from tests.conftest import REPORT

VOCAB = load_vocabulary()


def _by_name(targets: list[Target], name: str) -> Target:
    return next(t for t in targets if t.name == name)


def test_the_bundled_reports_part_two() -> None:
    targets = find_prose_targets(load(REPORT), VOCAB)
    revenue = _by_name(targets, "Tổng thu ngân sách trên địa bàn")  # line 1900
    assert (revenue.value.op, revenue.value.bound, revenue.unit, revenue.line) == (
        ">",
        5000.0,
        "tỷ đồng",
        1900,
    )
    assert revenue.period is not None and (revenue.period.kind, revenue.period.end) == (
        "year",
        2030,
    )
    investment = _by_name(targets, "Tổng vốn đầu tư toàn xã hội")  # 2026-2030: a total
    assert investment.value.number == 231000 and investment.period is not None
    assert (investment.period.kind, investment.period.start) == ("span", 2026)
    jobs = next(t for t in targets if t.name.endswith("tạo việc làm"))  # line 1928
    assert (jobs.value.kind, jobs.value.low, jobs.value.high) == ("range", 8800, 9000)
    poverty = _by_name(targets, "Tỷ lệ hộ nghèo")  # `giảm bình quân 3%/năm trở lên`
    assert (poverty.value.op, poverty.value.bound, poverty.unit) == (">=", 3.0, "%/năm")
    unemployment = _by_name(targets, "tỷ lệ thất nghiệp khu vực thành thị")
    assert (unemployment.value.op, unemployment.value.bound) == ("<", 2.5)
    added = _by_name(targets, "Giá trị tăng thêm ngành nông nghiệp (theo giá năm 2010)")
    assert added.period is None or added.period.end != 2010  # a price base is not the period
    assert _by_name(targets, "Tổng thu ngân sách trên địa bàn").field == "Về kinh tế"
    # `tăng 4,01% so với năm 2025` is a change against today, not a target
    assert all("4,01" not in t.value.raw for t in targets)


def test_a_list_numbered_inline_and_a_list_of_bullets(tmp_path: Path) -> None:
    inline = tmp_path / "nghi_quyet.txt"
    inline.write_text(
        "Các chỉ tiêu chủ yếu đến năm 2025\n\n"
        "Về kinh tế: (1) Tốc độ tăng trưởng GRDP bình quân giai đoạn 2021 - 2025: từ 7,5 đến "
        "8,0%/năm. (3) GRDP bình quân/người: từ 8.300 đến 8.500 USD. (5) Tỷ trọng kinh tế số "
        "trong GRDP đạt khoảng 30%.\n",
        encoding="utf-8",
    )
    found = find_prose_targets(load(inline), VOCAB)
    per_head = next(t for t in found if "GRDP bình quân/người" in t.name)
    assert (per_head.value.kind, per_head.value.low, per_head.value.high, per_head.unit) == (
        "range",
        8300,
        8500,
        "USD",
    )
    digital = next(t for t in found if "kinh tế số" in t.name)
    assert (digital.value.number, digital.value.approx) == (30.0, True)
    bullets = tmp_path / "so_chi_tieu.txt"
    bullets.write_text(
        "SỐ CHỈ TIÊU\n\n"
        "• Sản lượng thuỷ, hải sản đến cuối nhiệm kỳ đạt 417.000 tấn trở lên.\n\n"
        "• Tỷ lệ hộ nghèo giảm bình quân 1,5%/năm.\n",
        encoding="utf-8",
    )
    found = find_prose_targets(load(bullets), VOCAB)
    fish = next(t for t in found if t.name.startswith("Sản lượng thuỷ, hải sản"))
    assert (fish.value.op, fish.value.bound, fish.unit) == (">=", 417000.0, "tấn")
    assert [t.line for t in found] == [3, 5]

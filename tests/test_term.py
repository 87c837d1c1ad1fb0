"""Issue 15: a term's targets (`dbreport targets`) and their progress (`dbreport track`).

Values read from the documents by hand: the bundled report's Part Two (lines 1884-2075) and its
appendix; tests/fixtures/targets/ (real target lists of other places, hand-read expectations in
`*.expected.yaml`, and one made-up list of every shape); tests/fixtures/track/ (a made-up 2026
yearly report of the same province).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from dbreport.analysis.term import collect
from dbreport.batch import read
from dbreport.extraction.targets import Target, find_prose_targets
from dbreport.rules import load_rules
from dbreport.sources import load
from dbreport.textnorm import fold
from dbreport.vocab import load_vocabulary
from tests.conftest import REPORT, run_cli

VOCAB = load_vocabulary()
RULES = load_rules()
FIXTURES = Path(__file__).parent / "fixtures" / "targets"
YEARLY = Path(__file__).parent / "fixtures" / "track" / "yearly_2026_made_up.txt"


def _read(name: str) -> list[Target]:
    return find_prose_targets(load(FIXTURES / name), VOCAB, RULES)


def _one(found: list[Target], words: str) -> Target:
    return next(t for t in found if words in t.name)


def test_every_shape_of_the_made_up_list() -> None:
    found = _read("made_huyen_mau_2025_2030.txt")
    farm = _one(found, "Nông, lâm nghiệp, thủy sản")  # `≤ 18%`
    assert (farm.value.kind, farm.value.op, farm.value.bound) == ("bound", "<=", 18.0)
    industry = _one(found, "Công nghiệp - xây dựng")  # `40 – 42%`
    assert (industry.value.low, industry.value.high, industry.unit) == (40.0, 42.0, "%")
    services = _one(found, "Dịch vụ")  # `≥ 40%`
    assert (services.value.op, services.value.bound) == (">=", 40.0)
    growth = next(t for t in found if t.value.kind == "range" and t.unit == "%/năm")  # `7,5 ÷ 8`
    assert (growth.value.low, growth.value.high) == (7.5, 8.0)
    assert growth.period is not None and (growth.period.kind, growth.period.end) == (
        "average",
        2030,
    )
    investment = _one(found, "Tổng vốn đầu tư toàn xã hội")  # `2026 - 2030: trên 12.000 tỷ đồng`
    assert (investment.value.op, investment.value.bound, investment.unit) == (
        ">",
        12000.0,
        "tỷ đồng",
    )
    assert investment.period is not None and investment.period.kind == "span"
    communes = next(t for t in found if t.value.of == 9)  # `02/09 xã`
    assert (communes.value.number, communes.unit) == (2.0, "xã")
    schools = _one(found, "trường đạt chuẩn quốc gia")  # `85% (34/40 trường)`
    assert (schools.value.number, schools.count) == (85.0, "34/40 trường")
    assert any(t.qualitative and t.name == "Không còn hộ đói" for t in found)
    poverty = _one(found, "hộ nghèo")  # `giảm bình quân mỗi năm 1 - 1,5%`
    assert (poverty.value.low, poverty.value.high) == (1.0, 1.5)
    assert poverty.period is not None and poverty.period.kind == "average"
    members = next(
        t for t in found if t.unit == "đảng viên"
    )  # `Hằng năm kết nạp từ 120 đảng viên trở lên`
    assert (members.value.op, members.value.bound, members.unit) == (">=", 120.0, "đảng viên")
    # the narrative paragraph before the heading (`8,1%/năm`, `14/16 xã`) sets nothing
    assert all(t.line > 2 for t in found)


def test_shapes_the_real_lists_showed() -> None:
    """The made-up province list: `tỉ`, a subject and verb before the figure, a unit whose last
    word begins the name, `trong đó có`, a comma between two targets, targets named by their unit
    alone, a bracket that sets a later target, shares of something, a double space."""
    found = _read("made_tinh_mau_2025_2030.txt")
    by = {(t.name, t.value.raw): t for t in found}
    revenue = _one(found, "Tổng thu ngân sách")
    assert (revenue.value.op, revenue.value.bound, revenue.unit) == (">", 1100.0, "tỉ đồng")
    visitors = by[("khách du lịch", "1,6")]
    assert visitors.unit == "triệu lượt"  # `1,6 triệu lượt khách du lịch`
    foreign = by[("khách quốc tế", "200")]
    assert (foreign.unit, foreign.part_of) == ("nghìn lượt", "khách du lịch")
    assert by[("khách lưu trú", "12")].unit == "nghìn khách"  # no bare `nghìn` left as a unit
    assert by[("doanh thu du lịch", "2.500")].unit == "tỉ đồng"  # not named `… lưu trú, doanh thu`
    assert by[("bác sĩ/1 vạn dân", "12")].unit == "bác sĩ/1 vạn dân"
    assert by[("giường bệnh/1 vạn dân", "34")].unit == "giường bệnh/1 vạn dân"
    now, later = by[("tỷ suất sinh", "2,1")], by[("tỷ suất sinh", "2,0")]
    assert now.count is None and now.period is not None and now.period.end == 2030
    assert later.period is not None and (later.period.end, later.period.stated) == (2035, True)
    members = _one(found, "kết nạp đảng viên mới")
    assert (members.value.low, members.value.high, members.unit) == (
        3.0,
        4.0,
        "% tổng số đảng viên",
    )
    cadres = [t for t in found if t.name.startswith("cán bộ")]
    assert [(t.name, t.value.number) for t in cadres] == [
        ("cán bộ, công chức cấp tỉnh", 100.0),
        ("cán bộ cấp xã", 90.0),
    ]
    assert _one(found, "tuyển quân").unit == "% chỉ tiêu"
    assert all(t.line > 1 for t in found)  # the past results before the heading set nothing


def test_units_alone_and_two_targets_joined_by_va() -> None:
    """`Đến năm 2030 đạt 10 bác sĩ và 30 giường bệnh/1 vạn dân`: two targets, the first takes
    the second's denominator."""
    found = _read("made_huyen_mau_2025_2030.txt")
    doctors = next(t for t in found if t.value.number == 10.0 and t.line == 15)
    beds = next(t for t in found if t.value.number == 30.0 and t.line == 15)
    assert (doctors.name, doctors.unit) == ("bác sĩ/1 vạn dân", "bác sĩ/1 vạn dân")
    assert (beds.name, beds.unit) == ("giường bệnh/1 vạn dân", "giường bệnh/1 vạn dân")
    income = _one(found, "Thu nhập bình quân đầu người")  # `tăng gấp 1,5 lần so với năm 2025`
    assert (income.value.number, income.unit) == (1.5, "lần")


def test_a_table_of_targets_only_sets_the_year_its_header_names(tmp_path: Path) -> None:
    """`Chỉ tiêu phấn đấu đến năm 2030` heads a resolution's only value column (a target, not a
    result): its rows are the targets of 2030."""
    design = (
        Path(__file__).parent / "fixtures" / "designs" / "d10_single_column_targets_2030_web.txt"
    )
    text = design.read_text(encoding="utf-8")
    assert "Mục tiêu đến năm 2030" in text
    resolution = tmp_path / "resolution.txt"
    resolution.write_text(
        text.replace("Mục tiêu đến năm 2030", "Chỉ tiêu phấn đấu đến năm 2030"), encoding="utf-8"
    )
    done = run_cli("targets", str(resolution), "-f", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["targets"]
    forest = next(r["target"] for r in rows if r["target"]["name"] == "Tỷ lệ che phủ rừng")
    assert (forest["value"]["number"], forest["period"]["end"], forest["origin"]) == (
        48.0,
        2030,
        "table",
    )
    assert len(rows) == 7  # one per row of the table


def _numbers(kind: str | None, t: dict[str, float]) -> tuple[float, ...]:
    if kind == "range":
        return (round(t["low"], 3), round(t["high"], 3))
    return (round(t.get("number") or t.get("bound") or 0.0, 3),)


def _got(t: Target) -> tuple[float, ...]:
    v = t.value
    if v.kind == "range":
        return (round(v.low or 0, 3), round(v.high or 0, 3))
    return (round((v.number if v.kind == "number" else v.bound) or 0.0, 3),)


LISTS = sorted(
    path
    for folder in sorted(FIXTURES.parent.glob("targets*"))
    for path in folder.glob("*.txt")
    if not path.name.startswith("ha_tinh")
)


def _unit(unit: str | None) -> str:
    return fold(unit or "").replace(" ", "")


def _score(path: Path) -> tuple[int, int, int]:
    """(targets expected, read with the right value, read with the right value and unit)."""
    expected = yaml.safe_load(path.with_name(path.stem + ".expected.yaml").read_text())
    want = [t for t in expected["targets"] if t.get("kind") != "qualitative"]
    found = [t for t in find_prose_targets(load(path), VOCAB, RULES) if not t.qualitative]
    values = right = 0
    for w in want:
        same = [t for t in found if _got(t) == _numbers(w.get("kind"), w)]
        values += bool(same)
        right += any(_unit(t.unit) == _unit(w.get("unit")) for t in same)
    return len(want), values, right


@pytest.mark.parametrize("path", LISTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_real_target_lists_of_other_places(path: Path) -> None:
    """Every list's targets read with their figures (at least 60% of each list; all lists
    together in the next test), and nothing read from a sentence that sets none
    (`not_targets`). The Hà Tĩnh infographic, flattened to text with labels and values on
    separate lines, is not a list (docs/limits.md)."""
    want, values, _ = _score(path)
    assert values >= 0.6 * want, (path.name, values, want)
    expected = yaml.safe_load(path.with_name(path.stem + ".expected.yaml").read_text())
    text = path.read_text(encoding="utf-8")
    found = [t for t in find_prose_targets(load(path), VOCAB, RULES) if not t.qualitative]
    for quote in expected.get("not_targets") or []:
        quoted = str(quote.get("quote", quote) if isinstance(quote, dict) else quote)
        if quoted not in text:
            continue
        for t in found:
            printed = f"{t.value.raw} {t.unit or ''}".strip()
            assert not (printed in quoted and quoted in t.sentence), (path.name, quoted, t.name)


def test_the_real_lists_together_read_right() -> None:
    """The issue's bar: at least 90% of the targets read with the right value and unit, over
    every list (the development set and the held-out sets, tests/fixtures/targets*/)."""
    scores = [_score(path) for path in LISTS]
    want = sum(w for w, _, _ in scores)
    right = sum(r for _, _, r in scores)
    assert right / want >= 0.9, (right, want)
    held_out = [_score(p) for p in LISTS if p.parent.name != "targets"]  # never tuned on
    if held_out:
        assert sum(r for _, _, r in held_out) / sum(w for w, _, _ in held_out) >= 0.9


def test_the_bundled_report_states_its_targets_twice_and_they_agree() -> None:
    term = collect(read(REPORT))
    revenue = next(
        t for t in term.targets if t.target.line == 1900 and t.target.value.kind == "bound"
    )
    assert revenue.also is not None and revenue.also.row == "A.3.2"  # 5.000 in the appendix
    assert revenue.agrees is True
    assert revenue.baseline is not None and revenue.baseline.value.raw == "2.062"
    population = next(t for t in term.targets if t.target.name == "dân số trung bình")
    assert population.agrees is True  # `trên 716.000 người` against `71,6 vạn người`
    tourists = next(t for t in term.targets if t.target.name == "Tổng lượng khách du lịch")
    assert tourists.agrees is None and tourists.why_not_compared  # a total against a year's
    assert term.findings == []  # every pair compared agrees
    assert term.term.start == 2025 and term.term.end == 2030


def test_a_target_stated_with_two_values_is_an_audit_finding(tmp_path: Path) -> None:
    lines = REPORT.read_text(encoding="utf-8").split("\n")
    assert lines[3705].startswith("2.000 2.062 103,11% 5.000")  # line 3706: the 2030 cell
    lines[3705] = lines[3705].replace("5.000", "6.000")
    edited = tmp_path / REPORT.name
    edited.write_text("\n".join(lines), encoding="utf-8")
    findings = [f for f in read(edited).findings() if f.kind == "target_twice"]
    assert len(findings) == 1
    assert (
        findings[0].args["a"] == "trên 5.000 tỷ đồng" and findings[0].args["b"] == "6.000 Tỷ đồng"
    )
    assert [p.line for p in findings[0].places] == [1900, 3700]


EXPECTED_CLASSES = {
    "Tỷ lệ hộ được sử dụng điện lưới quốc gia": "target_met",  # 99,2 > 99
    "Tổng thu ngân sách trên địa bàn": "on_track",  # 40,6%/yr so far, 19,4%/yr needed
    "Tổng sản phẩm trên địa bàn (GRDP theo giá so sánh)": "needs_acceleration",  # R 0,93
    "Tổng vốn đầu tư toàn xã hội": "needs_acceleration",  # 40.000 a year, 46.200 needed
    "Tỷ lệ hộ nghèo": "limited_progress",  # 17,66 → 16: 1,66 points of 3 a year
    "tỷ lệ che phủ rừng": "moving_away",  # 45,5 → 45,3 against 48
    "Tốc độ tăng trưởng kinh tế": "needs_acceleration",  # the prose: 8,5% against over 11%
}


def _classes(rows: list[dict[str, object]]) -> dict[str, str]:
    return {str(r["target"]["name"]): str(r["klass"]) for r in rows}  # type: ignore[index]


def test_track_the_2030_targets_with_a_2026_yearly_report() -> None:
    done = run_cli("track", str(REPORT), str(YEARLY), "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    classes = _classes(rows)
    for name, klass in EXPECTED_CLASSES.items():
        assert classes[name] == klass, (name, classes[name])
    grdp = next(r for r in rows if r["target"]["name"].startswith("Tổng sản phẩm"))
    assert grdp["formula"] == "cagr" and grdp["latest"]["year"] == 2026
    assert round(grdp["required"], 2) == 11.0 and round(grdp["so_far"], 2) == 10.18
    assert grdp["latest"]["document"] == YEARLY.name and grdp["latest"]["line"] == 9
    assert sum(r["klass"] == "no_figure" for r in rows) > 20  # the rest: no 2026 figure yet
    # the yearly report's prose beside its table: `Tăng trưởng GRDP năm 2026 … ước đạt 8,5%`
    growth = next(r for r in rows if r["target"]["name"] == "Tốc độ tăng trưởng kinh tế")
    assert (growth["latest"]["number"], growth["latest"]["line"]) == (8.5, 3)
    assert (growth["formula"], growth["latest"]["origin"]) == ("average", "text")
    # `Đến năm 2030, dân số trung bình đạt trên 716.000 người` in the 2025 report is an aim
    population = next(r for r in rows if r["target"]["name"] == "dân số trung bình")
    assert population["klass"] == "no_figure" and population["latest"] is None


def test_the_briefing_tracks_the_next_terms_targets() -> None:
    done = run_cli("brief", str(REPORT), str(YEARLY), "--lang", "en")
    assert done.returncode == 0, done.stderr
    section = done.stdout.split("## Progress towards the 2025-2030 targets", 1)[1].split("\n## ")[0]
    assert "7 with a figure after 2025 in the documents read" in section
    assert "1 target met, 1 on track, 3 needs acceleration, 1 limited progress, 1 moving away" in (
        section
    )
    forest = next(line for line in section.splitlines() if line.startswith("| Forest cover"))
    assert "45.3 (2026; yearly_2026_made_up.txt, line 13)" in forest
    assert "0.50 pts" in forest and "-0.20 pts" in forest and "Moving away" in forest
    assert "- points: R = ((y - y0)/(t - t0)) / ((Y - y0)/(T - t0))" in section
    alone = run_cli("brief", str(REPORT))  # nothing after 2025 read: said in one sentence
    assert "chưa tài liệu nào đã đọc có số liệu sau năm 2025" in alone.stdout


def test_targets_as_yaml_are_read_back_by_track(tmp_path: Path) -> None:
    kept = tmp_path / "targets-2030.yaml"
    done = run_cli("targets", str(REPORT), "--format", "yaml", "--output", str(kept))
    assert done.returncode == 0, done.stderr
    data = yaml.safe_load(kept.read_text(encoding="utf-8"))
    revenue = next(t for t in data["targets"] if t["name"] == "Tổng thu ngân sách trên địa bàn")
    assert revenue["value"] == "trên 5.000" and revenue["baseline"]["value"] == "2.062"
    assert data["indicators"]  # the rules come along: the file works as --targets
    again = run_cli("track", str(kept), str(YEARLY), "--format", "json")
    assert again.returncode == 0, again.stderr
    assert {
        k: v for k, v in _classes(json.loads(again.stdout)).items() if k in EXPECTED_CLASSES
    } == EXPECTED_CLASSES
    # a person corrects a target by hand, and track reads the correction
    text = kept.read_text(encoding="utf-8").replace("value: trên 5.000", "value: trên 15.000", 1)
    kept.write_text(text, encoding="utf-8")
    third = _classes(json.loads(run_cli("track", str(kept), str(YEARLY), "-f", "json").stdout))
    assert third["Tổng thu ngân sách trên địa bàn"] == "needs_acceleration"  # 48,7%/yr needed
    assert run_cli("compare", str(REPORT), "--targets", str(kept), "-f", "json").returncode == 0


def test_yaml_only_where_a_data_file_is_made_and_bad_track_input(tmp_path: Path) -> None:
    refused = run_cli("gaps", str(REPORT), "--format", "yaml")
    assert refused.returncode == 2 and "only `dbreport targets`" in refused.stderr
    assert "Traceback" not in refused.stderr
    missing = run_cli("track", str(tmp_path / "none.yaml"))
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    empty = tmp_path / "rules.yaml"
    shutil.copy(Path(__file__).parents[1] / "data" / "targets.yaml", empty)
    none = run_cli("track", str(empty), str(YEARLY))
    assert none.returncode == 2 and "holds no `targets:`" in none.stderr

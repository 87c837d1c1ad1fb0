"""The briefing's charts: files written, what they show of the report, and the same bytes twice."""

from __future__ import annotations

import dataclasses
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytest.importorskip("matplotlib", reason="the charts extra is not installed")

from dbreport.batch import read
from dbreport.errors import UsageError
from dbreport.render.brief import BriefData, brief_data
from dbreport.render.charts import draw_charts
from tests.conftest import REPORT, run_cli

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def data() -> BriefData:
    return brief_data(read(REPORT))[0]


def svg_text(path: Path) -> str:
    """Every string the SVG prints, joined: the chart's words, not its markup."""
    root = ET.parse(path).getroot()
    return "\n".join("".join(node.itertext()) for node in root.iter(f"{SVG}text"))


def test_four_files_in_order(data: BriefData, tmp_path: Path) -> None:
    out = tmp_path / "new" / "charts"
    files = draw_charts(data, out, "vi", stem="dienbien-")
    assert [f.name for f in files] == [
        "dienbien-achievement.png",
        "dienbien-achievement.svg",
        "dienbien-pace.png",
        "dienbien-pace.svg",
    ]
    for f in files:
        assert f.is_file()
    assert files[0].read_bytes().startswith(b"\x89PNG")
    assert files[2].read_bytes().startswith(b"\x89PNG")
    assert sorted(p.name for p in out.iterdir()) == sorted(f.name for f in files)  # no temp left


def test_achievement_chart_shows_the_report(data: BriefData, tmp_path: Path) -> None:
    _, svg, _, _ = draw_charts(data, tmp_path, "vi")
    text = svg_text(svg)
    assert "Mức đạt so với mục tiêu Nghị quyết" in text
    # A.11.5: 50,10% of the population managed against a target above 90 (56% of it)
    assert "A.11.5  Tỷ lệ dân số được quản lý sức khỏe" in text
    assert "56%" in text
    not_met = [i.record.id for i in data.items if i.assessment.status == "not_met"]
    assert "A.11.5" in not_met
    assert all(f"{rid}  " in text for rid in not_met)
    # A.3.3 is disputed: the report reads it two ways, so it has no place on the dot chart
    assert any(i.record.id == "A.3.3" and i.assessment.status == "disputed" for i in data.items)
    assert "A.3.3" not in text
    # A.14.3, 06 communes against 02 (300%), is beyond the axis: drawn at its edge, figure beside
    assert "→ 300%" in text
    # a heading per group, the table's own title
    assert "A.15 Cơ sở hạ tầng thiết yếu" in text


def test_pace_chart_panels_and_units(data: BriefData, tmp_path: Path) -> None:
    _, _, _, svg = draw_charts(data, tmp_path, "en")
    text = svg_text(svg)
    assert "Yearly pace needed to 2030" in text
    assert "%/yr" in text and "pts/yr" in text
    # GRDP must grow 11%/yr against 8,76%/yr achieved: highlighted, its achieved pace marked;
    # in English the row's English name (data/targets.yaml) and group title
    assert "A.1.2  Average GRDP growth" in text and "A.1 GRDP" in text
    assert "Needed each year (must accelerate)" in text
    assert "Achieved each year" in text
    # no pace can be computed for the disputed A.3.3
    assert "A.3.3" not in text


def test_same_input_same_bytes(data: BriefData, tmp_path: Path) -> None:
    first = [p.read_bytes() for p in draw_charts(data, tmp_path / "a", "vi")]
    second = [p.read_bytes() for p in draw_charts(data, tmp_path / "b", "vi")]
    assert first == second


def test_names_are_words_not_mathtext(data: BriefData, tmp_path: Path) -> None:
    item = next(i for i in data.items if i.record.id == "A.11.5")
    renamed = dataclasses.replace(
        item, record=item.record.model_copy(update={"name": "Chi phí $x$ mỗi người"})
    )
    changed = dataclasses.replace(
        data, items=[renamed if i is item else i for i in data.items], outlooks=[]
    )
    _, svg, _, pace = draw_charts(changed, tmp_path, "vi")
    assert "A.11.5  Chi phí $x$ mỗi người" in svg_text(svg)
    assert "Không có chỉ tiêu nào tính được nhịp cần đạt." in svg_text(pace)


def test_without_matplotlib_a_usage_error(
    data: BriefData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(UsageError, match=r"pip install 'dbreport\[charts\]'") as caught:
        draw_charts(data, tmp_path, "vi")
    assert caught.value.exit_code == 2
    assert not list(tmp_path.iterdir())


def test_brief_links_the_charts_it_draws(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason="the charts extra is not installed")
    out = tmp_path / "b.md"
    result = run_cli("brief", "--charts", str(tmp_path / "ch"), "-o", str(out), "--lang", "en")
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "![Achievement](<ch/achievement.png>)" in text
    assert (tmp_path / "ch" / "pace.svg").exists()

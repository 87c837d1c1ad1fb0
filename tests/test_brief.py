"""The briefing: golden files in both languages, determinism, and markdown that survives pandoc.

The golden files were read line by line against the table (data/raw) before being committed;
a change to them is a change a reader of the briefing will see.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from dbreport.render.markdown import escape_cell
from tests.conftest import ROOT, run_cli

GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_golden(lang: str) -> None:
    result = run_cli("brief", "--lang", lang)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (GOLDEN / f"brief_{lang}.md").read_text(encoding="utf-8")


def test_same_input_same_bytes_and_stamp_only_when_asked() -> None:
    first, second = run_cli("brief").stdout, run_cli("brief").stdout
    assert first == second
    assert "Lập ngày" not in first
    assert "Lập ngày 2026-03-01." in run_cli("brief", "--stamp", "2026-03-01").stdout


def test_brief_content_from_the_report() -> None:
    text = (GOLDEN / "brief_en.md").read_text(encoding="utf-8")
    # A.3.3 (27.948 against 95.000) is counted apart as disputed: the report's comparison
    # column says 100% and its body (line 342) gives above 95.000 for 2021-2025, 100% of target
    assert (
        "71 indicators: 23 exceeded, 26 met, 3 nearly met, 9 not met, 1 disputed, "
        "9 not assessed." in text
    )
    assert "'cơ bản hoàn thành 16/16 nhóm chỉ tiêu'" in text
    not_met = text.split("## Not met")[1].split("## Nearly met")[0]
    assert not_met.count("\n| A.") == 9
    assert "A.3.3" not in not_met
    # English names, units and figures from the data files (the Vietnamese name is kept in the
    # tables' `name_vi` column)
    assert "- **A.3.3 Total social investment** (billion VND; line 3708)" in text
    assert "phát triển tổ chức đảng trong khối doanh nghiệp tư nhân đạt 50% MTNQ" in not_met
    outlook = text.split("## Towards 2030")[1].split("## Achievement")[0]
    assert (
        "| A.1.1 | GRDP (constant prices) (level) | 17,970 | 30,280 | 11.00% | 8.76% | Must accelerate |"
        in outlook
    )


def test_tables_are_well_formed() -> None:
    for lang in ("vi", "en"):
        lines = (GOLDEN / f"brief_{lang}.md").read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if line.startswith("|") and i + 1 < len(lines) and lines[i + 1].startswith("|:"):
                columns = line.count(" | ") + 1
                assert lines[i + 1].count("|") - 1 == columns
                assert lines[i - 1] == "", "a table needs a blank line before it"


def test_escape_cell() -> None:
    assert escape_cell("a | b\nc") == "a \\| b<br>c"


def test_output_file(tmp_path: Path) -> None:
    out = tmp_path / "brief.md"
    assert run_cli("brief", "--output", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8") == (GOLDEN / "brief_vi.md").read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_pandoc_reads_it_as_tables(tmp_path: Path) -> None:
    html = subprocess.run(
        ["pandoc", str(GOLDEN / "brief_vi.md"), "-t", "html"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    assert html.count("<table") == 5
    assert "███" in html
    docx = tmp_path / "brief.docx"
    subprocess.run(["pandoc", str(GOLDEN / "brief_en.md"), "-o", str(docx)], check=True)
    assert docx.stat().st_size > 5000

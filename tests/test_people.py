"""For people and spreadsheets: tables that fit a terminal, numbers Excel reads as numbers,
English that is English, filters that say when they match nothing."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from tests.conftest import REPORT, ROOT, run_cli

ESCAPE = re.compile(r"\x1b\[")


def _figures_of(command: str) -> list[str]:
    """Every figure the table shows as a whole: target, achieved, gap."""
    rows = json.loads(run_cli(command, "-f", "json").stdout)
    out = []
    for r in rows:
        for key in ("target", "actual"):
            if r.get(key) and r[key].get("raw"):
                out.append(r[key]["raw"])
    return out


@pytest.mark.parametrize("command", ["gaps", "compare"])
@pytest.mark.parametrize("width", [80, 100, 120, 200])
def test_tables_fit_the_width_and_never_split_a_figure(command: str, width: int) -> None:
    result = run_cli(command, env={"COLUMNS": str(width)})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert all(len(line.rstrip()) <= width for line in lines), max(map(len, lines))
    assert not ESCAPE.search(result.stdout)  # NO_COLOR, and not a terminal: plain text
    cells = {c.strip() for line in lines for c in re.split(r"[│┃]|\s{2,}", line)}
    for figure in _figures_of(command):
        assert any(figure in cell for cell in cells), (figure, width)
    assert "✗ Chưa đạt" in result.stdout  # a verdict never split letter by letter
    footer = "Cột bỏ bớt cho vừa"
    if width < 200:
        assert footer in result.stdout and "--wide" in result.stdout
    else:
        assert footer not in result.stdout


def test_wide_and_columns_show_what_was_left_out() -> None:
    wide = run_cli("gaps", "--wide", env={"COLUMNS": "80"}).stdout
    assert "BC tự đánh giá" in wide and "Cột bỏ bớt" not in wide
    chosen = run_cli("gaps", "--columns", "id,actual,bar", env={"COLUMNS": "80"}).stdout
    assert "Mức đạt" in chosen and "Tỷ lệ dân số" not in chosen and "█" in chosen
    bad = run_cli("gaps", "--columns", "id,nope")
    assert bad.returncode == 2 and "--columns names 'nope'" in bad.stderr
    twice = run_cli("gaps", "--columns", "id,id")
    assert twice.returncode == 2 and "a column twice" in twice.stderr


def test_the_sort_is_by_the_measure_shown() -> None:
    rows = json.loads(run_cli("gaps", "-f", "json").stdout)
    short = [
        r["achievement"]
        for r in rows
        if r["status"] == "not_met" and not r.get("only_in_text") and r.get("achievement")
    ]
    assert short == sorted(short)


def test_csv_numbers_are_numbers_and_the_same_in_both_languages() -> None:
    vi = list(csv.DictReader(io.StringIO(run_cli("compare", "-f", "csv").stdout)))
    en = list(csv.DictReader(io.StringIO(run_cli("compare", "-f", "csv", "--lang", "en").stdout)))
    keys = ("target_value", "actual_value", "gap_value", "achievement")
    assert [[r[k] for k in keys] for r in vi] == [[r[k] for k in keys] for r in en]
    poverty = next(r for r in vi if r["id"] == "A.10.1")
    # `<16` against `17,66`, read from report lines 3929-3931
    assert (float(poverty["target_value"]), float(poverty["actual_value"])) == (16.0, 17.66)
    assert float(poverty["gap_value"]) == -1.66 and poverty["gap_unit"] == "points"
    investment = next(r for r in vi if r["id"] == "A.3.3")
    assert float(investment["target_value"]) == 95000.0  # `95.000`, not 95
    for row in vi:
        for key in keys:
            if row[key]:
                float(row[key])


def test_an_xlsx_workbook_holds_numbers(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "gaps.xlsx"
    result = run_cli("gaps", "-o", str(out))
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(out)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(2, values_only=True)}
    poverty = rows["A.10.1"]
    assert poverty["actual_value"] == 17.66 and poverty["target_value"] == 16
    assert sheet.cell(row=2, column=header.index("actual_value") + 1).data_type == "n"
    assert poverty["actual"] == "17,66"  # the display string beside it, as printed
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    assert len(book.worksheets) == 2  # the sources and rules on a sheet of their own
    notes = [c.value for c in book.worksheets[1]["A"]]
    assert any("2025-bao-cao-chinh-tri-dai-hoi-XV-dien-bien.txt" in str(n) for n in notes)


def test_document_text_never_becomes_a_formula_in_a_workbook(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from dbreport.render.view import Column, View
    from dbreport.render.xlsx_writer import write_xlsx

    view = View("t", [Column("name", "name")], [{"name": '=HYPERLINK("x")'}], [])
    out = tmp_path / "x.xlsx"
    with out.open("wb") as fh:
        write_xlsx(view, fh)
    cell = openpyxl.load_workbook(out).worksheets[0]["A2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("x")'


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["gaps", "-o", "d.docx"], "Cannot tell how to write d.docx"),
        (["gaps", "-o", "d.xlsx", "-f", "json"], "is a xlsx file name"),
        (["gaps", "--excel", "-f", "json"], "--excel writes CSV"),
        (["gaps", "-f", "xlsx"], "give --output NAME.xlsx"),
        (["brief", "-o", "b.pdf"], "cannot write b.pdf"),
    ],
)
def test_an_output_name_that_does_not_match_a_format_is_refused(
    args: list[str], said: str, tmp_path: Path
) -> None:
    result = run_cli(*args, cwd=ROOT)
    assert result.returncode == 2 and said in result.stderr
    assert not (ROOT / args[2]).exists()


def test_a_word_briefing_without_pandoc_says_how_to_get_it(tmp_path: Path) -> None:
    result = run_cli("brief", "-o", str(tmp_path / "b.docx"), env={"PATH": "/nonexistent"})
    assert result.returncode == 2 and "needs pandoc" in result.stderr
    assert not (tmp_path / "b.docx").exists()


def test_a_word_briefing_through_pandoc(tmp_path: Path) -> None:
    import shutil

    if shutil.which("pandoc") is None:
        pytest.skip("pandoc is not installed (apt install pandoc)")
    out = tmp_path / "b.docx"
    result = run_cli("brief", "-o", str(out), env={"PATH": "/usr/bin:/bin:/usr/local/bin"})
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:2] == b"PK"


def test_english_is_english() -> None:
    rows = json.loads(run_cli("compare", "-f", "json", "--lang", "en").stdout)
    poverty = next(r for r in rows if r["id"] == "A.10.1")
    assert (poverty["name_en"], poverty["unit_en"]) == ("Poverty rate (households)", "%")
    table = run_cli("compare", "--search", "poverty", "--lang", "en", "-f", "md").stdout
    assert "| A.10.1 | Poverty rate (households) | Tỷ lệ hộ nghèo | % | \\<16 | 17.66 |" in table
    assert "-1.66 pts" in table and "17,66" not in table
    gdp = run_cli("show", "A.1.3", "--lang", "en", "-f", "md").stdout
    assert "million VND" in gdp and "| Group | 1 GRDP |" in gdp
    brief = run_cli("brief", "--lang", "en").stdout
    assert "at most 1 years short" in brief and "Tuổi" not in brief.split("## Headline")[0]


@pytest.mark.parametrize(
    "args",
    [
        ["compare", "--search", "xyzabc"],
        ["compare", "--group", "99"],
        ["compare", "--section", "Z"],
        ["gaps", "--search", "xyzabc"],
        ["outlook", "--search", "xyzabc"],
        ["extract", "--section", "Z"],
        ["claims", "--search", "xyzabc"],
        ["audit", "--search", "xyzabc"],
    ],
)
def test_a_filter_that_matches_nothing_says_so(args: list[str]) -> None:
    result = run_cli(*args)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("dbreport: No ") and args[-1] in result.stderr


def test_filters_on_gaps_and_lookup_by_name_or_any_case() -> None:
    rows = json.loads(run_cli("gaps", "--search", "ho ngheo", "-f", "json").stdout)
    assert [r["id"] for r in rows] == ["A.10.1"]
    rows = json.loads(run_cli("gaps", "--status", "disputed", "-f", "json").stdout)
    assert [r["id"] for r in rows] == ["A.3.3"]
    exact = json.loads(run_cli("show", "Tỷ lệ hộ nghèo", "-f", "json").stdout)
    assert exact["id"] == "A.10.1"  # an exact name, though `Mức giảm tỷ lệ hộ nghèo` holds it
    assert json.loads(run_cli("show", "a.10.1", "-f", "json").stdout)["id"] == "A.10.1"


def test_help_with_h_and_debug_anywhere() -> None:
    assert run_cli("gaps", "-h").returncode == 0
    assert "Usage" in run_cli("-h").stdout
    late = run_cli("gaps", "-f", "json", "--debug")
    assert late.returncode == 0 and json.loads(late.stdout)


def test_no_source_outside_a_project_reads_the_sample_and_says_so(tmp_path: Path) -> None:
    result = run_cli("gaps", "-f", "json", cwd=tmp_path)
    assert result.returncode == 0
    assert "bundled sample" in result.stderr and len(result.stderr.splitlines()) == 1
    here = run_cli("gaps", "-f", "json", cwd=ROOT)
    assert "bundled sample" not in here.stderr


def test_a_text_only_gap_shows_its_share_as_achievement_not_as_a_value() -> None:
    """Line 1665: `… đạt 50% MTNQ`: 50% is the share of the target reached."""
    rows = json.loads(run_cli("gaps", "-f", "json").stdout)
    text = next(r for r in rows if r["id"].startswith("text:"))
    assert text["achievement"] == 50.0
    table = run_cli("gaps", "-f", "csv").stdout
    row = next(r for r in csv.DictReader(io.StringIO(table)) if r["id"].startswith("text:"))
    assert (row["actual"], row["achievement"]) == ("", "50")
    assert REPORT.exists()


def test_a_table_that_cannot_fit_is_drawn_whole_and_says_so() -> None:
    """`claims` at 80 columns: its references (`…dien-bien.txt:L192`) and figures cannot be
    narrower; the table is drawn at its own width rather than cutting `L192` to `L1`."""
    out = run_cli("claims", env={"COLUMNS": "80"}).stdout
    assert "dien-bien.txt:L192" in out and "hơn 1,45 triệu lượt khách" in out
    assert "không cắt số liệu nào" in out
    outlook = run_cli("outlook", env={"COLUMNS": "80"}).stdout
    assert "Cần tăng tốc" in outlook and "Chưa rõ nhịp" in outlook  # words wrap, whole


def test_a_verdict_in_running_text_is_never_broken() -> None:
    for width in ("80", "120", "200"):
        out = run_cli("gaps", env={"COLUMNS": width}).stdout
        assert "✗ Chưa đạt" in out and "\ue000" not in out
        lines = out.splitlines()
        assert not any(line.rstrip().endswith("✗") for line in lines), width


def test_a_refused_briefing_draws_no_chart_and_a_replaced_file_keeps_its_mode(
    tmp_path: Path,
) -> None:
    charts = tmp_path / "ch"
    result = run_cli("brief", "-o", str(tmp_path / "missing" / "b.md"), "--charts", str(charts))
    assert result.returncode == 2 and not charts.exists()
    both = run_cli("brief", "-o", str(tmp_path / "b.md"), "--output-dir", str(tmp_path))
    assert both.returncode == 2 and "not both" in both.stderr
    kept = tmp_path / "gaps.csv"
    kept.write_text("old", encoding="utf-8")
    kept.chmod(0o600)
    assert run_cli("gaps", "-o", str(kept)).returncode == 0
    assert kept.stat().st_mode & 0o777 == 0o600 and kept.read_text(encoding="utf-8-sig") != "old"


def test_english_words_find_in_every_listing() -> None:
    assert run_cli("claims", "--search", "poverty").returncode == 0
    assert run_cli("audit", "--search", "poverty").returncode == 0
    rows = json.loads(run_cli("gaps", "--group", "poverty", "-f", "json").stdout)
    assert [r["id"] for r in rows] == ["A.10.1"]
    rows = json.loads(run_cli("outlook", "--status", "exceeded", "-f", "json").stdout)
    assert rows and all(r["status"] == "exceeded" for r in rows)
    assert run_cli("show", "").returncode == 2
    show = run_cli("show", "A.1.1", "--lang", "en", "-f", "md").stdout
    assert "17,970 is better than the target 17,328" in show  # not `17.970`, read as 17.97

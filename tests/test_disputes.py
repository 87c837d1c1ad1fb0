"""Rows the report reads two ways are `disputed`, not judged: the bundled report's total
investment (A.3.3), a cell edited against its note, and a term's total against one year's value.
Every figure asserted here was read from the document named."""

from __future__ import annotations

import json
from pathlib import Path

from dbreport.batch import read
from tests.conftest import FIXTURES, REPORT, run_cli

D14 = FIXTURES / "designs" / "d14_verdict_in_unnamed_last_column_pdftext.txt"


def _row(rows: list[dict[str, object]], rid: str) -> dict[str, object]:
    return next(r for r in rows if r["id"] == rid)


def test_total_investment_is_disputed_with_every_reading() -> None:
    """Report lines 3708-3712: `Tổng vốn đầu tư toàn xã hội Tỷ đồng 95.000 27.948 100% 231.000`;
    lines 342-348: `giai đoạn 2021-2025 ước đạt trên 95.000 tỷ đồng … (đạt 100% MTNQ)`."""
    batch = read(REPORT)
    item = next(i for i in batch.items if i.record.id == "A.3.3")
    a = item.assessment
    assert (a.status, a.table_status) == ("disputed", "not_met")
    got = [(r.source, r.status, r.value, r.line) for r in a.readings]
    assert got == [
        ("table", "not_met", "27.948", 3708),
        ("comparison_column", "met", "27.948", 3708),
        ("body", "met", "trên 95.000 tỷ đồng", 342),
    ]
    body = a.readings[2]
    assert body.period is not None and (body.period.kind, body.period.start) == ("span", 2021)
    assert body.words == "đạt 100% MTNQ" and a.readings[1].words == "100%"


def test_a_disputed_row_heads_no_list_of_shortfalls_and_gets_no_pace() -> None:
    batch = read(REPORT)
    short, _ = batch.gaps(include_nearly=True)
    assert "A.3.3" not in {i.record.id for i in short}
    pace = {item.record.id: o for item, o in batch.outlooks()}["A.3.3"]
    assert pace.need == "not_computable" and pace.required is None  # was 52,56%/yr to 231.000
    brief = run_cli("brief", "--lang", "en").stdout
    disputed = brief.split("## Disputed", 1)[1].split("\n## ", 1)[0]
    # in English, figures in English style; the document's own words quoted as printed
    assert "table (line 3708): 27,948 (year 2025) against 95,000 → ✗ Not met" in disputed
    assert "comparison column: 100% → ✓ Met" in disputed
    assert "line 342: trên 95,000 tỷ đồng (total 2021-2025), 'đạt 100% MTNQ' → ✓ Met" in disputed
    not_met = brief.split("## Not met", 1)[1].split("\n## ", 1)[0]
    assert "A.3.3" not in not_met
    assert "1 disputed" in brief.split("## Headline", 1)[1].split("\n## ", 1)[0]


def test_gaps_lists_the_disputed_row_apart_with_its_readings_on_the_row() -> None:
    out = run_cli("gaps", "--lang", "en", "-f", "md").stdout
    lines = [line for line in out.splitlines() if line.startswith("| ")]
    first = next(i for i, line in enumerate(lines) if "A.3.3" in line)
    assert all("A.3.3" not in line for line in lines[:first])
    assert "⇄ Disputed" in lines[first] and "comparison column: 100% → ✓ Met" in lines[first]
    assert "Disputed rows are listed apart, after the shortfalls." in out


def test_a_cell_edited_against_its_note_is_disputed_and_audited(tmp_path: Path) -> None:
    """With the poverty cell set to 15,20 (better than <16), the note at line 4221 still says
    `ước năm 2025 giảm xuống còn 17,66%, chưa đạt MTNQ`."""
    edited = tmp_path / REPORT.name
    edited.write_text(
        REPORT.read_text(encoding="utf-8").replace("% <16 17,66", "% <16 15,20", 1),
        encoding="utf-8",
    )
    rows = json.loads(run_cli("compare", str(edited), "-f", "json", "--no-cache").stdout)
    poverty = _row(rows, "A.10.1")
    assert (poverty["status"], poverty["table_status"]) == ("disputed", "exceeded")
    readings = [(r["source"], r["status"], r["value"], r["line"]) for r in poverty["readings"]]
    assert ("body", "not_met", "17,66%", 4221) in readings
    audit = json.loads(run_cli("audit", str(edited), "-f", "json", "--no-cache").stdout)
    errors = [(f["code"], f["places"][0]["line"]) for f in audit if f["indicator"] == "A.10.1"]
    assert ("body_value", 4221) in errors and ("body_verdict", 4221) in errors


def test_the_bundled_poverty_row_stays_not_met_its_old_measure_set_aside() -> None:
    """The note gives 12,73% by the 2016-2020 poverty line (vượt) and 17,66% by the new one
    (chưa đạt); the table's 17,66 is the new one's, so 12,73% is another measure, no dispute."""
    rows = json.loads(run_cli("compare", "-f", "json").stdout)
    poverty = _row(rows, "A.10.1")
    assert (poverty["status"], poverty["readings"]) == ("not_met", [])


def test_a_verdict_worded_otherwise_over_other_figures_is_shown_on_the_row_not_disputed() -> None:
    """Line 55: `96,5%, cơ bản đạt mục tiêu Nghị quyết (MTNQ) 100%`; the table: 96,9 against 100.
    Both readings are short of the target: not met, with the body's figure on the row."""
    rows = json.loads(run_cli("gaps", "-f", "json", "--lang", "en").stdout)
    road = _row(rows, "A.15.1")
    assert road["status"] == "not_met"
    assert [(c["code"], c["args"].get("b")) for c in road["contradictions"]][:1] == [
        ("body_value", "96,5%")
    ]
    out = run_cli("gaps", "--lang", "en", "-f", "md").stdout
    row = next(line for line in out.splitlines() if "A.15.1" in line)
    assert "line 55: 96.5%" in row  # English figures in English


def _d14(tmp_path: Path, header: str, total: str, verdict: str) -> Path:
    text = D14.read_text(encoding="utf-8")
    text = text.replace("Thực hiện \n2025", header, 1)
    text = text.replace("120.000 131.400 Vượt", f"120.000 {total} {verdict}", 1)
    path = tmp_path / "bao_cao.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_term_total_in_the_table_alone_is_judged_as_printed(tmp_path: Path) -> None:
    """`Tổng vốn đầu tư toàn xã hội 5 năm` under `Thực hiện năm 2025` holding 30.000: the table
    alone does not say whether that is one year's value or the term's total (real tables put
    running totals under year headers), so without the report's own words it is not disputed."""
    path = _d14(tmp_path, "Thực hiện \nnăm 2025", "30.000", "Không đạt")
    rows = json.loads(run_cli("compare", str(path), "-f", "json", "--no-cache").stdout)
    total = rows[0]
    assert total["name"].startswith("Tổng vốn đầu tư toàn xã hội 5 năm")
    assert (total["status"], total["readings"]) == ("not_met", [])


def test_real_tables_with_running_totals_or_bare_comparison_figures_raise_no_dispute() -> None:
    """h14 (`Kết nạp đảng viên mới (lũy kế từ đầu nhiệm kỳ)`: 82, 161, 229 under year headers),
    h27 (`Tổng vốn đầu tư toàn xã hội 5 năm`: 318.700 under `Ước thực hiện năm 2025`), and
    tables whose comparison column holds a bare figure (not a printed %)."""
    heldout = FIXTURES / "heldout"
    for name in (
        "h14_huyen_thanh_loc_danh_gia_giua_nhiem_ky_pdftext.txt",
        "h24_tinh_binh_luong_dai_hoi_xix_pdftext.txt",
        "h27_tinh_quynh_giang_dai_hoi_xviii_pdftext.txt",
        "h41_so_gddt_lam_hai_nam_hoc_2024_2025_pdftext.txt",
        "h42_quan_binh_thach_dai_hoi_xii_2020_pdftext.txt",
    ):
        rows = json.loads(run_cli("compare", str(heldout / name), "-f", "json").stdout)
        assert [r["id"] for r in rows if r["status"] == "disputed"] == [], name


def test_a_term_total_reached_is_judged(tmp_path: Path) -> None:
    """A total reached (131.400 against 120.000) is exceeded whatever the column's period."""
    reached = _d14(tmp_path, "Thực hiện \nnăm 2025", "131.400", "Vượt")
    rows = json.loads(run_cli("compare", str(reached), "-f", "json", "--no-cache").stdout)
    assert rows[0]["status"] == "exceeded"

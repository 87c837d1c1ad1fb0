"""Audit findings on the bundled documents, each established by reading them first.

Table against itself: Tổng vốn đầu tư prints 100% for 27.948 / 95.000 (29,4%); Số lao động
được tạo việc làm prints 113,5% for 9.200 / 8.700 (105,7%); Đào tạo nghề prints 107,6%, which no
point of the target range 8.000-8.300 gives. Body against table: roads 96,5% (line 58) vs 96,9;
food 288,76 (line 250) vs 285; vocational training 8.700 (line 622) vs 8.500; investment "trên
95.000" for 2021-2025 (line 347) vs 27.948; the jobs "vượt 15%" against 105,7%; roads called
"cơ bản đạt" 3,5 points short. News: 17,78% poverty in both January 2026 articles against the
report's estimate 17,66. The report's "cơ bản hoàn thành 16/16 nhóm chỉ tiêu" (line 1588).
"""

from __future__ import annotations

import json

import pytest

from dbreport.analysis.audit import Finding, audit
from dbreport.pipeline import assess_all, find_all_claims, link_all, load_tables
from dbreport.rules import Rules
from dbreport.vocab import Vocabulary
from tests.conftest import RAW, run_cli


@pytest.fixture(scope="module")
def findings(vocab: Vocabulary, rules: Rules) -> list[Finding]:
    loaded = load_tables([RAW], vocab)
    items = assess_all(loaded.records, rules, vocab)
    claims = find_all_claims(loaded, vocab)
    return audit(items, link_all(claims, items, rules, vocab), claims, loaded.tables, vocab)


def kinds(findings: list[Finding], severity: str) -> set[tuple[str, str | None]]:
    return {(f.kind, f.indicator) for f in findings if f.severity == severity}


def test_errors(findings: list[Finding]) -> None:
    assert kinds(findings, "error") == {
        ("comparison_column", "A.3.3"),
        ("comparison_column", "A.9.1"),
        ("body_value", "A.3.3"),
        ("body_value", "A.4.1"),
        ("body_value", "A.9.2"),
        ("body_value", "A.15.1"),
        ("body_ratio", "A.9.1"),
    }


def test_warnings(findings: list[Finding]) -> None:
    assert kinds(findings, "warning") == {
        ("comparison_column", "A.9.2"),
        ("body_verdict", "A.3.3"),
        ("body_verdict", "A.15.1"),
        ("news_value", "A.10.1"),
        ("report_claim", None),
    }
    news = [f for f in findings if f.kind == "news_value"]
    assert sorted(p.date for f in news for p in f.places if p.date) == ["2026-01-31", "2026-02-01"]


def test_what_agrees_after_rounding_raises_nothing(findings: list[Finding]) -> None:
    # 2.062,3 vs 2.062 (A.3.2); 95,35 vs 95,3 (A.11.4); 1,45 triệu vs 1.450 nghìn (A.7.1);
    # 54/115 = 46,96% (A.14.2); 11,33% / 11,5% / 103,11% / 89,79% ratios; 12,73% is another measure.
    flagged = {f.indicator for f in findings if f.severity != "info"}
    for quiet in ("A.3.2", "A.11.4", "A.7.1", "A.14.2", "A.6.1", "A.1.3", "A.10.2"):
        assert quiet not in flagged, quiet
    assert not any(f.kind == "body_value" and f.indicator == "A.10.1" for f in findings)


def test_different_period_or_measure_is_not_compared(findings: list[Finding]) -> None:
    growth = [f for f in findings if f.indicator == "A.1.2"]
    # 7,34% is 2025's growth; the table's 8,76 is the 2021-2025 average: listed, not compared
    assert {f.kind for f in growth} == {"not_compared"}
    assert any("7.34%" in f.message("en") for f in growth)  # English figures in English


def test_messages_cite_both_figures_and_places(findings: list[Finding]) -> None:
    investment = next(
        f for f in findings if f.kind == "comparison_column" and f.indicator == "A.3.3"
    )
    assert investment.message("vi") == (
        "Tổng vốn đầu tư toàn xã hội: cột so sánh ghi 100%, nhưng 27.948 / 95.000 = 29,42% "
        "(2025-bao-cao-chinh-tri-dai-hoi-XV-dien-bien.txt, dòng 3708-3712)."
    )
    food = next(f for f in findings if f.kind == "body_value" and f.indicator == "A.4.1")
    assert food.message("en") == (
        "Tổng sản lượng lương thực: the body text says 288.76 ngàn tấn, the table 285 "
        "(2025-bao-cao-chinh-tri-dai-hoi-XV-dien-bien.txt, lines 248-252, lines 3716-3725)."
    )
    claim = next(f for f in findings if f.kind == "report_claim")
    assert "7/16" in claim.message("vi") and "15 (A.15.1, A.15.3, A.15.4, A.15.7)" in claim.message(
        "vi"
    )


def test_audit_cli_json_and_levels() -> None:
    result = run_cli("audit", "--format", "json", "--severity", "error")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {d["severity"] for d in data} == {"error"} and len(data) == 7
    assert all(d["message_vi"] and d["message_en"] for d in data)
    assert run_cli("audit", "--severity", "loud").returncode == 2


def test_gaps_include_text_only_items() -> None:
    data = json.loads(run_cli("gaps", "-f", "json").stdout)
    only_text = [d for d in data if d.get("only_in_text")]
    assert [(d["id"], d["status"]) for d in only_text] == [("text:1665", "not_met")]
    assert only_text[0]["achievement"] == 50.0
    assert "doanh nghiệp tư nhân" in only_text[0]["name"]


def test_claims_cli_lists_links() -> None:
    data = json.loads(run_cli("claims", "-f", "json").stdout)
    roads = next(d for d in data if d["figure"] and d["figure"]["raw"] == "96,5%")
    assert roads["indicator"] == "A.15.1" and roads["line"] == 55
    unlinked = json.loads(run_cli("claims", "--unlinked", "-f", "json").stdout)
    assert all(d["indicator"] is None for d in unlinked)


def test_the_pdf_report_gives_the_same_findings_by_page(findings: list[Finding]) -> None:
    from tests.conftest import PDFS

    result = run_cli(
        "audit", str(PDFS / "report_word_export.pdf"), "-f", "json", "--severity", "warning"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    from_pdf = {(d["kind"], d["indicator"]) for d in data}
    from_text = {(f.kind, f.indicator) for f in findings if f.severity != "info"}
    assert from_pdf == from_text - {("news_value", "A.10.1")}  # the PDF alone has no news
    roads = next(d for d in data if d["kind"] == "body_value" and d["indicator"] == "A.15.1")
    assert [p["page"] for p in roads["places"]] == [2, 95]

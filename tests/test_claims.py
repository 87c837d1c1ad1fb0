"""Prose: sentences rebuilt across page breaks and footnotes; claims read from the bundled report
and the news. Every expected value below was read from the documents in data/raw/."""

from __future__ import annotations

from pathlib import Path

import pytest

from dbreport.extraction.claims import Claim, find_claims
from dbreport.sources import load
from dbreport.sources.prose import sentences
from dbreport.vocab import Vocabulary
from tests.conftest import RAW, REPORT

TABLE = [(3595, 4216)]  # PHỤ LỤC 02 up to its `Ghi chú`


@pytest.fixture(scope="module")
def report_claims(vocab: Vocabulary) -> list[Claim]:
    return find_claims(load(REPORT), vocab, skip=TABLE)


def by_line(claims: list[Claim], line: int) -> list[Claim]:
    return [c for c in claims if c.line <= line <= c.last_line]


def test_sentence_across_page_break_without_footnotes() -> None:
    found = sentences(load(REPORT), TABLE)
    # Line 140 ends page 2 mid-sentence; footnotes 1 and 2 (lines 145-149) sit before the rest.
    sentence = next(s for s in found if "Đại học FPT" in s.text)
    assert sentence.text.endswith("phục vụ phát triển kinh tế - xã hội của tỉnh và khu vực.")
    assert "nâng cao;" in sentence.text  # footnote number 1 unglued from `cao1;`
    assert "Trường Cao đẳng Điện Biên," in sentence.text  # and 2 from `Biên2,`
    assert (sentence.line, sentence.last_line) == (134, 150)
    assert not any("Quy mô tuyển sinh, đào tạo của các cơ sở" in s.text for s in found)


def test_verdicts_with_figures(report_claims: list[Claim]) -> None:
    (roads,) = by_line(report_claims, 59)
    assert roads.figure is not None and roads.figure.raw == "96,5%"
    assert roads.verdict == "nearly_met"
    assert roads.stated_target is not None and roads.stated_target.raw == "100%"

    food, livestock = by_line(report_claims, 250)
    assert food.figure is not None and food.figure.raw == "288,76 ngàn tấn"
    assert (food.verdict, food.amount, food.amount_kind) == (
        "exceeded",
        pytest.approx(103.13),
        "ratio",
    )
    assert livestock.stated_target is not None and livestock.stated_target.raw == "3,5%"

    growth, per_capita = by_line(report_claims, 196)
    assert (growth.figure.raw if growth.figure else None) == "8,76%/năm"
    assert (growth.amount, growth.amount_kind) == (pytest.approx(1.76), "points")
    # `đạt 89,79% MTNQ` reaches 89,79% of the target: not met; the 62,79% is a change since 2020
    assert per_capita.figure is not None and per_capita.figure.raw == "54 triệu đồng"
    assert per_capita.verdict == "not_met"


def test_figures_with_scale_fraction_and_bound(report_claims: list[Claim]) -> None:
    tourists = next(c for c in by_line(report_claims, 334) if "lượt khách" in (c.text or ""))
    assert tourists.figure is not None and tourists.figure.unit == "triệu lượt khách"
    assert tourists.period == (2025, 2025)
    communes = next(c for c in by_line(report_claims, 272) if c.figure and c.figure.fraction)
    assert communes.figure is not None
    assert communes.figure.value.number == pytest.approx(46.96, abs=0.01)  # 54/115
    population = by_line(report_claims, 539)[0]
    assert population.figure is not None and population.figure.value.kind == "bound"


def test_claim_without_figure_and_count(report_claims: list[Claim]) -> None:
    (private,) = by_line(report_claims, 1667)
    assert private.figure is None
    assert (private.verdict, private.amount) == ("not_met", 50.0)  # `đạt 50% MTNQ`
    (count,) = [c for c in report_claims if c.kind == "count"]
    assert count.count == (16, 16) and count.count_of == "groups" and count.line == 1586


def test_table_notes_keep_their_measures(report_claims: list[Claim]) -> None:
    old, new = by_line(report_claims, 4219)[0], by_line(report_claims, 4223)[0]
    assert old.figure is not None and old.figure.raw == "12,73%"
    assert old.measure == "theo chuẩn nghèo giai đoạn 2016-2020"
    assert new.figure is not None and new.figure.raw == "17,66%" and new.verdict == "not_met"


def test_news_statements_carry_their_period(vocab: Vocabulary) -> None:
    news = load(RAW / "2026-01-31-tin-bi-thu-tinh-uy-bao-cao-nam-2025.txt")
    found = {c.figure.raw: c for c in find_claims(news, vocab, statements=True) if c.figure}
    assert found["7,34%"].period == (2025, 2025)
    assert found["17,78%"].period == (2025, 2025)  # from `Năm 2025` earlier in the paragraph
    assert found["17,78%"].date == "2026-01-31"
    assert "3,51%" not in found  # a change (`giảm 3,51% so với năm 2024`), not a level
    interview = load(RAW / "2024-06-28-phong-van-bi-thu-tinh-uy.txt")
    figures = {c.figure.raw: c for c in find_claims(interview, vocab, statements=True) if c.figure}
    assert figures["9,33%/năm"].period == (2021, 2023)
    assert figures["25,68%"].period == (2023, 2023)  # `xuống còn 25,68% năm 2023`


def test_report_prose_in_a_pdf(vocab: Vocabulary) -> None:
    from tests.conftest import PDFS

    doc = load(PDFS / "report_word_export.pdf")
    claims = find_claims(
        doc, vocab, skip=[(ln.no, ln.no) for ln in doc.lines if ln.page and ln.page >= 93]
    )
    roads = next(c for c in claims if c.figure and c.figure.raw == "96,5%")
    assert roads.page is not None and roads.page < 93
    assert Path(roads.path).name == "report_word_export.pdf"

"""Verdicts on the bundled report, checked against a reading of the table and the body text."""

from __future__ import annotations

import pytest

from dbreport.analysis.status import assess
from dbreport.models import Indicator
from dbreport.rules import Rules
from dbreport.values import parse_value
from dbreport.vocab import Vocabulary

# id -> verdict. Notes give the reasoning a reader can check.
VERDICTS = {
    "A.1.1": "exceeded",  # 17.970 > 17.328
    "A.1.2": "exceeded",  # 8,76 > 7,00 (body: "vượt 1,76 điểm % MTNQ")
    "A.1.3": "not_met",  # 54 / 60 = 90% < 95%
    "A.1.4": "not_assessed",  # no target
    "A.2.1": "not_assessed",  # a sector share has no direction of good
    "A.3.3": "not_met",  # 27.948 / 95.000 = 29%
    "A.4.2": "not_met",  # growth 2,6 / 3,5 = 74% (body: "chưa đạt MTNQ 3,5%/năm")
    "A.5.2": "met",  # 10,69 within 10-12 (body: "đạt MTNQ")
    "A.6.4": "met",  # 45 = 45
    "A.8.2": "nearly_met",  # 1,61 against 1,65: 0,04 point short
    "A.8.3": "not_met",  # 70 years against 72: 2 years short, band is 1 year
    "A.9.2": "exceeded",  # 8.500 above the range 8.000-8.300
    "A.9.3": "met",  # 65 within 65-70
    "A.9.5": "met",  # <2,5 achieved against < 2,5
    "A.10.1": "not_met",  # 17,66 against <16, lower is better
    "A.10.2": "exceeded",  # 3,97 > 2,93
    "A.11.5": "not_met",  # 50,10 against >90
    "A.11.6": "nearly_met",  # 98 against 99: 1 point (body: "cơ bản đạt MTNQ 99%")
    "A.12.3": "met",  # Đạt chuẩn = Đạt chuẩn
    "A.15.1": "not_met",  # 96,9 against 100: 3,1 points
    "A.15.7": "not_met",  # 96,2 against 98 (body: "chưa đạt MTNQ 98%")
    "A.16.2": "nearly_met",  # 99,8 against 100 (body: "cơ bản đạt MTNQ 100%")
    "A.16.3": "met",  # 45,5 = 45,5 (body: "đạt MTNQ")
    "B.17.1": "met",  # >85 within 85-90
    "B.17.2": "met",  # <5 against <5, lower is better
    # The remaining rows, each by plain arithmetic on the printed cells:
    "A.2.2": "not_assessed",  # sector share: no direction of good
    "A.2.3": "not_assessed",
    "A.2.4": "not_assessed",
    "A.3.1": "exceeded",  # 15.293 > 14.000
    "A.3.2": "exceeded",  # 2.062 > 2.000
    "A.4.1": "exceeded",  # 285 > 280
    "A.4.3": "not_assessed",  # no target
    "A.4.4": "not_assessed",  # no target
    "A.5.1": "not_assessed",  # no target
    "A.6.1": "exceeded",  # 27.500 > 24.700
    "A.6.2": "met",  # 140 = 140
    "A.6.3": "met",  # 95 = 95
    "A.7.1": "exceeded",  # 1.450 > 1.300
    "A.7.2": "met",  # 2.400 = 2.400
    "A.8.1": "met",  # population is a level: 66,7 within 2% of 66
    "A.9.1": "exceeded",  # 9.200 > 8.700
    "A.9.4": "met",  # 40 = 40
    "A.11.1": "met",  # 13 = 13
    "A.11.2": "exceeded",  # 32,1 > 32
    "A.11.3": "not_assessed",  # no target
    "A.11.4": "exceeded",  # 95,3 > 95
    "A.12.1": "exceeded",  # 82,33 > 75
    "A.12.2": "exceeded",  # 84,27 > 70
    "A.12.4": "exceeded",  # 99,8 > 97
    "A.13.1": "exceeded",  # 75,8 > 72
    "A.13.2": "exceeded",  # 65,3 > 65
    "A.13.3": "exceeded",  # 95 > 93
    "A.13.4": "exceeded",  # 60 > 44
    "A.14.1": "met",  # 02 = 02
    "A.14.2": "exceeded",  # 46,96 > 45
    "A.14.3": "exceeded",  # 06 > 02
    "A.15.2": "met",  # 100 = 100
    "A.15.3": "not_met",  # 78 against 100: 22 points
    "A.15.4": "not_met",  # 60,7 against 90: 29,3 points
    "A.15.5": "met",  # 100 = 100
    "A.15.6": "met",  # 75 = 75
    "A.15.8": "met",  # 100 = 100
    "A.15.9": "met",  # 100 = 100
    "A.16.1": "exceeded",  # 92,65 > 85 (body: "vượt 7,65 điểm % MTNQ")
    "A.16.4": "exceeded",  # 96 > 88 (body: "vượt MTNQ")
    "B.17.3": "met",  # 2.500 = 2.500
    "B.17.4": "met",  # 100 = 100
    "B.18.1": "met",  # 100 = 100
    "B.18.2": "met",
    "B.18.3": "met",
    "B.18.4": "met",
}
NOT_MET = {
    "A.1.3",
    "A.3.3",
    "A.4.2",
    "A.8.3",
    "A.10.1",
    "A.11.5",
    "A.15.1",
    "A.15.3",
    "A.15.4",
    "A.15.7",
}


@pytest.mark.parametrize(("row_id", "status"), sorted(VERDICTS.items()))
def test_verdict(
    report: dict[str, Indicator], rules: Rules, vocab: Vocabulary, row_id: str, status: str
) -> None:
    assert assess(report[row_id], rules, vocab).status == status


def test_every_row_has_an_expected_verdict(report: dict[str, Indicator]) -> None:
    assert set(VERDICTS) == set(report)


def test_not_met_set(report: dict[str, Indicator], rules: Rules, vocab: Vocabulary) -> None:
    got = {i for i, r in report.items() if assess(r, rules, vocab).status == "not_met"}
    assert got == NOT_MET


def test_every_row_with_figures_has_a_verdict(report, rules, vocab) -> None:  # type: ignore[no-untyped-def]
    for r in report.values():
        a = assess(r, rules, vocab)
        if r.target is not None and r.actual is not None and a.direction != "none":
            assert a.status != "not_assessed", (r.id, a.reason)


def test_gap_units(report, rules, vocab) -> None:  # type: ignore[no-untyped-def]
    poverty = assess(report["A.10.1"], rules, vocab)
    assert poverty.gap is not None and poverty.gap.unit == "points"
    assert poverty.gap.value == pytest.approx(-1.66)
    assert poverty.direction == "lower"
    grdp_pc = assess(report["A.1.3"], rules, vocab)
    assert grdp_pc.gap is not None and grdp_pc.gap.unit == "percent"
    assert grdp_pc.gap.value == pytest.approx(-10.0)


def test_changed_figure_changes_verdict(report, rules, vocab) -> None:  # type: ignore[no-untyped-def]
    poverty = report["A.10.1"].model_copy(update={"actual": parse_value("12,73")})
    assert assess(poverty, rules, vocab).status == "exceeded"
    power = report["A.15.7"].model_copy(update={"actual": parse_value("97,5")})
    assert assess(power, rules, vocab).status == "nearly_met"
    trained = report["A.9.2"].model_copy(update={"actual": parse_value("8.100")})
    assert assess(trained, rules, vocab).status == "met"


def test_reported_verdict_and_disagreement(report, rules, vocab) -> None:  # type: ignore[no-untyped-def]
    investment = assess(report["A.3.3"], rules, vocab)
    assert investment.reported_status == "met"  # the report prints 100%
    assert investment.disagrees
    assert assess(report["A.1.3"], rules, vocab).reported_status == "not_met"  # 89,79%
    assert not any(assess(r, rules, vocab).disagrees for i, r in report.items() if i != "A.3.3")


def test_unknown_indicator_uses_defaults(report, rules, vocab) -> None:  # type: ignore[no-untyped-def]
    imports = assess(report["A.6.4"], rules, vocab)
    assert imports.direction_source == "default" and imports.rule is None
    stranger = report["A.10.1"].model_copy(update={"name": "Chỉ số lạ chưa có trong danh mục"})
    a = assess(stranger, rules, vocab)
    assert (a.direction, a.direction_source, a.status) == ("lower", "bound", "not_met")


# A ratio is taken only to a target above zero; order is judged at any sign.
def test_a_negative_target_is_beaten_by_order_with_no_ratio(report, rules, vocab) -> None:  # type: ignore[no-untyped-def]
    grain = report["A.4.1"].model_copy(update={"target": parse_value("-280")})  # a quantity
    a = assess(grain, rules, vocab)
    assert (a.status, a.reason_code) == ("exceeded", "better")
    assert (a.gap, a.achievement, a.shortfall) == (None, None, None)  # was a gap of -201,8%


@pytest.mark.parametrize(("target", "actual"), [("-280", "-300"), ("0", "-5"), ("0", "0,5")])
def test_short_of_a_target_of_zero_or_less_by_a_ratio_band_is_not_assessed(  # type: ignore[no-untyped-def]
    report, rules, vocab, target: str, actual: str
) -> None:
    record = report["A.4.1"].model_copy(
        update={"target": parse_value(target), "actual": parse_value(actual)}
    )
    if actual == "0,5":  # lower is better: 0,5 is short of 0
        record = record.model_copy(update={"name": "Chỉ số lạ", "target": parse_value("<0")})
    a = assess(record, rules, vocab)
    assert (a.status, a.reason_code) == ("not_assessed", "target_not_positive")
    assert (a.gap, a.achievement) == (None, None)
    assert a.reason_text("en").endswith(
        "which is zero or negative: a ratio to it means nothing, so how far short cannot be judged"
    )


def test_a_difference_still_judges_a_target_of_zero_or_less(report, rules, vocab) -> None:  # type: ignore[no-untyped-def]
    livestock = report["A.4.2"]  # %/năm: a gap in points
    grew = assess(livestock.model_copy(update={"target": parse_value("-2")}), rules, vocab)
    assert grew.status == "exceeded" and grew.gap is not None
    assert (grew.gap.value, grew.gap.unit, grew.achievement) == (4.6, "points", None)
    poverty = report["A.10.1"].model_copy(
        update={"target": parse_value("0"), "actual": parse_value("0,5")}
    )
    a = assess(poverty, rules, vocab)  # lower is better, % share: 0,5 point short of 0
    assert (a.status, a.gap.value if a.gap else None, a.shortfall) == ("nearly_met", -0.5, None)


def test_an_absolute_tolerance_still_judges_a_negative_target(report, rules, vocab) -> None:  # type: ignore[no-untyped-def]
    life = report["A.8.3"]  # years: the rule's band is 1 year
    near = life.model_copy(update={"target": parse_value("-72"), "actual": parse_value("-73")})
    far = life.model_copy(update={"target": parse_value("-72"), "actual": parse_value("-75")})
    assert assess(near, rules, vocab).status == "nearly_met"
    assert assess(far, rules, vocab).status == "not_met"


@pytest.mark.parametrize(
    ("field", "raw", "code", "said"),
    [
        ("actual", "9" * 310, "figure_too_long", "'999999999999…' has 310 digits"),
        ("target", "9" * 5000, "figure_too_long", "'999999999999…' has 5000 digits"),
        ("actual", "2.000.000.000.000.000", "figure_too_large", "'2.000.000.00…' is beyond ±10^15"),
    ],
)
def test_a_figure_no_report_prints_is_not_assessed_and_says_why(  # type: ignore[no-untyped-def]
    report, rules, vocab, field: str, raw: str, code: str, said: str
) -> None:
    record = report["A.4.2"].model_copy(update={field: parse_value(raw)})
    a = assess(record, rules, vocab)
    assert (a.status, a.reason_code) == ("not_assessed", code)
    assert a.reason.startswith(said) and a.reason.endswith("kept as text, not judged")
    assert (a.gap, a.achievement, a.reported_status) == (None, None, "not_met")


def test_a_level_of_zero_or_less_with_a_ratio_band_is_not_assessed(report, rules, vocab) -> None:  # type: ignore[no-untyped-def]
    population = report["A.8.1"]  # a level: met within 2% of the target
    assert assess(population, rules, vocab).status == "met"
    zero = assess(population.model_copy(update={"target": parse_value("0")}), rules, vocab)
    assert (zero.status, zero.reason_code) == ("not_assessed", "level_not_positive")
    assert (
        zero.reason
        == "66,7 against a level of 0, which is zero or negative: a ratio to it means nothing"
    )

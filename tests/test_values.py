"""The value parser on every form reports print, plus round-trip properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dbreport.values import (
    MAX_DIGITS,
    MAX_MAGNITUDE,
    UnreadableNumber,
    english_figures,
    format_number,
    parse_number,
    parse_value,
    split_trailing_values,
)


@pytest.mark.parametrize(
    ("raw", "number", "decimals", "percent"),
    [
        ("17.328", 17328, 0, False),
        ("8,76", 8.76, 2, False),
        ("5.683,7", 5683.7, 1, False),
        ("-0,9", -0.9, 1, False),
        ("103,71%", 103.71, 2, True),
        ("02", 2, 0, False),
        ("1.000.000", 1_000_000, 0, False),
        ("−3,1", -3.1, 1, False),
    ],
)
def test_numbers(raw: str, number: float, decimals: int, percent: bool) -> None:
    v = parse_value(raw)
    assert v.kind == "number"
    assert v.number == pytest.approx(number)
    assert v.decimals == decimals
    assert v.percent is percent
    assert v.raw == raw


@pytest.mark.parametrize(
    ("raw", "low", "high", "percent"),
    [
        ("10-12", 10, 12, False),
        ("8.000-8.300", 8000, 8300, False),
        ("65-70", 65, 70, False),
        ("3-4%", 3, 4, True),
        ("Từ 8.800 - 9.000", 8800, 9000, False),
        ("từ 5 đến 6", 5, 6, False),
    ],
)
def test_ranges(raw: str, low: float, high: float, percent: bool) -> None:
    v = parse_value(raw)
    assert (v.kind, v.low, v.high, v.percent) == ("range", low, high, percent)


@pytest.mark.parametrize(
    ("raw", "op", "bound"),
    [
        ("<16", "<", 16),
        ("< 2,5", "<", 2.5),
        (">90", ">", 90),
        ("≥ 90", ">=", 90),
        ("Từ 8.500 trở lên", ">=", 8500),
        ("8.500 trở lên", ">=", 8500),
        ("trên 4", ">", 4),
        ("Dưới 3", "<", 3),
        ("tối thiểu 5", ">=", 5),
        ("Không quá 2", "<=", 2),
    ],
)
def test_bounds(raw: str, op: str, bound: float) -> None:
    v = parse_value(raw)
    assert (v.kind, v.op, v.bound) == ("bound", op, bound)


def test_approximate() -> None:
    v = parse_value("Khoảng 4")
    assert (v.kind, v.number, v.approx) == ("number", 4, True)


@pytest.mark.parametrize("raw", ["Đạt chuẩn", "Hoàn thành", "Xuất siêu", "tối thiểu"])
def test_words_are_text(raw: str) -> None:
    v = parse_value(raw)
    assert (v.kind, v.text) == ("text", raw)


@pytest.mark.parametrize("raw", ["", "   ", "-", "–", None])
def test_empty(raw: str | None) -> None:
    assert parse_value(raw).kind == "empty"


def test_decomposed_input_is_composed() -> None:
    import unicodedata

    v = parse_value(unicodedata.normalize("NFD", "Đạt chuẩn"))
    assert v.raw == "Đạt chuẩn" and unicodedata.is_normalized("NFC", v.raw)


def test_half_unit_of_printed_figures() -> None:
    assert parse_value("54").half_unit() == 0.5
    assert parse_value("89,79%").half_unit() == pytest.approx(0.005)


@pytest.mark.parametrize(
    ("line", "prefix", "tokens"),
    [
        ("Tỷ lệ hộ nghèo  % <16 17,66", "Tỷ lệ hộ nghèo  %", ["<16", "17,66"]),
        ("%/ năm 7,00 8,76 1,76 11", "%/ năm", ["7,00", "8,76", "1,76", "11"]),
        ("% < 2,5 <2,5   <2,5", "%", ["< 2,5", "<2,5", "<2,5"]),
        (
            "Tỷ lệ che phủ rừng % 45,5 45,5 - 48",
            "Tỷ lệ che phủ rừng %",
            ["45,5", "45,5", "-", "48"],
        ),
        (
            "Tỷ lệ bác sĩ/ 1 vạn dân Bác sĩ 13 13 100% 14",
            "Tỷ lệ bác sĩ/ 1 vạn dân Bác sĩ",
            ["13", "13", "100%", "14"],
        ),
        ("Đạt chuẩn 100%", "", ["Đạt chuẩn", "100%"]),
        ("THCS mức độ 3", "THCS mức độ", ["3"]),
    ],
)
def test_split_trailing_values(line: str, prefix: str, tokens: list[str]) -> None:
    got_prefix, got = split_trailing_values(line, ["Đạt chuẩn"])
    assert got_prefix == prefix
    assert [t.text for t in got] == tokens


@given(st.integers(min_value=-(10**9), max_value=10**9), st.integers(min_value=0, max_value=3))
def test_format_then_parse_round_trips(units: int, decimals: int) -> None:
    value = units / 10**decimals
    text = format_number(value, decimals)
    parsed, parsed_decimals = parse_number(text)
    assert parsed == pytest.approx(value)
    assert parsed_decimals == decimals


@given(st.text(max_size=40))
def test_parse_value_never_fails(text: str) -> None:
    v = parse_value(text)
    assert v.kind in ("number", "range", "bound", "text", "empty")


@pytest.mark.parametrize(
    ("raw", "kind", "number", "low", "high"),
    [
        ("12,130.000", "number", 12130.0, None, None),  # English style, unambiguous
        ("9.30", "number", 9.3, None, None),
        ("0,15‰", "number", 0.15, None, None),
        ("0,150/00", "number", 0.15, None, None),  # ‰ typed as 0/00
        ("12 – 14%", "range", None, 12, 14),
        ("07 - 09", "range", None, 7, 9),
        ("0,7% (còn 4,33%)", "number", 0.7, None, None),
        ("575 (tăng 15%)", "number", 575, None, None),
    ],
)
def test_notations_of_other_provinces(
    raw: str, kind: str, number: float | None, low: float | None, high: float | None
) -> None:
    v = parse_value(raw)
    assert (v.kind, v.number, v.low, v.high, v.raw) == (kind, number, low, high, raw)


def test_a_note_after_a_value_is_kept() -> None:
    assert parse_value("0,7% (còn 4,33%)").note == "còn 4,33%"
    assert parse_value("0,15‰").per_mille


def test_placeholder_is_no_figure() -> None:
    v = parse_value("0.00")
    assert (v.kind, v.raw, v.note) == ("empty", "0.00", "placeholder")


def test_an_ambiguous_separator_follows_the_table_and_says_so() -> None:
    from dbreport.values import table_notation

    english = table_notation(["12,130.000", "9.30", "1.5"])
    assert english == "en"
    v = parse_value("12.130", english)
    assert v.number == pytest.approx(12.13) and v.inferred
    assert table_notation(["17.328", "8,76"]) is None  # all Vietnamese: nothing to decide
    assert parse_value("12.130").number == 12130 and parse_value("12.130").inferred is None


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("9" * 310, "too_long"),  # was `inf`
        ("9" * 5000, "too_long"),
        ("-" + "9" * 400 + ",5", "too_long"),
        ("0," + "0" * 30 + "1", "too_long"),
        ("1.000.000.000.000.001", "too_large"),
        ("-2.000.000.000.000.000", "too_large"),
        ("< " + "9" * 30, "too_long"),  # a bound
        ("Khoảng " + "9" * 30 + "%", "too_long"),  # a worded approximation
        ("3 - " + "9" * 30, "too_long"),  # a range
        ("2.000.000.000.000.000 (ước)", "too_large"),  # with a note
    ],
)
def test_a_figure_no_report_prints_is_text_marked_unreadable(raw: str, why: str) -> None:
    v = parse_value(raw)
    assert (v.kind, v.unreadable, v.text) == ("text", why, v.raw)
    assert (v.number, v.low, v.high, v.bound) == (None, None, None, None)
    assert not v.is_numeric


def test_the_largest_readable_figures() -> None:
    assert parse_value("1.000.000.000.000.000").number == MAX_MAGNITUDE
    assert parse_value("999.999.999.999.999").number == 999_999_999_999_999
    assert parse_value("12.345.678.901.234,5678").number == pytest.approx(12_345_678_901_234.5678)
    assert parse_value("0," + "0" * (MAX_DIGITS - 2) + "1").number == pytest.approx(1e-23)
    with pytest.raises(UnreadableNumber):
        parse_number("9" * 310)


@pytest.mark.parametrize("raw", ["-0,0", "-0", "−0,00", "-0.0"])
def test_minus_zero_is_zero(raw: str) -> None:
    v = parse_value(raw)
    assert v.kind == "number" and v.number == 0 and math.copysign(1.0, v.number) == 1.0


def test_english_figures_leave_an_unreadable_figure_as_printed() -> None:
    huge = "999.999.999.999.999.999.999,5"
    assert english_figures(f"{huge} và 1.234,5") == f"{huge} và 1,234.5"


@given(st.from_regex(r"-?[0-9]{1,60}(,[0-9]{1,40})?", fullmatch=True))
def test_every_number_is_finite_and_bounded_or_unreadable(text: str) -> None:
    v = parse_value(text)
    if v.kind == "number":
        assert v.number is not None and math.isfinite(v.number)
        assert abs(v.number) <= MAX_MAGNITUDE
        assert v.number != 0 or math.copysign(1.0, v.number) == 1.0  # no -0.0
    else:
        assert v.kind == "text" and v.unreadable in ("too_long", "too_large")

"""Figures no report prints, and targets no ratio can be taken to, through the real command: the
same verdict and reason on the first run and from the cache, valid JSON, and no `inf`, `nan` or
`-0.0` in any output.

Payloads are the bundled report with one row's cells replaced: A.4.2 (livestock growth, %/năm,
`3,5 2,6 -0,9`) and A.4.1 (food grain output, thousand tonnes, `280 285 101,79%`).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPORT, run_cli

LIVESTOCK = "Gia súc tăng bình quân %/năm 3,5 2,6 -0,9"
GRAIN = "\n280 285 101,79% 284"
NON_FINITE = re.compile(r"\b(?:inf|infinity|nan)\b|-0\.0\b", re.IGNORECASE)


def _payload(tmp_path: Path, old: str, new: str) -> Path:
    text = REPORT.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / "report.txt"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def _strict(text: str) -> Any:
    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} in JSON")

    return json.loads(text, parse_constant=refuse)


def _twice(tmp_path: Path, *args: str) -> tuple[str, str]:
    """stdout of the command on the first run and on the cached one (one cache for both)."""
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    outs = []
    for _ in range(2):
        result = run_cli(*args, env=env)
        assert result.returncode == 0, result.stderr
        assert not NON_FINITE.search(result.stdout), NON_FINITE.search(result.stdout)
        outs.append(result.stdout)
    assert any((tmp_path / "cache").rglob("*.json"))  # the second run had a cache to read
    return outs[0], outs[1]


def _row(rows: list[dict[str, Any]], row_id: str) -> dict[str, Any]:
    return next(r for r in rows if r["id"] == row_id)


@pytest.mark.parametrize(
    ("new", "field"),
    [
        (f"Gia súc tăng bình quân %/năm 3,5 {'9' * 310} -0,9", "actual"),
        (f"Gia súc tăng bình quân %/năm {'9' * 310} 2,6 -0,9", "target"),
    ],
)
def test_a_310_digit_figure_is_not_assessed_fresh_and_cached(
    tmp_path: Path, new: str, field: str
) -> None:
    # was: `disputed` (or `not_met`) fresh, `not_assessed` cached; `inf` in CSV and md
    report = _payload(tmp_path, LIVESTOCK, new)
    fresh, cached = _twice(tmp_path, "compare", str(report), "-f", "json")
    assert fresh == cached
    row = _row(_strict(fresh), "A.4.2")
    assert (row["status"], row["gap"], row["achievement"]) == ("not_assessed", None, None)
    assert row["reason"] == (
        "'999999999999…' has 310 digits, more than any report prints: kept as text, not judged"
    )
    value = row[field]
    assert (value["kind"], value["unreadable"], value["number"]) == ("text", "too_long", None)
    assert value["raw"] == "9" * 310  # kept as printed
    assert not [c for c in row["contradictions"] if c["kind"] == "comparison_column"]


def test_a_310_digit_figure_shows_its_reason_in_every_format(tmp_path: Path) -> None:
    report = _payload(tmp_path, LIVESTOCK, LIVESTOCK.replace("2,6", "9" * 310))
    md, md_cached = _twice(tmp_path, "compare", str(report), "-f", "md")
    assert md == md_cached
    assert (
        "- A.4.2: «999999999999…» có 310 chữ số, nhiều hơn mọi số liệu báo cáo: giữ nguyên dạng "
        "chữ, không đánh giá" in md.splitlines()
    )
    row = next(line for line in md.splitlines() if line.startswith("| A.4.2 |"))
    assert "| 3,5 | 999999999999… | · Không đánh giá |" in row
    table, _ = _twice(tmp_path, "compare", str(report), "--lang", "en")
    assert "A.4.2: '999999999999…' has 310 digits, more than any report prints" in table
    text, _ = _twice(tmp_path, "compare", str(report), "-f", "csv")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(text))}
    assert (rows["A.4.2"]["status"], rows["A.4.2"]["actual"]) == ("not_assessed", "999999999999…")
    assert rows["A.4.2"]["actual_value"] == rows["A.4.2"]["gap_value"] == ""


def test_minus_zero_is_zero(tmp_path: Path) -> None:
    report = _payload(tmp_path, LIVESTOCK, LIVESTOCK.replace("2,6", "-0,0"))
    fresh, cached = _twice(tmp_path, "compare", str(report), "-f", "json")
    assert fresh == cached
    row = _row(_strict(fresh), "A.4.2")
    assert row["actual"]["number"] == 0 and row["status"] == "not_met"
    assert row["gap"] == {"value": -3.5, "unit": "points", "reference": 3.5}


def test_a_negative_target_of_a_quantity_has_no_ratio(tmp_path: Path) -> None:
    # was: "exceeded" with a gap of -201,8% and "285 / -280 = -101,79%" in the audit
    report = _payload(tmp_path, GRAIN, "\n-280 285 101,79% 284")
    fresh, cached = _twice(tmp_path, "compare", str(report), "-f", "json")
    assert fresh == cached
    row = _row(_strict(fresh), "A.4.1")
    assert (row["status"], row["reason"]) == ("exceeded", "285 is better than the target -280")
    assert (row["gap"], row["achievement"], row["shortfall"]) == (None, None, None)
    assert not [c for c in row["contradictions"] if c["code"] == "comparison_ratio"]
    text, _ = _twice(tmp_path, "compare", str(report), "-f", "csv")
    grain = {r["id"]: r for r in csv.DictReader(io.StringIO(text))}["A.4.1"]
    assert (grain["status"], grain["target_value"], grain["actual_value"]) == (
        "exceeded",
        "-280",
        "285",
    )
    assert grain["gap"] == grain["achievement"] == grain["gap_value"] == ""


@pytest.mark.parametrize("cells", ["-280 -300", "0 -5"])
def test_short_of_a_target_of_zero_or_less_is_not_assessed_with_the_reason(
    tmp_path: Path, cells: str
) -> None:
    report = _payload(tmp_path, GRAIN, f"\n{cells} 101,79% 284")
    fresh, cached = _twice(tmp_path, "compare", str(report), "-f", "json")
    assert fresh == cached
    row = _row(_strict(fresh), "A.4.1")
    target, actual = cells.split()
    assert row["status"] == "not_assessed"
    assert row["reason"] == (
        f"{actual} falls short of the target {target}, which is zero or negative: a ratio to it "
        "means nothing, so how far short cannot be judged"
    )
    md, _ = _twice(tmp_path, "compare", str(report), "-f", "md")
    assert f"- A.4.1: {actual} chưa đạt mục tiêu {target}, mà mục tiêu bằng 0 hoặc âm" in md
    gaps, _ = _twice(tmp_path, "gaps", str(report), "-f", "json")
    assert "A.4.1" not in {r["id"] for r in _strict(gaps)}  # not counted as a shortfall


def test_a_negative_rate_target_is_judged_by_its_difference(tmp_path: Path) -> None:
    report = _payload(tmp_path, LIVESTOCK, LIVESTOCK.replace("3,5 2,6", "-2 3"))
    fresh, cached = _twice(tmp_path, "compare", str(report), "-f", "json")
    assert fresh == cached
    row = _row(_strict(fresh), "A.4.2")
    assert row["status"] == "exceeded" and row["achievement"] is None
    assert row["gap"] == {"value": 5.0, "unit": "points", "reference": -2.0}

"""A hostile or careless rules file (`--targets FILE`): every trap of YAML that would change a
verdict silently, crash or exhaust the machine is one sentence naming the key and the line.

Each payload is data/targets.yaml, edited here; the command is `compare --targets FILE`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from dbreport.datafiles import (
    MAX_ALIASES,
    GuardedTextLoader,
    UnsafeYaml,
    data_dir,
    load_yaml,
)
from dbreport.rules import load_rules
from tests.conftest import REPORT, run_cli

BASE = (data_dir() / "targets.yaml").read_text(encoding="utf-8")
POVERTY = """  - id: poverty_rate
    en: Poverty rate (households)
    aliases: ['tỷ lệ hộ nghèo']
    direction: lower
"""
POVERTY_INDEX = [r.id for r in load_rules().indicators].index("poverty_rate")
NEARLY_POINTS = "  points: 1.0\n"  # the first `points:` of the file: nearly_met's


def _line_of(text: str, fragment: str, occurrence: int = 0) -> int:
    """1-based line of the one line holding `fragment` (or of its `occurrence`-th, from 1)."""
    hits = [n for n, line in enumerate(text.split("\n"), 1) if fragment in line]
    assert occurrence or len(hits) == 1, (fragment, hits)
    return hits[max(occurrence, 1) - 1]


def _refused(tmp_path: Path, text: str) -> str:
    """Run compare with `text` as the rules file; it must fail with exit 1 and one sentence."""
    rules = tmp_path / "rules.yaml"
    rules.write_text(text, encoding="utf-8")
    result = run_cli("compare", str(REPORT), "--targets", str(rules), "-f", "json")
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    prefix = f"dbreport: The rules file {rules} is invalid at key "
    assert result.stderr.startswith(prefix), result.stderr
    return result.stderr[len(prefix) :].strip()


def test_the_payloads_start_from_the_bundled_rules() -> None:
    assert POVERTY in BASE and BASE.count(NEARLY_POINTS) >= 1
    assert BASE.index(NEARLY_POINTS) < BASE.index("indicators:")


def test_a_key_given_twice_is_refused_not_last_wins(tmp_path: Path) -> None:
    # YAML keeps the last: poverty would become higher-is-better and 17,66 against <16 "exceeded"
    text = BASE.replace(POVERTY, POVERTY + "    direction: higher\n")
    first = _line_of(text, "- id: poverty_rate") + 3
    second = first + 1
    assert text.split("\n")[second - 1] == "    direction: higher"
    said = _refused(tmp_path, text)
    assert said == (
        f"'indicators.{POVERTY_INDEX}.direction' (line {second}): the key 'direction' is given "
        f"twice in one mapping (first at line {first}); YAML would silently keep only the last."
    )


def test_a_top_level_key_given_twice_is_refused(tmp_path: Path) -> None:
    text = BASE + "\nnearly_met:\n  ratio: 0.5\n  points: 50\n"
    said = _refused(tmp_path, text)
    first, again = _line_of(text, "nearly_met:", 1), _line_of(text, "nearly_met:", 2)
    assert (first, again) == (8, BASE.count("\n") + 2)
    assert said == (
        f"'nearly_met' (line {again}): the key 'nearly_met' is given twice in one mapping "
        f"(first at line {first}); YAML would silently keep only the last."
    )


def test_keys_that_load_as_one_are_one_key(tmp_path: Path) -> None:
    # `1` and `1.0` are one key once loaded, whatever their spelling
    text = BASE.replace("titles_en:\n", "titles_en:\n  1: one\n  1.0: one again\n", 1)
    said = _refused(tmp_path, text)
    assert said.startswith(f"'titles_en.1.0' (line {_line_of(text, '1.0: one again')}): ")
    assert "the key '1.0' is given twice" in said


@pytest.mark.parametrize(
    ("value", "shown"), [(".inf", ".inf"), (".nan", ".nan"), ("-.inf", "-.inf"), (".NaN", ".NaN")]
)
def test_a_tolerance_that_is_not_finite_is_refused(tmp_path: Path, value: str, shown: str) -> None:
    text = BASE.replace(POVERTY, POVERTY + f"    tolerance: {{points: {value}}}\n")
    said = _refused(tmp_path, text)
    line = _line_of(text, f"points: {value}")
    assert said == (
        f"'indicators.{POVERTY_INDEX}.tolerance.points' (line {line}): "
        f"{shown} is not a finite number."
    )


def test_an_infinite_nearly_met_band_is_refused(tmp_path: Path) -> None:
    text = BASE.replace(NEARLY_POINTS, "  points: .inf\n", 1)
    said = _refused(tmp_path, text)
    assert (
        said
        == f"'nearly_met.points' (line {_line_of(text, 'points: .inf')}): .inf is not a finite number."
    )


def test_a_5000_digit_integer_is_a_sentence_not_a_crash(tmp_path: Path) -> None:
    # was exit 3: ValueError, "Exceeds the limit (4300 digits) for integer string conversion"
    text = BASE.replace(NEARLY_POINTS, "  points: " + "9" * 5000 + "\n", 1)
    said = _refused(tmp_path, text)
    line = _line_of(text, "9" * 5000)
    assert said == (
        f"'nearly_met.points' (line {line}): 999999999999… (5000 characters) is beyond ±10^15, "
        "more than any rule needs."
    )


def test_a_5000_digit_float_is_refused_not_infinite(tmp_path: Path) -> None:
    text = BASE.replace(NEARLY_POINTS, "  points: " + "9" * 5000 + ".0\n", 1)
    said = _refused(tmp_path, text)
    assert said.startswith(f"'nearly_met.points' (line {_line_of(text, '9' * 5000)}): ")
    assert said.endswith("(5002 characters) is beyond ±10^15, more than any rule needs.")


def test_a_huge_number_anywhere_is_refused(tmp_path: Path) -> None:
    # not a field any model reads: the loader itself refuses it
    text = BASE.replace("titles_en:\n", "titles_en:\n  x: !!float 1e300\n", 1)
    said = _refused(tmp_path, text)
    assert said == (
        f"'titles_en.x' (line {_line_of(text, '1e300')}): 1e300 is beyond ±10^15, "
        "more than any rule needs."
    )


@pytest.mark.parametrize(
    ("tolerance", "key", "message"),
    [
        ("points: 1e308", "points", "Input should be less than or equal to 100"),
        ("points: 101", "points", "Input should be less than or equal to 100"),
        ("points: -1", "points", "Input should be greater than or equal to 0"),
        ("points: inf", "points", "Input should be a finite number"),  # a string to YAML
        ("absolute: '1e400'", "absolute", "Input should be a finite number"),
        ("absolute: 2e15", "absolute", "Input should be less than or equal to 1000000000000000"),
        ("ratio: 1.5", "ratio", "Input should be less than or equal to 1"),
    ],
)
def test_a_tolerance_out_of_its_bounds_is_refused(
    tmp_path: Path, tolerance: str, key: str, message: str
) -> None:
    text = BASE.replace(POVERTY, POVERTY + f"    tolerance: {{{tolerance}}}\n")
    said = _refused(tmp_path, text)
    line = _line_of(text, tolerance)
    assert said == (f"'indicators.{POVERTY_INDEX}.tolerance.{key}' (line {line}): {message}.")


def test_progress_bands_are_bounded(tmp_path: Path) -> None:
    text = BASE.replace("  on_track: 0.95\n", "  on_track: 1000\n", 1)
    said = _refused(tmp_path, text)
    assert said == (
        f"'progress.on_track' (line {_line_of(text, 'on_track: 1000')}): "
        "Input should be less than or equal to 10."
    )


def test_a_wide_alias_bomb_is_refused(tmp_path: Path) -> None:
    # 75 KB that PyYAML expands to 10,000 copies of a 30 KB string: was 39 s and 7.4 GB
    old = "    aliases: ['tỷ lệ hộ nghèo']\n"
    long = "tỷ lệ hộ nghèo " + "ab " * 10000
    text = BASE.replace(old, "    aliases: [&s '" + long + "', " + ",".join(["*s"] * 10000) + "]\n")
    said = _refused(tmp_path, text)
    line = _line_of(text, "&s")
    assert re.fullmatch(
        rf"'indicators\.{POVERTY_INDEX}\.aliases\.\d+' \(line {line}\): aliases repeat more "
        r"than 100,000 characters; write the values out\.",
        said,
    ), said


def test_many_small_aliases_are_refused(tmp_path: Path) -> None:
    old = "    aliases: ['tỷ lệ hộ nghèo']\n"
    text = BASE.replace(
        old, "    aliases: [&s 'tỷ lệ hộ nghèo', " + ", ".join(["*s"] * 500) + "]\n"
    )
    said = _refused(tmp_path, text)
    assert said == (
        f"'indicators.{POVERTY_INDEX}.aliases.{MAX_ALIASES + 1}' (line {_line_of(text, '&s')}): "
        f"more than {MAX_ALIASES} aliases (*name); write the values out."
    )


def test_a_nested_billion_laughs_is_refused(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 21)]
    said = _refused(tmp_path, "\n".join(lines) + "\n")
    assert re.fullmatch(
        r"'a(\d+)\.\d' \(line (\d+)\): aliases repeat more than 100,000 characters; "
        r"write the values out\.",
        said,
    ), said
    key, line = re.match(r"'a(\d+)\.\d' \(line (\d+)\)", said).groups()  # type: ignore[union-attr]
    assert int(line) == int(key) + 1  # a<n> is on line n + 1


def test_an_alias_inside_what_it_names_is_refused(tmp_path: Path) -> None:
    text = BASE + "loop: &a [1, *a]\n"
    said = _refused(tmp_path, text)
    assert (
        said == f"'loop.1' (line {_line_of(text, 'loop:')}): the alias *a is inside what it names."
    )


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    text = BASE + "deep: " + "[" * 200 + "]" * 200 + "\n"
    said = _refused(tmp_path, text)
    assert said.endswith(f"(line {_line_of(text, 'deep:')}): nested more than 50 levels deep.")
    assert said.startswith("'deep.0.0.0")


def test_a_few_anchors_still_work(tmp_path: Path) -> None:
    # an anchor shared by two rules is ordinary YAML and stays allowed
    text = BASE.replace(
        POVERTY, POVERTY.replace("en: Poverty", "en: &poor Poverty") + "    why: *poor\n"
    )
    assert text.count("&poor") == 1 and text.count("*poor") == 1
    rules = tmp_path / "rules.yaml"
    rules.write_text(text, encoding="utf-8")
    assert run_cli("compare", str(REPORT), "--targets", str(rules), "-f", "json").returncode == 0


def test_the_bundled_data_files_load_as_plain_yaml_does() -> None:
    for path in sorted(data_dir().glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert load_yaml(text) == yaml.safe_load(text), path.name


def test_a_sidecar_with_a_key_given_twice_is_refused(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_bytes(REPORT.read_bytes())
    side = tmp_path / "report.meta.yaml"
    side.write_text("place: Hà Nội\nplace: Điện Biên\n", encoding="utf-8")
    result = run_cli("gaps", str(report))
    assert result.returncode == 1
    assert result.stderr == f"dbreport: The sidecar {side} is not valid YAML (line 2).\n"


def test_the_text_loader_keeps_values_as_written_and_guards_them() -> None:
    assert load_yaml("date: 2025-10-01\nterm: 2020-2025\n", GuardedTextLoader) == {
        "date": "2025-10-01",
        "term": "2020-2025",
    }
    with pytest.raises(UnsafeYaml) as caught:
        load_yaml("a: &x [1]\nb: [" + ", ".join(["*x"] * 200) + "]\n", GuardedTextLoader)
    assert (caught.value.path, caught.value.line) == (["b", MAX_ALIASES], 2)

"""Many reports and bad reports: batches, closed pipes, plain output, legacy font encodings,
and fuzzing (the only failure allowed is the project's own error, with a sentence)."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dbreport.errors import DbreportError
from dbreport.extraction import find_tables
from dbreport.sources import load
from dbreport.sources.legacy import _tcvn3_table, detect, from_tcvn3
from dbreport.vocab import Vocabulary
from tests.conftest import FIXTURES, PDFS, REPORT, ROOT, read_records, run_cli

REPORT_LINES = REPORT.read_text(encoding="utf-8").splitlines()
TABLE_LINES = REPORT_LINES[3594:4231]  # PHỤ LỤC 02 to the end


def test_batch_reads_the_good_and_names_the_bad(tmp_path: Path) -> None:
    for name in ("report_word_export", "no_ruling_lines", "truncated", "scanned_no_text"):
        shutil.copy(PDFS / f"{name}.pdf", tmp_path)
    shutil.copy(FIXTURES / "web_paste_tab_separated.txt", tmp_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run_cli("extract", str(tmp_path), "-f", "json", "--no-cache")
    assert result.returncode == 1  # output written, but some documents were set aside
    documents = [r["source"]["document"] for r in json.loads(result.stdout)]
    assert documents.count("report_word_export.pdf") == 71
    assert documents.count("no_ruling_lines.pdf") == 12
    assert documents.count("web_paste_tab_separated.txt") == 3
    lines = result.stderr.strip().splitlines()
    assert lines == [
        "dbreport: skipped empty.txt: " + f"{tmp_path / 'empty.txt'} is empty.",
        "dbreport: skipped scanned_no_text.pdf: "
        + f"{tmp_path / 'scanned_no_text.pdf'} has no text layer and no page images; nothing to read.",
        "dbreport: skipped truncated.pdf: "
        + f"{tmp_path / 'truncated.pdf'} cannot be read as a PDF (it is damaged, encrypted or "
        "not a PDF).",
    ]


def test_closed_pipe_is_quiet() -> None:
    for command in ("extract -f csv", "gaps", "brief"):
        shell = f"{sys.executable} -m dbreport {command} | head -n 1 > /dev/null"
        result = subprocess.run(
            ["bash", "-o", "pipefail", "-c", shell],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "src")},
            check=False,
        )
        assert result.returncode == 0, (command, result.stderr)
        assert result.stderr == ""


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}, {}])
def test_plain_output_without_a_terminal(env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dbreport", "gaps"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "src"), **env},
        check=False,
    )
    assert result.returncode == 0
    assert "\x1b[" not in result.stdout
    assert "Tỷ lệ hộ nghèo" in result.stdout
    widest = max(len(line) for line in result.stdout.splitlines())
    assert widest > 80  # a pipe is not squeezed to 80 columns


def to_tcvn3(text: str) -> str:
    """What a TCVN3 (ABC) document holds: capitals typed with the capitals font share codes."""
    inverse = {letter: chr(code) for code, letter in _tcvn3_table().items()}
    return "".join(inverse.get(ch, inverse.get(ch.lower(), ch)) for ch in text)


def test_tcvn3_text_is_converted(tmp_path: Path, vocab: Vocabulary) -> None:
    source = FIXTURES / "other_province_verdict_column.txt"
    legacy = tmp_path / "tcvn3.txt"
    legacy.write_text(to_tcvn3(source.read_text(encoding="utf-8")), encoding="utf-8")
    assert "Tèc ®é t¨ng tr­ëng" in legacy.read_text(encoding="utf-8")  # `Tốc độ tăng trưởng`
    assert detect(legacy.read_text(encoding="utf-8")) == "tcvn3"
    f = lambda v: v.raw if v is not None else None  # noqa: E731
    got = [(r.name, r.unit, f(r.target), f(r.actual)) for r in read_records(legacy, vocab).values()]
    want = [
        (r.name, r.unit, f(r.target), f(r.actual)) for r in read_records(source, vocab).values()
    ]
    assert got == want
    result = run_cli("extract", str(legacy), "-f", "json")
    assert result.returncode == 0
    assert "typed in the TCVN3 (ABC) font encoding" in result.stderr


def test_tcvn3_examples() -> None:
    assert from_tcvn3("B¶o Th¾ng") == "Bảo Thắng"
    assert from_tcvn3("§iÖn Biªn") == "Điện Biên"


def test_unicode_text_is_not_taken_for_legacy() -> None:
    assert detect(REPORT.read_text(encoding="utf-8")) is None


def test_vni_text_is_refused_with_a_sentence(tmp_path: Path) -> None:
    vni = tmp_path / "vni.txt"
    vni.write_text(
        "Baùo caùo chính trò cuûa Ban Chaáp haønh Ñaûng boä tænh. "
        "Tyû leä hoä ngheøo giaûm coøn 17,66%, chöa ñaït muïc tieâu. " * 5,
        encoding="utf-8",
    )
    result = run_cli("extract", str(vni))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"dbreport: {vni} is typed in the VNI legacy font encoding (e.g. «chaøo» for «chào»); "
        "convert it to Unicode (for example with UniKey's converter) and try again."
    )


@st.composite
def mutated_tables(draw: st.DrawFn) -> bytes:
    lines = list(TABLE_LINES)
    rng = random.Random(draw(st.integers(0, 2**32)))
    for _ in range(draw(st.integers(1, 25))):
        kind = rng.choice(["drop", "swap", "junk", "duplicate", "cut"])
        i = rng.randrange(len(lines))
        if kind == "drop":
            del lines[i]
        elif kind == "swap":
            words = lines[i].split(" ")
            rng.shuffle(words)
            lines[i] = " ".join(words)
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "cut":
            lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
        else:
            lines[i] = lines[i] + rng.choice(["\x00", "\ufffd", "%%%", "|", "\t", "<<", "1.2.3,4"])
        if not lines:
            break
    data = "\n".join(lines).encode("utf-8")
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + bytes(draw(st.lists(st.integers(0, 255), max_size=8))) + data[cut:]
    return data


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mutated_tables())
def test_mutated_tables_fail_only_with_our_errors(
    tmp_path_factory: pytest.TempPathFactory, vocab: Vocabulary, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "report.txt"
    path.write_bytes(data)
    try:
        tables = find_tables(load(path), vocab)
    except DbreportError as exc:
        assert str(exc).endswith((".", "again."))
        return
    for table in tables:
        for record in table.records:
            assert record.name is not None and record.id

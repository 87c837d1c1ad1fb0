"""Issue 16: document text is data. A report whose indicator name holds terminal escape codes,
rich markup, HTML, markdown links and a spreadsheet formula: every output shows the text, none
of it acts. The payload file is made by the test from the bundled report (its poverty row,
`Tỷ lệ hộ nghèo  % <16 17,66`)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dbreport.render.safe import (
    code_span,
    csv_text,
    json_escaped,
    json_safe,
    markdown_text,
    visible,
)
from tests.conftest import REPORT, run_cli

PAYLOAD = (
    '=HYPERLINK("http://x","y")\x1b[2J\x1b]52;c;ZXZpbA==\x07\x1b]0;title\x07\x9b31m'
    "[link=file:///etc/passwd]bấm vào[/link][bold red]đỏ[/bold red]:thumbs_up:[/x]"
    "<script>alert(1)</script>![x](http://e/x.png)\u202e "
)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    lines = REPORT.read_text(encoding="utf-8").split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("Tỷ lệ hộ nghèo  % <16"))
    lines[row] = PAYLOAD + lines[row]
    path = tmp_path_factory.mktemp("hostile") / "report.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _no_control(text: str) -> None:
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202e]", text), repr(
        re.findall(".{0,20}[\x1b\x07\x9b\u202e].{0,20}", text)[:3]
    )


@pytest.mark.parametrize("fmt", ["table", "md", "csv", "json"])
def test_the_payload_is_shown_never_run(hostile: Path, fmt: str) -> None:
    args = ["show", "A.10.1", str(hostile)] if fmt == "table" else ["gaps", str(hostile)]
    done = run_cli(*args, *(["--format", fmt] if fmt != "table" else []))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    _no_control(out)
    assert re.search(r"␛\\?\[2J|\\u001b\[2J", out)  # shown by its name (JSON: escaped)
    if fmt == "table":
        # rich markup and emoji codes are text: the link, the style and the bad tag all shown
        assert "[link=file:///etc/passwd]" in out and "[/x]" in out and ":thumbs_up:" in out
    if fmt == "md":
        assert not re.search(r"(?<!\\)<script>", out) and "\\<script>" in out
        assert "![x](http" not in out and "!\\[x\\](http" in out
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
        names = [r[rows[0].index("name")] for r in rows[1:]]
        poverty = next(n for n in names if "HYPERLINK" in n)
        assert poverty.startswith("'=HYPERLINK")  # neutralised, as OWASP recommends
    if fmt == "json":
        # the data kept exact, every control written as an escape
        assert any(r["name"] == PAYLOAD + "Tỷ lệ hộ nghèo" for r in json.loads(out))


def test_the_briefing_shows_the_payload_as_text(hostile: Path) -> None:
    done = run_cli("brief", str(hostile))
    assert done.returncode == 0, done.stderr
    _no_control(done.stdout)
    assert not re.search(r"(?<!\\)<script>", done.stdout)
    assert not re.search(r"(?<!\\)\]\(http://e", done.stdout)  # `![x](…)` is no image


def test_keep_formulas_writes_them_as_they_are(hostile: Path) -> None:
    done = run_cli("gaps", str(hostile), "--format", "csv", "--keep-formulas")
    assert done.returncode == 0, done.stderr
    assert '"=HYPERLINK(""http://x""' in done.stdout


def test_the_workbook_holds_the_text_not_a_formula(hostile: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "gaps.xlsx"
    done = run_cli("gaps", str(hostile), "-o", str(out))
    assert done.returncode == 0, done.stderr
    sheet = load_workbook(out).active
    assert sheet is not None
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    poverty = next(t for t in texts if "HYPERLINK" in t)
    assert poverty.startswith("=HYPERLINK") and "␛" in poverty  # a string cell, controls named
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


# -- every function, any text ------------------------------------------------------------------

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)


@given(TEXT)
def test_no_text_escapes_its_function(text: str) -> None:
    for shown in (visible(text), markdown_text(text), csv_text(text), code_span(text)):
        assert "\x1b" not in shown and "\x9b" not in shown and "\x07" not in shown
    md = markdown_text(text)
    bare = md.replace("\\\\", "").replace("<br>", "")
    assert not re.search(r"(?<!\\)[<\[\]`|]", bare)  # every one escaped
    cell = csv_text(text)
    assert not cell.startswith(("=", "+", "@", "\t", "\r")) or re.match(r"^[+-]?[\d.,]+%?$", cell)
    dumped = json_escaped(json.dumps(json_safe({"t": text, "x": float("inf")}), ensure_ascii=False))
    assert json.loads(dumped) == {"t": text, "x": None}
    assert "\x9b" not in dumped and "\x1b" not in dumped


# -- where an output may go ---------------------------------------------------------------------


def test_outputs_land_only_on_regular_writable_files(tmp_path: Path) -> None:
    import os
    import stat

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    protected = tmp_path / "kept.md"
    protected.write_text("kept\n", encoding="utf-8")
    protected.chmod(0o444)
    cases = {
        str(fifo): "is not a regular file",
        "/dev/null": "is not a regular file",
        str(tmp_path): "is a folder",
        str(protected): "is write-protected",
        str(Path(__file__).parents[1] / "data" / "vocabulary.yaml"): "the tool's data files",
        str(REPORT): "Refusing to overwrite the input document",
    }
    for target, sentence in cases.items():
        done = run_cli("gaps", str(REPORT), "-o", target)
        assert done.returncode == 2 and sentence in done.stderr, (target, done.stderr)
        assert "Traceback" not in done.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode) and protected.read_text() == "kept\n"
    # a new file gets the umask's mode; a file replaced keeps its own
    fresh, shared = tmp_path / "new.md", tmp_path / "shared.md"
    shared.write_text("old\n", encoding="utf-8")
    shared.chmod(0o644)
    for target in (fresh, shared):
        assert run_cli("gaps", str(REPORT), "-o", str(target)).returncode == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644

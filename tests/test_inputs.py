"""Issue 16, inputs a careless hand or a hostile folder gives: standard input and pipes, a file
name with an undecodable byte or escape codes, a name too long, a folder that cannot be listed,
the tool's own outputs lying among the documents, and where charts and `-o` may go. Each gets
its output or one sentence with its exit code, never a hang or a traceback. Payloads are made
here from the bundled report."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from dbreport import OUTPUT_LINE
from dbreport.errors import UnreadableSource
from dbreport.sources import discover
from tests.conftest import PDFS, RAW, REPORT, ROOT, run_cli

ESC = "\x1b"


def _gaps_ids(stdout: str) -> list[str]:
    return [row["id"] for row in json.loads(stdout)]


@pytest.fixture(scope="module")
def from_file() -> list[str]:
    done = run_cli("gaps", str(REPORT), "-f", "json")
    assert done.returncode == 0, done.stderr
    return _gaps_ids(done.stdout)


def test_a_dash_reads_standard_input(from_file: list[str]) -> None:
    done = run_cli("gaps", "-", "-f", "json", input=REPORT.read_text(encoding="utf-8"))
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [r["id"] for r in rows] == from_file
    assert "A.10.1" in from_file  # poverty, 17,66 against <16: not met
    sources = {(r["source"]["document"], r["source"]["line"]) for r in rows}
    assert ("stdin.txt", 3950) in sources  # A.11.5, at its line in the stream


def test_dev_stdin_on_a_pipe_is_read_once(from_file: list[str]) -> None:
    # the hash used to drain the pipe first: "/dev/stdin is empty"
    done = run_cli("gaps", "/dev/stdin", "-f", "json", input=REPORT.read_text(encoding="utf-8"))
    assert done.returncode == 0, done.stderr
    assert _gaps_ids(done.stdout) == from_file


def test_a_named_pipe_is_read_once(tmp_path: Path, from_file: list[str]) -> None:
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(REPORT.read_bytes()))
    writer.start()
    try:
        done = run_cli("gaps", str(fifo), "-f", "json")
    finally:
        writer.join(timeout=30)
    assert done.returncode == 0, done.stderr
    assert _gaps_ids(done.stdout) == from_file


def test_standard_input_refusals() -> None:
    twice = run_cli("gaps", "-", "-")
    assert (twice.returncode, twice.stderr) == (
        2,
        "dbreport: Standard input can be read once: give `-` once.\n",
    )
    empty = run_cli("gaps", "-")
    assert (empty.returncode, empty.stderr) == (1, "dbreport: - is empty.\n")
    prose = run_cli("gaps", "-", input="Chỉ là một dòng chữ.\n")
    assert prose.returncode == 1
    # the sentence names `-`, not the private file standard input was kept in
    assert prose.stderr.startswith("dbreport: No indicator table was found in -: ")
    assert "dbreport-" not in prose.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
def test_a_device_that_never_ends_is_refused() -> None:
    done = run_cli("gaps", "/dev/zero")
    assert done.returncode == 1
    assert done.stderr == (
        "dbreport: /dev/zero gives more than 64 MB; save it to a file and name the file.\n"
    )


@pytest.fixture(scope="module")
def odd_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report under a name with a byte that is not UTF-8 and a clear-screen code."""
    folder = tmp_path_factory.mktemp("odd")
    name = os.fsencode(folder) + b"/\xff" + ESC.encode() + b"[2J.txt"
    shutil.copyfile(REPORT, name)
    return folder


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "md"])
def test_an_undecodable_file_name_is_shown_not_fatal(odd_folder: Path, fmt: str) -> None:
    args = ["gaps", str(odd_folder)] + ([] if fmt == "table" else ["-f", fmt])
    done = run_cli(*args, "--no-cache")
    assert done.returncode == 0, done.stderr
    assert ESC not in done.stdout and ESC not in done.stderr
    if fmt == "json":
        names = {row["source"]["document"] for row in json.loads(done.stdout)}
        assert names == {"\udcff\x1b[2J.txt"}  # the same name, escaped as JSON
    else:
        assert "⟨0xFF⟩␛" in done.stdout  # the byte and the escape, by name


def test_an_undecodable_file_name_in_a_brief(odd_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.md"
    done = run_cli("brief", str(odd_folder), "-o", str(out), "--no-cache")
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert "`⟨0xFF⟩␛[2J.txt`" in text and ESC not in text


def test_stderr_shows_file_names_and_document_text_by_name(tmp_path: Path) -> None:
    missing = run_cli("gaps", str(tmp_path / f"nope{ESC}[31m.txt"))
    assert missing.returncode == 2
    assert missing.stderr == f"dbreport: {tmp_path}/nope␛[31m.txt does not exist.\n"
    header = tmp_path / "header.txt"
    # a table header holding escape codes, and nothing under it
    header.write_text(f"STT Chỉ tiêu{ESC}[2J{ESC}]0;pwned\x07 Đơn vị tính Kế hoạch\n", "utf-8")
    done = run_cli("gaps", str(header))
    assert done.returncode == 1
    assert ESC not in done.stderr and "\x07" not in done.stderr
    assert done.stderr.startswith("dbreport: No indicator table was found in ")


def test_a_name_too_long_gets_a_sentence(tmp_path: Path) -> None:
    name = tmp_path / ("a" * 300 + ".txt")
    done = run_cli("gaps", str(name))
    assert done.returncode == 1
    assert done.stderr == f"dbreport: {name} cannot be read: File name too long.\n"


def test_a_folder_that_cannot_be_searched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder with read but no execute permission: its entries cannot be opened. (Simulated:
    the tests may run as root, whom permissions do not stop.)"""
    folder = tmp_path / "noexec"
    folder.mkdir()
    inside = folder / "report.txt"
    inside.write_text("x", encoding="utf-8")
    real_stat = Path.stat

    def stat(self: Path, *, follow_symlinks: bool = True) -> os.stat_result:
        if self.parent == folder or self == inside:
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, follow_symlinks=follow_symlinks)

    monkeypatch.setattr(Path, "stat", stat)
    with pytest.raises(UnreadableSource, match=r"report.txt cannot be read: Permission denied\."):
        discover([inside])
    # listed, it is kept for the reader to set aside with its own sentence
    assert discover([folder]) == [inside]


def test_own_outputs_are_not_read_back(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    shutil.copytree(RAW, folder)
    before = run_cli("claims", str(folder), "-f", "json")
    assert before.returncode == 0, before.stderr
    for args in (
        ("brief", str(folder), "-o", str(folder / "brief.md")),
        ("gaps", str(folder), "-o", str(folder / "gaps.md")),
        ("brief", str(folder), "--output-dir", str(folder)),
    ):
        assert run_cli(*args).returncode == 0
    after = run_cli("claims", str(folder), "-f", "json")
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout) == json.loads(before.stdout)
    notes = sorted(after.stderr.splitlines())
    assert notes == [
        "dbreport: note: 2025-bao-cao-chinh-tri-dai-hoi-XV-dien-bien.txt.brief.md was written "
        "by dbreport; not read as a document.",
        "dbreport: note: brief.md was written by dbreport; not read as a document.",
        "dbreport: note: gaps.md was written by dbreport; not read as a document.",
    ]
    alone = run_cli("gaps", str(folder / "brief.md"))
    assert (alone.returncode, alone.stderr) == (
        1,
        "dbreport: brief.md: written by dbreport itself, not a document to read.\n",
    )


def test_a_users_own_markdown_is_still_read(tmp_path: Path) -> None:
    """The mark is dbreport's own line: a report saved as .md by a person is a document."""
    copy = tmp_path / "report.md"
    copy.write_text(REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    done = run_cli("gaps", str(copy), "-f", "json")
    assert done.returncode == 0, done.stderr
    assert "A.10.1" in _gaps_ids(done.stdout)


def test_dev_stdout_is_standard_output(from_file: list[str]) -> None:
    done = run_cli("gaps", str(REPORT), "-o", "/dev/stdout", "-f", "json")
    assert done.returncode == 0, done.stderr
    assert _gaps_ids(done.stdout) == from_file


def test_charts_go_into_an_existing_folder_again(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason="the charts extra is not installed")
    charts = tmp_path / "charts"
    for _ in range(2):  # the second run used to be refused: "charts is a folder"
        done = run_cli("brief", str(REPORT), "--charts", str(charts), "-o", str(tmp_path / "b.md"))
        assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in charts.iterdir()) == [
        "achievement.png",
        "achievement.svg",
        "pace.png",
        "pace.svg",
    ]
    (charts / "pace.svg").unlink()
    (charts / "pace.svg").mkdir()  # a chart's name taken by a folder
    done = run_cli("brief", str(REPORT), "--charts", str(charts), "-o", str(tmp_path / "b.md"))
    assert (done.returncode, done.stderr) == (
        2,
        f"dbreport: {charts}/pace.svg is a folder, not a file to write.\n",
    )


def test_inspect_reads_standard_input() -> None:
    done = run_cli("inspect", "-", input="Chỉ là một dòng chữ.\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("stdin.txt: 0 header candidate(s)\n")


def test_a_pdf_on_standard_input_is_told_by_its_bytes() -> None:
    pdf = PDFS / "report_word_export.pdf"
    with pdf.open("rb") as stdin:
        piped = subprocess.run(
            [sys.executable, "-m", "dbreport", "gaps", "-", "-f", "json"],
            stdin=stdin,
            capture_output=True,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
            check=False,
        )
    assert piped.returncode == 0, piped.stderr
    named = run_cli("gaps", str(pdf), "-f", "json")
    rows, expected = json.loads(piped.stdout), json.loads(named.stdout)
    assert [r["id"] for r in rows] == [r["id"] for r in expected]
    assert (rows[0]["id"], rows[0]["source"]["document"], rows[0]["source"]["page"]) == (
        "A.11.5",
        "stdin.pdf",
        94,
    )


def test_symbolic_link_loops_get_a_sentence(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copyfile(REPORT, folder / "a.txt")
    (folder / "self.txt").symlink_to("self.txt")
    done = run_cli("gaps", str(folder), "-f", "json")
    assert done.returncode == 1  # the loop set aside, the report read
    assert done.stderr == (
        f"dbreport: skipped self.txt: {folder}/self.txt cannot be read: "
        "Too many levels of symbolic links.\n"
    )
    assert "A.10.1" in _gaps_ids(done.stdout)
    loop = tmp_path / "loop.json"
    loop.symlink_to("loop.json")
    out = run_cli("gaps", str(REPORT), "-o", str(loop))
    assert (out.returncode, out.stderr) == (
        2,
        f"dbreport: {loop} cannot be written: Too many levels of symbolic links.\n",
    )
    rules = run_cli("compare", str(REPORT), "--targets", str(loop))
    assert rules.returncode == 1
    assert rules.stderr.endswith("cannot be read: Too many levels of symbolic links.\n")


def test_a_document_quoting_the_mark_is_still_read(tmp_path: Path) -> None:
    lines = REPORT.read_text(encoding="utf-8").split("\n")
    lines.insert(200, f"Ghi chú: tệp mẫu có dòng `{OUTPUT_LINE}` ở cuối.")
    quoting = tmp_path / "quoting.md"
    quoting.write_text("\n".join(lines), encoding="utf-8")
    done = run_cli("gaps", str(quoting), "-f", "json")
    assert done.returncode == 0, done.stderr
    assert "A.10.1" in _gaps_ids(done.stdout)


def test_dev_stdin_beside_a_dash_is_standard_input_twice() -> None:
    done = run_cli("gaps", "-", "/dev/stdin", input=REPORT.read_text(encoding="utf-8"))
    assert (done.returncode, done.stderr) == (
        2,
        "dbreport: Standard input can be read once: give `-` once.\n",
    )


def test_a_batch_where_nothing_could_be_read_says_why(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "a.txt").write_text("", encoding="utf-8")
    (folder / "b.pdf").write_bytes(b"%PDF-1.4 nothing else")
    done = run_cli("gaps", str(folder))
    assert (done.returncode, done.stderr) == (
        1,
        f"dbreport: No indicator table was found in {folder}: none of its 2 documents could be "
        f"read ({folder}/a.txt is empty; {folder}/b.pdf cannot be read as a PDF (it is damaged, "
        "encrypted or not a PDF)).\n",
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [("DBREPORT_TIME_LIMIT", "99999999999999999999"), ("DBREPORT_TIME_LIMIT", "nan")],
)
def test_junk_limits_fall_back_to_sense(name: str, value: str, from_file: list[str]) -> None:
    done = run_cli("gaps", str(REPORT), "--no-cache", "-f", "json", env={name: value})
    assert done.returncode == 0, done.stderr
    assert _gaps_ids(done.stdout) == from_file

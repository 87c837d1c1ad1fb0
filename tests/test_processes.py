"""Worker processes: as many as the cores, stopped with the parent, never orphaned or hung.

The signal tests start the real command in a session of its own, wait until it has forked its
workers, signal it as a user (Ctrl-C reaches the whole process group) or a service manager
(SIGTERM to the parent) would, and then look for any process of that session still alive.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from dbreport import workers
from tests.conftest import PDFS, ROOT

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads the process table under /proc (Linux)"
)


def test_workers_never_outnumber_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    for asked, got in [("48", 2), ("2", 2), ("1", 1), ("0", 2), ("-3", 2), ("many", 2), ("", 2)]:
        monkeypatch.setenv("DBREPORT_WORKERS", asked)
        assert workers.worker_count() == got, asked
    monkeypatch.delenv("DBREPORT_WORKERS")
    assert workers.worker_count() == 2

    # no affinity call on this system: the core count
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    monkeypatch.setenv("DBREPORT_WORKERS", "48")
    assert workers.worker_count() == 3


@linux_only
def test_a_batch_starts_no_more_workers_than_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counted on the real pool: the most children alive at once, while each sleeps a little."""
    import dbreport.workers as module

    started: list[int] = []
    original = module._start

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        read_end = original(*args, **kwargs)
        started.append(len(args[2]))  # children running, this one included
        return read_end

    monkeypatch.setattr(module, "_start", counting)
    tasks = [lambda: time.sleep(0.05) or 1 for _ in range(9)]
    with closing(workers.run(tasks, 3)) as answers:
        assert sorted(i for i, _ in answers) == list(range(9))
    assert max(started) == 3 and len(started) == 9


@linux_only
def test_answers_errors_and_deaths_come_back_from_the_children(
    capfd: pytest.CaptureFixture[str],
) -> None:
    def loud() -> str:
        import logging
        import warnings

        warnings.warn("a library warning", stacklevel=1)
        logging.getLogger("pdfminer").warning("Invalid MediaBox in /Page")
        os.write(2, b"printed by C code\n")
        print("on stdout")
        return "quiet"

    def no_memory() -> None:
        raise MemoryError

    def boom() -> None:
        raise ValueError("a bug")

    tasks = [
        lambda: 41 + 1,
        boom,
        no_memory,
        os.abort,  # pdfium aborts when an allocation fails
        lambda: os.kill(os.getpid(), signal.SIGSEGV),
        loud,
        lambda: lambda: 0,  # a value that cannot be passed back is a defect, said as one
    ]
    with closing(workers.run(tasks, 2)) as answers:
        got = dict(answers)
    assert got[0] == 42
    assert isinstance(got[1], ValueError) and str(got[1]) == "a bug"
    assert isinstance(got[2], workers.ChildDied) and got[2].memory
    assert isinstance(got[3], workers.ChildDied) and got[3].memory
    assert isinstance(got[4], workers.ChildDied) and not got[4].memory
    assert str(got[4]) == "SIGSEGV"
    assert got[5] == "quiet"
    assert isinstance(got[6], RuntimeError) and str(got[6]).startswith("cannot pass back function")
    assert capfd.readouterr() == ("", "")  # nothing a child prints reaches the terminal
    assert got[2].sentence(Path("a.pdf")) == (
        "a.pdf needs more than 2048 MB of memory to read (DBREPORT_PDF_MEMORY_MB sets the limit)."
    )


@linux_only
def test_an_abandoned_run_kills_its_children(tmp_path: Path) -> None:
    def slow(n: int) -> int:
        (tmp_path / f"{n}.pid").write_text(str(os.getpid()))
        time.sleep(0 if n == 0 else 60)
        return n

    tasks = [lambda n=n: slow(n) for n in range(3)]  # type: ignore[misc]
    answers = workers.run(tasks, 3)
    assert next(answers) == (0, 0)
    for n in (1, 2):
        while not (tmp_path / f"{n}.pid").exists():
            time.sleep(0.01)
    pids = [int((tmp_path / f"{n}.pid").read_text()) for n in (1, 2)]
    answers.close()  # what an exception or Ctrl-C in the parent does
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def _session(sid: int) -> list[int]:
    """The live processes of a session (zombies are dead, only not yet reaped)."""
    alive = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[3]) == sid and fields[0] not in ("Z", "X"):
            alive.append(int(entry))
    return alive


def _folder_of_pdfs(tmp_path: Path) -> Path:
    folder = tmp_path / "pdfs"
    folder.mkdir()
    for copy in range(3):
        for pdf in sorted(PDFS.glob("*.pdf")):
            (folder / f"{copy}-{pdf.name}").write_bytes(pdf.read_bytes())
    return folder


def _start(folder: Path) -> subprocess.Popen[str]:
    def sigint_as_a_terminal_gives_it() -> None:
        signal.signal(
            signal.SIGINT, signal.SIG_DFL
        )  # not ignored, even if pytest runs in the background

    return subprocess.Popen(
        [sys.executable, "-m", "dbreport", "gaps", str(folder), "--no-cache", "-f", "json"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(ROOT / "src"),
            "XDG_CACHE_HOME": os.environ.get("XDG_CACHE_HOME", ""),
            "HOME": os.environ.get("HOME", "/tmp"),
            "DBREPORT_WORKERS": "4",
        },
        start_new_session=True,
        preexec_fn=sigint_as_a_terminal_gives_it,
    )


def _wait_for_workers(process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while len(_session(process.pid)) < 2:
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        assert time.monotonic() < deadline, "no worker was started"
        time.sleep(0.01)


def _assert_all_gone(process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 3
    while _session(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = _session(process.pid)
    for pid in left:  # not to leave them to the next test
        os.kill(pid, signal.SIGKILL)
    assert left == [], "processes outlived dbreport"


def _stop(process: subprocess.Popen[str]) -> tuple[int | str, str]:
    try:
        code: int | str = process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        code = "hung"
        for pid in _session(process.pid):
            os.kill(pid, signal.SIGKILL)
        process.wait()
    assert process.stderr is not None
    return code, process.stderr.read()


@linux_only
@pytest.mark.parametrize("delay", [0.0, 0.1, 0.3, 0.6, 1.0])
def test_ctrl_c_stops_the_parent_and_every_worker(tmp_path: Path, delay: float) -> None:
    """Ctrl-C reaches the whole group: the workers ignore it, the parent kills them and says
    so in one sentence. Five runs at different moments: the old deadlock came one run in two
    or three."""
    process = _start(_folder_of_pdfs(tmp_path))
    _wait_for_workers(process)
    time.sleep(delay)
    os.killpg(process.pid, signal.SIGINT)
    code, stderr = _stop(process)
    assert (code, stderr) == (130, "dbreport: interrupted.\n")
    _assert_all_gone(process)


@linux_only
def test_sigterm_to_the_parent_alone_stops_every_worker(tmp_path: Path) -> None:
    process = _start(_folder_of_pdfs(tmp_path))
    _wait_for_workers(process)
    os.kill(process.pid, signal.SIGTERM)
    code, stderr = _stop(process)
    assert (code, stderr) == (143, "dbreport: terminated.\n")
    _assert_all_gone(process)


SLEEPERS = """
import time
from contextlib import closing
from dbreport import workers
with closing(workers.run([lambda: time.sleep(60)] * 2, 2)) as answers:
    list(answers)
"""


@linux_only
def test_workers_die_with_a_parent_killed_outright() -> None:
    """SIGKILL leaves the parent no time to clean up: the kernel takes its children along
    (workers that would otherwise sleep for a minute)."""
    process = subprocess.Popen(
        [sys.executable, "-c", SLEEPERS],
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "src")},
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while len(_session(process.pid)) < 3:
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait(timeout=20) == -signal.SIGKILL
    _assert_all_gone(process)


def test_a_document_over_the_time_limit_is_set_aside(tmp_path: Path) -> None:
    """DBREPORT_TIME_LIMIT: the bundled report takes far more than a millisecond to read."""
    from tests.conftest import REPORT, run_cli

    env = {"DBREPORT_TIME_LIMIT": "0.001"}
    done = run_cli("gaps", str(REPORT), "--no-cache", env=env)
    assert (done.returncode, done.stderr) == (
        1,
        f"dbreport: {REPORT} takes more than 0.001 s to read; it was set aside "
        "(DBREPORT_TIME_LIMIT sets the limit in seconds).\n",
    )
    assert (
        run_cli("gaps", str(REPORT), "--no-cache", env={"DBREPORT_TIME_LIMIT": "off"}).returncode
        == 0
    )


def _children(parent: int) -> list[int]:
    """The live child processes of `parent`."""
    found = []
    for entry in os.listdir("/proc"):
        try:
            stat = Path(f"/proc/{entry}/stat").read_text() if entry.isdigit() else ""
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split() if stat else []
        if fields and int(fields[1]) == parent and fields[0] not in ("Z", "X"):
            found.append(int(entry))
    return found


@linux_only
def test_the_time_limit_stops_a_slow_reader_and_its_children(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A reader stuck in a child (a PDF page share): the deadline unwinds the parent, whose
    `run` kills the child; the document gets the sentence, the others are read."""
    from dbreport import pipeline
    from dbreport.errors import UnreadableSource

    monkeypatch.setenv("DBREPORT_TIME_LIMIT", "0.5")

    def stuck(*_: object, **__: object) -> object:
        return workers.isolated(lambda: time.sleep(60))

    monkeypatch.setattr(pipeline, "find_tables", stuck)
    started = time.monotonic()
    outcome = pipeline._read_one(
        PDFS.parent / "designs" / "d01_unknown_headers_chu_yeu_web.txt", False
    )
    assert time.monotonic() - started < 30
    assert isinstance(outcome, UnreadableSource)
    assert "takes more than 0.5 s to read" in str(outcome)
    assert _children(os.getpid()) == []

"""Child processes, started in one place: as many as the cores allow, under a memory ceiling,
never outliving the run.

The PDF libraries run in forked children. A damaged or hostile file can make pdfium abort or
swell to gigabytes (a decompression bomb); in a child that costs one file, not the run. Each
child ignores SIGINT (the parent owns Ctrl-C), dies with its parent (PR_SET_PDEATHSIG, Linux),
may take `memory_limit_mb()` more address space than it was born with (RLIMIT_AS, Linux), and
writes nothing to the terminal: its stdout, and its stderr unless --debug, go to /dev/null, so
no library's warnings reach the user. The parent hands out tasks, reads each answer from its own
pipe (no shared queue, no lock a killed worker could leave held) and, when it stops for any
reason (an error, Ctrl-C, SIGTERM), kills its children rather than wait for them.
"""

from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import closing, contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
_Running = dict[int, tuple[int, int, list[bytes]]]  # answer pipe -> (pid, task index, answer)

_LONGEST_S = 366 * 24 * 3600.0  # DBREPORT_TIME_LIMIT above this is this
TIME_LIMIT_S = 300.0  # seconds to read one document (DBREPORT_TIME_LIMIT); the largest real
# report, a 372-page PDF, takes 2-3 s
MEMORY_FLOOR_MB = 64  # below this pdfium cannot even be mapped
MEMORY_CEILING_MB = 1 << 20  # a terabyte
MEMORY_MB = 2048  # address space a child may take beyond its parent's (DBREPORT_PDF_MEMORY_MB)
_OUT_OF_MEMORY = 75  # a child's exit status after MemoryError
_FAILED = 70  # a child's exit status when it could not even send its answer
_STOPPING = (signal.SIGINT, signal.SIGTERM)
_NAMES = {signal.SIGINT: "interrupted", signal.SIGTERM: "terminated"}


class _State:
    in_child = False  # this process is a child: run tasks here, under the limit it already has
    debug = False  # --debug: children keep their stderr
    answer_fd: int | None = None  # a child's end of its answer pipe, closed in its own children


class Interrupted(BaseException):
    """SIGINT or SIGTERM reached the main process (not an Exception: nothing may swallow it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(_NAMES.get(signal.Signals(signum), "interrupted"))
        self.exit_code = 128 + signum


class ChildDied(Exception):
    """A child ended without an answer: out of memory, or stopped by a signal."""

    def __init__(self, memory: bool, how: str) -> None:
        super().__init__(how)
        self.memory = memory

    def sentence(self, path: Path) -> str:
        if self.memory:
            return (
                f"{path} needs more than {memory_limit_mb()} MB of memory to read "
                "(DBREPORT_PDF_MEMORY_MB sets the limit)."
            )
        return f"{path} cannot be read: the reader stopped on it ({self})."


class TimeUp(BaseException):
    """A document took longer to read than `time_limit_s()` (not an Exception: a library's
    `except Exception` must not take it for a damaged file)."""

    def sentence(self, path: Path) -> str:
        return (
            f"{path} takes more than {time_limit_s():g} s to read; it was set aside "
            "(DBREPORT_TIME_LIMIT sets the limit in seconds)."
        )


def time_limit_s() -> float:
    """Seconds one document may take to read: DBREPORT_TIME_LIMIT when it is a positive number
    (`0` or `off`: no limit), else TIME_LIMIT_S."""
    setting = os.environ.get("DBREPORT_TIME_LIMIT", "").strip().lower()
    if setting in ("0", "off"):
        return 0.0
    try:
        value = float(setting)
    except ValueError:
        return TIME_LIMIT_S
    if not 0 < value < float("inf"):
        return TIME_LIMIT_S
    return min(max(value, 0.001), _LONGEST_S)  # a timer of more than a year overflows nothing


@contextmanager
def deadline() -> Iterator[None]:
    """Raise TimeUp in the block once `time_limit_s()` has passed (SIGALRM, in the main thread of
    this process, which a forked child is too; a child's own children are killed by `run` as the
    exception unwinds it). Without SIGALRM, or off the main thread, there is no limit."""
    import threading

    seconds = time_limit_s()
    if (
        not seconds
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def time_up(signum: int, frame: object) -> None:
        raise TimeUp

    previous = signal.signal(signal.SIGALRM, time_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def extend_deadline(seconds: float) -> None:
    """Give the block under `deadline()` that much longer (a slow step it knows the size of,
    such as OCR'ing a scan's pages); nothing when no limit runs."""
    if not hasattr(signal, "getitimer") or seconds <= 0:
        return
    import threading

    if threading.current_thread() is not threading.main_thread():
        return
    remaining = signal.getitimer(signal.ITIMER_REAL)[0]
    if remaining > 0:
        signal.setitimer(signal.ITIMER_REAL, min(remaining + seconds, _LONGEST_S))


def handle_signals(*, debug: bool = False) -> None:
    """In the main process: SIGINT and SIGTERM raise Interrupted, so that whatever runs is
    unwound and its children killed. A signal ignored when dbreport started (a background job)
    stays ignored."""
    _State.debug = debug
    for signum in _STOPPING:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _stop)


def _stop(signum: int, frame: object) -> None:
    for other in _STOPPING:  # one signal is enough: the second must not cut the clean-up short
        signal.signal(other, signal.SIG_IGN)
    raise Interrupted(signum)


def debugging() -> bool:
    """--debug was given: tracebacks and library messages are wanted."""
    return _State.debug


def cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def worker_count() -> int:
    """Processes for reading: the cores, or DBREPORT_WORKERS when it asks for fewer (1 reads one
    file at a time). More than the cores, zero, negative or not a number: the cores."""
    limit = cores()
    setting = os.environ.get("DBREPORT_WORKERS", "").strip()
    if setting.isdigit() and int(setting) > 0:
        return min(int(setting), limit)
    return limit


def memory_limit_mb() -> int:
    """Megabytes of address space a reading child may take on top of what it inherits:
    DBREPORT_PDF_MEMORY_MB, kept between MEMORY_FLOOR_MB (the PDF library itself must load) and
    MEMORY_CEILING_MB (what the system can be asked for)."""
    setting = os.environ.get("DBREPORT_PDF_MEMORY_MB", "").strip()
    if setting.isdigit() and 0 < len(setting) <= 12 and int(setting) > 0:
        return min(max(int(setting), MEMORY_FLOOR_MB), MEMORY_CEILING_MB)
    return MEMORY_MB


def can_fork() -> bool:
    return hasattr(os, "fork") and hasattr(signal, "pthread_sigmask")


def isolated(task: Callable[[], T]) -> T:
    """`task()` run in a child under the memory limit (here, when this is a child already, or
    the system cannot fork); its exception is raised here, ChildDied when it died."""
    if _State.in_child or not can_fork():
        return task()
    with closing(run([task], 1)) as answers:
        ((_, answer),) = list(answers)
    if isinstance(answer, BaseException):
        raise answer
    return answer


def run(tasks: Sequence[Callable[[], T]], workers: int) -> Generator[tuple[int, T | BaseException]]:
    """Each task in a child, `workers` at a time; (its index, its value or exception) as each
    finishes. Close the iterator (`contextlib.closing`) so that the children of an abandoned or
    interrupted run are killed at once."""
    if not can_fork():
        for index, task in enumerate(tasks):
            yield index, _call(task)
        return
    import selectors

    _libc()  # loaded here, not in each child
    waiting = list(enumerate(tasks))
    waiting.reverse()
    running: _Running = {}
    selector = selectors.DefaultSelector()
    try:
        while waiting or running:
            while waiting and len(running) < max(1, workers):
                index, task = waiting.pop()
                selector.register(_start(task, index, running), selectors.EVENT_READ)
            for key, _ in selector.select():
                fd = int(key.fd)
                chunk = os.read(fd, 1 << 16)
                if chunk:
                    running[fd][2].append(chunk)
                    continue
                selector.unregister(fd)
                pid, index, chunks = running.pop(fd)
                os.close(fd)
                _, status = os.waitpid(pid, 0)
                yield index, _answer(b"".join(chunks), status)
    finally:
        _kill(running)
        selector.close()


def _call(task: Callable[[], T]) -> T | BaseException:
    try:
        return task()
    except Exception as exc:
        return exc


def _start(task: Callable[[], Any], index: int, running: _Running) -> int:
    """Fork a child for the task; the parent's end of its answer pipe."""
    import warnings

    read_end, write_end = os.pipe()
    parent = os.getpid()
    # no signal between the fork and the child's bookkeeping: a child is either unborn or known
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads (3.12+)
            pid = os.fork()
        if pid == 0:
            os.close(read_end)
            for fd in running:
                os.close(fd)
            _child(task, write_end, parent, mask)
        os.close(write_end)
        running[read_end] = (pid, index, [])
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    return read_end


def _child(task: Callable[[], Any], write_end: int, parent: int, mask: Any) -> None:
    """Never returns: runs the task, writes its pickled outcome, exits."""
    code = _FAILED
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        _die_with(parent)
        _quiet()
        _limit_memory()
        if _State.answer_fd is not None:
            os.close(_State.answer_fd)  # the parent's answer pipe is the parent's business
        _State.in_child, _State.answer_fd = True, write_end
        try:
            outcome: tuple[bool, Any] = (True, task())
        except MemoryError:
            raise
        except BaseException as exc:
            outcome = (False, exc)
        data = _dumps(outcome)
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view) :]
        code = 0
    except MemoryError:
        code = _OUT_OF_MEMORY
    except BaseException:  # the exit status says it: there is nowhere to print
        code = _FAILED
    finally:
        os._exit(code)


def _dumps(outcome: tuple[bool, Any]) -> bytes:
    try:
        return pickle.dumps(outcome)
    except Exception as exc:  # a defect: said as such in the parent
        _, value = outcome
        failure = RuntimeError(f"cannot pass back {type(value).__name__} {value!r:.200}: {exc}")
        return pickle.dumps((False, failure))


def _answer(data: bytes, status: int) -> Any:
    code = os.waitstatus_to_exitcode(status)
    if code == 0 and data:
        _, value = pickle.loads(data)  # written by our own forked child
        return value
    if code == _OUT_OF_MEMORY:
        return ChildDied(True, "out of memory")
    if code < 0:
        name = signal.Signals(-code).name
        # pdfium aborts when an allocation fails; the kernel kills a process out of memory
        return ChildDied(-code in (signal.SIGABRT, signal.SIGKILL), name)
    return ChildDied(False, f"exit status {code}")


def _kill(running: _Running) -> None:
    for pid, _, _ in running.values():
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    for fd, (pid, _, _) in running.items():
        os.close(fd)
        with suppress(ChildProcessError):
            os.waitpid(pid, 0)
    running.clear()


_PR_SET_PDEATHSIG = 1


@cache
def _libc() -> Any:
    """The C library, for prctl (Linux only)."""
    if os.uname().sysname != "Linux":
        return None
    import ctypes

    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def _die_with(parent: int) -> None:
    """Linux: the kernel kills this child when its parent dies, even by SIGKILL."""
    libc = _libc()
    if libc is not None:
        libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(_FAILED)


def _quiet() -> None:
    """Both file descriptors (C code writes there) and Python's streams (which may be others)."""
    import sys

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - for the child's whole life
    if not _State.debug:
        import faulthandler

        faulthandler.disable()  # it writes a crash's traceback to a stderr of its own
        os.dup2(devnull, 2)
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115
    os.close(devnull)


def _limit_memory() -> None:
    """RLIMIT_AS: what the process holds now, plus the limit (Linux; elsewhere no limit). No
    core file either: an abort must not leave gigabytes in the working folder."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))
        with open("/proc/self/status", encoding="ascii") as fh:
            size = next(int(line.split()[1]) for line in fh if line.startswith("VmSize:")) * 1024
    except (ImportError, OSError, StopIteration, ValueError):
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = size + memory_limit_mb() * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))

"""The cache under attack and in careless hands: a hand-edited, oversized or misplaced entry, a
file changed while it is read, a cache folder that cannot be used. None of them may change a
verdict, load a giant, or end a run; `--no-cache` repairs; `cache info|clear` tell and tidy."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import pytest
from pydantic import TypeAdapter

import dbreport.cache as cache_module
import dbreport.pipeline as pipeline
from dbreport.batch import read
from dbreport.cache import ResultCache, human_size, prune
from dbreport.pipeline import find_all_claims, load_tables
from dbreport.vocab import Vocabulary
from tests.conftest import REPORT, run_cli

INTS: TypeAdapter[list[int]] = TypeAdapter(list[int])
DIGEST = "ab" * 32  # the SHA-256 of some document's bytes


def entries(folder: Path) -> dict[str, Path]:
    """The entry files of a folder, by kind (`tables`, `claims`, `documents`)."""
    found = {}
    for path in folder.glob("*.json"):
        header = json.loads(path.read_bytes().partition(b"\n")[0])
        found[header["kind"]] = path
    return found


def private(folder: Path) -> Path:
    folder.mkdir(mode=0o700, parents=True)
    return folder


def a33(output: str) -> tuple[str, str]:
    """A.3.3 of the bundled report in `compare -f json`: its figure and its verdict."""
    row = next(r for r in json.loads(output) if r["id"] == "A.3.3")
    return row["actual"]["raw"], row["status"]


@pytest.fixture(scope="module")
def fresh() -> tuple[str, str]:
    """`compare -f json` on the bundled report without any cache: what every run must print."""
    result = run_cli("compare", str(REPORT), "-f", "json", env={"DBREPORT_CACHE": "off"})
    assert result.returncode == 0, result.stderr
    assert a33(result.stdout) == ("27.948", "disputed")
    return result.stdout, result.stderr


def compare(xdg: Path | str, *flags: str, **env: str) -> tuple[int, str, str]:
    result = run_cli(
        "compare", str(REPORT), "-f", "json", *flags, env={"XDG_CACHE_HOME": str(xdg), **env}
    )
    return result.returncode, result.stdout, result.stderr


def info(xdg: Path | str, **env: str) -> dict[str, object]:
    result = run_cli("cache", "info", "-f", "json", env={"XDG_CACHE_HOME": str(xdg), **env})
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


# 1. verified entries


def test_a_hand_edited_figure_changes_no_verdict(tmp_path: Path, fresh: tuple[str, str]) -> None:
    xdg = tmp_path / "xdg"
    assert compare(xdg) == (0, *fresh)
    tables = entries(xdg / "dbreport")["tables"]
    head, _, payload = tables.read_bytes().partition(b"\n")
    data = json.loads(payload)
    for table in data:
        for record in table["records"]:
            if record["id"] == "A.3.3":
                record["actual"].update(raw="999.999", number=999999.0)
    tables.write_bytes(head + b"\n" + json.dumps(data, ensure_ascii=False).encode())

    assert compare(xdg) == (0, *fresh)  # A.3.3 still 27.948, disputed
    assert b"999.999" not in tables.read_bytes()  # the edited entry was replaced by a sound one


def _envelope(tmp_path: Path) -> tuple[ResultCache[list[int]], Path, dict[str, object], bytes]:
    cache = ResultCache("tables", INTS, "settings", folder=private(tmp_path / "c"))
    cache.put(DIGEST, [1, 2, 3])
    entry = cache._entry(DIGEST)
    head, _, payload = entry.read_bytes().partition(b"\n")
    assert cache.get(DIGEST) == [1, 2, 3]
    return cache, entry, json.loads(head), payload


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("schema", 2),
        ("kind", "claims"),
        ("key", "0" * 64),
        ("source", "cd" * 32),  # read from other bytes, filed under this document's name
        ("payload_sha256", "0" * 64),
        ("payload_bytes", 3),
    ],
)
def test_each_check_of_the_envelope_refuses_and_removes_the_entry(
    tmp_path: Path, field: str, value: object
) -> None:
    cache, entry, header, payload = _envelope(tmp_path)
    entry.write_bytes(json.dumps({**header, field: value}).encode() + b"\n" + payload)
    assert cache.get(DIGEST) is None
    assert not entry.exists()


def _edited_payload(head: bytes, payload: bytes) -> bytes:
    return head + b"\n" + payload.replace(b"3", b"999")


@pytest.mark.parametrize(
    "damage",
    [
        _edited_payload,  # the payload edited, the header left as it was
        lambda head, payload: b"",
        lambda head, payload: payload,  # no header line at all
        lambda head, payload: b"x" * 5000 + b"\n" + payload,  # longer than any header written
        lambda head, payload: b'["not", "a header"]\n' + payload,
        lambda head, payload: head[:-1] + b"\n" + payload,  # not JSON
        lambda head, payload: b"[" * 4000 + b"\n" + payload,  # nested too deep for a parser
    ],
)
def test_a_damaged_entry_is_removed_and_read_afresh(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    cache, entry, header, payload = _envelope(tmp_path)
    entry.write_bytes(damage(json.dumps(header).encode(), payload))
    assert cache.get(DIGEST) is None
    assert not entry.exists()
    cache.put(DIGEST, [1, 2, 3])  # and it is written afresh
    assert cache.get(DIGEST) == [1, 2, 3]


def test_a_payload_with_a_good_digest_must_still_validate(tmp_path: Path) -> None:
    cache, entry, header, _ = _envelope(tmp_path)
    payload = b'["one", "two"]'
    header |= {"payload_sha256": hashlib.sha256(payload).hexdigest(), "payload_bytes": len(payload)}
    entry.write_bytes(json.dumps(header).encode() + b"\n" + payload)
    assert cache.get(DIGEST) is None
    assert not entry.exists()


def test_a_value_that_would_not_read_back_as_itself_is_not_kept(tmp_path: Path) -> None:
    """JSON has no infinity: a number that comes back `null` (or not at all) from the cache
    would make a cached run differ from a fresh one."""
    floats: TypeAdapter[list[float | None]] = TypeAdapter(list[float | None])
    cache = ResultCache("tables", floats, "settings", folder=private(tmp_path / "c"))
    cache.put(DIGEST, [1.5, float("inf")])
    assert not cache._entry(DIGEST).exists()
    cache.put(DIGEST, [1.5, None])
    assert cache.get(DIGEST) == [1.5, None]


def test_an_entry_that_is_a_link_or_another_users_file_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache, entry, _, _ = _envelope(tmp_path)
    outside = tmp_path / "outside.json"
    outside.write_bytes(entry.read_bytes())
    entry.unlink()
    entry.symlink_to(outside)
    assert cache.get(DIGEST) is None
    assert not entry.is_symlink() and outside.exists()  # the link went, its target stayed

    cache.put(DIGEST, [1, 2, 3])
    me = os.geteuid()
    monkeypatch.setattr(os, "geteuid", lambda: me + 1)  # the entry is now someone else's
    monkeypatch.setattr(cache_module, "folder_problem", lambda folder: None)
    assert cache.get(DIGEST) is None


def test_an_entry_that_is_a_fifo_does_not_hang_the_run(tmp_path: Path) -> None:
    cache, entry, _, _ = _envelope(tmp_path)
    entry.unlink()
    os.mkfifo(entry)
    assert cache.get(DIGEST) is None
    assert not entry.exists()


# 2. size caps


def test_an_oversized_entry_is_not_read_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache, entry, _, _ = _envelope(tmp_path)
    with entry.open("r+b") as fh:  # a sparse gigabyte: reading it would take seconds and RAM
        fh.truncate(2**30)
    reads: list[int] = []
    real_read = os.read

    def counted(fd: int, n: int) -> bytes:
        reads.append(n)
        return real_read(fd, n)

    monkeypatch.setattr(os, "read", counted)
    assert cache.get(DIGEST) is None
    assert reads == [] and not entry.exists()

    monkeypatch.setattr(os, "read", real_read)
    cache.put(DIGEST, [1, 2, 3])
    monkeypatch.setattr(cache_module, "MAX_ENTRY_BYTES", entry.stat().st_size - 1)
    monkeypatch.setattr(os, "read", counted)
    assert cache.get(DIGEST) is None
    assert reads == [] and not entry.exists()


def test_an_entry_larger_than_the_cap_is_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "MAX_ENTRY_BYTES", 5000)
    cache = ResultCache("tables", INTS, "settings", folder=private(tmp_path / "c"))
    cache.put(DIGEST, list(range(2000)))  # 8,890 bytes of JSON
    assert list((tmp_path / "c").iterdir()) == []
    cache.put(DIGEST, list(range(20)))
    assert cache.get(DIGEST) == list(range(20))


def test_the_folder_is_pruned_by_age_then_by_total_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = private(tmp_path / "c")
    now = 2_000_000_000.0
    day = 86400

    def made(name: str, size: int, age_days: float) -> Path:
        path = folder / name
        path.write_bytes(b"x" * size)
        os.utime(path, (now - age_days * day, now - age_days * day))
        return path

    ancient = made("a" * 64 + ".json", 100, 31)
    old = made("b" * 64 + ".json", 400, 20)
    middle = made("c" * 64 + ".json", 400, 10)
    new = made("d" * 64 + ".json", 400, 1)
    crashed = made(".tmp-abc123.json", 50, 1)  # left by an interrupted write a day ago
    writing = made(".tmp-def456.json", 50, 0)  # another run's entry being written now
    foreign = made("notes.txt", 5000, 365)
    monkeypatch.setattr(cache_module, "MAX_TOTAL_BYTES", 900)
    assert prune(folder, now=now) == 3
    assert {p.name for p in folder.iterdir()} == {middle.name, new.name, writing.name, foreign.name}
    assert not any(p.exists() for p in (ancient, old, crashed))


def test_put_prunes_at_most_once_a_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scans: list[Path] = []
    monkeypatch.setattr(cache_module, "prune", lambda folder: scans.append(folder))
    monkeypatch.setattr(cache_module, "_pruned", set())
    cache = ResultCache("tables", INTS, "settings", folder=private(tmp_path / "c"))
    for n in range(5):
        cache.put(f"{n:064x}", [n])
    assert scans == [tmp_path / "c"]


# 3. a file changed while it was read


def test_a_file_changed_while_read_is_read_once_more_and_cached_as_it_now_is(
    tmp_path: Path, vocab: Vocabulary, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    report = tmp_path / "report.txt"
    report.write_bytes(REPORT.read_bytes())
    real_read_one = pipeline._read_one
    calls: list[Path] = []

    def rewritten_while_read(path: Path, parallel: bool, reuse: bool = True):  # type: ignore[no-untyped-def]
        calls.append(path)
        outcome = real_read_one(path, parallel, reuse)
        if len(calls) == 1:
            path.write_bytes(REPORT.read_bytes() + b"\nMot dong them.\n")
        return outcome

    monkeypatch.setattr(pipeline, "_read_one", rewritten_while_read)
    loaded = load_tables([report], vocab)
    assert calls == [report, report] and loaded.changed == [] and loaded.notices == []
    now = hashlib.sha256(report.read_bytes()).hexdigest()
    header = json.loads(
        entries(tmp_path / "xdg" / "dbreport")["tables"].read_bytes().split(b"\n")[0]
    )
    assert header["source"] == now == loaded.digests[report]


def test_a_file_that_keeps_changing_is_not_cached_and_the_run_says_so(
    tmp_path: Path, vocab: Vocabulary, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    report = tmp_path / "report.txt"
    report.write_bytes(REPORT.read_bytes())
    real_read_one = pipeline._read_one

    def rewritten_while_read(path: Path, parallel: bool, reuse: bool = True):  # type: ignore[no-untyped-def]
        outcome = real_read_one(path, parallel, reuse)
        path.write_bytes(path.read_bytes() + b"\nMot dong them.\n")
        return outcome

    monkeypatch.setattr(pipeline, "_read_one", rewritten_while_read)
    loaded = load_tables([report], vocab)
    find_all_claims(loaded, vocab)
    assert loaded.records and report not in loaded.digests
    assert loaded.notices == ["report.txt changed while it was read; its result is not cached."]
    assert (
        not (tmp_path / "xdg" / "dbreport").exists() or entries(tmp_path / "xdg" / "dbreport") == {}
    )


def test_a_file_changed_before_its_prose_is_read_keeps_its_claims_out_of_the_cache(
    tmp_path: Path, vocab: Vocabulary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tables come from the cache; the prose is read now, from bytes that are no longer
    the ones hashed: its claims must not be filed under the old digest."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    folder = tmp_path / "xdg" / "dbreport"
    report = tmp_path / "report.txt"
    report.write_bytes(REPORT.read_bytes())
    find_all_claims(load_tables([report], vocab), vocab)
    entries(folder)["claims"].unlink()
    real_load = pipeline.load

    def load_then_rewrite(path: Path):  # type: ignore[no-untyped-def]
        document = real_load(path)
        path.write_bytes(REPORT.read_bytes() + b"\nMot dong them.\n")
        return document

    monkeypatch.setattr(pipeline, "load", load_then_rewrite)
    loaded = load_tables([report], vocab)
    assert find_all_claims(loaded, vocab)
    assert loaded.changed == ["report.txt"]
    assert "claims" not in entries(folder)


# 4. a cache folder that cannot be used is never fatal


def _folder_is_a_file(xdg: Path) -> None:
    xdg.mkdir()
    (xdg / "dbreport").write_text("not a folder")


def _folder_is_a_loop(xdg: Path) -> None:
    xdg.mkdir()
    (xdg / "dbreport").symlink_to(xdg / "loop")
    (xdg / "loop").symlink_to(xdg / "dbreport")


def _xdg_is_a_file(xdg: Path) -> None:
    xdg.write_text("not a folder")


def _writable_by_others(xdg: Path) -> None:
    (xdg / "dbreport").mkdir(parents=True)
    (xdg / "dbreport").chmod(0o777)


@pytest.mark.parametrize(
    ("setup", "why"),
    [
        (_folder_is_a_file, "{f} is not a folder."),
        (_folder_is_a_loop, "{f} cannot be opened (Too many levels of symbolic links)."),
        (_xdg_is_a_file, "{f} cannot be made: a part of its path is a file, not a folder."),
        (
            _writable_by_others,
            "{f} can be written by other users (mode 777); `chmod 700 {f}` makes it usable.",
        ),
    ],
)
def test_an_unusable_cache_folder_is_not_used_and_not_fatal(
    tmp_path: Path, fresh: tuple[str, str], setup, why: str
) -> None:  # type: ignore[no-untyped-def]
    xdg = tmp_path / "xdg"
    setup(xdg)
    assert compare(xdg) == (0, *fresh)  # output as without a cache; not a word on stderr
    assert compare(xdg) == (0, *fresh)
    said = info(xdg)
    assert (said["used"], said["why_not"]) == (False, why.format(f=xdg / "dbreport"))
    if (xdg / "dbreport").is_dir():
        assert list((xdg / "dbreport").iterdir()) == []


def test_entries_that_are_folders_are_passed_over(tmp_path: Path, fresh: tuple[str, str]) -> None:
    xdg = tmp_path / "xdg"
    assert compare(xdg) == (0, *fresh)
    for entry in (xdg / "dbreport").iterdir():
        entry.unlink()
        entry.mkdir()
    assert compare(xdg) == (0, *fresh)
    assert all(p.is_dir() for p in (xdg / "dbreport").iterdir())


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads and writes a chmod 000 folder anyway")
@pytest.mark.parametrize("mode", [0o000, 0o500])
def test_a_folder_without_permissions_is_not_used(
    tmp_path: Path, fresh: tuple[str, str], mode: int
) -> None:
    xdg = tmp_path / "xdg"
    assert compare(xdg) == (0, *fresh)
    for entry in (xdg / "dbreport").iterdir():
        entry.write_bytes(b"damaged")
    (xdg / "dbreport").chmod(mode)
    try:
        assert compare(xdg) == (0, *fresh)
        assert info(xdg)["why_not"] == f"{xdg / 'dbreport'} cannot be read and written by you."
    finally:
        (xdg / "dbreport").chmod(0o700)


def _rows(paths: list[Path]) -> list[dict[str, object]]:
    return read(paths).to_rows()


def test_a_read_only_folder_with_damaged_entries_is_left_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What chmod 500 does for any user but root, simulated so that it is tested as root too:
    the system refuses to remove or write anything in the folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    folder = tmp_path / "xdg" / "dbreport"
    report = tmp_path / "report.txt"
    report.write_bytes(REPORT.read_bytes())
    expected = _rows([report])
    for entry in folder.iterdir():
        entry.write_bytes(b"damaged")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}

    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    real_open = os.open

    def open_read_only(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            refused()
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", refused)
    monkeypatch.setattr(os, "replace", refused)
    monkeypatch.setattr(os, "open", open_read_only)
    assert _rows([report]) == expected
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_a_folder_the_system_denies_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """chmod 000 for any user but root, simulated: `cache info` says why, the run reads afresh."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    folder = tmp_path / "xdg" / "dbreport"
    report = tmp_path / "report.txt"
    report.write_bytes(REPORT.read_bytes())
    expected = _rows([report])
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, m, **kw: Path(p) != folder and real_access(p, m, **kw)
    )

    def refuse(*args: object) -> None:
        raise AssertionError("read afresh")

    monkeypatch.setattr(pipeline, "find_tables", refuse)
    assert cache_module.summary().problem == f"{folder} cannot be read and written by you."
    with pytest.raises(AssertionError, match="read afresh"):
        _rows([report])  # the entries there are not read: the document is
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert _rows([report]) == expected


def test_a_folder_of_another_user_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache, entry, _, _ = _envelope(tmp_path)
    me = os.geteuid()
    monkeypatch.setattr(os, "geteuid", lambda: me + 1)
    assert (
        cache_module.folder_problem(tmp_path / "c") == f"{tmp_path / 'c'} belongs to another user."
    )
    assert cache.get(DIGEST) is None
    assert entry.exists()  # not ours to remove


def test_a_relative_xdg_cache_home_is_ignored_and_the_folder_is_private(tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = run_cli(
        "gaps", str(REPORT), cwd=tmp_path, env={"XDG_CACHE_HOME": "relative", "HOME": str(home)}
    )
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "relative").exists()
    folder = home / ".cache" / "dbreport"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert set(entries(folder)) == {"tables", "claims", "documents"}
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir())


def test_dbreport_cache_off_neither_reads_nor_writes(
    tmp_path: Path, fresh: tuple[str, str]
) -> None:
    xdg = tmp_path / "xdg"
    assert compare(xdg, DBREPORT_CACHE="off") == (0, *fresh)
    assert not xdg.exists()
    said = info(xdg, DBREPORT_CACHE="off")
    assert (said["used"], said["why_not"]) == (False, "DBREPORT_CACHE=off: the cache is not used.")


# 5. --no-cache repairs


def _forge(entry: Path, old: bytes, new: bytes) -> None:
    """An edit by someone who also recomputes the payload's digest: out of the cache's reach
    (that is why its folder must be private), but not out of --no-cache's."""
    head, _, payload = entry.read_bytes().partition(b"\n")
    assert old in payload
    payload = payload.replace(old, new)
    header = json.loads(head)
    header |= {"payload_sha256": hashlib.sha256(payload).hexdigest(), "payload_bytes": len(payload)}
    entry.write_bytes(json.dumps(header).encode() + b"\n" + payload)


def test_no_cache_reads_afresh_and_replaces_the_entries(
    tmp_path: Path, fresh: tuple[str, str]
) -> None:
    xdg = tmp_path / "xdg"
    assert compare(xdg, DBREPORT_CACHE="off") == (0, *fresh)
    assert not xdg.exists()
    assert compare(xdg, "--no-cache") == (0, *fresh)
    tables = entries(xdg / "dbreport")["tables"]  # written by the --no-cache run
    figure = b'"raw":"27.948","kind":"number","number":27948.0'
    _forge(tables, figure, b'"raw":"999.999","kind":"number","number":999999.0')
    assert a33(compare(xdg)[1]) == ("999.999", "exceeded")  # a forged entry is served...
    assert compare(xdg, "--no-cache") == (0, *fresh)  # ...until --no-cache,
    assert compare(xdg) == (0, *fresh)  # which replaced it for good


def test_no_cache_reads_no_entry_in_the_library_either_but_writes_one(
    tmp_path: Path, vocab: Vocabulary, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    report = tmp_path / "report.txt"
    report.write_bytes(REPORT.read_bytes())
    read_now: list[Path] = []
    real_read_one = pipeline._read_one
    monkeypatch.setattr(
        pipeline,
        "_read_one",
        lambda p, parallel, reuse=True: read_now.append(p) or real_read_one(p, parallel, reuse),
    )
    load_tables([report], vocab, use_cache=False)  # an empty cache: read, and kept
    assert read_now == [report]
    load_tables([report], vocab)
    assert read_now == [report]  # the entry the --no-cache run wrote is used
    load_tables([report], vocab, use_cache=False)
    assert read_now == [report, report]  # an entry there is not read


# 6. cache info and cache clear


def test_cache_info_tells_where_what_and_how_much(tmp_path: Path) -> None:
    xdg = tmp_path / "xdg"
    said = info(xdg)
    assert said | {"notes": None} == {
        "folder": str(xdg / "dbreport"),
        "used": True,
        "why_not": None,
        "entries": 0,
        "bytes": 0,
        "oldest": None,
        "newest": None,
        "leftover_temporary_files": 0,
        "other_files": 0,
        "max_entry_bytes": cache_module.MAX_ENTRY_BYTES,
        "max_total_bytes": cache_module.MAX_TOTAL_BYTES,
        "max_age_days": cache_module.MAX_AGE_DAYS,
        "notes": None,
    }
    assert not xdg.exists()  # info creates nothing
    assert compare(xdg)[0] == 0
    said = info(xdg)
    files = list((xdg / "dbreport").iterdir())
    assert (said["entries"], said["bytes"]) == (3, sum(p.stat().st_size for p in files))
    assert said["oldest"] and said["newest"]
    text = run_cli("cache", "info", env={"XDG_CACHE_HOME": str(xdg)}).stdout
    assert text.splitlines()[:3] == [
        f"folder    {xdg / 'dbreport'}",
        "used      yes",
        f"entries   3 ({human_size(int(str(said['bytes'])))})",
    ]
    assert "limits    16 MiB an entry (a larger one is not read), 256 MiB in all, 30 days" in text


def test_cache_info_takes_table_or_json_only() -> None:
    result = run_cli("cache", "info", "-f", "csv")
    assert (result.returncode, result.stderr.strip()) == (
        2,
        "dbreport: cache info is written as table or json, not csv.",
    )


def test_cache_clear_removes_its_own_files_only(tmp_path: Path) -> None:
    xdg = tmp_path / "xdg"
    folder = xdg / "dbreport"
    assert compare(xdg)[0] == 0
    (folder / ".tmp-abc123.json").write_bytes(b"half an entry")
    ours = sum(p.stat().st_size for p in folder.iterdir())
    (folder / "README.txt").write_text("mine, not dbreport's")
    outside = tmp_path / "precious.json"
    outside.write_text("keep me")
    (folder / ("e" * 64 + ".json")).symlink_to(outside)  # named like an entry: not followed
    (folder / ("f" * 64 + ".json")).mkdir()

    result = run_cli("cache", "clear", env={"XDG_CACHE_HOME": str(xdg)})
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr.strip() == (
        f"dbreport: removed 4 files ({human_size(ours)}) from {folder}; "
        "3 other files there left alone."
    )
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["README.txt", "e" * 64 + ".json", "f" * 64 + ".json"]
    )
    assert outside.read_text() == "keep me"
    again = run_cli("cache", "clear", env={"XDG_CACHE_HOME": str(xdg)})
    assert again.stderr.startswith("dbreport: removed 0 files (0 bytes) from ")


def test_cache_clear_on_a_missing_or_unusable_folder_is_not_an_error(tmp_path: Path) -> None:
    result = run_cli("cache", "clear", env={"XDG_CACHE_HOME": str(tmp_path / "none")})
    assert (result.returncode, result.stderr.strip()) == (
        0,
        f"dbreport: removed 0 files (0 bytes) from {tmp_path / 'none' / 'dbreport'}.",
    )
    _folder_is_a_loop(tmp_path / "loop")
    result = run_cli("cache", "clear", env={"XDG_CACHE_HOME": str(tmp_path / "loop")})
    assert result.returncode == 0 and "removed 0 files" in result.stderr


def test_clear_does_not_reach_through_a_linked_folder(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    entry = victim / f"{'d' * 64}.json"
    entry.write_text("{}", encoding="utf-8")
    home = tmp_path / "xdg"
    home.mkdir()
    (home / "dbreport").symlink_to(victim)
    done = run_cli("cache", "clear", env={"XDG_CACHE_HOME": str(home)})
    assert done.returncode == 1
    assert "dbreport (a symbolic link; remove it by hand)" in done.stderr
    assert entry.exists()

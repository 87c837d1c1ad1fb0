from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dbreport.extraction import find_tables
from dbreport.models import Indicator
from dbreport.rules import Rules, load_rules
from dbreport.sources import load
from dbreport.vocab import Vocabulary, load_vocabulary

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
REPORT = RAW / "2025-bao-cao-chinh-tri-dai-hoi-XV-dien-bien.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PDFS = FIXTURES / "pdf"


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read or write the user's cache."""
    import os

    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def vocab() -> Vocabulary:
    return load_vocabulary()


@pytest.fixture(scope="session")
def rules() -> Rules:
    return load_rules()


def read_records(path: Path, vocab: Vocabulary) -> dict[str, Indicator]:
    tables = find_tables(load(path), vocab)
    return {r.id: r for t in tables for r in t.records}


@pytest.fixture(scope="session")
def report(vocab: Vocabulary) -> dict[str, Indicator]:
    return read_records(REPORT, vocab)


def run_cli(
    *args: str,
    cwd: Path = ROOT,
    env: dict[str, str] | None = None,
    input: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """The real command, as a user runs it: separate stdout and stderr, real exit code; `input`
    is piped to its standard input (else it reads nothing)."""
    return subprocess.run(
        [sys.executable, "-m", "dbreport", *args],
        cwd=cwd,
        input=input if input is not None else "",
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={
            "PATH": "/usr/bin:/bin",
            "NO_COLOR": "1",
            "PYTHONPATH": str(ROOT / "src"),
            "XDG_CACHE_HOME": os.environ.get("XDG_CACHE_HOME", ""),
            "HOME": os.environ.get("HOME", "/tmp"),
            **(env or {}),
        },
        check=False,
    )

"""Benchmark: what a user waits for, text and PDF, against the floors that bound it.

Run with `make bench`; paste the table into README.md ("Speed") when it changes. Each figure is
the median of fresh processes, so it includes Python's start-up and imports, as a user sees it.

- text path: `dbreport gaps` on data/raw/, and the import of our libraries as the floor;
- PDF path, on tests/fixtures/pdf/report_word_export.pdf (the bundled report as a 96-page
  Word export): a naive pdfplumber scan of every page's text, `dbreport extract` with an empty
  cache (cold) and with the cache filled (warm), and `dbreport extract` on the report's text.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "data" / "raw" / "2025-bao-cao-chinh-tri-dai-hoi-XV-dien-bien.txt"
PDF = ROOT / "tests" / "fixtures" / "pdf" / "report_word_export.pdf"
RUNS = 5
NAIVE = (
    "import pdfplumber, sys\n"
    "with pdfplumber.open(sys.argv[1]) as pdf:\n"
    "    text = [page.extract_text() for page in pdf.pages]\n"
)


def timed(cmd: list[str], env: dict[str, str], *, before: object = None, runs: int = RUNS) -> float:
    samples = []
    for _ in range(runs):
        if callable(before):
            before()
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    py = sys.executable
    cache = Path(tempfile.mkdtemp(prefix="dbreport-bench-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}

    def empty_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    dbreport = [py, "-m", "dbreport"]
    baseline = timed([py, "-c", "import typer, rich, pydantic, yaml"], env)
    gaps = timed([*dbreport, "gaps"], env)
    naive = timed([py, "-c", NAIVE, str(PDF)], env, runs=3)
    cold = timed([*dbreport, "extract", str(PDF), "-f", "json"], env, before=empty_cache)
    timed([*dbreport, "extract", str(PDF), "-f", "json"], env, runs=1)
    warm = timed([*dbreport, "extract", str(PDF), "-f", "json"], env)
    text = timed([*dbreport, "extract", str(REPORT), "-f", "json"], env)
    shutil.rmtree(cache, ignore_errors=True)

    rows = [
        ("`python -c 'import typer, rich, pydantic, yaml'` (floor)", baseline, ""),
        ("`dbreport gaps` on data/raw/ (text, 5 documents)", gaps, f"{gaps / baseline:.2f}x floor"),
        ("naive pdfplumber text scan of the 96-page PDF", naive, "1.00"),
        ("`dbreport extract` PDF, cold (empty cache)", cold, f"{cold / naive:.2f} of naive"),
        ("`dbreport extract` PDF, warm (cached)", warm, f"{warm / text:.2f} of text path"),
        ("`dbreport extract` on the report's text", text, ""),
    ]
    print(
        f"Python {platform.python_version()} on {platform.machine()}, "
        f"{os.cpu_count()} cores, median of {RUNS} fresh processes (naive: 3)\n"
    )
    print("| what | seconds | ratio |")
    print("|---|---:|---|")
    for label, seconds, ratio in rows:
        print(f"| {label} | {seconds:.3f} | {ratio} |")


if __name__ == "__main__":
    main()

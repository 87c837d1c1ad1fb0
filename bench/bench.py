"""Benchmark: how long the text path takes, against the cost of importing the libraries we use.

Run with `make bench`. Prints a markdown table; paste it into README.md ("Speed") when it changes.
Each figure is the median of several runs of a fresh process (what a user waits for).
"""

from __future__ import annotations

import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "data" / "raw" / "2025-bao-cao-chinh-tri-dai-hoi-XV-dien-bien.txt"
RUNS = 7


def timed(cmd: list[str]) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def in_process() -> float:
    sys.path.insert(0, str(ROOT / "src"))
    from dbreport.extraction import find_tables
    from dbreport.sources import load
    from dbreport.vocab import load_vocabulary

    vocab = load_vocabulary()
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        find_tables(load(REPORT), vocab)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    py = sys.executable
    rows = [
        (
            "`python -c 'import typer, rich, pydantic, yaml'` (baseline)",
            timed([py, "-c", "import typer, rich, pydantic, yaml"]),
        ),
        (
            "`dbreport gaps` on data/raw/ (5 documents, table output)",
            timed([py, "-m", "dbreport", "gaps"]),
        ),
        (
            "`dbreport extract <report.txt> --format json`",
            timed([py, "-m", "dbreport", "extract", str(REPORT), "-f", "json"]),
        ),
        ("extraction only, in process (read + find the table + 71 rows)", in_process()),
    ]
    print(f"Python {platform.python_version()} on {platform.machine()}, median of {RUNS} runs\n")
    print("| what | seconds |")
    print("|---|---:|")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.3f} |")
    ratio = rows[1][1] / rows[0][1]
    print(f"\n`gaps` / baseline = {ratio:.2f}")


if __name__ == "__main__":
    main()

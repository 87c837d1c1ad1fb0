"""Benchmark: what a user waits for, text and PDF, against the floors that bound it.

Run with `make bench`; paste the table into README.md ("Speed") when it changes. Each figure is
the median of fresh processes, so it includes Python's start-up and imports, as a user sees it.

- text path: `dbreport gaps` on data/raw/, and the import of our libraries as the floor;
- PDF path, on tests/fixtures/pdf/report_word_export.pdf (the bundled report as a 96-page
  Word export): a naive pdfplumber scan of every page's text, `dbreport extract` with an empty
  cache (cold) and with the cache filled (warm), and `dbreport extract` on the report's text;
- Word: the same report as a .docx (tests/fixtures/office/report_word_export.docx), cold;
- batch: 8 copies of that PDF, one process a file against DBREPORT_WORKERS=1;
- memory: peak resident memory reading the 96-page PDF and a 372-page one (its body four times);
- dataset: 60 reports (the bundled report under 40 invented provinces with its figures varied,
  and 20 fixture reports of other designs) exported with `export --db`: one process at a time
  against one a file, and again with the cache filled; peak memory of the parallel export;
- scaling: `dbreport gaps` on one document that is the bundled report's text 10 and 100 times
  over (2 MB, 20 MB): time grows with the size, not with its square. `python bench/bench.py
  scaling` runs these rows alone.
- scanned: the Word-style report's last 8 pages (4 of text, the 4-page PHỤ LỤC 02) scanned by
  tests/fixtures/scan/build.py (300 dpi, turned, blurred, specks): Tesseract's own command on
  each page image one after the other (the floor: OCR of those pages and nothing else), then
  `dbreport extract` cold (empty cache) and warm. `python bench/bench.py scan` runs these rows
  alone; without Tesseract's Vietnamese model they are left out.
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
DOCX = ROOT / "tests" / "fixtures" / "office" / "report_word_export.docx"
RUNS = 5
# The smallest CLI the design card allows: typer + rich + one pydantic model, printing an
# 11-row table. `import pydantic` alone is lazy, so the import floor above does not include it.
MINIMAL_CLI = """
import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

app = typer.Typer(add_completion=False)


class Row(BaseModel):
    name: str
    value: float


@app.command()
def gaps() -> None:
    table = Table(title="gaps")
    for column in "abcdefghijk":
        table.add_column(column)
    for i in range(11):
        row = Row(name=f"row {i}", value=i / 2)
        table.add_row(*([row.name] * 11))
    Console(width=200).print(table)


@app.command()
def other() -> None:
    pass


app()
"""
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


def peak_mb(cmd: list[str], env: dict[str, str]) -> float:
    """Peak resident memory of `cmd` and its workers, in MB (a fresh process measures it)."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], check=True, capture_output=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *cmd], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return int(out.stdout) / 1024


def long_pdf(folder: Path) -> Path:
    """The report PDF with its body pages four times over: 372 pages, the table at the end."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(str(PDF))
    body = list(range(len(source) - 4))
    out = pdfium.PdfDocument.new()
    for _ in range(4):
        out.import_pages(source, body)
    out.import_pages(source, list(range(len(source) - 4, len(source))))
    path = folder / "long.pdf"
    out.save(str(path))
    return path


PLACES = [
    "Lâm Sơn",
    "Hà Phong",
    "Vân Khê",
    "Bình Nguyên",
    "Tây Lĩnh",
    "Đông Hải",
    "Nam Sơn",
    "Bắc Hà",
    "Kim Thủy",
    "Ngọc Lâm",
    "Phú Yên Thượng",
    "Thanh Vân",
    "Hòa Bình Tây",
    "Sơn Trà Nam",
    "Quang Minh",
    "Long Hải",
    "An Khê Bắc",
    "Tân Lập",
    "Vĩnh Thịnh",
    "Phước Sơn",
]


def sixty_reports(folder: Path) -> Path:
    """60 reports: the bundled report under 40 invented provinces (its place, its poverty rate
    and GRDP changed), and 20 fixture reports of other designs."""
    corpus = folder / "corpus"
    corpus.mkdir()
    text = REPORT.read_text(encoding="utf-8")
    for k in range(40):
        place = f"{PLACES[k % len(PLACES)]}{' Mới' if k >= len(PLACES) else ''}"
        varied = (
            text.replace("Điện Biên", place)
            .replace("% <16 17,66", f"% <16 {15 + k / 10:.2f}".replace(".", ","), 1)
            .replace("17.328 17.970", f"17.328 {17000 + 37 * k:,}".replace(",", "."), 1)
        )
        (corpus / f"bao-cao-chinh-tri-{k:02d}.txt").write_text(varied, encoding="utf-8")
    fixtures = sorted((ROOT / "tests" / "fixtures" / "heldout").glob("h*_web.txt"))
    fixtures += sorted((ROOT / "tests" / "fixtures" / "designs").glob("d0*_web.txt"))
    for k, path in enumerate(fixtures[:20]):
        shutil.copy(path, corpus / f"khac-{k:02d}-{path.name}")
    return corpus


def repeated(folder: Path, times: int) -> Path:
    """One document: the bundled report's text `times` times over (its tables, its prose)."""
    path = folder / f"report-x{times}.txt"
    path.write_text(REPORT.read_text(encoding="utf-8") * times, encoding="utf-8")
    return path


def scaling(env: dict[str, str]) -> list[tuple[str, float, str]]:
    """`dbreport gaps` (no cache) on the report, and on it 10 and 100 times over in one file."""
    folder = Path(tempfile.mkdtemp(prefix="dbreport-scaling-"))
    gaps = [sys.executable, "-m", "dbreport", "gaps", "--no-cache", "-f", "json"]
    once = timed([*gaps, str(REPORT)], env, runs=3)
    ten = timed([*gaps, str(repeated(folder, 10))], env, runs=3)
    hundred = timed([*gaps, str(repeated(folder, 100))], env, runs=1)
    memory = peak_mb([*gaps, str(folder / "report-x100.txt")], env)
    shutil.rmtree(folder, ignore_errors=True)
    return [
        ("`dbreport gaps --no-cache` on the report's text (200 KB)", once, "1.00"),
        ("the same, the text 10 times over in one file (2 MB)", ten, f"{ten / once:.2f}x once"),
        (
            f"the same, the text 100 times over in one file (20 MB; peak {memory:.0f} MB)",
            hundred,
            f"{hundred / ten:.2f}x the 10 times",
        ),
    ]


SCAN_PAGES = list(range(89, 97))  # the Word-style report's last 8 pages


def scanned(env: dict[str, str]) -> list[tuple[str, float, str]]:
    """OCR of an 8-page scan: Tesseract page by page (floor), dbreport cold and warm."""
    sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "scan"))
    from build import scan_pages  # type: ignore[import-not-found]

    from dbreport.sources import ocr

    tesseract = shutil.which("tesseract")
    if ocr.missing() is not None or tesseract is None:
        print(f"scanned rows left out: {ocr.missing() or 'no tesseract command'}", file=sys.stderr)
        return []
    import pypdfium2 as pdfium

    folder = Path(tempfile.mkdtemp(prefix="dbreport-scan-"))
    scan = scan_pages(PDF, SCAN_PAGES, folder / "scan.pdf")
    pdf = pdfium.PdfDocument(str(scan))
    images = []
    for k in range(len(pdf)):  # the page images as a scanner would hand them to Tesseract
        image = folder / f"page-{k + 1}.png"
        pdf[k].render(scale=300 / 72, grayscale=True).to_pil().save(image)
        images.append(image)
    pdf.close()
    one_by_one = (
        "import subprocess, sys\n"
        "for image in sys.argv[1:]:\n"
        f"    subprocess.run([{tesseract!r}, image, '-', '-l', 'vie'], check=True,\n"
        "                   capture_output=True)\n"
    )
    pages = [sys.executable, "-c", one_by_one, *map(str, images)]
    threaded = timed(pages, env, runs=1)  # as installed: OpenMP threads on every core
    floor = timed(pages, {**env, "OMP_THREAD_LIMIT": "1"}, runs=1)
    cache = Path(env["XDG_CACHE_HOME"])
    extract = [sys.executable, "-m", "dbreport", "extract", str(scan), "-f", "json"]
    cold = timed(extract, env, before=lambda: shutil.rmtree(cache, ignore_errors=True), runs=3)
    timed(extract, env, runs=1)
    warm = timed(extract, env)
    shutil.rmtree(folder, ignore_errors=True)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        (
            "`tesseract page.png - -l vie` on the 8 scanned pages, one by one, as installed",
            threaded,
            f"{threaded / floor:.2f}x floor",
        ),
        ("the same with OMP_THREAD_LIMIT=1, Tesseract's fastest (floor)", floor, "1.00"),
        (
            f"`dbreport extract` on the 8-page scan, cold (empty cache, {cores} cores)",
            cold,
            f"{cold / floor:.2f}x floor",
        ),
        ("the same, warm (the OCR cached)", warm, f"{warm / floor:.3f}x floor"),
    ]


def _print_rows(rows: list[tuple[str, float, str]]) -> None:
    print("| what | seconds | ratio |")
    print("|---|---:|---|")
    for label, seconds, ratio in rows:
        print(f"| {label} | {seconds:.3f} | {ratio} |")


def main() -> None:
    if sys.argv[1:] in (["scaling"], ["scan"]):
        cache = Path(tempfile.mkdtemp(prefix="dbreport-bench-"))
        only = scaling if sys.argv[1] == "scaling" else scanned
        _print_rows(only({**os.environ, "XDG_CACHE_HOME": str(cache)}))
        shutil.rmtree(cache, ignore_errors=True)
        return
    py = sys.executable
    cache = Path(tempfile.mkdtemp(prefix="dbreport-bench-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    off = {**env, "DBREPORT_CACHE": "off"}  # neither read nor written (--no-cache writes)

    def empty_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    dbreport = [py, "-m", "dbreport"]
    # The text path's figure below is with the cache off: reading the text itself.
    baseline = timed([py, "-c", "import typer, rich, pydantic, yaml"], env)
    minimal = timed([py, "-c", MINIMAL_CLI, "gaps"], env)
    gaps_cold = timed([*dbreport, "gaps"], env, before=empty_cache)
    timed([*dbreport, "gaps"], env, runs=1)
    gaps = timed([*dbreport, "gaps"], env)
    naive = timed([py, "-c", NAIVE, str(PDF)], env, runs=3)
    cold = timed([*dbreport, "extract", str(PDF), "-f", "json"], env, before=empty_cache)
    timed([*dbreport, "extract", str(PDF), "-f", "json"], env, runs=1)
    warm = timed([*dbreport, "extract", str(PDF), "-f", "json"], env)
    text = timed([*dbreport, "extract", str(REPORT), "-f", "json"], off)
    word = timed([*dbreport, "extract", str(DOCX), "-f", "json"], env, before=empty_cache)

    batch = Path(tempfile.mkdtemp(prefix="dbreport-batch-"))
    for i in range(8):
        shutil.copy(PDF, batch / f"report-{i}.pdf")
    batch_cmd = [*dbreport, "extract", str(batch), "-f", "json"]
    serial = timed(batch_cmd, {**off, "DBREPORT_WORKERS": "1"}, runs=1)
    parallel = timed(batch_cmd, off, runs=1)
    long = long_pdf(batch)
    memory_short = peak_mb([*dbreport, "extract", str(PDF), "-f", "json"], off)
    memory_long = peak_mb([*dbreport, "extract", str(long), "-f", "json"], off)
    long_time = timed([*dbreport, "extract", str(long), "-f", "json"], off, runs=1)
    shutil.rmtree(batch, ignore_errors=True)

    work = Path(tempfile.mkdtemp(prefix="dbreport-dataset-"))
    corpus = sixty_reports(work)
    db = work / "reports.sqlite"
    export = [*dbreport, "export", str(corpus), "--db", str(db)]
    export_serial = timed(export, {**env, "DBREPORT_WORKERS": "1"}, before=empty_cache, runs=1)
    export_parallel = timed(export, env, before=empty_cache, runs=1)
    export_warm = timed(export, env, runs=1)
    export_memory = peak_mb(export, env)
    shutil.rmtree(work, ignore_errors=True)
    scaled = scaling(env)
    scans = scanned(env)
    shutil.rmtree(cache, ignore_errors=True)

    rows = [
        ("`python -c 'import typer, rich, pydantic, yaml'` (floor)", baseline, ""),
        (
            "a minimal typer + rich + pydantic CLI printing an 11-row table",
            minimal,
            f"{minimal / baseline:.2f}x floor",
        ),
        (
            "`dbreport gaps` on data/raw/, cold (empty cache)",
            gaps_cold,
            f"{gaps_cold / baseline:.2f}x floor, {gaps_cold / minimal:.2f}x minimal CLI",
        ),
        (
            "`dbreport gaps` on data/raw/, warm (cached)",
            gaps,
            f"{gaps / baseline:.2f}x floor, {gaps / minimal:.2f}x minimal CLI",
        ),
        ("naive pdfplumber text scan of the 96-page PDF", naive, "1.00"),
        ("`dbreport extract` PDF, cold (empty cache)", cold, f"{cold / naive:.2f} of naive"),
        ("`dbreport extract` PDF, warm (cached)", warm, f"{warm / text:.2f} of text path"),
        ("`dbreport extract` on the report's text", text, ""),
        ("`dbreport extract` on the report's .docx, cold", word, f"{word / cold:.2f} of its PDF"),
        ("8 PDFs, one at a time (DBREPORT_WORKERS=1)", serial, "1.00"),
        ("8 PDFs, one process a file", parallel, f"{parallel / serial:.2f} of serial"),
        ("372-page PDF, cold", long_time, ""),
        ("`export --db`, 60 reports, one at a time (DBREPORT_WORKERS=1)", export_serial, "1.00"),
        (
            "`export --db`, 60 reports, one process a file",
            export_parallel,
            f"{export_parallel / export_serial:.2f} of serial",
        ),
        (
            "`export --db`, 60 reports again (cached)",
            export_warm,
            f"{export_warm / export_parallel:.2f} of first",
        ),
        *scaled,
        *scans,
    ]
    print(
        f"Python {platform.python_version()} on {platform.machine()}, "
        f"{os.cpu_count()} cores, median of {RUNS} fresh processes (naive: 3)\n"
    )
    _print_rows(rows)
    print()
    print("| peak memory | MB |")
    print("|---|---:|")
    print(f"| `dbreport extract` on the 96-page PDF | {memory_short:.0f} |")
    print(f"| `dbreport extract` on the 372-page PDF | {memory_long:.0f} |")
    print(f"| `dbreport export --db` on 60 reports, one process a file | {export_memory:.0f} |")


if __name__ == "__main__":
    main()

"""The command line: read options, call the library, hand a View to a writer. Nothing else.

Exit codes: 0 ok; 1 a data problem (unreadable file, no table, invalid rules) or, with
`--fail-on-gaps`, indicators not met; 2 a usage problem (unknown option, missing path).
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ClassVar, TextIO

import typer

from dbreport import __version__
from dbreport.errors import DbreportError, SourceNotFound, UsageError
from dbreport.textnorm import fold

if TYPE_CHECKING:  # types only: each command imports what it uses when it runs
    from dbreport.batch import Batch
    from dbreport.pipeline import Assessed, Loaded
    from dbreport.render.brief import BriefData
    from dbreport.render.view import View
    from dbreport.rules import Rules
    from dbreport.vocab import Vocabulary

app = typer.Typer(
    name="dbreport",
    help="Indicator tables of Vietnamese provincial political reports, as data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


class Lang(StrEnum):
    vi = "vi"
    en = "en"


SourcesArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Files or folders to read (default: data/raw/).", show_default=False),
]
FormatOpt = Annotated[
    Format | None,
    typer.Option("--format", "-f", help="table (default on a terminal), json, csv or md."),
]
LangOpt = Annotated[Lang, typer.Option("--lang", help="Language of labels: vi or en.")]
TargetsOpt = Annotated[
    Path | None,
    typer.Option("--targets", help="Rules file to use instead of data/targets.yaml."),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
]
NoCacheOpt = Annotated[
    bool, typer.Option("--no-cache", help="Read PDFs afresh instead of from the cache.")
]
ExcelOpt = Annotated[
    bool, typer.Option("--excel", help="CSV for Excel: UTF-8 with BOM (implies --format csv).")
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dbreport {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """--debug is read in main(), before typer runs, so that it also covers start-up errors."""


def _sources(sources: list[Path] | None) -> list[Path]:
    from dbreport.datafiles import default_raw_dir

    return list(sources) if sources else [default_raw_dir()]


def _emit(
    view: View,
    fmt: Format | None,
    output: Path | None,
    excel: bool,
    inputs: list[Path],
) -> None:
    from dbreport.render import WRITERS

    chosen = fmt or (Format.csv if excel or (output and output.suffix.lower() == ".csv") else None)
    if chosen is None and output is not None:
        chosen = {".json": Format.json, ".md": Format.md}.get(output.suffix.lower(), Format.table)
    chosen = chosen or Format.table
    writer = WRITERS[chosen.value]
    bom = chosen is Format.csv and (excel or output is not None)
    if output is None:

        def write(stream: TextIO) -> None:
            if bom:
                stream.write("\ufeff")
            writer(view, stream)

        _to_stdout(write)
        return
    _write_atomically(output, inputs, lambda s: writer(view, s), bom=bom)


def _to_stdout(write: Callable[[TextIO], None]) -> None:
    """Write to stdout; a reader that closed the pipe early (`| head`) is not an error."""
    try:
        write(sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(0) from None


def _write_atomically(
    output: Path, inputs: list[Path], write: Callable[[TextIO], None], *, bom: bool
) -> None:
    target = output.resolve()
    _refuse_inputs(output, inputs)
    if target.is_char_device():  # /dev/null, /dev/stdout: written to, never replaced
        with target.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
            write(fh)
        return
    directory = target.parent
    if not directory.is_dir():
        raise UsageError(f"The folder for {output} does not exist.")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=directory)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # as any new file, not mkstemp's private 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
            write(fh)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _refuse_inputs(output: Path, inputs: list[Path]) -> None:
    """No output lands on a file this run reads: a document, its sidecar, the targets file."""
    from dbreport.sources import discover
    from dbreport.sources.metadata import sidecar_path

    target = output.resolve()
    if output.exists() and not output.is_file() and not output.is_char_device():
        raise UsageError(f"{output} is a folder, not a file to write.")
    documents = discover(inputs)
    if any(p.resolve() == target for p in documents):
        raise UsageError(f"Refusing to overwrite the input document {output}.")
    if any(sidecar_path(p).resolve() == target for p in documents):
        raise UsageError(f"Refusing to overwrite {output}: it is the sidecar of an input.")
    if target in _Run.read_files:
        raise UsageError(f"Refusing to overwrite {output}: this run reads it.")


def _load(
    sources: list[Path] | None, targets: Path | None, no_cache: bool = False
) -> tuple[Loaded, list[Assessed], Rules]:
    batch = _batch(sources, targets, no_cache)
    return batch.loaded, batch.items, batch.rules


def _batch(sources: list[Path] | None, targets: Path | None, no_cache: bool = False) -> Batch:
    """The documents read, grouped into reports (each with the news of its place)."""
    from dbreport.batch import build
    from dbreport.rules import load_rules
    from dbreport.vocab import load_vocabulary

    vocab = load_vocabulary()
    rules = load_rules(targets)
    _Run.read_files = {Path(rules.source).resolve()}  # this run's, not an earlier one's
    loaded = _read(sources, vocab, no_cache)
    try:
        return build(loaded, rules, vocab)
    finally:
        _report_set_aside(loaded)


class _Run:
    """What main() must know once a command has printed its result."""

    some_failed = False
    read_files: ClassVar[set[Path]] = set()  # data files read (targets), never to be written


def _read(sources: list[Path] | None, vocab: Vocabulary, no_cache: bool) -> Loaded:
    """Load the tables, with a progress bar on a terminal for a batch."""
    from dbreport.pipeline import load_tables
    from dbreport.sources import discover

    paths = _sources(sources)
    count = len(discover(paths))
    if sys.stderr.isatty() and count > 3:
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("Reading", total=count)
            loaded = load_tables(
                paths,
                vocab,
                use_cache=not no_cache,
                on_file=lambda _: progress.advance(task),
            )
    else:
        loaded = load_tables(paths, vocab, use_cache=not no_cache)
    return loaded


def _report_set_aside(loaded: Loaded) -> None:
    """Every document set aside on stderr (the command then ends with exit code 1)."""
    for name, why in loaded.failed:
        print(f"dbreport: skipped {name}: {why}", file=sys.stderr)
        _Run.some_failed = True
    for notice in loaded.notices:
        print(f"dbreport: note: {notice}", file=sys.stderr)


_STATUS_CODES = ("exceeded", "met", "nearly_met", "not_met", "disputed", "not_assessed")


def _status_code(text: str) -> str:
    folded = fold(text).replace("-", "_").replace(" ", "_")
    from dbreport.analysis.status import LABELS

    for lang in LABELS.values():
        for code, label in lang.items():
            if folded in (code, fold(label).replace(" ", "_")):
                return code
    raise UsageError(f"Unknown status '{text}'; use one of {', '.join(_STATUS_CODES)}.")


@app.command()
def extract(
    sources: SourcesArg = None,
    fmt: FormatOpt = None,
    lang: LangOpt = Lang.vi,
    output: OutputOpt = None,
    excel: ExcelOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Extract every indicator row of the report's appendix table."""
    from dbreport.render.views import extract_view

    records = _batch(sources, None, no_cache).records
    _emit(extract_view(records, lang.value), fmt, output, excel, _sources(sources))


@app.command()
def compare(
    sources: SourcesArg = None,
    fmt: FormatOpt = None,
    lang: LangOpt = Lang.vi,
    targets: TargetsOpt = None,
    output: OutputOpt = None,
    excel: ExcelOpt = False,
    no_cache: NoCacheOpt = False,
    section: Annotated[str | None, typer.Option(help="Only this section (A, B...).")] = None,
    group: Annotated[
        str | None, typer.Option(help="Only this group: its number or words of its title.")
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(help="Only these verdicts (not_met, nearly_met, met, exceeded...)."),
    ] = None,
    search: Annotated[
        str | None, typer.Option(help="Words in the name; diacritics optional ('ho ngheo').")
    ] = None,
) -> None:
    """Every indicator against its target: verdict, gap, and what the report itself says."""
    from dbreport.batch import select
    from dbreport.render.views import compare_view

    batch = _batch(sources, targets, no_cache)
    wanted = {_status_code(s) for s in status} if status else None
    items = select(batch.items, section=section, group=group, search=search, statuses=wanted)
    view = compare_view(items, lang.value, batch.rules, batch.findings())
    _emit(view, fmt, output, excel, _sources(sources))


@app.command()
def gaps(
    sources: SourcesArg = None,
    fmt: FormatOpt = None,
    lang: LangOpt = Lang.vi,
    targets: TargetsOpt = None,
    output: OutputOpt = None,
    excel: ExcelOpt = False,
    no_cache: NoCacheOpt = False,
    include_nearly: Annotated[
        bool, typer.Option("--include-nearly", help="Also list the nearly met.")
    ] = False,
    fail_on_gaps: Annotated[
        bool, typer.Option("--fail-on-gaps", help="Exit 1 when any indicator is not met.")
    ] = False,
) -> None:
    """What was not achieved, worst relative shortfall first."""
    from dbreport.render.views import gaps_view

    batch = _batch(sources, targets, no_cache)
    short, text_only = batch.gaps(include_nearly=include_nearly)
    view = gaps_view(short, lang.value, batch.rules, batch.findings(), batch.disputed(), text_only)
    _emit(view, fmt, output, excel, _sources(sources))
    if fail_on_gaps and (
        any(i.assessment.status == "not_met" for i in short)
        or any(c.verdict == "not_met" for c in text_only)
    ):
        raise typer.Exit(1)


@app.command()
def outlook(
    sources: SourcesArg = None,
    fmt: FormatOpt = None,
    lang: LangOpt = Lang.vi,
    targets: TargetsOpt = None,
    output: OutputOpt = None,
    excel: ExcelOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """The yearly change each horizon (2030) target requires, hardest first."""
    from dbreport.render.views import outlook_view

    pairs = _batch(sources, targets, no_cache).outlooks()
    _emit(outlook_view(pairs, lang.value), fmt, output, excel, _sources(sources))


@app.command()
def claims(
    sources: SourcesArg = None,
    fmt: FormatOpt = None,
    lang: LangOpt = Lang.vi,
    targets: TargetsOpt = None,
    output: OutputOpt = None,
    excel: ExcelOpt = False,
    no_cache: NoCacheOpt = False,
    unlinked: Annotated[
        bool, typer.Option("--unlinked", help="Only the claims no table indicator matches.")
    ] = False,
) -> None:
    """What the text says of indicators: figures with verdicts, linked to the table's rows."""
    from dbreport.render.views import claims_view

    _, links = _batch(sources, targets, no_cache).claims()
    if unlinked:
        links = [link for link in links if link.record is None]
    _emit(claims_view(links, lang.value), fmt, output, excel, _sources(sources))


@app.command()
def audit(
    sources: SourcesArg = None,
    fmt: FormatOpt = None,
    lang: LangOpt = Lang.vi,
    targets: TargetsOpt = None,
    output: OutputOpt = None,
    excel: ExcelOpt = False,
    no_cache: NoCacheOpt = False,
    severity: Annotated[
        str, typer.Option(help="Lowest severity shown: info, warning or error.")
    ] = "info",
) -> None:
    """The report against its own figures, its own words, and the news."""
    from dbreport.analysis.audit import SEVERITY_ORDER
    from dbreport.render.views import audit_view

    if severity not in SEVERITY_ORDER:
        raise UsageError(f"Unknown severity '{severity}'; use info, warning or error.")
    findings = [
        f
        for f in _batch(sources, targets, no_cache).findings()
        if SEVERITY_ORDER[f.severity] <= SEVERITY_ORDER[severity]
    ]
    _emit(audit_view(findings, lang.value), fmt, output, excel, _sources(sources))


@app.command()
def brief(
    sources: SourcesArg = None,
    lang: LangOpt = Lang.vi,
    targets: TargetsOpt = None,
    output: OutputOpt = None,
    no_cache: NoCacheOpt = False,
    stamp: Annotated[
        str | None,
        typer.Option(
            "--stamp",
            help="A date line to print (e.g. 2026-03-01); none by default, so that the same "
            "input gives the same bytes.",
        ),
    ] = None,
    output_dir: Annotated[
        Path | None,
        typer.Option("--output-dir", help="One briefing file per report in this folder."),
    ] = None,
) -> None:
    """A markdown briefing: headline, gaps, points for attention, 2030 outlook, bars."""
    from dbreport.render.brief import brief_data, write_brief, write_briefs

    datas = brief_data(_batch(sources, targets, no_cache), stamp, lang.value)
    if output_dir is not None:
        if output_dir.exists() and not output_dir.is_dir():
            raise UsageError(f"{output_dir} is not a folder.")
        if not output_dir.is_dir():
            raise UsageError(f"The folder {output_dir} does not exist.")
        # the document's whole name (report.pdf.brief.md): report.pdf and report.docx differ
        named = [(output_dir / f"{Path(d.tables[0].document).name}.brief.md", d) for d in datas]
        for path, _ in named:  # every name checked before the first file is written
            _refuse_inputs(path, _sources(sources))
        for path, data in named:

            def one(stream: TextIO, data: BriefData = data) -> None:
                write_brief(data, stream, lang.value)

            _write_atomically(path, _sources(sources), one, bom=False)
        return

    def write(stream: TextIO) -> None:
        write_briefs(datas, stream, lang.value)

    if output is None:
        _to_stdout(write)
        return
    _write_atomically(output, _sources(sources), write, bom=False)


@app.command()
def across(
    query: Annotated[
        str,
        typer.Argument(help="A catalogue id (poverty_rate) or words of the name ('ho ngheo')."),
    ],
    sources: SourcesArg = None,
    fmt: FormatOpt = None,
    lang: LangOpt = Lang.vi,
    targets: TargetsOpt = None,
    output: OutputOpt = None,
    excel: ExcelOpt = False,
    no_cache: NoCacheOpt = False,
    matrix: Annotated[
        bool,
        typer.Option("--matrix", help="Every report × every catalogue indicator (QUERY: all)."),
    ] = False,
) -> None:
    """One indicator in every report, best achievement first; or the reports × indicators."""
    from dbreport.render.views import across_view, matrix_view

    if not query.strip():
        raise UsageError("Name an indicator: a catalogue id (poverty_rate) or words of its name.")
    if query == "all" and not matrix:
        raise UsageError("'all' goes with --matrix: `dbreport across all --matrix`.")
    batch = _batch(sources, targets, no_cache)
    if matrix:
        reports, ids, cells = batch.matrix()
        if query != "all":
            from dbreport.catalogue import load_catalogue

            wanted = {e.id for e in load_catalogue().find(query)}
            ids = [i for i in ids if i in wanted]
            if not ids:
                raise DbreportError(
                    f"No catalogue indicator read in these reports matches '{query}'."
                )
        view = matrix_view(reports, ids, cells, lang.value)
    else:
        rows = batch.across(query)
        if not rows:
            raise DbreportError(f"No indicator of the reports read matches '{query}'.")
        view = across_view(rows, lang.value)
    _emit(view, fmt, output, excel, _sources(sources))


@app.command()
def export(
    sources: SourcesArg = None,
    db: Annotated[
        Path, typer.Option("--db", help="The SQLite file to write (created, or added to).")
    ] = Path("reports.sqlite"),
    targets: TargetsOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """The dataset: documents, indicators, values, verdicts, claims, findings in SQLite."""
    from dbreport.dataset import export as write_dataset

    if not db.resolve().parent.is_dir():
        raise UsageError(f"The folder for {db} does not exist.")
    batch = _batch(sources, targets, no_cache)
    _refuse_inputs(db, _sources(sources))
    counts = write_dataset(batch, db)
    written = ", ".join(f"{n} {table}" for table, n in counts.items())
    print(f"dbreport: wrote {db}: {written}.", file=sys.stderr)


@app.command()
def inspect(
    source: Annotated[Path, typer.Argument(help="The document to look into.")],
    fmt: FormatOpt = None,
) -> None:
    """How the table was found, or why not: each header candidate, its columns and roles."""
    import json

    from dbreport.extraction.explain import as_json, explain_file
    from dbreport.sources import discover
    from dbreport.textnorm import printable
    from dbreport.vocab import load_vocabulary

    if not source.exists():
        raise SourceNotFound(f"{source} does not exist.")
    (path,) = discover([source]) if source.is_file() else (source,)
    if not path.is_file():
        raise UsageError(f"{source} is not a file; inspect reads one document.")
    explanation = explain_file(path, load_vocabulary())
    if fmt is Format.json:
        text = json.dumps(as_json(explanation), ensure_ascii=False, indent=2)
    else:
        text = printable(str(explanation))

    def write(stream: TextIO) -> None:
        stream.write(text + "\n")

    _to_stdout(write)


@app.command()
def show(
    query: Annotated[str, typer.Argument(help="An id (A.10.1) or words of the name.")],
    sources: SourcesArg = None,
    fmt: FormatOpt = None,
    lang: LangOpt = Lang.vi,
    targets: TargetsOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """One indicator in full, with the lines it was read from."""
    from dbreport.batch import select
    from dbreport.errors import DbreportError as _Err
    from dbreport.render.views import show_view

    _, items, _rules = _load(sources, targets, no_cache)
    found = [i for i in items if i.record.id == query] or [i for i in select(items, search=query)]
    if not found:
        raise _Err(f"No indicator matches '{query}'.")
    if len(found) > 1 and fmt in (None, Format.table, Format.md):
        choices = "; ".join(f"{i.record.id} {i.record.name}" for i in found[:8])
        raise UsageError(f"'{query}' matches {len(found)} indicators: {choices}. Give an id.")
    if fmt is Format.json and len(found) > 1:
        import json

        from dbreport.render.views import assessed_json

        json.dump([assessed_json(i) for i in found], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    _emit(show_view(found[0], lang.value), fmt, None, False, _sources(sources))


def main() -> None:
    """Console entry point: UTF-8 out, one sentence on errors, quiet on a closed pipe."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8")
    debug = "--debug" in sys.argv[1:]
    try:
        # Standalone mode: typer reports usage errors itself (exit 2) and turns Exit into codes.
        app()
    except SystemExit as exc:
        if exc.code in (0, None) and _Run.some_failed:
            sys.exit(1)  # the output was written, but some documents were set aside
        raise
    except DbreportError as exc:
        if debug:
            traceback.print_exc()
        print(f"dbreport: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except Exception as exc:
        if debug:
            traceback.print_exc()
        print(
            f"dbreport: internal error ({type(exc).__name__}: {exc}); "
            "run again with --debug and report it.",
            file=sys.stderr,
        )
        sys.exit(3)

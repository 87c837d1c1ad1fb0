"""The command line: read options, call the library, hand a View to a writer. Nothing else.

Exit codes: 0 ok; 1 a data problem (unreadable file, no table, invalid rules) or, with
`--fail-on-gaps`, indicators not met; 2 a usage problem (unknown option, missing path).
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, BinaryIO, ClassVar, TextIO

import typer

from dbreport import __version__
from dbreport.errors import DbreportError, UsageError
from dbreport.sources import real
from dbreport.textnorm import fold

if TYPE_CHECKING:  # types only: each command imports what it uses when it runs
    from dbreport.analysis.audit import Finding
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
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"
    xlsx = "xlsx"
    yaml = "yaml"


# what each output file's extension is written as; any other is refused
_BY_SUFFIX = {
    ".json": Format.json,
    ".csv": Format.csv,
    ".md": Format.md,
    ".markdown": Format.md,
    ".txt": Format.table,
    ".xlsx": Format.xlsx,
    ".yaml": Format.yaml,
    ".yml": Format.yaml,
}


class Lang(StrEnum):
    vi = "vi"
    en = "en"


SourcesArg = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Files or folders to read (default: data/raw/).",
        show_default=False,
        metavar="SOURCE",
    ),
]
FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="table (default), json, csv, md, xlsx (with --output), or yaml (targets only); "
        "-o FILE's extension chooses too.",
    ),
]
LangOpt = Annotated[Lang, typer.Option("--lang", help="Language of labels: vi or en.")]
TargetsOpt = Annotated[
    Path | None,
    typer.Option(
        "--targets", help="Rules file to use instead of data/targets.yaml.", metavar="FILE"
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file (atomically) instead of stdout.",
        metavar="FILE",
    ),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Read every document afresh, not from the cache (the fresh results replace its "
        "entries).",
    ),
]
SectionOpt = Annotated[
    str | None, typer.Option(help="Only this section (A, B...).", metavar="SECTION")
]
GroupOpt = Annotated[
    str | None,
    typer.Option(help="Only this group: its number or words of its title.", metavar="GROUP"),
]
StatusOpt = Annotated[
    list[str] | None,
    typer.Option(
        help="Only these verdicts (not_met, nearly_met, met, exceeded, disputed...); repeatable.",
        metavar="STATUS",
    ),
]
SearchOpt = Annotated[
    str | None,
    typer.Option(
        help="Words in the name, Vietnamese or English ('ho ngheo', 'poverty').", metavar="WORDS"
    ),
]
ColumnsOpt = Annotated[
    str | None,
    typer.Option(
        "--columns",
        help="The table's columns, by key, in order (id,name,actual...).",
        metavar="KEYS",
    ),
]
WideOpt = Annotated[bool, typer.Option("--wide", help="Every column, however wide the table gets.")]
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
    keep_formulas: Annotated[
        bool,
        typer.Option(
            "--keep-formulas",
            help="In CSV, write text cells that start with = + - @ as they are (by default they "
            "get a leading ' so that a spreadsheet never runs them).",
        ),
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """--debug and --keep-formulas are read in main(), before typer runs, so that they work
    anywhere on the line and --debug also covers start-up errors."""


def _command() -> str:
    """The command being run (`gaps`, `brief`...), for sentences that show how to run it."""
    names = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    return next((a for a in sys.argv[1:] if a in names), "gaps")


def _sources(sources: list[Path] | None) -> list[Path]:
    """The documents given; with none, `./data/raw` here, else the bundled sample (said once on
    stderr, so that a user in a folder of their own files knows what was read). Standard input
    (`-`) and pipes are read once, into a private temporary folder removed at exit."""
    from dbreport.datafiles import default_raw_dir

    if sources:
        key = tuple(sources)
        if key not in _Run.spooled:
            from dbreport.sources import spool

            _Run.spooled[key] = spool(list(sources), _Run.scratch())
            for given, read in zip(sources, _Run.spooled[key], strict=True):
                if read != given:  # sentences name what the user typed, not the spool
                    _Run.labels[str(read)] = str(given)
        return _Run.spooled[key]
    folder = default_raw_dir()
    if folder != Path("data") / "raw" and not _Run.noted_sample:
        _Run.noted_sample = True
        _say(
            "note: no documents given and no ./data/raw here: reading the bundled "
            f"sample documents; name your own files or folder: dbreport {_command()} FILE..."
        )
    return [folder]


def _chosen_format(fmt: Format | None, output: Path | None, excel: bool) -> Format:
    """The output format: `--format`, else `--excel`, else the output file's extension; a
    combination that contradicts itself is refused with a sentence."""
    by_suffix = _BY_SUFFIX.get(output.suffix.lower()) if output is not None else None
    if output is not None and by_suffix is None and not real(output).is_char_device():
        known = ", ".join(sorted(_BY_SUFFIX))
        raise UsageError(
            f"Cannot tell how to write {output.name}: use one of {known}, "
            "or give --format with a file of that extension."
        )
    if excel and fmt not in (None, Format.csv):
        raise UsageError(f"--excel writes CSV; it does not go with --format {fmt.value}.")
    chosen = fmt or (Format.csv if excel else None) or by_suffix or Format.table
    if by_suffix is not None and chosen is not by_suffix:
        suffix = next(k for k, v in _BY_SUFFIX.items() if v is chosen)
        asked = "--excel" if excel and fmt is None else f"--format {chosen.value}"
        raise UsageError(
            f"{output.name if output else ''} is a {by_suffix.value} file name but {asked} "
            f"was asked for; name the file {suffix} or drop {asked.split()[0]}."
        )
    if chosen is Format.xlsx and output is None:
        raise UsageError("A workbook goes to a file: give --output NAME.xlsx.")
    return chosen


def _emit(
    view: View,
    fmt: Format | None,
    output: Path | None,
    excel: bool,
    inputs: list[Path],
    lang: str = "vi",
    columns: str | None = None,
    wide: bool = False,
) -> None:
    from dbreport.render import WRITERS

    if _is_stdout(output):
        output = None  # `-o -`: standard output, as for most tools
    if output is not None:
        _refuse_inputs(output, inputs)
    chosen = _chosen_format(fmt, output, excel)
    view.lang, view.wide, view.keep_formulas = lang, wide, _Run.keep_formulas
    if columns is not None:
        keys = [k.strip() for k in columns.split(",")]
        known = [c.key for c in view.columns_for("people")]
        unknown = [k for k in keys if k not in known]
        if unknown or len(set(keys)) < len(keys):
            said = ", ".join(repr(k) for k in unknown) if unknown else "a column twice"
            raise UsageError(f"--columns names {said}; this table's columns: {', '.join(known)}.")
        view.only = keys
    if chosen is Format.xlsx:
        from dbreport.render.xlsx_writer import write_xlsx

        assert output is not None
        _write_bytes_atomically(output, inputs, lambda fh: write_xlsx(view, fh, lang))
        return
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


def _is_stdout(output: Path | None) -> bool:
    """`-o -` and `-o /dev/stdout` both mean standard output (written, never replaced)."""
    return output is not None and str(output) in ("-", "/dev/stdout")


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
    encoding = "utf-8-sig" if bom else "utf-8"

    def text(fh: BinaryIO) -> None:
        wrapper = io.TextIOWrapper(fh, encoding=encoding, newline="", write_through=True)
        write(wrapper)
        wrapper.flush()
        wrapper.detach()  # the file is the caller's to close

    _write_bytes_atomically(output, inputs, text)


def _write_bytes_atomically(
    output: Path, inputs: list[Path], write: Callable[[BinaryIO], None]
) -> None:
    """Write through a temporary file in the same folder, then rename it into place; the file
    gets the mode a shell redirect would give it (the umask's), never one of the inputs."""
    target = real(output)
    _refuse_inputs(output, inputs)
    directory = target.parent
    if not directory.is_dir():
        raise UsageError(f"The folder for {output} does not exist.")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=directory)
    except OSError as exc:
        raise UsageError(
            f"Cannot write into the folder of {output} ({exc.strerror or exc})."
        ) from None
    umask = os.umask(0)
    os.umask(umask)
    # a new file gets the umask's mode (not mkstemp's private 0600); a file replaced keeps its own
    mode = (target.stat().st_mode & 0o777) if target.is_file() else 0o666 & ~umask
    os.chmod(tmp, mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _refuse_inputs(output: Path, inputs: list[Path]) -> None:
    """An output is a new file or replaces a regular, writable one this run does not read: never
    a folder, a device (`/dev/null`, `/dev/stdout`: leave out `-o` for standard output), a pipe,
    a document, its sidecar, the targets file, or a data file of the tool (vocabulary, catalogue,
    rules)."""
    import stat

    from dbreport.datafiles import data_dir
    from dbreport.sources import discover
    from dbreport.sources.metadata import sidecar_path

    target = real(output)
    try:
        mode = output.stat().st_mode
    except FileNotFoundError:
        mode = None  # a new file
    except OSError as exc:  # a link loop, a name too long, a folder on the way not searchable
        raise UsageError(f"{output} cannot be written: {exc.strerror or exc}.") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise UsageError(f"{output} is a folder, not a file to write.")
    if mode is not None and not stat.S_ISREG(mode):
        raise UsageError(
            f"{output} is not a regular file (a device, a pipe or a socket); name a file "
            "to write (a listing goes to standard output without -o)."
        )
    if mode is not None and (not mode & 0o222 or not os.access(output, os.W_OK)):
        raise UsageError(f"{output} is write-protected; it is left as it is.")
    if target.parent == real(data_dir()) and target.suffix in (".yaml", ".yml"):
        raise UsageError(f"Refusing to overwrite {output}: it is one of the tool's data files.")
    documents = discover(inputs)
    if any(real(p) == target for p in documents):
        raise UsageError(f"Refusing to overwrite the input document {output}.")
    if any(real(sidecar_path(p)) == target for p in documents):
        raise UsageError(f"Refusing to overwrite {output}: it is the sidecar of an input.")
    if target in _Run.read_files:
        raise UsageError(f"Refusing to overwrite {output}: this run reads it.")


def _load(
    sources: list[Path] | None, targets: Path | None, no_cache: bool = False
) -> tuple[Loaded, list[Assessed], Rules]:
    batch = _batch(sources, targets, no_cache)
    return batch.loaded, batch.items, batch.rules


def _batch(
    sources: list[Path] | None,
    targets: Path | None,
    no_cache: bool = False,
    *,
    require_table: bool = True,
) -> Batch:
    """The documents read, grouped into reports (each with the news of its place)."""
    from dbreport.batch import build
    from dbreport.rules import load_rules
    from dbreport.vocab import load_vocabulary

    vocab = load_vocabulary()
    rules = load_rules(targets)
    _Run.read_files = {real(Path(rules.source))}  # this run's, not an earlier one's
    loaded = _read(sources, vocab, no_cache, require_table=require_table)
    try:
        return build(loaded, rules, vocab)
    finally:
        _report_set_aside(loaded)


class _Run:
    """What main() must know once a command has printed its result."""

    some_failed = False
    noted_sample = False
    read_files: ClassVar[set[Path]] = set()  # data files read (targets), never to be written
    keep_formulas = False  # `--keep-formulas`, read anywhere on the line like --debug
    spooled: ClassVar[dict[tuple[Path, ...], list[Path]]] = {}  # `-` and pipes, read once
    folder: ClassVar[Path | None] = None
    labels: ClassVar[dict[str, str]] = {}  # a spooled file's path -> `-` or the pipe's name

    @classmethod
    def scratch(cls) -> Path:
        """A private temporary folder for standard input, removed when the run ends."""
        if cls.folder is None:
            import atexit
            import shutil

            cls.folder = Path(tempfile.mkdtemp(prefix="dbreport-"))
            atexit.register(shutil.rmtree, cls.folder, True)
        return cls.folder


def _read(
    sources: list[Path] | None, vocab: Vocabulary, no_cache: bool, *, require_table: bool = True
) -> Loaded:
    """Load the tables, with a progress bar on a terminal for a batch."""
    from dbreport.pipeline import load_tables
    from dbreport.sources import discover

    paths = _sources(sources)
    count = len(discover(paths))
    from dbreport.render.rich_table import plain_wanted

    # a progress bar is drawn with escape codes: only on a terminal that wants them
    if count > 3 and not plain_wanted(sys.stderr):
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("Reading", total=count)
            loaded = load_tables(
                paths,
                vocab,
                use_cache=not no_cache,
                on_file=lambda _: progress.advance(task),
                require_table=require_table,
            )
    else:
        loaded = load_tables(paths, vocab, use_cache=not no_cache, require_table=require_table)
    return loaded


def _say(sentence: str) -> None:
    """One line on stderr. File names and document text quoted in it are shown, never acted
    on: control characters by name, undecodable bytes of a file name as `⟨0xFF⟩`."""
    from dbreport.render.safe import visible

    for read, given in _Run.labels.items():
        sentence = sentence.replace(read, given)
    print(f"dbreport: {visible(sentence)}", file=sys.stderr, flush=True)


def _report_set_aside(loaded: Loaded) -> None:
    """Every document set aside on stderr (the command then ends with exit code 1)."""
    for name, why in loaded.failed:
        _say(f"skipped {name}: {why}")
        _Run.some_failed = True
    for notice in loaded.notices:
        _say(f"note: {notice}")


_STATUS_CODES = ("exceeded", "met", "nearly_met", "not_met", "disputed", "not_assessed")


def _filtered(
    items: list[Assessed],
    section: str | None,
    group: str | None,
    search: str | None,
    status: list[str] | None,
) -> list[Assessed]:
    """The rows the filters keep; filters that keep none are an error (exit 1), said plainly."""
    from dbreport.batch import select

    wanted = {_status_code(s) for s in status} if status else None
    kept = select(items, section=section, group=group, search=search, statuses=wanted)
    asked = [
        f"{flag} {value!r}"
        for flag, value in (
            ("--section", section),
            ("--group", group),
            ("--search", search),
            ("--status", ",".join(status) if status else None),
        )
        if value
    ]
    if asked and not kept and items:
        raise DbreportError(f"No indicator matches {' '.join(asked)}.")
    return kept


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
    section: SectionOpt = None,
    group: GroupOpt = None,
    search: SearchOpt = None,
    columns: ColumnsOpt = None,
    wide: WideOpt = False,
) -> None:
    """Extract every indicator row of the report's appendix table."""
    from dbreport.render.views import extract_view

    items = _filtered(_batch(sources, None, no_cache).items, section, group, search, None)
    view = extract_view([i.record for i in items], lang.value)
    _emit(view, fmt, output, excel, _sources(sources), lang.value, columns, wide)


@app.command()
def compare(
    sources: SourcesArg = None,
    fmt: FormatOpt = None,
    lang: LangOpt = Lang.vi,
    targets: TargetsOpt = None,
    output: OutputOpt = None,
    excel: ExcelOpt = False,
    no_cache: NoCacheOpt = False,
    section: SectionOpt = None,
    group: GroupOpt = None,
    status: StatusOpt = None,
    search: SearchOpt = None,
    columns: ColumnsOpt = None,
    wide: WideOpt = False,
) -> None:
    """Every indicator against its target: verdict, gap, and what the report itself says."""
    from dbreport.render.views import compare_view

    batch = _batch(sources, targets, no_cache)
    items = _filtered(batch.items, section, group, search, status)
    view = compare_view(items, lang.value, batch.rules, batch.findings(targets=False))
    _emit(view, fmt, output, excel, _sources(sources), lang.value, columns, wide)


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
    section: SectionOpt = None,
    group: GroupOpt = None,
    status: StatusOpt = None,
    search: SearchOpt = None,
    columns: ColumnsOpt = None,
    wide: WideOpt = False,
) -> None:
    """What was not achieved, lowest achievement first; then, apart, the disputed rows."""
    from dbreport.render.views import gaps_view
    from dbreport.textnorm import fold as _fold

    batch = _batch(sources, targets, no_cache)
    short, text_only = batch.gaps(include_nearly=include_nearly)
    disputed = batch.disputed()
    if section or group or search or status:
        kept = _filtered(short + disputed, section, group, search, status)
        short = [i for i in short if i in kept]
        disputed = [i for i in disputed if i in kept]
        wanted = {_status_code(s) for s in status} if status else None
        text_only = [
            c
            for c in text_only
            if not section
            and not group
            and (not search or _fold(search) in _fold(c.subject))
            and (wanted is None or c.verdict in wanted)
        ]
    findings = batch.findings(targets=False)  # the rows' findings: what the report says otherwise
    view = gaps_view(short, lang.value, batch.rules, findings, disputed, text_only)
    _emit(view, fmt, output, excel, _sources(sources), lang.value, columns, wide)
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
    section: SectionOpt = None,
    group: GroupOpt = None,
    search: SearchOpt = None,
    status: StatusOpt = None,
    columns: ColumnsOpt = None,
    wide: WideOpt = False,
) -> None:
    """The yearly change each horizon (2030) target requires, hardest first."""
    from dbreport.render.views import outlook_view

    pairs = _batch(sources, targets, no_cache).outlooks()
    kept = _filtered([item for item, _ in pairs], section, group, search, status)
    pairs = [(item, o) for item, o in pairs if item in kept]
    view = outlook_view(pairs, lang.value)
    _emit(view, fmt, output, excel, _sources(sources), lang.value, columns, wide)


@app.command(name="targets")
def targets_command(
    sources: SourcesArg = None,
    fmt: FormatOpt = None,
    lang: LangOpt = Lang.vi,
    targets: TargetsOpt = None,
    output: OutputOpt = None,
    excel: ExcelOpt = False,
    no_cache: NoCacheOpt = False,
    search: SearchOpt = None,
    columns: ColumnsOpt = None,
    wide: WideOpt = False,
) -> None:
    """The targets a resolution or a report sets: its prose lists and its table's future column,
    side by side. --format yaml writes them as a rules file that `track` and --targets read."""
    from dbreport.analysis.term import collect
    from dbreport.render.term_views import targets_view

    batch = _batch(sources, targets, no_cache, require_table=False)
    term = collect(batch)
    if search:
        from dbreport.textnorm import fold

        wanted = fold(search)
        term.targets = [
            t
            for t in term.targets
            if wanted in fold(t.target.name) or wanted == (t.target.indicator_id or "")
        ]
    header = (
        f"Targets read by dbreport from {', '.join(term.term.documents) or 'no document'}.\n"
        "Correct them here and keep the file: dbreport track THIS_FILE SOURCE... reads it, and so\n"
        "does any command's --targets THIS_FILE. `value` is read as a table cell is."
    )
    view = targets_view(term, lang.value, header)
    if view.data_file is not None:
        rules = batch.rules.model_dump(
            mode="json", exclude={"source", "term", "targets"}, exclude_defaults=True
        )
        view.data_file = {**view.data_file, **rules}
    _emit(view, fmt, output, excel, _sources(sources), lang.value, columns, wide)


@app.command()
def track(
    target_file: Annotated[
        Path,
        typer.Argument(
            help="The targets: a file written by `dbreport targets --format yaml`, or the "
            "resolution or report that sets them.",
            metavar="TARGETS",
            show_default=False,
        ),
    ],
    sources: SourcesArg = None,
    fmt: FormatOpt = None,
    lang: LangOpt = Lang.vi,
    output: OutputOpt = None,
    excel: ExcelOpt = False,
    no_cache: NoCacheOpt = False,
    search: SearchOpt = None,
    columns: ColumnsOpt = None,
    wide: WideOpt = False,
) -> None:
    """Each target of a term against the latest figure of the documents given (yearly reports,
    news, interviews): the pace it needs, the pace so far, and a class (on track, needs
    acceleration, …)."""
    from dbreport.analysis.term import collect, from_rules
    from dbreport.analysis.track import track as track_targets
    from dbreport.render.term_views import track_view

    if not target_file.exists():
        raise UsageError(f"{target_file} does not exist.")
    if target_file.suffix.lower() in (".yaml", ".yml"):
        batch = _batch(sources, target_file, no_cache, require_table=False)
        term = from_rules(batch.rules, batch.vocab)
        if not term.targets:
            raise UsageError(
                f"{target_file} holds no `targets:`; write one with "
                "dbreport targets REPORT --format yaml -o FILE."
            )
    else:
        inputs = [
            target_file,
            *[s for s in _sources(sources) if real(s) != real(target_file)],
        ]
        batch = _batch(inputs, None, no_cache, require_table=False)
        term = collect(batch, [p for p in batch.loaded.paths if real(p) == real(target_file)])
        if not term.targets:
            raise UsageError(
                f"No targets were found in {target_file}; `dbreport targets` shows what is read."
            )
    if search:
        from dbreport.textnorm import fold

        term.targets = [t for t in term.targets if fold(search) in fold(t.target.name)]
    rows = track_targets(term, batch, batch.rules.progress)
    view = track_view(rows, lang.value, batch.rules.progress)
    _emit(view, fmt, output, excel, [target_file, *_sources(sources)], lang.value, columns, wide)


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
    search: SearchOpt = None,
    columns: ColumnsOpt = None,
    wide: WideOpt = False,
) -> None:
    """What the text says of indicators: figures with verdicts, linked to the table's rows."""
    from dbreport.render.views import claims_view

    _, links = _batch(sources, targets, no_cache).claims()
    if unlinked:
        links = [link for link in links if link.record is None]
    if search:
        from dbreport.batch import matches

        links = [
            link
            for link in links
            if fold(search) in fold(link.claim.sentence)
            or (link.record is not None and matches(link.record, search))
        ]
        if not links:
            raise DbreportError(f"No claim matches --search {search!r}.")
    view = claims_view(links, lang.value)
    _emit(view, fmt, output, excel, _sources(sources), lang.value, columns, wide)


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
    search: SearchOpt = None,
    columns: ColumnsOpt = None,
    wide: WideOpt = False,
) -> None:
    """The report against its own figures, its own words, and the news."""
    from dbreport.analysis.audit import SEVERITY_ORDER
    from dbreport.render.views import audit_view

    if severity not in SEVERITY_ORDER:
        raise UsageError(f"Unknown severity '{severity}'; use info, warning or error.")
    batch = _batch(sources, targets, no_cache)
    findings = [
        f for f in batch.findings() if SEVERITY_ORDER[f.severity] <= SEVERITY_ORDER[severity]
    ]
    if search:
        from dbreport.batch import matches

        rows = {(i.record.source.document, i.record.id): i.record for i in batch.items}

        def about(f: Finding) -> bool:
            record = rows.get((f.places[-1].document, f.indicator or "")) if f.places else None
            named = f"{f.indicator} {f.name} {f.name_en or ''}"
            return fold(search) in fold(named) or (record is not None and matches(record, search))

        findings = [f for f in findings if about(f)]
        if not findings:
            raise DbreportError(f"No finding matches --search {search!r}.")
    view = audit_view(findings, lang.value)
    _emit(view, fmt, output, excel, _sources(sources), lang.value, columns, wide)


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
    charts: Annotated[
        Path | None,
        typer.Option(
            "--charts",
            help="Draw the charts (PNG and SVG) into this folder and link them from the "
            "briefing (needs the charts extra: pip install 'dbreport[charts]').",
        ),
    ] = None,
) -> None:
    """A markdown briefing: headline, gaps, points for attention, 2030 outlook, bars.

    -o NAME.md writes markdown; -o NAME.docx or NAME.html goes through pandoc when it is
    installed."""
    from dbreport.render.brief import brief_data, write_brief, write_briefs

    if _is_stdout(output):
        output = None  # `-o -`: standard output
    converted = _brief_target(output)
    if output is not None and output_dir is not None:
        raise UsageError("Give --output FILE or --output-dir FOLDER, not both.")
    if output_dir is not None and not output_dir.is_dir():
        raise UsageError(
            f"{output_dir} is not a folder."
            if output_dir.exists()
            else f"The folder {output_dir} does not exist."
        )
    if output is not None:
        if not real(output).parent.is_dir():
            raise UsageError(f"The folder for {output} does not exist.")
        _refuse_inputs(output, _sources(sources))
    datas = brief_data(_batch(sources, targets, no_cache), stamp, lang.value)
    if charts is not None:  # drawn only once the briefing's own place is known to be writable
        _draw_charts(datas, charts, output or output_dir, lang.value, _sources(sources))
    if output_dir is not None:
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
    if converted is not None:
        _through_pandoc(output, converted, write, _sources(sources), charts)
        return
    _write_atomically(output, _sources(sources), write, bom=False)


_PANDOC_FORMATS = {".docx": "docx", ".html": "html", ".odt": "odt"}


def _brief_target(output: Path | None) -> str | None:
    """The pandoc format a briefing file's name asks for, None for markdown; any other name is
    refused, and a Word or HTML name without pandoc is refused with how to get it."""
    if output is None:
        return None
    suffix = output.suffix.lower()
    if suffix in (".md", ".markdown", ".txt") or real(output).is_char_device():
        return None
    if suffix not in _PANDOC_FORMATS:
        raise UsageError(
            f"A briefing is markdown (.md), or .docx, .html or .odt through pandoc; "
            f"cannot write {output.name}."
        )
    if shutil.which("pandoc") is None:
        raise UsageError(
            f"Writing {output.name} needs pandoc (apt install pandoc, or pandoc.org); without "
            f"it, write {output.with_suffix('.md').name} and convert it yourself."
        )
    return _PANDOC_FORMATS[suffix]


def _through_pandoc(
    output: Path,
    to: str,
    write: Callable[[TextIO], None],
    inputs: list[Path],
    charts: Path | None,
) -> None:
    """The markdown through pandoc into `output` (atomically), pictures embedded."""
    import subprocess

    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "brief.md"
        with source.open("w", encoding="utf-8") as fh:
            write(fh)
        made = Path(work) / f"brief{output.suffix.lower()}"
        where = [str(real(output).parent), *([str(real(charts))] if charts else [])]
        command = ["pandoc", "-f", "markdown", "-t", to, "--resource-path", ":".join(where)]
        if to == "html":
            command += ["--standalone", "--embed-resources", "--metadata", "title=dbreport"]
        done = subprocess.run(
            [*command, "-o", str(made), str(source)], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise DbreportError(f"pandoc could not write {output.name}: {done.stderr.strip()}")
        data = made.read_bytes()

    def copy(fh: BinaryIO) -> None:
        fh.write(data)

    _write_bytes_atomically(output, inputs, copy)


def _draw_charts(
    datas: list[BriefData], folder: Path, output: Path | None, lang: str, inputs: list[Path]
) -> None:
    """Each report's charts in `folder`, linked from its briefing relative to where the
    briefing is written (the current folder for stdout)."""
    from dbreport.render.charts import draw_charts

    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is not a folder.")
    from dbreport.datafiles import data_dir

    if real(folder) == real(data_dir()):
        raise UsageError(f"Refusing to write charts into {folder}: it holds the tool's data files.")
    # links are relative to where the briefing is written: its folder, or here for stdout
    where = output if output is None or output.is_dir() else real(output).parent
    base = Path.cwd() if where is None else real(where)
    for data in datas:
        stem = f"{Path(data.tables[0].document).name}." if len(datas) > 1 else ""
        try:
            files = draw_charts(
                data, folder, lang, stem=stem, check=lambda p: _refuse_inputs(p, inputs)
            )
        except OSError as exc:
            raise UsageError(
                f"Cannot write the charts into {folder} ({exc.strerror or exc})."
            ) from None
        captions = {
            "achievement": "Mức đạt so với mục tiêu" if lang == "vi" else "Achievement",
            "pace": "Nhịp cần đạt tới 2030" if lang == "vi" else "Pace needed to 2030",
        }
        data.charts = [
            (captions[p.stem.rsplit(".", 1)[-1]], os.path.relpath(real(p), base))
            for p in files
            if p.suffix == ".png"
        ]


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
    _emit(view, fmt, output, excel, _sources(sources), lang.value)


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

    if not real(db).parent.is_dir():
        raise UsageError(f"The folder for {db} does not exist.")
    batch = _batch(sources, targets, no_cache)
    _refuse_inputs(db, _sources(sources))
    counts = write_dataset(batch, db)
    written = ", ".join(f"{n} {table}" for table, n in counts.items())
    _say(f"wrote {db}: {written}.")


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

    (source,) = _sources([source])  # `-`: standard input
    if source.is_dir():
        raise UsageError(f"{source} is not a file; inspect reads one document.")
    (path,) = discover([source])  # a sentence when it does not exist or cannot be read
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
    # an id (any case), else an exact name (Vietnamese or English, diacritics optional), else
    # words of the name
    if not query.strip():
        raise UsageError("Name an indicator: an id (A.10.1) or words of its name.")
    wanted = fold(query.strip())
    found = (
        [i for i in items if i.record.id.lower() == query.strip().lower()]
        or [i for i in items if wanted in (fold(i.record.name), fold(i.record.name_en or ""))]
        or select(items, search=query)
    )
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


cache_app = typer.Typer(
    help="The cache of what was read from each document: where it is, what it holds, emptying it.",
    no_args_is_help=True,
)
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
def cache_info(fmt: FormatOpt = None) -> None:
    """Where the cache is, whether it is used (and why not), what it holds, its limits."""
    import json

    from dbreport.cache import summary
    from dbreport.render.safe import json_escaped, visible

    if fmt not in (None, Format.table, Format.json):
        raise UsageError(f"cache info is written as table or json, not {fmt.value}.")
    found = summary()
    if fmt is Format.json:
        text = json_escaped(json.dumps(found.as_json(), ensure_ascii=False, indent=2))
    else:
        text = visible(found.text())  # a folder's name from the environment, shown by name

    def write(stream: TextIO) -> None:
        stream.write(text + "\n")

    _to_stdout(write)


@cache_app.command("clear")
def cache_clear() -> None:
    """Remove the cache's entries and leftovers of interrupted writes; nothing else."""
    from dbreport.cache import clear

    done = clear()
    _say(done.sentence())
    if done.failed:
        raise DbreportError(done.failure())


def main() -> None:
    """Console entry point: UTF-8 out, one sentence on errors, quiet on a closed pipe."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            # a file name's undecodable byte never stops the output (visible() names it)
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")
    debug = "--debug" in sys.argv[1:]
    _Run.keep_formulas = "--keep-formulas" in sys.argv[1:]
    # accepted anywhere on the line, before or after the command
    sys.argv = [sys.argv[0], *(a for a in sys.argv[1:] if a not in ("--debug", "--keep-formulas"))]
    from dbreport.workers import Interrupted, handle_signals

    handle_signals(debug=debug)  # Ctrl-C and SIGTERM unwind the run and kill its children
    try:
        # Standalone mode: typer reports usage errors itself (exit 2) and turns Exit into codes.
        try:
            app()
        finally:
            from dbreport import limits

            for note in limits.drain():  # what a limit left out after the documents were read
                _say(f"note: {note}")
    except Interrupted as exc:
        print(f"dbreport: {exc}.", file=sys.stderr)
        sys.exit(exc.exit_code)
    except SystemExit as exc:
        if exc.code in (0, None) and _Run.some_failed:
            sys.exit(1)  # the output was written, but some documents were set aside
        raise
    except DbreportError as exc:
        if debug:
            traceback.print_exc()
        _say(str(exc))
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except Exception as exc:
        if debug:
            traceback.print_exc()
        _say(f"internal error ({type(exc).__name__}: {exc}); run again with --debug and report it.")
        sys.exit(3)

"""The terminal table: fitted to the width, figures whole, plain where colour is not wanted.

- Figures, verdicts, bars and ids never wrap or split; names and other long text wrap.
- When the table is wider than the terminal, columns are left out in the order the view gives
  (`Column.drop`, highest first) and a footer says which and how to see them (`--wide`,
  `--columns`). Below ~100 columns a compact layout (no vertical rules) is used.
- `NO_COLOR`, `TERM=dumb` and anything that is not a terminal get plain text: no escape code at
  all. In a pipe the width is `COLUMNS` if set, else wide enough not to squeeze.
- Cell text is never read as rich markup: document text is data.
"""

from __future__ import annotations

import os
import shutil
from typing import TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from dbreport.render.safe import visible
from dbreport.render.view import Column, View

PIPE_WIDTH = 240
COMPACT_BELOW = 100
_WORDS = {
    "vi": (
        "Cột bỏ bớt cho vừa {width} ký tự: {names}. Xem đủ: --wide; chọn cột: --columns {keys}.",
    ),
    "en": (
        "Columns left out to fit {width} characters: {names}. All: --wide; choose: --columns "
        "{keys}.",
    ),
}


# a one-cell character that is not whitespace (rich wraps at any whitespace, no-break spaces too),
# put between a verdict's words while the table is laid out and turned back into a space after
_JOIN = "\ue000"
_WIDER = {
    "vi": "Bảng rộng {needed} ký tự, hơn {width}: không cắt số liệu nào; bớt cột: --columns.",
    "en": "The table is {needed} characters wide, more than {width}: nothing is cut; fewer "
    "columns: --columns.",
}


class _PipeConsole(Console):
    def on_broken_pipe(self) -> None:
        # rich would exit with 1; the CLI treats a reader that stopped early as success
        raise BrokenPipeError


def plain_wanted(stream: TextIO) -> bool:
    """No colour or style: not a terminal, `NO_COLOR` set (any value), or `TERM=dumb`."""
    return (
        not stream.isatty()
        or "NO_COLOR" in os.environ
        or os.environ.get("TERM", "").lower() == "dumb"
    )


def width_for(stream: TextIO) -> int:
    """The terminal's width; in a pipe `COLUMNS` if set, else wide enough not to squeeze."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if stream.isatty():
        return shutil.get_terminal_size((PIPE_WIDTH, 24)).columns
    return PIPE_WIDTH


def console_for(stream: TextIO, width: int | None = None) -> Console:
    """A console that honours NO_COLOR and TERM=dumb, and does not squeeze tables in a pipe."""
    plain = plain_wanted(stream)
    return _PipeConsole(
        file=stream,
        width=width or width_for(stream),
        color_system=None if plain else "auto",
        force_terminal=False if plain else None,
        highlight=False,
        soft_wrap=False,
        markup=False,
        emoji=False,
    )


def _together(text: str) -> str:
    """Running text with its verdicts kept whole: a wrapped cell never breaks `✗ Chưa đạt`."""
    from dbreport.render.views import verdict_labels

    for label in verdict_labels():
        if label in text:
            text = text.replace(label, label.replace(" ", _JOIN))
    return text


def _fixed_width(view: View, column: Column) -> int:
    """A fixed column is as wide as its widest cell (or its header's longest word)."""
    cells = [cell_len(row.get(column.key, "")) for row in view.rows]
    words = [cell_len(w) for w in column.header.split()] or [1]
    return max([*cells, *words, 1])


def _header(column: Column, width: int | None) -> Text:
    """A fixed column's header, broken between words to the column's width."""
    if width is None:
        return Text(column.header, justify=column.justify)
    lines: list[str] = []
    for word in column.header.split():
        if lines and cell_len(lines[-1]) + 1 + cell_len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return Text("\n".join(lines), justify=column.justify)


def _build(view: View, columns: list[Column], compact: bool, styled: bool) -> Table:
    table = Table(
        title=Text(visible(view.title)),
        title_justify="left",
        show_lines=False,
        expand=False,
        box=box.SIMPLE_HEAD if compact else box.HEAVY_HEAD,
        padding=(0, 1),
        header_style="bold" if styled else "",
        title_style="italic" if styled else "",
        show_edge=not compact,
    )
    for column in columns:
        width = None if column.wrap else _fixed_width(view, column)
        table.add_column(
            _header(column, width),
            justify=column.justify,
            overflow="fold",
            no_wrap=width is not None,
            width=width,
            min_width=12 if column.wrap else None,
            max_width=60 if column.wrap else None,
        )
    for i, row in enumerate(view.rows):
        style = (view.styles[i] if i < len(view.styles) else None) if styled else None
        cells = [
            Text(
                visible(_together(row.get(c.key, "")) if c.wrap else row.get(c.key, "")),
                justify=c.justify,
            )
            for c in columns
        ]
        table.add_row(*cells, style=style or "", end_section=i in view.breaks)
    return table


def fitted(view: View, width: int, console: Console) -> tuple[list[Column], list[Column], bool]:
    """The columns shown at `width`, those left out (in the order they went), and whether the
    compact layout is used. `view.only` and `view.wide` override the fitting."""
    columns = view.columns_for("people")
    compact = width < COMPACT_BELOW
    if view.only or view.wide:
        return columns, [], compact
    dropped: list[Column] = []
    order = sorted((c for c in columns if c.drop), key=lambda c: -c.drop)
    while True:
        table = _build(view, columns, compact, styled=False)
        unbounded = console.options.update(width=100_000)  # the minimum, not clamped to width
        needed = Measurement.get(console, unbounded, table).minimum
        if needed <= width or not order:
            return columns, dropped, compact
        gone = order.pop(0)
        columns = [c for c in columns if c is not gone]
        dropped.append(gone)


def _needed(console: Console, table: Table, *, most: bool) -> int:
    measured = Measurement.get(console, console.options.update(width=100_000), table)
    return measured.maximum if most else measured.minimum


def write_table(view: View, stream: TextIO) -> None:
    width = width_for(stream)
    console = console_for(stream, width)
    columns, dropped, compact = fitted(view, width, console)
    table = _build(view, columns, compact, styled=not plain_wanted(stream))
    # a table that cannot be narrower without cutting a figure is drawn at its own width (the
    # terminal folds its lines): nothing is cut; `--wide` draws every column at full width
    needed = _needed(console, table, most=view.wide)
    overflow = needed > width
    if overflow or view.wide:
        console = console_for(stream, max(width, needed))
    with console.capture() as drawn:
        console.print(table)
    # the joins that kept verdicts whole are ordinary spaces again in the output
    stream.write(drawn.get().replace(_JOIN, " "))
    notes = list(view.notes)
    if overflow and not view.wide:
        notes.append(_WIDER.get(view.lang, _WIDER["en"]).format(width=width, needed=needed))
    if dropped:
        keys = ",".join(c.key for c in view.columns_for("people"))
        names = ", ".join(c.header for c in dropped)
        words = _WORDS.get(view.lang, _WORDS["en"])[0]
        notes.append(words.format(width=width, names=names, keys=keys))
    for note in notes:
        console.print(Text(visible(note)), style="dim" if not plain_wanted(stream) else "")

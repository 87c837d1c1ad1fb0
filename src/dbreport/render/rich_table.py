from __future__ import annotations

import os
from typing import TextIO

from rich.console import Console
from rich.table import Table

from dbreport.render.view import View

PIPE_WIDTH = 240


class _PipeConsole(Console):
    def on_broken_pipe(self) -> None:
        # rich would exit with 1; the CLI treats a reader that stopped early as success
        raise BrokenPipeError


def console_for(stream: TextIO) -> Console:
    """A console that honours NO_COLOR and TERM=dumb, and does not squeeze tables in a pipe."""
    tty = stream.isatty()
    width = None if tty else int(os.environ.get("COLUMNS", PIPE_WIDTH))
    return _PipeConsole(file=stream, width=width, highlight=False, soft_wrap=False)


def write_table(view: View, stream: TextIO) -> None:
    columns = view.columns_for("people")
    console = console_for(stream)
    table = Table(title=view.title, title_justify="left", show_lines=False, expand=False)
    for column in columns:
        table.add_column(
            column.header,
            justify=column.justify,
            overflow="fold",
            no_wrap=column.no_wrap,
            min_width=18 if column.wrap else None,
            max_width=60 if column.wrap else None,
        )
    for i, row in enumerate(view.rows):
        style = view.styles[i] if i < len(view.styles) else None
        table.add_row(
            *(row.get(c.key, "") for c in columns), style=style, end_section=i in view.breaks
        )
    console.print(table)
    for note in view.notes:
        console.print(note, style="dim", markup=False)

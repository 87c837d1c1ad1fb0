"""Rendering: a View (title, columns, rows, JSON payload) -> one writer per output format."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from dbreport.render.csv_writer import write_csv
from dbreport.render.json_writer import write_json
from dbreport.render.markdown import write_markdown
from dbreport.render.view import View
from dbreport.render.yaml_writer import write_yaml

Writer = Callable[[View, TextIO], None]


def write_table(view: View, stream: TextIO) -> None:
    """rich is imported only when a table is drawn: JSON and CSV runs start faster."""
    from dbreport.render.rich_table import write_table as draw

    draw(view, stream)


WRITERS: dict[str, Writer] = {
    "table": write_table,
    "json": write_json,
    "csv": write_csv,
    "md": write_markdown,
    "yaml": write_yaml,
}

__all__ = ["WRITERS", "View", "Writer"]

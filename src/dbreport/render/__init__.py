"""Rendering: a View (title, columns, rows, JSON payload) -> one writer per output format."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from dbreport.render.csv_writer import write_csv
from dbreport.render.json_writer import write_json
from dbreport.render.markdown import write_markdown
from dbreport.render.rich_table import write_table
from dbreport.render.view import View

Writer = Callable[[View, TextIO], None]

WRITERS: dict[str, Writer] = {
    "table": write_table,
    "json": write_json,
    "csv": write_csv,
    "md": write_markdown,
}

__all__ = ["WRITERS", "View", "Writer"]

from __future__ import annotations

from typing import TextIO

from dbreport import OUTPUT_LINE
from dbreport.render.safe import markdown_text
from dbreport.render.view import View


def escape_cell(text: str) -> str:
    """Make a cell safe inside a pipe table: document text, never markup, HTML or a link."""
    return markdown_text(text)


def write_markdown(view: View, stream: TextIO) -> None:
    """A GitHub / pandoc pipe table under a heading, then the notes."""
    columns = view.columns_for("people")
    stream.write(f"## {escape_cell(view.title)}\n\n")
    stream.write("| " + " | ".join(escape_cell(c.header) for c in columns) + " |\n")
    align = {"left": ":---", "right": "---:", "center": ":---:"}
    stream.write("|" + "|".join(align.get(c.justify, "---") for c in columns) + "|\n")
    for row in view.rows:
        cells = [escape_cell(row.get(c.key, "")) for c in columns]
        stream.write("| " + " | ".join(cells) + " |\n")
    if view.notes:
        stream.write("\n")
        for note in view.notes:
            stream.write(f"- {escape_cell(note)}\n")
    stream.write(f"\n{OUTPUT_LINE}\n")

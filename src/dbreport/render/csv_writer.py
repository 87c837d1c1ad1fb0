from __future__ import annotations

import csv
from typing import TextIO

from dbreport.render.safe import csv_text
from dbreport.render.view import View


def write_csv(view: View, stream: TextIO) -> None:
    """One row per record, every field quoted (Excel reads it right with the BOM the CLI adds);
    a text cell that would start a formula gets a leading `'` (render/safe.py)."""
    columns = view.columns_for("machines")
    writer = csv.writer(stream, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([c.key for c in columns])
    for row in view.rows:
        writer.writerow(
            [
                row.get(c.key, "")
                if c.number
                else csv_text(row.get(c.key, ""), keep_formulas=view.keep_formulas)
                for c in columns
            ]
        )

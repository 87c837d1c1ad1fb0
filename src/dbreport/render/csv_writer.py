from __future__ import annotations

import csv
from typing import TextIO

from dbreport.render.view import View


def write_csv(view: View, stream: TextIO) -> None:
    """One row per record, every field quoted (Excel reads it right with the BOM the CLI adds)."""
    columns = view.columns_for("machines")
    writer = csv.writer(stream, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([c.key for c in columns])
    for row in view.rows:
        writer.writerow([row.get(c.key, "") for c in columns])

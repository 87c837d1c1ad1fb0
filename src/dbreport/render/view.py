"""What every writer receives: the rows people read and the payload programs read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    justify: Literal["left", "right", "center"] = "left"
    wrap: bool = False  # a long text column (a name): it gets the width the others leave
    no_wrap: bool = False  # never fold (bars, ids)
    people: bool = True  # shown in the table and markdown
    machines: bool = True  # written to CSV
    number: bool = False  # a machine number: `.` decimal, no thousands, no unit ("" when none)
    drop: int = 0  # at a narrow width, columns with the highest `drop` go first (0: never)


@dataclass
class View:
    title: str
    columns: list[Column]
    rows: list[dict[str, str]]
    payload: Any
    notes: list[str] = field(default_factory=list)
    styles: list[str | None] = field(default_factory=list)  # rich style per row, or None
    breaks: list[int] = field(default_factory=list)  # rows after which a section ends
    sheet: str = ""  # a short name for a spreadsheet's sheet
    lang: str = "vi"  # the language of the labels (for the writer's own words)
    only: list[str] | None = None  # the columns asked for (`--columns`), by key, in order
    wide: bool = False  # every column, however wide (`--wide`)
    data_file: dict[str, Any] | None = None  # the view as a data file (`--format yaml`), if any
    keep_formulas: bool = (
        False  # CSV cells starting `=`, `+`, `-`, `@` as written (`--keep-formulas`)
    )

    def columns_for(self, audience: str) -> list[Column]:
        """The columns people read (those `only` asks for, in its order, if it is set), or the
        columns programs read (always all of them)."""
        if audience == "people" and self.only:
            by_key = {c.key: c for c in self.columns if c.people}
            return [by_key[k] for k in self.only if k in by_key]
        return [c for c in self.columns if (c.people if audience == "people" else c.machines)]

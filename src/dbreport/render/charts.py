"""The briefing's two charts: achievement against the target, and the yearly pace needed to 2030.

matplotlib is an optional extra, imported only when a chart is drawn. The figures are built
without pyplot (no GUI backend, no global figure state), from matplotlib's own defaults and
DejaVu Sans (it carries Vietnamese diacritics), so a user's matplotlibrc changes nothing and the
same input gives the same bytes. SVG text stays text: small, searchable, copyable. Names are the
document's words, never mathtext: a `$` in a name is printed as a `$`.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dbreport.analysis.status import LABELS, Status
from dbreport.errors import UsageError
from dbreport.values import format_number

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text
    from matplotlib.typing import RcKeyType

    from dbreport.models import Indicator
    from dbreport.pipeline import Assessed
    from dbreport.render.brief import BriefData

CLIP = 200.0  # % of target: a dot beyond is drawn at the edge with its figure beside it
NAME_CHARS = 40
ROW_INCHES = 0.26
WIDTH_INCHES = 8.0  # a portrait page

RC: dict[RcKeyType, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 8.0,
    "svg.fonttype": "none",
    "svg.hashsalt": "dbreport",
}
COLOURS: dict[Status, str] = {
    "not_met": "#d62728",
    "nearly_met": "#ff7f0e",
    "met": "#2ca02c",
    "exceeded": "#1b6e3a",
}
SHOWN: tuple[Status, ...] = ("not_met", "nearly_met", "met", "exceeded")
NEUTRAL = "#9a9a9a"
ACCELERATE = "#d62728"
INK = "#333333"

WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "achievement": "Mức đạt so với mục tiêu Nghị quyết",
        "achievement_axis": "% so với mục tiêu",
        "pace": "Nhịp cần đạt mỗi năm tới 2030",
        "percent_per_year": "%/năm",
        "points_per_year": "điểm/năm",
        "required": "Cần mỗi năm",
        "required_fast": "Cần mỗi năm (phải tăng tốc)",
        "achieved": "Đã đạt mỗi năm",
        "no_achievement": "Không có chỉ tiêu nào tính được mức đạt.",
        "no_pace": "Không có chỉ tiêu nào tính được nhịp cần đạt.",
    },
    "en": {
        "achievement": "Achievement against the resolution target",
        "achievement_axis": "% of target",
        "pace": "Yearly pace needed to 2030",
        "percent_per_year": "%/yr",
        "points_per_year": "pts/yr",
        "required": "Needed each year",
        "required_fast": "Needed each year (must accelerate)",
        "achieved": "Achieved each year",
        "no_achievement": "No indicator has an achievement figure.",
        "no_pace": "No indicator has a pace to compute.",
    },
}


def draw_charts(
    data: BriefData,
    directory: Path,
    lang: str,
    *,
    stem: str = "",
    check: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Draw the briefing's charts into `directory` as PNG and SVG; return the files written (in
    order: achievement png, achievement svg, pace png, pace svg). `check` may refuse a file
    before it is written."""
    try:
        import matplotlib
        import matplotlib.style
    except ImportError:
        raise UsageError("Charts need matplotlib: pip install 'dbreport[charts]'.") from None
    words = WORDS.get(lang, WORDS["en"])
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with matplotlib.style.context("default"), matplotlib.rc_context(RC):
        for name, draw in (("achievement", _achievement), ("pace", _pace)):
            figure = draw(data, lang, words)
            for fmt in ("png", "svg"):
                path = directory / f"{stem}{name}.{fmt}"
                if check is not None:
                    check(path)
                _save(figure, path, fmt)
                written.append(path)
    return written


def _save(figure: Figure, path: Path, fmt: str) -> None:
    """Write through a temporary file beside the target: a reader never sees half a chart."""
    metadata: dict[str, str | None] = {"Date": None} if fmt == "svg" else {"Software": None}
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            figure.savefig(stream, format=fmt, dpi=150, metadata=metadata)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)  # mkstemp's 0600 is for the temporary file only
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@dataclass
class _Row:
    label: str
    item: Assessed | None = None  # None: a group's heading


def _short(text: str, limit: int = NAME_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _group(record: Indicator, lang: str) -> tuple[str, str]:
    from dbreport.render.views import title_of

    key = ".".join(part for part in (record.section, record.group) if part)
    title = f"{key} {_short(title_of(record, lang), NAME_CHARS + 10)}".strip()
    return key, title


def _rows(items: Iterator[Assessed], lang: str) -> list[_Row]:
    """Indicator rows in the table's order, each group opened by a heading row; names and
    titles in the reader's language where the data files know them."""
    from dbreport.render.views import name_of

    rows: list[_Row] = []
    current: str | None = None
    for item in items:
        key, title = _group(item.record, lang)
        if key and key != current:
            rows.append(_Row(title))
        current = key
        rows.append(_Row(f"{item.record.id}  {_short(name_of(item.record, lang))}", item))
    return rows


def _figure(rows: int, panels: Sequence[int] = ()) -> Figure:
    from matplotlib.figure import Figure

    height = 1.4 + ROW_INCHES * max(rows, 1) + 0.5 * max(len(panels) - 1, 0)
    return Figure(figsize=(WIDTH_INCHES, height), layout="constrained")


def _label_rows(ax: Axes, rows: list[_Row]) -> list[Text]:
    """Row labels top to bottom; headings bold, with a rule above each group but the first."""
    ticks = ax.set_yticks(range(len(rows)), labels=[row.label for row in rows])
    labels = [tick.label1 for tick in ticks]
    for row, label in zip(rows, labels, strict=True):
        label.set_parse_math(False)
        if row.item is None:
            label.set_fontweight("bold")
    ax.tick_params(axis="y", length=0)
    for y, row in enumerate(rows):
        if row.item is None and y > 0:
            ax.axhline(y - 0.5, color="#dddddd", linewidth=0.6, zorder=0)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    return labels


def _empty(figure: Figure, note: str) -> None:
    ax = figure.add_subplot()
    ax.set_axis_off()
    ax.text(0.5, 0.5, note, ha="center", va="center", parse_math=False)


def _percent(value: float, lang: str) -> str:
    shown = format_number(value, 0, lang=lang)
    if value < 100 and round(value) >= 100:  # 99.8 is not 100%
        shown = format_number(value, 1, lang=lang)
    return f"{shown}%"


def _achievement(data: BriefData, lang: str, words: dict[str, str]) -> Figure:
    items = [
        item
        for item in data.items
        if item.assessment.achievement is not None and item.assessment.status in COLOURS
    ]
    rows = _rows(iter(items), lang)
    figure = _figure(len(rows))
    figure.suptitle(words["achievement"], fontsize=11, parse_math=False)
    if not rows:
        _empty(figure, words["no_achievement"])
        return figure
    ax = figure.add_subplot()
    _label_rows(ax, rows)
    ax.axvline(100, color=INK, linewidth=0.8, zorder=1)
    ax.grid(axis="x", color="#eeeeee", linewidth=0.6)
    ax.set_axisbelow(True)
    for y, row in enumerate(rows):
        if row.item is None:
            continue
        a = row.item.assessment
        assert a.achievement is not None
        colour = COLOURS[a.status]
        value = max(0.0, a.achievement)
        clipped = value > CLIP
        ax.plot(
            [0, min(value, CLIP)], [y, y], color="#e4e4e4", linewidth=0.8, zorder=1
        )  # a faint stem: the eye finds the row
        ax.plot(
            min(value, CLIP),
            y,
            marker=">" if clipped else "o",
            markersize=6,
            color=colour,
            zorder=3,
            linestyle="none",
        )
        if clipped:
            text, offset, align = f"→ {_percent(value, lang)}", -7, "right"
        elif a.status in ("not_met", "nearly_met"):
            text, offset, align = _percent(value, lang), 6, "left"
        else:
            continue
        ax.annotate(
            text,
            (min(value, CLIP), y),
            xytext=(offset, 0),
            textcoords="offset points",
            ha=align,
            va="center",
            fontsize=7,
            color=colour,
            parse_math=False,
        )
    ax.set_xlim(0, CLIP + 8)
    ax.set_xticks([0, 50, 100, 150, 200], labels=["0", "50", "100", "150", f"≥{CLIP:.0f}"])
    ax.set_xlabel(words["achievement_axis"])
    ax.xaxis.set_ticks_position("both")
    ax.tick_params(axis="x", labeltop=True)
    labels = LABELS.get(lang, LABELS["en"])
    handles = [
        ax.plot([], [], marker="o", linestyle="none", color=COLOURS[s], label=labels[s])[0]
        for s in SHOWN
        if any(row.item is not None and row.item.assessment.status == s for row in rows)
    ]
    figure.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False)
    return figure


def _pace(data: BriefData, lang: str, words: dict[str, str]) -> Figure:
    units = ("percent_per_year", "points_per_year")
    panels = [
        (
            unit,
            _rows(
                (item for item, o in data.outlooks if o.required is not None and o.unit == unit),
                lang,
            ),
        )
        for unit in units
    ]
    panels = [(unit, rows) for unit, rows in panels if rows]
    outlook = {id(item): o for item, o in data.outlooks}
    sizes = [len(rows) for _, rows in panels]
    figure = _figure(sum(sizes), sizes)
    figure.suptitle(words["pace"], fontsize=11, parse_math=False)
    if not panels:
        _empty(figure, words["no_pace"])
        return figure
    axes = figure.subplots(len(panels), 1, squeeze=False, height_ratios=[s + 2 for s in sizes])
    fast = slow = achieved = False
    for (unit, rows), (ax,) in zip(panels, axes, strict=True):
        labels = _label_rows(ax, rows)
        ax.axvline(0, color=INK, linewidth=0.8, zorder=1)
        ax.grid(axis="x", color="#eeeeee", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_title(words[unit], loc="left", fontsize=9, parse_math=False)
        ax.set_xlabel(words[unit])
        for y, row in enumerate(rows):
            if row.item is None:
                continue
            o = outlook[id(row.item)]
            assert o.required is not None
            accelerate = o.need == "accelerate"
            fast, slow = fast or accelerate, slow or not accelerate
            ax.barh(y, o.required, height=0.6, color=ACCELERATE if accelerate else NEUTRAL)
            if o.achieved_pace is not None:
                achieved = True
                ax.plot(o.achieved_pace, y, marker="D", markersize=5, color=INK, zorder=3)
            if accelerate:
                labels[y].set_color(ACCELERATE)
    handles: list[Artist] = []
    if slow:
        handles.append(_patch(NEUTRAL, words["required"]))
    if fast:
        handles.append(_patch(ACCELERATE, words["required_fast"]))
    if achieved:
        from matplotlib.lines import Line2D

        handles.append(
            Line2D([], [], marker="D", linestyle="none", color=INK, label=words["achieved"])
        )
    figure.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False)
    return figure


def _patch(colour: str, label: str) -> Artist:
    from matplotlib.patches import Patch

    return Patch(color=colour, label=label)

"""Page images of scanned PDFs: render, straighten, find a table's ruling lines, clean.

Everything here is image work with OpenCV on grey-level numpy arrays; the OCR itself is in
`dbreport.sources.ocr`. Sizes are in pixels at the resolution a page was rendered at, so every
length below is a fraction of an inch scaled by `dpi`.

- The skew of a page is the angle whose rotation makes the rows of ink sharpest (the variance
  of the horizontal projection), searched over +-5 degrees on a low-resolution copy.
- Ruling lines are long thin runs of ink left by a morphological opening with a long, one pixel
  thick kernel; their segments become edges for pdfplumber's own table finder (the same
  algorithm that cuts a Word PDF's ruled table), which also copes with merged cells.
- Specks (isolated blobs smaller than a full stop, far from any letter) and the ruling lines are
  painted white before the OCR sees the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

Gray = npt.NDArray[np.uint8]
Box = tuple[int, int, int, int]  # x0, top, x1, bottom

MAX_PIXELS = 60_000_000  # an A2 sheet at 300 dpi; a larger page is rendered at a lower dpi
MAX_SKEW = 5.0  # degrees: a desk scanner's slant, not a page turned on its side


def render(page: Any, dpi: int) -> tuple[Gray, int]:
    """The page as grey levels at `dpi` (lowered for a huge page), and the dpi used."""
    width, height = page.get_size()
    pixels = width * height * (dpi / 72) ** 2
    if pixels > MAX_PIXELS:
        dpi = max(36, int(dpi * (MAX_PIXELS / pixels) ** 0.5))
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    array = np.asarray(bitmap.to_numpy())
    if array.ndim == 3:
        array = array[..., 0]
    return np.ascontiguousarray(array, dtype=np.uint8), dpi


def ink(gray: Gray, dpi: int) -> Gray:
    """Dark pixels as 255 on 0, thresholded against each neighbourhood (uneven scans)."""
    block = max(15, int(dpi / 10) | 1)
    return np.asarray(
        cv2.adaptiveThreshold(
            gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 15
        ),
        dtype=np.uint8,
    )


def skew(gray: Gray, dpi: int) -> float:
    """The page's slant in degrees (counter-clockwise positive), 0 when it cannot be told."""
    scale = min(1.0, 100 / dpi)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    dark = (small < 160).astype(np.float32)
    if dark.sum() < 50:
        return 0.0
    height, width = dark.shape
    centre = (width / 2, height / 2)

    def sharpness(angle: float) -> float:
        matrix = cv2.getRotationMatrix2D(centre, angle, 1.0)
        turned = cv2.warpAffine(dark, matrix, (width, height), flags=cv2.INTER_NEAREST)
        rows = turned.sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    coarse = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.25), key=sharpness)
    fine = max(np.arange(coarse - 0.25, coarse + 0.26, 0.02), key=sharpness)
    flat = sharpness(0.0)
    if sharpness(float(fine)) <= flat * 1.0001:
        return 0.0
    return round(float(fine), 2)


def straighten(gray: Gray, angle: float) -> Gray:
    if abs(angle) < 0.01:
        return gray
    height, width = gray.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return np.asarray(
        cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_CUBIC, borderValue=(255,)),
        dtype=np.uint8,
    )


@dataclass
class Ruling:
    """A page's ruling lines and the ink left once they are gone."""

    horizontal: Gray
    vertical: Gray
    text_ink: Gray  # ink without the lines and the specks
    erased: npt.NDArray[np.bool_]  # the pixels of the lines and the specks


def ruling(gray: Gray, dpi: int) -> Ruling:
    dark = ink(gray, dpi)
    # a break a scan leaves in a printed line is bridged when the edges are joined
    long_h = max(20, int(dpi * 0.4))  # 1 cm: shorter than a table cell, longer than any letter
    long_v = max(12, int(dpi * 0.2))  # 5 mm: longer than a letter's stem, shorter than a row
    horizontal = cv2.morphologyEx(
        dark,
        cv2.MORPH_OPEN,
        cv2.getStructuringElement(cv2.MORPH_RECT, (long_h, 1)),
    )
    vertical = cv2.morphologyEx(
        dark,
        cv2.MORPH_OPEN,
        cv2.getStructuringElement(cv2.MORPH_RECT, (1, long_v)),
    )
    lines = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8)) > 0
    text = np.where(lines, 0, dark).astype(np.uint8)
    specks = _specks(text, dpi)
    return Ruling(
        np.asarray(horizontal, dtype=np.uint8),
        np.asarray(vertical, dtype=np.uint8),
        np.where(specks, 0, text).astype(np.uint8),
        lines | specks,
    )


def _specks(dark: Gray, dpi: int) -> npt.NDArray[np.bool_]:
    """Blobs smaller than a full stop with no other ink near them (with a margin)."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    none = np.zeros(dark.shape, dtype=bool)
    if count <= 1:
        return none
    area = stats[:, cv2.CC_STAT_AREA]
    small = area <= max(2, int(14 * (dpi / 300) ** 2))
    small[0] = False
    if not small.any():
        return none
    big_pixels = (labels > 0) & ~small[labels]
    reach = max(5, int(dpi / 12))
    near = cv2.dilate(big_pixels.astype(np.uint8), np.ones((reach, reach), np.uint8)) > 0
    touching = np.zeros(count, dtype=bool)
    touching[np.unique(labels[near & small[labels]])] = True
    lonely = small & ~touching
    return np.asarray(cv2.dilate(lonely[labels].astype(np.uint8), np.ones((3, 3), np.uint8)) > 0)


def clean_page(gray: Gray, ruled: Ruling) -> Gray:
    """The page as the OCR should see it: its grey levels, lines and specks painted white."""
    out = gray.copy()
    out[ruled.erased] = 255
    return out


def table_cells(ruled: Ruling, dpi: int) -> list[list[list[Box | None]]]:
    """Each ruled table on the page as rows of cell boxes (None where a merged cell spans)."""
    import pdfplumber.table as finder

    horizontal = _edges(ruled.horizontal, "h", int(dpi * 0.4))
    edges = horizontal + _trimmed(_edges(ruled.vertical, "v", int(dpi * 0.2)), horizontal, dpi)
    if not edges:
        return []
    snap = max(2.0, dpi * 0.02)
    joined = finder.merge_edges(edges, snap, snap, dpi * 0.05, dpi * 0.05)
    crossings = finder.edges_to_intersections(joined, dpi * 0.03, dpi * 0.03)
    cells = finder.intersections_to_cells(crossings)
    tables = []
    for boxes in finder.cells_to_tables(cells):
        rows = finder.Table(None, boxes).rows  # type: ignore[arg-type]  # rows need no page
        grid = [
            [None if c is None else (int(c[0]), int(c[1]), int(c[2]), int(c[3])) for c in row.cells]
            for row in rows
        ]
        if len(grid) >= 2 and max(len(r) for r in grid) >= 2:
            tables.append(grid)
    return tables


def _trimmed(
    vertical: list[dict[str, Any]], horizontal: list[dict[str, Any]], dpi: int
) -> list[dict[str, Any]]:
    """Vertical lines without the stub a letter's stem adds where it touches a line: a piece
    beyond the first or last horizontal line it crosses that is shorter than any row."""
    shortest_row = dpi * 0.13  # a row holds at least one line of text and its margins
    out = []
    for edge in vertical:
        x = edge["x0"]
        crossings = sorted(
            h["top"]
            for h in horizontal
            if h["x0"] - 3 <= x <= h["x1"] + 3 and edge["top"] - 3 <= h["top"] <= edge["bottom"] + 3
        )
        top, bottom = edge["top"], edge["bottom"]
        if crossings and 3 < crossings[0] - top < shortest_row:
            top = crossings[0]
        if crossings and 3 < bottom - crossings[-1] < shortest_row:
            bottom = crossings[-1]
        if bottom - top >= dpi * 0.1:
            out.append(_edge(x, x, top, bottom, "v"))
    return out


def _edges(mask: Gray, orientation: str, shortest: int) -> list[dict[str, Any]]:
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    edges: list[dict[str, Any]] = []
    for k in range(1, count):
        x, y, w, h = (int(v) for v in stats[k, :4])
        if orientation == "h" and w >= shortest:
            middle = y + h / 2
            edges.append(_edge(x, x + w, middle, middle, "h"))
        elif orientation == "v" and h >= shortest:
            middle = x + w / 2
            edges.append(_edge(middle, middle, y, y + h, "v"))
    return edges


def _edge(x0: float, x1: float, top: float, bottom: float, orientation: str) -> dict[str, Any]:
    return {
        "x0": float(x0),
        "x1": float(x1),
        "top": float(top),
        "bottom": float(bottom),
        "width": float(x1 - x0),
        "height": float(bottom - top),
        "orientation": orientation,
    }


def has_ink(ruled: Ruling, box: Box, dpi: int) -> bool:
    """Whether a cell holds anything to read (a full stop's worth of ink or more)."""
    x0, top, x1, bottom = box
    inset = max(1, dpi // 100)
    part = ruled.text_ink[top + inset : bottom - inset, x0 + inset : x1 - inset]
    return int(np.count_nonzero(part)) >= max(4, int(20 * (dpi / 300) ** 2))


def ink_lines(ruled: Ruling, box: Box, dpi: int) -> list[tuple[int, int]]:
    """The lines of text within a box, as bands of rows (top, bottom): runs of inked rows split
    by blank rows, a run too thin to be a line (a diacritic, a dot below) joined to the line
    next to it."""
    x0, top, x1, bottom = box
    part = ruled.text_ink[top:bottom, x0:x1]
    if part.size == 0:
        return []
    rows = (np.count_nonzero(part, axis=1) > 0).tolist()
    runs: list[list[int]] = []
    for y, inked in enumerate(rows):
        if inked and runs and runs[-1][1] == y:
            runs[-1][1] = y + 1
        elif inked:
            runs.append([y, y + 1])
    thin = max(3, int(dpi * 0.045))
    bands: list[list[int]] = []
    for run in runs:
        if bands and (run[1] - run[0] < thin or bands[-1][1] - bands[-1][0] < thin):
            bands[-1][1] = run[1]
        else:
            bands.append(run)
    return [(top + a, top + b) for a, b in bands]

"""Imposition for digital presses: cells on a press sheet, their crop marks and sheet order.

A cell holds one printed surface with its bleed (trim + 2 × bleed); bleeds never overlap, so
cells sit `gap` apart. The grid is centred on the sheet inside a margin kept for crop marks and
the slug line. Crop marks extend every trim edge into the free space around it (the gaps and
the margin), stopping short of a neighbour's bleed. A back sheet mirrors the columns, so a
sheet turned over its vertical axis puts each back behind its front.
"""

import math
from dataclasses import dataclass

from monogram.rendering.model import pt
from monogram.rendering.pdf import MARK_GAP, MARK_LENGTH, MARKS_MARGIN
from monogram.rendering.pdf_stream import number


@dataclass(frozen=True)
class Grid:
    """Cells on a sheet, in points: columns × rows of cell_width × cell_height, gap apart."""

    sheet: tuple[float, float]
    columns: int
    rows: int
    cell_width: float
    cell_height: float
    gap: float
    left: float  # the grid's outer left edge
    top: float  # the grid's outer top edge (PDF y, so the highest)

    @property
    def cells(self):
        return self.columns * self.rows

    def cell_origin(self, index, mirrored=False):
        """Bottom-left corner of cell index (row by row from the top left), in points."""
        row, column = divmod(index, self.columns)
        if mirrored:
            column = self.columns - 1 - column
        x = self.left + column * (self.cell_width + self.gap)
        y = self.top - (row + 1) * self.cell_height - row * self.gap
        return x, y


def grid(sheet_mm, gap_mm, areas):
    """The largest grid of cells, each fitting the biggest of the areas with its bleed."""
    cell_width = max(pt(area.width + 2 * area.bleed) for area in areas)
    cell_height = max(pt(area.height + 2 * area.bleed) for area in areas)
    sheet = (pt(sheet_mm[0]), pt(sheet_mm[1]))
    gap, margin = pt(gap_mm), pt(MARKS_MARGIN)
    columns = math.floor((sheet[0] - 2 * margin + gap) / (cell_width + gap))
    rows = math.floor((sheet[1] - 2 * margin + gap) / (cell_height + gap))
    if columns < 1 or rows < 1:
        raise ValueError(f"a {sheet_mm[0]:g}×{sheet_mm[1]:g} mm sheet holds no cell")
    width = columns * cell_width + (columns - 1) * gap
    height = rows * cell_height + (rows - 1) * gap
    left = (sheet[0] - width) / 2
    top = (sheet[1] + height) / 2
    return Grid(sheet, columns, rows, cell_width, cell_height, gap, left, top)


def placed_trim(grid_, index, area, mirrored=False):
    """(x0, y0, x1, y1) of the area's trim in cell index, centred in the cell."""
    x, y = grid_.cell_origin(index, mirrored)
    width, height = pt(area.width), pt(area.height)
    x0 = x + (grid_.cell_width - width) / 2
    y0 = y + (grid_.cell_height - height) / 2
    return (x0, y0, x0 + width, y0 + height)


def crop_marks(grid_, filled, area, mirrored=False):
    """Stroke operators for the crop marks of the filled cells (indexes), in registration."""
    bleed = pt(area.bleed)
    start = bleed + pt(MARK_GAP)
    lines = []
    for index in filled:
        trim = placed_trim(grid_, index, area, mirrored)
        row, column = divmod(index, grid_.columns)
        if mirrored:
            column = grid_.columns - 1 - column
        # Free room past the bleed on each side: the gap, or the margin at the grid's edge.
        spare_x = grid_.cell_width - pt(area.width) - 2 * bleed
        spare_y = grid_.cell_height - pt(area.height) - 2 * bleed
        room_x = {
            -1: _room(column == 0, grid_.gap, spare_x),
            1: _room(column == grid_.columns - 1, grid_.gap, spare_x),
        }
        room_y = {
            1: _room(row == 0, grid_.gap, spare_y),
            -1: _room(row == grid_.rows - 1, grid_.gap, spare_y),
        }
        for x, sx in ((trim[0], -1), (trim[2], 1)):
            for y, sy in ((trim[1], -1), (trim[3], 1)):
                end = min(start + pt(MARK_LENGTH), bleed + room_x[sx] - pt(MARK_GAP))
                if end > start:
                    lines.append(_line(x + sx * start, y, x + sx * end, y))
                end = min(start + pt(MARK_LENGTH), bleed + room_y[sy] - pt(MARK_GAP))
                if end > start:
                    lines.append(_line(x, y + sy * start, x, y + sy * end))
    if not lines:
        return b""
    # 100 % of every process ink, a 0.25 pt hairline: as on single pages (rendering.pdf).
    return b"q 1 1 1 1 K 0.25 w 0 J\n" + b"\n".join(lines) + b"\nQ"


def _room(outer, gap, spare):
    """Free length past the bleed: the margin at the grid's edge or the gap between cells, plus
    half of what the cell leaves around a smaller area (centred in it)."""
    return (pt(MARKS_MARGIN) if outer else gap) + spare / 2


def _line(x0, y0, x1, y1):
    return f"{number(x0)} {number(y0)} m {number(x1)} {number(y1)} l S".encode()

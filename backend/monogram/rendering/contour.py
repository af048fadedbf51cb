"""The cut contour: a hairline in the spot colour CutContour that the cutting plotter follows."""

from PIL import ImageFilter

from monogram.rendering.model import pt

CONTOUR_WEIGHT = 0.25  # pt
# The outline of a shape is traced on a mask at this resolution: 0.17 mm per pixel, finer than
# a plotter's blade follows.
SHAPE_DPI = 150
# A shape contour keeps this distance from the artwork, so the blade never nicks the print and
# letters close together become one sticker.
SHAPE_MARGIN = 1.5  # mm


def cut_contour_paths(area, trim, artwork_mask=None):
    """Closed paths for the area's cut contour, as lists of (x, y) points on the page."""
    rule = area.cut_contour
    if rule == "none":
        return []
    if rule == "trim":
        return [_rect(trim)]
    if rule.startswith("offset:"):
        by = pt(float(rule.split(":", 1)[1]))
        return [_rect((trim[0] - by, trim[1] - by, trim[2] + by, trim[3] + by))]
    if rule == "shape":
        if artwork_mask is None:
            return [_rect(trim)]
        return _shape_paths(trim, artwork_mask())
    raise ValueError(f"unknown cut contour {rule!r}")


def draw_cut_contour(canvas, area, trim, ctx, artwork_mask=None):
    paths = cut_contour_paths(area, trim, artwork_mask)
    if not paths:
        return
    canvas.saveState()
    canvas.setStrokeColor(ctx.inks.cut_contour_color())
    canvas.setLineWidth(CONTOUR_WEIGHT)
    # Overprint, so the contour never knocks a white line out of the artwork under it.
    canvas._setStrokeOverprint(True)
    for points in paths:
        path = canvas.beginPath()
        path.moveTo(*points[0])
        for point in points[1:]:
            path.lineTo(*point)
        path.close()
        canvas.drawPath(path, stroke=1, fill=0)
    canvas.restoreState()


def _rect(box):
    x0, y0, x1, y1 = box
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def _shape_paths(trim, mask):
    """Outer outlines of the inked parts of mask (an "L" image of the trim box, y down)."""
    margin_px = max(1, round(SHAPE_MARGIN / 25.4 * SHAPE_DPI))
    grown = mask.point(lambda v: 255 if v > 8 else 0).filter(
        ImageFilter.MaxFilter(2 * margin_px + 1)
    )
    width, height = grown.size
    pixels = grown.load()
    scale_x = (trim[2] - trim[0]) / width
    scale_y = (trim[3] - trim[1]) / height
    paths = []
    for loop in _outer_loops(pixels, width, height):
        simplified = _simplify(loop, 0.75)
        paths.append([(trim[0] + x * scale_x, trim[3] - y * scale_y) for x, y in simplified])
    return paths


def _outer_loops(pixels, width, height):
    """Boundaries between inked and blank pixels, traced along pixel edges; holes are dropped."""

    def inked(x, y):
        return 0 <= x < width and 0 <= y < height and pixels[x, y]

    following = {}
    for y in range(height):
        for x in range(width):
            if not pixels[x, y]:
                continue
            # Edges run clockwise around inked pixels (y down), so outer loops turn clockwise.
            if not inked(x, y - 1):
                following.setdefault((x, y), []).append((x + 1, y))
            if not inked(x + 1, y):
                following.setdefault((x + 1, y), []).append((x + 1, y + 1))
            if not inked(x, y + 1):
                following.setdefault((x + 1, y + 1), []).append((x, y + 1))
            if not inked(x - 1, y):
                following.setdefault((x, y + 1), []).append((x, y))
    loops = []
    for start in sorted(following):
        while following.get(start):
            loop = [start]
            point = following[start].pop()
            while point != start:
                loop.append(point)
                point = following[point].pop()
            if _signed_area(loop) > 0:  # clockwise on screen: an outer edge, not a hole
                loops.append(loop)
    return loops


def _signed_area(loop):
    return (
        sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(loop, loop[1:] + loop[:1], strict=True))
        / 2
    )


def _simplify(points, tolerance):
    """Ramer–Douglas–Peucker on a closed loop: the staircase of pixel edges becomes lines."""
    if len(points) < 4:
        return points
    # Split the loop at its two farthest-apart points and simplify each half as an open line.
    far = max(range(len(points)), key=lambda i: _distance2(points[0], points[i]))
    first = _rdp(points[: far + 1], tolerance)
    second = _rdp([*points[far:], points[0]], tolerance)
    return first[:-1] + second[:-1]


def _rdp(points, tolerance):
    stack = [(0, len(points) - 1)]
    keep = {0, len(points) - 1}
    while stack:
        start, end = stack.pop()
        worst, worst_at = 0.0, None
        for i in range(start + 1, end):
            d = _line_distance(points[i], points[start], points[end])
            if d > worst:
                worst, worst_at = d, i
        if worst_at is not None and worst > tolerance:
            keep.add(worst_at)
            stack.extend(((start, worst_at), (worst_at, end)))
    return [points[i] for i in sorted(keep)]


def _distance2(a, b):
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2


def _line_distance(p, a, b):
    length2 = _distance2(a, b)
    if length2 == 0:
        return _distance2(p, a) ** 0.5
    cross = (b[0] - a[0]) * (a[1] - p[1]) - (a[0] - p[0]) * (b[1] - a[1])
    return abs(cross) / length2**0.5

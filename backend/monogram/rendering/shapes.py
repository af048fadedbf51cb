"""Shapes: rectangles with rounded corners, ellipses and lines, in the area's inks.

The box is the outer edge of a shape as printed: an outline is drawn inside it, so a frame
placed on the trim is not half cut away. A line runs through the middle of its box from the
left edge to the right edge, butt-ended, in the stroke colour at stroke_width; a line without
a stroke colour or width draws nothing, as an outline of zero width would be a device hairline.
"""

from monogram.rendering.model import pt


def draw_shape(canvas, obj, box, ctx):
    opacity = obj.get("opacity", 1)
    fill, stroke = obj.get("fill"), obj.get("stroke")
    weight = pt(obj.get("stroke_width", 0))
    if weight <= 0:
        stroke = None
    if obj["shape"] == "line":
        fill = None
    if fill is None and stroke is None:
        return
    canvas.saveState()
    if fill is not None:
        canvas.setFillColor(ctx.inks.color(fill, alpha=opacity))
    if stroke is not None:
        canvas.setStrokeColor(ctx.inks.color(stroke, alpha=opacity))
        canvas.setLineWidth(weight)
    paint = {"fill": int(fill is not None), "stroke": int(stroke is not None)}
    if obj["shape"] == "line":
        canvas.setLineCap(0)
        canvas.line(0, box.height / 2, box.width, box.height / 2)
    elif obj["shape"] == "ellipse":
        inset = _inset(weight if stroke else 0, box)
        canvas.ellipse(inset, inset, box.width - inset, box.height - inset, **paint)
    else:
        _rect(canvas, box, pt(obj.get("corner_radius", 0)), weight if stroke else 0, paint)
    canvas.restoreState()


def _rect(canvas, box, radius, weight, paint):
    inset = _inset(weight, box)
    width, height = box.width - 2 * inset, box.height - 2 * inset
    # The outer edge keeps the radius asked for; the stroke's centre line runs inside it.
    radius = min(max(radius - inset, 0), width / 2, height / 2)
    if radius > 0:
        canvas.roundRect(inset, inset, width, height, radius, **paint)
    else:
        canvas.setLineJoin(0)  # mitred: square corners stay square
        canvas.rect(inset, inset, width, height, **paint)


def _inset(weight, box):
    # Half the outline inside the edge, but never past the centre of a thin box.
    return min(weight / 2, box.width / 2, box.height / 2)

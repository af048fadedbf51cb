"""The demo's 3D models, made in code at real size: a mug, a box and a sign.

Sizes are in millimetres here and metres in the GLB (glTF's unit), so AR shows the object as
large as it is. The model stands on y = 0, faces +z (a viewer's default camera) and each print
area is a material named after the area's id, its UVs spanning the area's trim: u from the
left edge, v from the top edge, as the design reads it.
"""

import math
from dataclasses import dataclass

from monogram.rendering.glb import Material, Primitive, write_glb

MM = 0.001  # metres per millimetre

WHITE = (1.0, 1.0, 1.0, 1.0)
CERAMIC = Material("ceramic", WHITE, roughness=0.25)
PANEL_EDGE = Material("edge", (0.8, 0.8, 0.8, 1.0), roughness=0.5)


@dataclass(frozen=True)
class MugSize:
    radius: float = 41.0  # outer, mm: an 11 oz mug
    height: float = 95.0
    wall: float = 3.0
    wrap_width: float = 200.0  # the printable arc, mm; the rest of the round is by the handle
    wrap_height: float = 80.0


@dataclass(frozen=True)
class BoxSize:
    width: float = 120.0
    height: float = 80.0
    depth: float = 60.0

    def panels(self):
        """Each panel's area id and (width, height) in mm as the design sees it."""
        w, h, d = self.width, self.height, self.depth
        return {
            "front": (w, h),
            "back": (w, h),
            "left": (d, h),
            "right": (d, h),
            "top": (w, d),
            "bottom": (w, d),
        }


@dataclass(frozen=True)
class SignSize:
    width: float = 300.0
    height: float = 200.0
    thickness: float = 5.0


MUG, BOX, SIGN = MugSize(), BoxSize(), SignSize()


def grid(primitive, columns, rows, point):
    """A surface of columns × rows quads; point(s, t) gives (position mm, normal, uv).

    s and t run over 0..1; the triangles are wound to face along the surface's normals, so a
    viewer culling back faces shows the side the normals point to.
    """
    first = len(primitive.positions)
    for row in range(rows + 1):
        for column in range(columns + 1):
            position, normal, uv = point(column / columns, row / rows)
            primitive.add_vertex([x * MM for x in position], normal, uv)
    start = len(primitive.indices)
    for row in range(rows):
        for column in range(columns):
            a = first + row * (columns + 1) + column
            primitive.add_quad(a, a + columns + 1, a + columns + 2, a + 1)
    _face_normals(primitive, start)


def _face_normals(primitive, start):
    """Turn the triangles added since `start` round if they face away from their normals."""
    triangles = primitive.indices[start:]
    for i in range(0, len(triangles), 3):
        a, b, c = (primitive.positions[k] for k in triangles[i : i + 3])
        face = _cross(_minus(b, a), _minus(c, a))
        if math.fsum(x * x for x in face) > 1e-18:
            normal = primitive.normals[triangles[i]]
            if sum(f * n for f, n in zip(face, normal, strict=True)) < 0:
                flipped = []
                for j in range(0, len(triangles), 3):
                    flipped += [triangles[j], triangles[j + 2], triangles[j + 1]]
                primitive.indices[start:] = flipped
            return


def _minus(a, b):
    return tuple(x - y for x, y in zip(a, b, strict=True))


def _cross(a, b):
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


# The mug ---------------------------------------------------------------------------------------


def mug_glb(size=MUG, area_id="wrap"):
    """A mug: the wrap area round the body, centred at the front, its ends by the handle."""
    r, height = size.radius, size.height
    arc = size.wrap_width / r  # radians of the round the print covers
    if not 0 < arc < 2 * math.pi:
        raise ValueError("The wrap must be shorter than the mug's circumference.")
    low = (height - size.wrap_height) / 2
    high = low + size.wrap_height
    body, wrap = Primitive("ceramic"), Primitive(area_id, textured=True)

    def outer(theta0, theta1, y0, y1, primitive, uv=False):
        def point(s, t):
            theta = theta0 + s * (theta1 - theta0)
            y = y1 - t * (y1 - y0)
            normal = (math.sin(theta), 0.0, math.cos(theta))
            return (r * normal[0], y, r * normal[2]), normal, ((s, t) if uv else (0.0, 0.0))

        columns = max(2, math.ceil(abs(theta1 - theta0) / (2 * math.pi) * 128))
        grid(primitive, columns, 1, point)

    # Angles from the front (+z) towards +x: the print's left edge is at -arc/2.
    outer(-arc / 2, arc / 2, low, high, wrap, uv=True)
    outer(arc / 2, 2 * math.pi - arc / 2, low, high, body)
    outer(-math.pi, math.pi, high, height, body)
    outer(-math.pi, math.pi, 0.0, low, body)
    inner_r = r - size.wall

    def inner(s, t):
        theta = math.pi - s * 2 * math.pi
        y = height - t * (height - size.wall)
        return (
            (inner_r * math.sin(theta), y, inner_r * math.cos(theta)),
            (
                -math.sin(theta),
                0.0,
                -math.cos(theta),
            ),
            (0.0, 0.0),
        )

    grid(body, 128, 1, inner)
    _ring(body, inner_r, r, height, up=True)  # the rim
    _ring(body, 0.0, r, 0.0, up=False)  # the foot
    _ring(body, 0.0, inner_r, size.wall, up=True)  # the floor inside
    _handle(body, size)
    return write_glb("Mug", [wrap, body], [Material(area_id, WHITE, roughness=0.25), CERAMIC])


def _ring(primitive, inner_r, outer_r, y, up):
    def point(s, t):
        theta = s * 2 * math.pi
        radius = outer_r - t * (outer_r - inner_r)
        return (
            (radius * math.sin(theta), y, radius * math.cos(theta)),
            (
                0.0,
                1.0 if up else -1.0,
                0.0,
            ),
            (0.0, 0.0),
        )

    grid(primitive, 128, 1, point)


def _handle(primitive, size):
    """A C-shaped handle at the back (-z), its ends sunk into the wall."""
    centre_y = size.height / 2
    reach = size.height * 0.3  # how far it stands out and half its span
    base = size.radius - size.wall / 2
    half_n, half_b = 5.5, 4.0  # half thickness in the curve's plane, half width across it

    def point(s, t):
        phi = math.pi / 2 - t * math.pi  # top to bottom
        centre = (0.0, centre_y + reach * math.sin(phi), -(base + reach * math.cos(phi)))
        tangent = (0.0, -math.cos(phi), -math.sin(phi))  # d(centre)/dt, unnormalised
        across = (1.0, 0.0, 0.0)
        inward = _cross(tangent, across)
        alpha = s * 2 * math.pi
        offset = [
            half_n * math.cos(alpha) * n + half_b * math.sin(alpha) * b
            for n, b in zip(inward, across, strict=True)
        ]
        normal = [
            math.cos(alpha) / half_n * n + math.sin(alpha) / half_b * b
            for n, b in zip(inward, across, strict=True)
        ]
        return tuple(c + o for c, o in zip(centre, offset, strict=True)), normal, (0.0, 0.0)

    grid(primitive, 24, 48, point)


# The box ---------------------------------------------------------------------------------------


def box_glb(size=BOX):
    """A closed box on the floor, each of its six panels a print area named after its side."""
    w, h, d = size.width, size.height, size.depth
    x, z = w / 2, d / 2
    # Each panel: its top-left corner seen from outside, the directions of its right and down
    # edges (unit vectors), and the outward normal. Top reads with the front at its foot;
    # bottom, seen from below, with the front at its head.
    panels = {
        "front": ((-x, h, z), (1, 0, 0), (0, -1, 0), (0, 0, 1)),
        "back": ((x, h, -z), (-1, 0, 0), (0, -1, 0), (0, 0, -1)),
        "right": ((x, h, z), (0, 0, -1), (0, -1, 0), (1, 0, 0)),
        "left": ((-x, h, -z), (0, 0, 1), (0, -1, 0), (-1, 0, 0)),
        "top": ((-x, h, -z), (1, 0, 0), (0, 0, 1), (0, 1, 0)),
        "bottom": ((-x, 0, z), (1, 0, 0), (0, 0, -1), (0, -1, 0)),
    }
    primitives = []
    for area_id, (panel_w, panel_h) in size.panels().items():
        corner, right, down, normal = panels[area_id]
        primitive = Primitive(area_id, textured=True)
        grid(primitive, 1, 1, _flat(corner, right, down, normal, panel_w, panel_h))
        primitives.append(primitive)
    materials = [Material(area_id, WHITE, roughness=0.8) for area_id in panels]
    return write_glb("Box", primitives, materials)


def _flat(corner, right, down, normal, width, height):
    def point(s, t):
        position = tuple(
            c + s * width * r + t * height * d for c, r, d in zip(corner, right, down, strict=True)
        )
        return position, normal, (s, t)

    return point


# The sign --------------------------------------------------------------------------------------


def sign_glb(size=SIGN, area_id="front"):
    """A flat panel standing on its edge: the front is the print area, the rest bare edge."""
    w, h, t = size.width, size.height, size.thickness
    x, z = w / 2, t / 2
    face = Primitive(area_id, textured=True)
    grid(face, 1, 1, _flat((-x, h, z), (1, 0, 0), (0, -1, 0), (0, 0, 1), w, h))
    edge = Primitive("edge")
    for corner, right, down, normal, width, height in (
        ((x, h, -z), (-1, 0, 0), (0, -1, 0), (0, 0, -1), w, h),  # back
        ((-x, h, -z), (1, 0, 0), (0, 0, 1), (0, 1, 0), w, t),  # top
        ((-x, 0, z), (1, 0, 0), (0, 0, -1), (0, -1, 0), w, t),  # bottom
        ((x, h, z), (0, 0, -1), (0, -1, 0), (1, 0, 0), t, h),  # right
        ((-x, h, -z), (0, 0, 1), (0, -1, 0), (-1, 0, 0), t, h),  # left
    ):
        grid(edge, 1, 1, _flat(corner, right, down, normal, width, height))
    return write_glb("Sign", [face, edge], [Material(area_id, WHITE, roughness=0.4), PANEL_EDGE])

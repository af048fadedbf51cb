"""Mockups: artwork warped onto the product photo through its quad, printed or embroidered."""

import io
import struct

import pytest
from PIL import Image, ImageDraw, ImageStat

from monogram.rendering.mockup import compose_mockup, mockup_png, posterise_threads

PHOTO_SIZE = (400, 300)
# A card seen at an angle: TL, TR, BR, BL in photo pixels.
QUAD = ((60, 50), (340, 70), (330, 250), (70, 235))
CRIMSON = (200, 30, 60)


def photo_bytes(kind="white"):
    if kind == "white":
        photo = Image.new("RGB", PHOTO_SIZE, (255, 255, 255))
    else:
        # Light from left to right, as across a fold: every column a different grey.
        ramp = Image.linear_gradient("L").rotate(90).resize(PHOTO_SIZE)
        photo = ramp.point(lambda value: 90 + value * 165 // 255).convert("RGB")
    out = io.BytesIO()
    photo.save(out, "PNG")
    return out.getvalue()


def photo_pixels(kind):
    return Image.open(io.BytesIO(photo_bytes(kind))).convert("RGB")


def solid(color=CRIMSON, size=(170, 110)):
    return Image.new("RGB", size, color)


def quarters(size=(170, 110)):
    """Red, green, blue and yellow quarters: TL, TR, BR, BL."""
    art = Image.new("RGB", size)
    draw = ImageDraw.Draw(art)
    w, h = size
    draw.rectangle((0, 0, w // 2 - 1, h // 2 - 1), fill=(255, 0, 0))
    draw.rectangle((w // 2, 0, w - 1, h // 2 - 1), fill=(0, 255, 0))
    draw.rectangle((w // 2, h // 2, w - 1, h - 1), fill=(0, 0, 255))
    draw.rectangle((0, h // 2, w // 2 - 1, h - 1), fill=(255, 255, 0))
    return art


def centre():
    return (sum(x for x, _ in QUAD) / 4, sum(y for _, y in QUAD) / 4)


def toward_centre(corner, share=0.12):
    cx, cy = centre()
    return (
        round(corner[0] + (cx - corner[0]) * share),
        round(corner[1] + (cy - corner[1]) * share),
    )


def near(actual, expected, tolerance=3):
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


INSIDE = [tuple(round(v) for v in centre())] + [toward_centre(corner) for corner in QUAD]
# Beyond each edge of the quad, and the photo's corners.
OUTSIDE = [(200, 30), (360, 150), (200, 270), (40, 150), (0, 0), (399, 299)]


def test_artwork_lands_in_the_quad_and_nowhere_else():
    mockup = compose_mockup(photo_bytes(), QUAD, solid(), "digital_print")
    assert mockup.size == PHOTO_SIZE and mockup.mode == "RGB"
    for point in INSIDE:
        assert near(mockup.getpixel(point), CRIMSON), point
    for point in OUTSIDE:
        assert mockup.getpixel(point) == (255, 255, 255), point


def test_each_corner_of_the_artwork_goes_to_its_corner_of_the_quad():
    mockup = compose_mockup(photo_bytes(), QUAD, quarters(), "digital_print")
    expected = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0)]
    for corner, color in zip(QUAD, expected, strict=True):
        assert near(mockup.getpixel(toward_centre(corner, 0.2)), color), corner


def test_print_multiplies_with_the_photo_so_its_shading_shows():
    photo = photo_pixels("shaded")
    mockup = compose_mockup(photo_bytes("shaded"), QUAD, solid(), "digital_print")
    for point in INSIDE:
        shade = photo.getpixel(point)
        expected = tuple(c * s / 255 for c, s in zip(CRIMSON, shade, strict=True))
        assert near(mockup.getpixel(point), expected), point
    for point in OUTSIDE:
        assert mockup.getpixel(point) == photo.getpixel(point), point


def test_transparent_artwork_leaves_the_photo_showing():
    art = Image.new("RGBA", (170, 110), (0, 0, 0, 0))
    ImageDraw.Draw(art).rectangle((60, 40, 110, 70), fill=(*CRIMSON, 255))
    mockup = compose_mockup(photo_bytes(), QUAD, art, "digital_print")
    assert near(mockup.getpixel(tuple(round(v) for v in centre())), CRIMSON)
    for corner in QUAD:
        assert mockup.getpixel(toward_centre(corner)) == (255, 255, 255), corner


def test_same_inputs_give_the_same_png_bytes():
    first = mockup_png(compose_mockup(photo_bytes(), QUAD, quarters(), "digital_print"))
    second = mockup_png(compose_mockup(photo_bytes(), QUAD, quarters(), "digital_print"))
    assert first == second
    assert png_chunks(first) == ["IHDR", "IDAT", "IEND"]
    assert Image.open(io.BytesIO(first)).size == PHOTO_SIZE
    stitched = compose_mockup(photo_bytes(), QUAD, quarters(), "embroidery")
    assert mockup_png(stitched) == mockup_png(
        compose_mockup(photo_bytes(), QUAD, quarters(), "embroidery")
    )


def png_chunks(data):
    """Chunk types in order, with each IDAT listed once."""
    chunks, offset = [], 8
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        if not chunks or chunks[-1] != kind.decode():
            chunks.append(kind.decode())
        offset += 12 + length
    return chunks


def inner_patch(image):
    cx, cy = (round(v) for v in centre())
    return image.crop((cx - 30, cy - 20, cx + 30, cy + 20))


def test_embroidery_looks_stitched_not_printed():
    flat = compose_mockup(photo_bytes(), QUAD, solid(), "digital_print")
    stitched = compose_mockup(photo_bytes(), QUAD, solid(), "embroidery")
    assert stitched.size == PHOTO_SIZE
    flat_spread = ImageStat.Stat(inner_patch(flat).convert("L")).stddev[0]
    stitch_spread = ImageStat.Stat(inner_patch(stitched).convert("L")).stddev[0]
    assert flat_spread < 1
    # Satin stitches: light on each thread's crest, dark in the grooves between.
    assert stitch_spread > 15
    # Still the crimson thread: red leads in every stitch, however lit.
    pixels = inner_patch(stitched).tobytes()
    for red, green, blue in zip(pixels[0::3], pixels[1::3], pixels[2::3], strict=True):
        assert red - max(green, blue) > 40
    # The raised threads cast a soft shadow on the fabric just past their lower-right edge.
    below = (QUAD[2][0] - 40, QUAD[2][1] + 3)
    assert flat.getpixel(below) == (255, 255, 255)
    shadow = stitched.getpixel(below)
    assert shadow != (255, 255, 255) and max(shadow) - min(shadow) < 8


def test_embroidery_keeps_the_fabric_where_nothing_is_stitched():
    # Artwork without alpha: its white paper is fabric, not white thread.
    art = Image.new("RGB", (170, 110), (255, 255, 255))
    ImageDraw.Draw(art).rectangle((60, 40, 110, 70), fill=CRIMSON)
    stitched = compose_mockup(photo_bytes("shaded"), QUAD, art, "embroidery")
    photo = photo_pixels("shaded")
    for corner in QUAD:
        point = toward_centre(corner)
        assert stitched.getpixel(point) == photo.getpixel(point), corner


def test_threads_come_in_a_limited_palette():
    # A full-colour gradient: thousands of colours in, a rack of threads out.
    size = (200, 120)
    red = Image.radial_gradient("L").resize(size)
    green = Image.linear_gradient("L").resize(size)
    blue = Image.linear_gradient("L").rotate(90).resize(size)
    art = Image.merge("RGB", (red, green, blue))
    assert len(art.getcolors(1 << 16)) > 1000
    threads = posterise_threads(art.convert("RGBA")).convert("RGB")
    assert len(threads.getcolors(1 << 16)) <= 12


def test_a_flat_quad_is_refused():
    with pytest.raises(ValueError, match="degenerate"):
        compose_mockup(photo_bytes(), ((10, 10), (100, 10), (200, 10), (10, 10)), solid(), "print")

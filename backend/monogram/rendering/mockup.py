"""Mockups: a print area's artwork warped onto the product photo, shown as ink or as thread."""

import io
import math

from PIL import Image, ImageChops, ImageFilter

THREAD_COLOURS = 12  # a thread rack's worth: embroidery machines carry a dozen needles or so
# Near-white on artwork without alpha is the unstitched fabric, not white thread.
FABRIC_WHITE = 250
# Fewest pixels across a satin stitch in the photo, and how many stitches span the design.
STITCH_MIN_PX = 3
STITCHES_ACROSS = 100
# Pixels sampled to choose the thread colours: plenty for a dozen colours, quick on any photo.
PALETTE_SAMPLE = 65536
# Lighting is taken relative to this brightness percentile of the photo under the artwork, so a
# dark garment's threads stay their own colour while its folds still shade them.
LIGHT_PERCENTILE = 0.98


def compose_mockup(photo: bytes, quad, artwork: Image.Image, technique: str) -> Image.Image:
    """The product photo with the artwork on it through quad (TL, TR, BR, BL in photo pixels).

    Printed techniques multiply the ink with the photo, so folds and shading show through; for
    embroidery the artwork becomes raised, textured thread lit by the photo.
    """
    product = _open_photo(photo)
    size = _quad_size(quad)
    if technique == "embroidery":
        art = artwork if _has_alpha(artwork) else _fabric_clear(artwork)
        art = art.convert("RGBA").resize(size, Image.Resampling.LANCZOS)
        patch, margin = embroider(art)
        return _stitched(product, warp(patch, quad, product.size, margin))
    # White ink-free paper multiplies to the photo itself, so opaque artwork needs no alpha.
    art = artwork.convert("RGBA").resize(size, Image.Resampling.LANCZOS)
    return _printed(product, warp(art, quad, product.size))


def mockup_png(image: Image.Image) -> bytes:
    """PNG bytes with no dates, profile or text chunks: equal images give equal bytes."""
    clean = image.convert("RGB")
    clean.info = {}
    out = io.BytesIO()
    clean.save(out, "PNG", compress_level=6)
    return out.getvalue()


# Perspective ----------------------------------------------------------------------------------


def warp(art, quad, size, margin=0):
    """The artwork (RGBA) seen through the quad, on a transparent canvas of the photo's size.

    A margin of pixels round the artwork (an embroidery's shadow) lands just outside the quad.
    """
    inner = (art.width - 2 * margin, art.height - 2 * margin)
    a, b, c, d, e, f, g, h = perspective_coefficients(quad, inner)
    # Reading margin pixels further into the image: the same homography, shifted.
    coefficients = (a + margin * g, b + margin * h, c + margin, d + margin * g, e + margin * h)
    coefficients += (f + margin, g, h)
    # Premultiplied, so the transparent surround does not bleed dark into the edges' resampling.
    return (
        art.convert("RGBa")
        .transform(size, Image.Transform.PERSPECTIVE, coefficients, Image.Resampling.BICUBIC)
        .convert("RGBA")
    )


def perspective_coefficients(quad, size):
    """Pillow's 8 PERSPECTIVE coefficients: for each photo pixel, where to read the artwork.

    The homography maps the quad's corners (TL, TR, BR, BL) to the artwork's corners; solved as
    the usual 8 × 8 linear system, two equations per corner.
    """
    width, height = size
    corners = ((0, 0), (width, 0), (width, height), (0, height))
    matrix, values = [], []
    for (x, y), (u, v) in zip(quad, corners, strict=True):
        matrix.append([x, y, 1, 0, 0, 0, -x * u, -y * u])
        values.append(u)
        matrix.append([0, 0, 0, x, y, 1, -x * v, -y * v])
        values.append(v)
    return _solve(matrix, values)


def _solve(matrix, values):
    """Gauss–Jordan elimination with partial pivoting."""
    size = len(values)
    rows = [
        [float(a) for a in row] + [float(value)] for row, value in zip(matrix, values, strict=True)
    ]
    for column in range(size):
        pivot = max(range(column, size), key=lambda row: abs(rows[row][column]))
        if abs(rows[pivot][column]) < 1e-9:
            raise ValueError("The mockup quad is degenerate: three of its corners are in line.")
        rows[column], rows[pivot] = rows[pivot], rows[column]
        for row in range(size):
            if row != column and rows[row][column]:
                factor = rows[row][column] / rows[column][column]
                rows[row] = [a - factor * b for a, b in zip(rows[row], rows[column], strict=True)]
    return tuple(rows[row][size] / rows[row][row] for row in range(size))


def _quad_size(quad):
    """The artwork's size in pixels when it lands in the quad: its longer opposite edges."""
    top_left, top_right, bottom_right, bottom_left = quad
    width = max(math.dist(top_left, top_right), math.dist(bottom_left, bottom_right))
    height = max(math.dist(top_left, bottom_left), math.dist(top_right, bottom_right))
    return max(1, round(width)), max(1, round(height))


def _open_photo(data):
    with Image.open(io.BytesIO(data)) as photo:
        if _has_alpha(photo):
            # A cut-out product shot: show it on white, as a shop page does.
            rgba = photo.convert("RGBA")
            white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            return Image.alpha_composite(white, rgba).convert("RGB")
        return photo.convert("RGB")


def _has_alpha(image):
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info


def _fabric_clear(artwork):
    """Artwork without alpha: near-white is where nothing is printed or stitched."""
    rgb = artwork.convert("RGB")
    lightest = ImageChops.darker(
        ImageChops.darker(rgb.getchannel("R"), rgb.getchannel("G")), rgb.getchannel("B")
    )
    rgba = rgb.convert("RGBA")
    rgba.putalpha(lightest.point(lambda value: 0 if value >= FABRIC_WHITE else 255))
    return rgba


# Ink ----------------------------------------------------------------------------------------


def _printed(product, warped):
    inked = ImageChops.multiply(product, warped.convert("RGB"))
    return Image.composite(inked, product, warped.getchannel("A"))


# Thread -------------------------------------------------------------------------------------


def embroider(art):
    """(patch, margin): the artwork (RGBA) as raised, shiny satin stitches in a dozen threads.

    The patch is the artwork grown by margin pixels on each side, room for the shadow it casts.
    """
    stitch = max(STITCH_MIN_PX, round(max(art.size) / STITCHES_ACROSS))
    margin = 3 * stitch
    art = _grown(art, margin)
    alpha = art.getchannel("A").point(lambda value: 255 if value >= 128 else 0)
    if not alpha.getbbox():
        return art, margin
    threads = posterise_threads(art, alpha).convert("RGB")
    shade, sheen = stitch_texture(art.size, stitch)
    threads = ImageChops.multiply(threads, shade.convert("RGB"))
    threads = ImageChops.multiply(threads, _rim(alpha, stitch).convert("RGB"))
    threads = ImageChops.screen(threads, sheen.convert("RGB"))
    threads.putalpha(alpha)
    return Image.alpha_composite(_drop_shadow(alpha, stitch), threads), margin


def _grown(art, margin):
    canvas = Image.new("RGBA", (art.width + 2 * margin, art.height + 2 * margin), (0, 0, 0, 0))
    canvas.paste(art, (margin, margin))
    return canvas


def posterise_threads(art, alpha=None):
    """The artwork in at most THREAD_COLOURS colours ("P" image), chosen from its inked pixels."""
    rgb = art.convert("RGB")
    if alpha is None:
        alpha = art.convert("RGBA").getchannel("A")
    sample = Image.frombytes("RGB", *_inked_sample(rgb, alpha))
    palette = sample.quantize(
        THREAD_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    # Embroidery has no specks: a stitch is longer than a pixel.
    return rgb.quantize(palette=palette, dither=Image.Dither.NONE).filter(ImageFilter.ModeFilter(3))


def _inked_sample(rgb, alpha):
    """((n, 1), bytes): up to PALETTE_SAMPLE pixels where there is thread, as they are."""
    scale = math.sqrt(PALETTE_SAMPLE / (rgb.width * rgb.height))
    if scale < 1:
        # Nearest neighbour keeps the artwork's own colours; a blend would invent new ones.
        size = (max(1, int(rgb.width * scale)), max(1, int(rgb.height * scale)))
        rgb = rgb.resize(size, Image.Resampling.NEAREST)
        alpha = alpha.resize(size, Image.Resampling.NEAREST)
    pixels = rgb.tobytes()
    inked = [pixels[3 * i : 3 * i + 3] for i, a in enumerate(alpha.tobytes()) if a] or [b"\0\0\0"]
    return (len(inked), 1), b"".join(inked)


def stitch_texture(size, stitch):
    """(shade, sheen) "L" images of diagonal satin stitches, stitch pixels across each.

    Each thread is round, so light across it rises to a crest (the sheen) and falls into the
    groove beside the next; stitch ends, staggered row to row as a machine lays them, dip.
    """
    # Stitches are 3 wide long, each row shifted by one width: the pattern repeats every 3.
    length = tile_size = 3 * stitch
    shade, sheen = [], []
    for y in range(tile_size):
        for x in range(tile_size):
            across, row = (x + y) % stitch, (x + y) // stitch
            along = (x - y + (row % 3) * stitch) % length
            crest = math.sin(math.pi * (across + 0.5) / stitch)
            end = 0.8 if along == 0 else 1.0
            shade.append(round(255 * (0.62 + 0.38 * crest) * end))
            sheen.append(round(110 * max(0.0, crest - 0.8) / 0.2))
    return _tiled(shade, tile_size, size), _tiled(sheen, tile_size, size)


def _tiled(values, tile_size, size):
    tile = Image.new("L", (tile_size, tile_size))
    tile.putdata(values)
    image = Image.new("L", size)
    for top in range(0, size[1], tile_size):
        for left in range(0, size[0], tile_size):
            image.paste(tile, (left, top))
    return image


def _rim(alpha, stitch):
    """Darker edges where the thread rolls over the fabric, so the design looks raised."""
    soft = alpha.filter(ImageFilter.GaussianBlur(stitch))
    return soft.point(lambda value: round(255 * (0.72 + 0.28 * value / 255)))


def _drop_shadow(alpha, stitch):
    """A soft shadow below and right of the threads, as the raised stitches cast on the fabric."""
    offset = stitch
    shifted = Image.new("L", alpha.size)
    shifted.paste(alpha, (offset, offset))
    soft = shifted.filter(ImageFilter.GaussianBlur(stitch)).point(lambda value: value * 45 // 100)
    shadow = Image.new("RGBA", alpha.size, (0, 0, 0, 0))
    shadow.putalpha(soft)
    return shadow


def _stitched(product, warped):
    """Thread covers the fabric: its colour lit by the photo's light, not mixed with the fabric."""
    alpha = warped.getchannel("A")
    lit = ImageChops.multiply(warped.convert("RGB"), _lighting(product, alpha).convert("RGB"))
    return Image.composite(lit, product, alpha)


def _lighting(product, alpha):
    brightness = product.convert("L")
    histogram = brightness.histogram(mask=alpha.point(lambda value: 255 if value else 0))
    total, seen, reference = sum(histogram), 0, 255
    for level, count in enumerate(histogram):
        seen += count
        if total and seen >= LIGHT_PERCENTILE * total:
            reference = max(1, level)
            break
    return brightness.point(lambda value: min(255, round(value * 255 / reference)))

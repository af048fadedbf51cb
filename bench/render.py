"""What a print file costs: Monogram's print.pdf against its SVG export converted by cairosvg/rsvg.

Run: .venv/bin/python bench/render.py [--runs N] [--cards N]

Paths, each measured in its own process so that peak RSS belongs to that path alone:
(a) Monogram's print.pdf (rendering.pdf.render_pdf: page boxes, marks, CMYK, fonts subset);
(b) the same design exported by rendering.svg.area_svg, one SVG per area, each converted to PDF
    by cairosvg.svg2pdf in the same process;
(c) the same SVGs converted by `rsvg-convert -f pdf` (all areas in one call, one page each).
ms per design is the median of --runs renders after one warm-up render, SVG export included
for (b) and (c); each render starts with an empty RenderCache. Peak RSS is the process's
VmHWM; for (c) the larger of the Python process and rsvg-convert's own peak.
The loop renders --cards business cards, each with its own name, sharing one RenderCache as a
batch worker does.
"""

import argparse
import hashlib
import io
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import printout  # bench/printout.py, beside this script
import reportlab
from PIL import Image, ImageDraw

from monogram.rendering import Area, AssetFile, FontFile, RenderCache, RenderProduct

FONTS = Path(reportlab.__file__).parent / "fonts"
BLACK = {"cmyk": [0, 0, 0, 100]}
NAVY = {"spot": "PANTONE 286 C", "cmyk": [100, 66, 0, 2]}
PATHS = {
    "pdf": "(a) Monogram print.pdf",
    "cairosvg": "(b) area_svg → cairosvg PDF",
    "rsvg": "(c) area_svg → rsvg-convert PDF",
}
DESIGNS = {"card": "business card, 2 areas", "poster": "A3 poster, 24 MP photo"}
# A peer loop over every card would take minutes; it runs on this many and is scaled up.
PEER_LOOP_CARDS = 100
NOTES = """\
(a) converts the RGB photos to CMYK through the press profile, subsets and embeds the fonts,
    and adds marks and slug; (b) and (c) keep RGB and cannot read the fonts embedded in the SVG
    (@font-face), so their text is set in whatever fonts the machine has.
(b) writes one PDF per area (cairosvg has no multi-page output); (c) one PDF, a page per area."""


# Files -----------------------------------------------------------------------------------


def photo_jpeg(size):
    """A JPEG that compresses like a photo: smooth gradients under fine grain."""
    width, height = size
    grain = Image.effect_noise(size, 24).convert("L")
    ramp = Image.linear_gradient("L").resize(size)
    across = ramp.transpose(Image.Transpose.ROTATE_90).resize(size)
    channels = [
        Image.blend(ramp, grain, 0.35),
        Image.blend(across, grain, 0.35),
        Image.blend(ramp.transpose(Image.Transpose.FLIP_TOP_BOTTOM), grain, 0.35),
    ]
    image = Image.merge("RGB", channels)
    ImageDraw.Draw(image).ellipse((width // 4, height // 4, width // 2, height // 2), "#d04020")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def logo_svg():
    return b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="20mm"
 height="20mm"><defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
<stop offset="0" stop-color="#0033a0"/><stop offset="1" stop-color="#00a0e0"/></linearGradient>
</defs><circle cx="50" cy="50" r="46" fill="url(#sky)"/>
<path d="M25 70 L50 25 L75 70 Z" fill="#ffcc00" stroke="#ffffff" stroke-width="3"/>
<text x="50" y="92" font-size="10" text-anchor="middle" fill="#ffffff">ATELIER</text></svg>"""


def write_files(folder):
    folder = Path(folder)
    (folder / "card.jpg").write_bytes(photo_jpeg((1000, 700)))
    (folder / "poster.jpg").write_bytes(photo_jpeg((6000, 4000)))
    (folder / "logo.svg").write_bytes(logo_svg())


class FolderResolver:
    """The bench's files by asset or font id, read once."""

    def __init__(self, folder):
        def asset(asset_id, name, media_type, kind):
            data = (Path(folder) / name).read_bytes()
            return AssetFile(asset_id, sha(data), media_type, kind, data)

        def font(font_id, name):
            data = (FONTS / name).read_bytes()
            return FontFile(font_id, sha(data), data)

        self.assets = {
            "ast_card": asset("ast_card", "card.jpg", "image/jpeg", "raster"),
            "ast_poster": asset("ast_poster", "poster.jpg", "image/jpeg", "raster"),
            "ast_logo": asset("ast_logo", "logo.svg", "image/svg+xml", "vector"),
        }
        self.fonts = {
            "fnt_vera": font("fnt_vera", "Vera.ttf"),
            "fnt_bold": font("fnt_bold", "VeraBd.ttf"),
        }

    def asset(self, asset_id):
        return self.assets[asset_id]

    def font(self, font_id):
        return self.fonts[font_id]


def sha(data):
    return hashlib.sha256(data).hexdigest()


# Designs ---------------------------------------------------------------------------------


def text(object_id, x, y, width, height, words, **fields):
    values = dict(font="fnt_vera", size=9, color=BLACK, fit="none", curve=None, align="left")
    return {"id": object_id, "type": "text", "x": x, "y": y, "width": width, "height": height,
            "text": words, **values, **fields}  # fmt: skip


def card(name="Jeanne Dupont"):
    front = [
        text("name", 8, 8, 55, 9, name, font="fnt_bold", size=14, fit="shrink"),
        text("role", 8, 18, 55, 12, "Directrice d'atelier\nImprimerie Dupont & Fils",
             fit="wrap"),
        {"id": "logo", "type": "vector", "asset": "ast_logo", "x": 64, "y": 6, "width": 15,
         "height": 15, "recolor": None},
        {"id": "band", "type": "shape", "shape": "rect", "x": -3, "y": 45, "width": 91,
         "height": 13, "fill": NAVY, "stroke": None, "stroke_width": 0, "corner_radius": 0},
        {"id": "qr", "type": "code", "symbology": "qr", "data": "https://monogram.example/c/jd",
         "x": 66, "y": 28, "width": 14, "height": 14, "color": BLACK},
    ]  # fmt: skip
    back = [
        {"id": "photo", "type": "image", "asset": "ast_card", "x": -3, "y": -3, "width": 91,
         "height": 61, "fit": "cover", "crop": None, "opacity": 1},
        text("address", 8, 40, 70, 10, "12 rue des Imprimeurs, 69002 Lyon", size=8,
             color={"rgb": "#ffffff"}),
    ]  # fmt: skip
    return document("prd_card", [("front", front), ("back", back)])


def poster():
    objects = [
        {"id": "photo", "type": "image", "asset": "ast_poster", "x": -3, "y": -3, "width": 303,
         "height": 426, "fit": "cover", "crop": None, "opacity": 1},
        text("title", 20, 30, 257, 40, "Fête des Imprimeurs", font="fnt_bold", size=72,
             fit="shrink", align="center", color={"rgb": "#ffffff"}),
        text("date", 20, 370, 257, 20, "14 juin · Lyon", size=36, align="center"),
        {"id": "logo", "type": "vector", "asset": "ast_logo", "x": 248, "y": 380, "width": 30,
         "height": 30, "recolor": None},
    ]  # fmt: skip
    return document("prd_poster", [("poster", objects)])


def document(product_id, surfaces):
    return {
        "format": "monogram.design/1",
        "product": product_id,
        "template": None,
        "surfaces": [{"area": area, "objects": objects} for area, objects in surfaces],
    }


def product_of(design):
    if design == "poster":
        area = Area("poster", "Poster", 297, 420, bleed=3, safe=10, min_dpi=150)
        return RenderProduct("prd_poster", "A3 poster", (area,))
    areas = tuple(Area(i, i.title(), 85, 55, bleed=3, safe=3) for i in ("front", "back"))
    return RenderProduct("prd_card", "Business card", areas)


# One path, in its own process ------------------------------------------------------------


def render_once(path, design_document, product, resolver, cache):
    """One design to PDF bytes along a path: {"pdf": total bytes, "svg_ms": export time}."""
    # Each path imports only what it runs, so a process's peak RSS is its own path's.
    if path == "pdf":
        from monogram.rendering.pdf import render_pdf

        return {"pdf": len(render_pdf(design_document, product, resolver, cache)), "svg_ms": 0}
    from monogram.rendering.svg import area_svg

    start = time.perf_counter()
    svgs = [
        area_svg(surface, product.area(surface["area"]), resolver, cache)
        for surface in design_document["surfaces"]
    ]
    svg_ms = (time.perf_counter() - start) * 1000
    if path == "cairosvg":
        import cairosvg

        return {"pdf": sum(len(cairosvg.svg2pdf(bytestring=svg)) for svg in svgs), "svg_ms": svg_ms}
    with tempfile.TemporaryDirectory() as folder:
        names = []
        for index, svg in enumerate(svgs):
            names.append(str(Path(folder) / f"{index}.svg"))
            Path(names[-1]).write_bytes(svg)
        out = Path(folder) / "out.pdf"
        # --unlimited: a 24 MP photo inline is past libxml2's default limit on one attribute.
        subprocess.run(["rsvg-convert", "--unlimited", "-f", "pdf", "-o", str(out), *names],
                       check=True)  # fmt: skip
        return {"pdf": out.stat().st_size, "svg_ms": svg_ms}


def child(args):
    resolver = FolderResolver(args.folder)
    product = product_of(args.design)
    if args.cards:
        return child_loop(args, resolver, product)
    design_document = poster() if args.design == "poster" else card()
    render_once(args.path, design_document, product, resolver, RenderCache())  # warm-up
    times, svg_times = [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        result = render_once(args.path, design_document, product, resolver, RenderCache())
        times.append((time.perf_counter() - start) * 1000)
        svg_times.append(result["svg_ms"])
    report(
        ms=statistics.median(times), svg_ms=statistics.median(svg_times), pdf_bytes=result["pdf"]
    )


def child_loop(args, resolver, product):
    cache = RenderCache()
    render_once(args.path, card(), product, resolver, cache)  # warm-up
    start = time.perf_counter()
    for number in range(args.cards):
        render_once(args.path, card(f"Client n° {number:04d}"), product, resolver, cache)
    report(seconds=time.perf_counter() - start, cards=args.cards)


def report(**values):
    status = Path("/proc/self/status").read_text()
    hwm_kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
    # rsvg-convert is this process's child: its own peak counts for the path too.
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({**values, "rss_mb": max(hwm_kb, child_kb) / 1024}))


# The table ---------------------------------------------------------------------------------


def measure(folder, path, design, runs, cards=0):
    command = [sys.executable, __file__, "--child", path, "--design", design, "--folder", folder,
               "--runs", str(runs), "--cards", str(cards)]  # fmt: skip
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def version_of(command):
    return subprocess.run(command, capture_output=True, text=True).stdout


def machine_line():
    return printout.machine_line(version_of(["rsvg-convert", "--version"]).strip())


def design_rows(folder, runs):
    rows = []
    for design, label in DESIGNS.items():
        base = None
        for path, path_label in PATHS.items():
            found = measure(folder, path, design, runs)
            base = base or found["ms"]
            rows.append((
                label, path_label, f"{found['ms']:.1f}",
                f"{found['svg_ms']:.1f}" if path != "pdf" else "",
                f"{found['pdf_bytes'] / 1024:.0f}", f"{found['rss_mb']:.0f}",
                f"{found['ms'] / base:.2f}×", "",
            ))  # fmt: skip
            label = ""
    return rows


def loop_rows(folder, cards):
    rows = []
    label = f"{cards:,} business cards in a loop"
    base = None
    for path, path_label in PATHS.items():
        # A peer over every card would take minutes: it runs on fewer, scaled to the full count.
        count = cards if path == "pdf" else min(cards, PEER_LOOP_CARDS)
        found = measure(folder, path, "card", 0, cards=count)
        per_card = found["seconds"] * 1000 / count
        base = base or per_card
        total = f"total {per_card * cards / 1000:.1f} s"
        note = total if count == cards else f"{total}, estimated from {count} cards"
        rows.append((
            label, f"{path_label}", f"{per_card:.1f} per card", "", "", f"{found['rss_mb']:.0f}",
            f"{per_card / base:.2f}×", note,
        ))  # fmt: skip
        label = ""
    return rows


def print_table(rows):
    header = ("design", "path", "ms/design", "SVG export ms", "PDF KB", "peak RSS MB", "vs (a)",
              "note")  # fmt: skip
    printout.print_table(header, rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cards", type=int, default=1000)
    parser.add_argument("--child", choices=PATHS, help=argparse.SUPPRESS)
    parser.add_argument("--design", choices=DESIGNS, help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        args.path = args.child
        return child(args)

    print(f"Render benchmark, median of {args.runs} runs · {machine_line()}")
    with tempfile.TemporaryDirectory() as folder:
        write_files(folder)
        rows = design_rows(folder, args.runs)
        if args.cards > 0:
            rows.extend(loop_rows(folder, args.cards))
    print_table(rows)
    print(NOTES)


if __name__ == "__main__":
    main()

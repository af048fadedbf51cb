"""What a batch of business cards costs: Monogram's batch PDF against a print file per record.

Run: .venv/bin/python bench/batch.py [--records N] [--peer-records N] [--runs N]
     [--peer-runs N] [--quick]

One template, a business card (85 × 55 mm, 3 mm bleed, one area "front") over a photo background
with a vector logo and the company's name, fills four text fields (name, title, phone, e-mail)
and a QR code holding the record's vCard from generated records with French accented names.
Paths, each measured in its own process so that peak memory belongs to that path alone:
(a) Monogram's batch: rendering.batch_pdf.BatchLayout renders chunks of CHUNK records on every
    core (services.batch_pool), keeps each as a file and assembles them into one PDF as they
    come, as the batch worker does; (a1) the same in one process;
(b) Monogram's order-line renderer, rendering.pdf.render_pdf, one print.pdf per record written to
    a folder, then concatenated by `qpdf --empty --pages`;
(c) the record's SVG from rendering.svg.area_svg converted by cairosvg.svg2pdf, one PDF per record,
    concatenated the same way.
Each path first renders a tenth of its records (the warm-up, and the small size for KB per
extra page), then --runs timed renders of all its records; pages/s is the median of those runs.
Time counts everything from the first record to the closed output file. Peak RSS is the
process's VmHWM, or qpdf's own peak when larger.
"""

import argparse
import contextlib
import copy
import hashlib
import importlib.util
import io
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from pathlib import Path

import printout  # bench/printout.py, beside this script
from PIL import Image, ImageDraw, ImageFilter

from monogram.document import ProductFacts, validate_document
from monogram.document.checks import AreaFacts
from monogram.fonts import library
from monogram.rendering import Area, AssetFile, FontFile, RenderCache, RenderProduct

CHUNK = 500  # records per chunk, as the batch worker checkpoints them
PATHS = {
    "batch": "(a) Monogram batch, every core",
    "batch1": "(a1) Monogram batch, one process",
    "pdf": "(b) render_pdf per record + qpdf",
    "cairosvg": "(c) area_svg → cairosvg per record + qpdf",
}
# area_svg's one <style> element holds only the @font-face rules of the fonts it embeds.
FONT_FACES = re.compile(rb"<style[^>]*>.*?</style>", re.DOTALL)
BOUNDS = "Issue 9 asks of (a) at 10,000 records: ≥ 1,000 pages/s, < 300 MB, < 3 KB per page."
NOTES = """\
pages/s: the median of the timed runs (runs column); a path run once shows that one run.
(a) renders chunks in one forked helper per core (services.batch_pool), as the batch worker
    does; (a1) is the same in one process.
peak memory: the largest sum of PSS over the path's process and its children (helpers, qpdf),
    sampled every 20 ms, or the process's own VmHWM when larger.
KB per extra page: (PDF size at N - size at N/10) / (N - N/10 pages), both sizes from the same
    process: what one more card adds once fonts, photo and logo are in the file.
(a) and (b) write print pages (trim, bleed, crop marks, slug line, CMYK); (c) writes the trim
    plus bleed only, in RGB; it cannot read the fonts area_svg embeds (@font-face), so they are
    cut from the SVG before conversion and its text is set in whatever fonts the machine has.
(b) and (c) join the records' PDFs with `qpdf --empty --pages --stream-data=preserve`, which
    copies each page's streams as they are (photo and fonts included, once per page)."""

COMPANY = "Atelier Lefèvre & Fils"
FIRST_NAMES = (
    "Hélène", "François", "Zoë", "Agnès", "Loïc", "Anaïs", "Jérôme", "Cécile", "Benoît",
    "Maëlle", "Noël", "Chloé", "Éric", "Françoise", "Gaëtan", "Inès", "Jean-Baptiste", "Léa",
)  # fmt: skip
LAST_NAMES = (
    "Lefèvre", "Bénard", "Mérieux", "Dupont", "Lemaître", "Fournier", "Girard", "Rousseau",
    "Châtelain", "Gagné", "Moreau", "Brûlé", "Desprès", "Faure", "Lacroix-Dubreuil",
)  # fmt: skip
TITLES = (
    "Directrice commerciale", "Chef de projet impression", "Responsable d'atelier",
    "Ingénieur qualité", "Chargée de clientèle grands comptes", "Conducteur offset",
    "Prépresse et façonnage", "Gérant",
)  # fmt: skip
BLACK = {"cmyk": [0, 0, 0, 100]}
NAVY = {"spot": "PANTONE 286 C", "cmyk": [100, 66, 0, 2]}


# Files -----------------------------------------------------------------------------------


def photo_jpeg():
    """A 1200 × 800 JPEG that compresses like a photo: a soft colour ramp under grain."""
    size = (1200, 800)
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for x in range(size[0]):
        share = x / size[0]
        draw.line([(x, 0), (x, size[1])], (int(30 + 170 * share), int(90 + 60 * share), 160))
    for left, top, radius in ((250, 500, 180), (900, 220, 260), (640, 620, 120)):
        draw.ellipse((left - radius, top - radius, left + radius, top + radius), "#e8c07a")
    image = image.filter(ImageFilter.GaussianBlur(40))
    grain = Image.effect_noise(size, 28).convert("RGB")
    image = Image.blend(image, grain, 0.18)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def logo_svg():
    """The company's monogram: a navy roundel with an interlaced L and F as plain paths."""
    return b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="20mm"
 height="20mm"><circle cx="50" cy="50" r="47" fill="#0033a0"/>
<circle cx="50" cy="50" r="41" fill="none" stroke="#e8c07a" stroke-width="2.5"/>
<path d="M30 26 h9 v40 h22 v8 h-31 Z" fill="#ffffff"/>
<path d="M48 26 h26 v8 h-17 v10 h14 v8 h-14 v22 h-9 Z" fill="#e8c07a"/></svg>"""


def lato(style):
    family = next(family for family in library() if family.slug == "lato")
    return next(entry.path for entry in family.styles if entry.style == style)


def write_files(folder):
    folder = Path(folder)
    (folder / "photo.jpg").write_bytes(photo_jpeg())
    (folder / "logo.svg").write_bytes(logo_svg())


class FolderResolver:
    """The template's files by asset or font id, read once: what rendering.model.Resolver asks."""

    def __init__(self, folder):
        def asset(name, media_type, kind):
            data = (Path(folder) / name).read_bytes()
            return AssetFile(f"ast_{Path(name).stem}", sha(data), media_type, kind, data)

        def font(font_id, style):
            data = lato(style).read_bytes()
            return FontFile(font_id, sha(data), data, "Lato", style)

        self.assets = {
            "ast_photo": asset("photo.jpg", "image/jpeg", "raster"),
            "ast_logo": asset("logo.svg", "image/svg+xml", "vector"),
        }
        self.fonts = {
            "fnt_lato": font("fnt_lato", "regular"),
            "fnt_lato-bold": font("fnt_lato-bold", "bold"),
        }

    def asset(self, asset_id):
        return self.assets[asset_id]

    def font(self, font_id):
        return self.fonts[font_id]


class FolderCatalogue:
    """What validation asks of the merchant's catalogue, answered from the resolver's files."""

    def __init__(self, resolver):
        self.resolver = resolver

    def asset_kind(self, asset_id):
        found = self.resolver.assets.get(asset_id)
        return found.kind if found else None

    def font_exists(self, font_id):
        return font_id in self.resolver.fonts

    def template_exists(self, template_id):
        return False


def sha(data):
    return hashlib.sha256(data).hexdigest()


# Template and records --------------------------------------------------------------------

PRODUCT = RenderProduct(
    "prd_card", "Business card", (Area("front", "Recto", 85, 55, bleed=3, safe=3, min_dpi=250),)
)


def text(object_id, x, y, width, height, words, size, **rules):
    return {"id": object_id, "type": "text", "x": x, "y": y, "width": width, "height": height,
            "text": words, "font": "fnt_lato", "size": size, "color": BLACK, **rules}  # fmt: skip


def template_document():
    objects = [
        {"id": "photo", "type": "image", "asset": "ast_photo", "x": -3, "y": -3, "width": 91,
         "height": 61, "fit": "cover"},
        {"id": "panel", "type": "shape", "shape": "rect", "x": 3, "y": 17, "width": 52,
         "height": 35, "fill": {"cmyk": [0, 0, 0, 0]}, "opacity": 0.85, "corner_radius": 1.5},
        {"id": "logo", "type": "vector", "asset": "ast_logo", "x": 4, "y": 3, "width": 11,
         "height": 11},
        text("company", 17, 4.5, 62, 8, COMPANY, 12, font="fnt_lato-bold",
             color={"cmyk": [0, 0, 0, 0]}, valign="middle"),
        text("name", 6, 19, 47, 7, "Hélène Lefèvre", 12, font="fnt_lato-bold", color=NAVY,
             fit="shrink", field="name", max_chars=40),
        text("title", 6, 26, 47, 5, "Directrice commerciale", 8, fit="shrink", field="title",
             max_chars=60),
        text("phone", 6, 36, 47, 4.5, "+33 6 12 34 56 78", 7.5, field="phone", max_chars=24),
        text("email", 6, 41, 47, 4.5, "helene.lefevre@atelier-lefevre.fr", 7.5, fit="shrink",
             field="email", max_chars=60),
        text("address", 6, 46.5, 47, 4, "12 rue des Imprimeurs · 69002 Lyon", 6.5),
        {"id": "qr-ground", "type": "shape", "shape": "rect", "x": 58, "y": 24, "width": 24,
         "height": 24, "fill": {"cmyk": [0, 0, 0, 0]}, "corner_radius": 1.5},
        {"id": "qr", "type": "code", "symbology": "qr", "data": vcard(record_values(0)),
         "x": 58, "y": 24, "width": 24, "height": 24, "color": BLACK, "field": "vcard"},
    ]  # fmt: skip
    return {
        "format": "monogram.design/1",
        "product": PRODUCT.id,
        "template": None,
        "surfaces": [{"area": "front", "objects": objects}],
    }


def validated_template(resolver):
    """The template as the API stores it: validated, every default written in."""
    area = PRODUCT.areas[0]
    area_facts = AreaFacts(area.width, area.height, area.bleed, area.safe)
    facts = ProductFacts(PRODUCT.id, {area.id: area_facts})
    return validate_document(
        template_document(), {PRODUCT.id: facts}.get, FolderCatalogue(resolver)
    )


def record_values(number):
    """The spreadsheet row of record `number`: the same values for the same number on every run."""
    pick = random.Random(number)
    first, last = pick.choice(FIRST_NAMES), pick.choice(LAST_NAMES)
    mailbox = unicodedata.normalize("NFKD", f"{first}.{last}".lower().replace(" ", ""))
    mailbox = mailbox.encode("ascii", "ignore").decode()
    values = {
        "name": f"{first} {last}",
        "title": pick.choice(TITLES),
        "phone": f"+33 6 {pick.randrange(10, 100)} {number // 10000 % 100:02d} "
        f"{number // 100 % 100:02d} {number % 100:02d}",
        "email": f"{mailbox}@atelier-lefevre.fr",
    }
    values["vcard"] = vcard(values)
    return values


def vcard(values):
    first, last = values["name"].split(" ", 1)
    lines = [
        "BEGIN:VCARD", "VERSION:3.0", f"N:{last};{first};;;", f"FN:{values['name']}",
        f"ORG:{COMPANY}", f"TITLE:{values['title']}", f"TEL;TYPE=WORK,VOICE:{values['phone']}",
        f"EMAIL;TYPE=WORK:{values['email']}", "END:VCARD",
    ]  # fmt: skip
    return "\r\n".join(lines)  # vCard lines end in CRLF (RFC 6350)


def personalised(template, values):
    """The template with one record's values in its fields: the design an order line would hold."""
    design = copy.deepcopy(template)
    for surface in design["surfaces"]:
        for obj in surface["objects"]:
            if obj["field"] is None:
                continue
            if obj["type"] == "text":
                obj["text"] = values[obj["field"]]
            elif obj["type"] == "code":
                obj["data"] = values[obj["field"]]
            elif values.get(obj["field"]):
                obj["asset"] = values[obj["field"]]
    return design


# The paths, each in its own process --------------------------------------------------------


def render_batch(template, resolver, count, folder, workers=None):
    """(a): chunks rendered on every core, kept as files and streamed into one PDF as they come
    (as the worker does); (a1) the same in one process."""
    from monogram.rendering.batch_pdf import BatchLayout, Record
    from monogram.services.batch_pool import render_chunks

    layout = BatchLayout(template, PRODUCT, resolver, label="Batch bench")
    work = [
        [Record(number=n, values=record_values(n), quantity=1)
         for n in range(start, min(start + CHUNK, count + 1))]
        for start in range(1, count + 1, CHUNK)
    ]  # fmt: skip
    out = folder / "batch.pdf"

    def blobs():
        # Each chunk is kept as a file, as the worker stores it, and assembled as it comes.
        for number, blob in enumerate(render_chunks(layout, work, workers)):
            (folder / f"chunk-{number:05d}.bin").write_bytes(blob)
            yield blob

    with out.open("wb") as out_file:
        layout.assemble(blobs(), out_file)
    return out


def render_per_record(template, resolver, count, folder):
    """(b): the order-line print.pdf of each record, then concatenated."""
    from monogram.rendering.pdf import render_pdf

    cache = RenderCache()  # shared across records, as a worker's is
    pages = []
    for number in range(1, count + 1):
        design = personalised(template, record_values(number))
        pages.append(folder / f"record-{number:05d}.pdf")
        pages[-1].write_bytes(render_pdf(design, PRODUCT, resolver, cache))
    return concatenate(pages, folder / "batch.pdf")


def render_cairosvg(template, resolver, count, folder):
    """(c): each record's SVG converted by cairosvg, then concatenated."""
    import cairosvg

    from monogram.rendering.svg import area_svg

    cache = RenderCache()
    area = PRODUCT.areas[0]
    pages = []
    for number in range(1, count + 1):
        design = personalised(template, record_values(number))
        svg = area_svg(design["surfaces"][0], area, resolver, cache)
        # cairosvg cannot use the embedded @font-face fonts, yet tokenising their data: URIs
        # would take most of its time: the peer is measured without them.
        svg = FONT_FACES.sub(b"", svg, count=1)
        pages.append(folder / f"record-{number:05d}.pdf")
        cairosvg.svg2pdf(bytestring=svg, write_to=str(pages[-1]))
    return concatenate(pages, folder / "batch.pdf")


def concatenate(pages, out):
    # qpdf opens the files in turn past 200 inputs, so this holds for any record count;
    # preserve copies streams as they are, where its default re-compresses each page's photo.
    command = ["qpdf", "--stream-data=preserve", "--empty", "--pages", *map(str, pages), "--"]
    subprocess.run([*command, str(out)], check=True)
    return out


RENDERERS = {
    "batch": render_batch,
    "batch1": lambda *args: render_batch(*args, workers=1),
    "pdf": render_per_record,
    "cairosvg": render_cairosvg,
}


def page_count(pdf):
    found = subprocess.run(["qpdf", "--show-npages", str(pdf)], capture_output=True, text=True)
    return int(found.stdout)


def child(args):
    global MEMORY
    MEMORY = MemorySampler()
    resolver = FolderResolver(args.folder)
    template = validated_template(resolver)
    render = RENDERERS[args.child]
    small = max(1, args.count // 10)
    with tempfile.TemporaryDirectory() as folder:
        small_bytes = render(template, resolver, small, Path(folder)).stat().st_size
    seconds = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            out = render(template, resolver, args.count, Path(folder))
            seconds.append(time.perf_counter() - start)
            with MEMORY.paused():  # counting pages is the bench's work, not the path's
                pages, size = page_count(out), out.stat().st_size
    if pages != args.count:
        raise SystemExit(f"{args.child}: {pages} pages for {args.count} records")
    report(seconds=seconds, pages=pages, bytes=size, small=small, small_bytes=small_bytes)


def report(**values):
    status = Path("/proc/self/status").read_text()
    hwm_kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
    # The children (the batch's helpers, qpdf joining files) are in the sampled peak.
    peak_kb = max(hwm_kb, MEMORY.peak_kb)
    print(json.dumps({**values, "rss_mb": peak_kb / 1024}))


class MemorySampler:
    """The largest total memory of this process and its children (the batch's forked helpers,
    qpdf) seen every few milliseconds. PSS, not RSS: pages a forked helper shares with its
    parent count once, split between them, as the machine spends them."""

    def __init__(self, every=0.02):
        self.every = every
        self.peak_kb = 0
        self.counting = threading.Event()
        self.counting.set()
        threading.Thread(target=self._run, daemon=True).start()

    @contextlib.contextmanager
    def paused(self):
        self.counting.clear()
        try:
            yield
        finally:
            self.counting.set()

    def _run(self):
        while True:
            self.counting.wait()
            pids = [os.getpid(), *self._children(os.getpid())]
            total = sum(self._pss_kb(pid) for pid in pids)
            if self.counting.is_set():  # not paused while it was measuring
                self.peak_kb = max(self.peak_kb, total)
            time.sleep(self.every)

    @staticmethod
    def _children(pid):
        found = []
        for task in Path(f"/proc/{pid}/task").glob("*"):
            try:
                found += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
        return found

    @staticmethod
    def _pss_kb(pid):
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            return 0  # gone meanwhile
        return next((int(line.split()[1]) for line in rollup.splitlines()
                     if line.startswith("Pss:")), 0)  # fmt: skip


MEMORY = None


# The table ---------------------------------------------------------------------------------


def measure(folder, path, count, runs):
    command = [sys.executable, __file__, "--child", path, "--folder", folder,
               "--count", str(count), "--runs", str(runs)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{PATHS[path]} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def batch_available():
    return importlib.util.find_spec("monogram.rendering.batch_pdf") is not None


def version_of(command):
    return subprocess.run(command, capture_output=True, text=True).stdout


def machine_line():
    return printout.machine_line(version_of(["qpdf", "--version"]).splitlines()[0])


def path_row(folder, path, count, runs, records, batch_rate):
    """The path's cells, and its pages per second."""
    found = measure(folder, path, count, runs)
    rate = found["pages"] / statistics.median(found["seconds"])
    extra_kb = (found["bytes"] - found["small_bytes"]) / (found["pages"] - found["small"]) / 1024
    shown = f"{rate:,.0f}" if rate >= 10 else f"{rate:.1f}"
    ratio = batch_rate / rate if batch_rate else 0
    slower = (f"{ratio:,.0f}× slower" if ratio >= 10 else f"{ratio:.1f}× slower") if ratio else ""
    note = "" if count == records else f"{records:,} pages ≈ {records / rate:,.0f} s at this rate"
    return [
        PATHS[path], f"{count:,}", str(len(found["seconds"])), shown, slower,
        f"{found['rss_mb']:.0f}", f"{found['bytes'] / 1024 / 1024:.1f}", f"{extra_kb:.2f}", note,
    ], rate  # fmt: skip


def print_table(rows):
    header = ["path", "records", "runs", "pages/s", "vs (a)", "peak memory MB", "PDF MB",
              "KB/extra page", "note"]  # fmt: skip
    printout.print_table(header, rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10000, help="records for (a)")
    parser.add_argument("--peer-records", type=int, default=500, help="records for (b) and (c)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of (a) and (a1) (median)")
    parser.add_argument(
        "--peer-runs", type=int, default=1, help="timed runs of (b) and (c): minutes each"
    )
    parser.add_argument("--quick", action="store_true", help="1,000 and 50 records: a smoke run")
    parser.add_argument("--child", choices=PATHS, help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)
    args.runs, args.peer_runs = max(1, args.runs), max(1, args.peer_runs)
    if args.quick:
        args.records, args.peer_records = 1000, 50
    # Ten records at least, so that N/10 is a page and the KB per extra page has a base.
    records, peer_records = max(10, args.records), max(10, min(args.peer_records, args.records))

    runs = f"(a) median of {args.runs} runs, peers {args.peer_runs}"
    print(f"Batch benchmark, {records:,} business cards, {runs} · {machine_line()}")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        write_files(folder)
        batch_rate = None
        if batch_available():
            row, batch_rate = path_row(folder, "batch", records, args.runs, records, None)
            rows.append(row)
            rows.append(path_row(folder, "batch1", records, args.runs, records, batch_rate)[0])
        else:
            rows.append([PATHS["batch"], "", "", "", "", "", "", "",
                         "not measured: monogram.rendering.batch_pdf is missing"])  # fmt: skip
        for path in ("pdf", "cairosvg"):
            rows.append(
                path_row(folder, path, peer_records, args.peer_runs, records, batch_rate)[0]
            )
    print_table(rows)
    print(NOTES)
    print(BOUNDS)


if __name__ == "__main__":
    main()

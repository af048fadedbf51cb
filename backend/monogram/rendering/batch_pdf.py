"""Variable-data batches: a template's pages for thousands of records, as one streamed print PDF.

How a page is made, and why it is cheap:
- What does not change from record to record is drawn once per file. The template's static
  objects, each run of them between two field objects, become one form XObject (so paint order
  is kept); crop marks, cut contour and the area line of the slug make one more. Shapes, vectors
  and images in them are drawn by the single design's own drawers (rendering.pdf) into a small
  reportlab PDF, whose pages are copied into the output as forms (pdf_stream, through pikepdf).
- What changes is written here as PDF operators, straight into each page's content stream:
  text fields as glyph ids of a Type0 font (batch_fonts), QR codes as a 1-bit image mask from
  zxing-cpp's matrix, barcodes as bars, image slots as a form per distinct asset, drawn by the
  image drawer on first use. Colours go through the area's inks, as every drawer's do.
- render_chunk() turns records into a chunk: their compressed content streams and the glyphs
  they show. assemble() streams chunks into one PDF: each page is written as it is read, and
  fonts (subset to every glyph shown), shared resources, the page tree and the cross-reference
  table come last. A chunk can be made in another process and assembled after a restart.

Chunk format (monogram.batch-chunk/1): b"MGBATCH1", a 4-byte big-endian header length, the header
as compact JSON (keys sorted) — {"format", "layout" (fingerprint of template, product and label),
"fonts": {font: [[glyph id, text], …]}, "pages": [[record, quantity, area index, artwork bytes,
marks bytes, [[area index, object index, asset id], …]], …]} — then, page after page, the
artwork's Flate-compressed content stream and the plain operators of its marks and slug line
(kept apart so that an imposed sheet places the artwork alone).
"""

import hashlib
import io
import json
import math
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import reportlab
from reportlab.lib.colors import CMYKColor, CMYKColorSep
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from monogram.rendering import batch_imposition
from monogram.rendering.batch_fonts import GlyphUse, font_bytes, text_operators, write_fonts
from monogram.rendering.cache import RenderCache
from monogram.rendering.codes import QR_QUIET, qr_matrix, symbol
from monogram.rendering.context import DrawContext
from monogram.rendering.contour import draw_cut_contour
from monogram.rendering.fonts import load_font, string_width
from monogram.rendering.inks import Inks
from monogram.rendering.model import Box, FontFile, MissingFile, pt
from monogram.rendering.pdf import (
    MARK_GAP,
    MARK_LENGTH,
    SLUG_FONT,
    SLUG_MIN_SIZE,
    SLUG_SIZE,
    _crop_marks,
    _grow,
    _object,
    _register_slug_font,
    artwork_mask,
    page_geometry,
    printed_surfaces,
)
from monogram.rendering.pdf_stream import PdfStreamWriter, deflate, number
from monogram.rendering.text import Row, TextLayout, _layout, _Style

CHUNK_MAGIC = b"MGBATCH1"
CHUNK_FORMAT = "monogram.batch-chunk/1"
SLUG_FONT_FILE = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
# Text fields whose value repeats (a title, a city) are set once per layout.
TEXT_SETTINGS_KEPT = 1024
_BLACK_FILL = b"0 0 0 1 k"


@dataclass(frozen=True)
class Record:
    number: int  # 1-based position in data order
    values: dict[str, str]  # field name → value; image slot values are asset ids
    quantity: int = 1


@dataclass(frozen=True)
class Imposition:
    sheet: tuple[float, float]  # sheet width, height in mm
    gap: float = 0.0  # mm between cells (a cell is trim + 2 × bleed)
    marks: bool = True  # crop marks at every trim corner, in the gaps and margins
    mode: str = "n-up"  # or "step-and-repeat"


class BatchError(ValueError):
    """A record that cannot be printed as it is: an empty required field, text too long."""


@dataclass
class _Surface:
    index: int
    area: object
    ctx: DrawContext
    size: tuple[float, float]
    trim: tuple[float, float, float, float]
    bleed: tuple[float, float, float, float]
    objects: list
    steps: list  # ("form", name) or ("field", object index)
    forms: list  # names of its static forms, marks form last
    contour: str = ""  # name of the cut contour's form, if the area has one


class BatchLayout:
    """A template prepared for a batch: static forms planned, fields located, fonts loaded."""

    def __init__(self, document, product, resolver, *, label="", cache=None):
        self.document = document
        self.product = product
        self.resolver = resolver
        self.label = label
        self.cache = cache or RenderCache()
        _register_slug_font()
        slug_data = SLUG_FONT_FILE.read_bytes()
        self._fonts = {}  # registered name → FontFile
        self._font_files = {}  # font id → FontFile
        self.slug_font = self._font(
            FontFile("slug", hashlib.sha256(slug_data).hexdigest(), slug_data)
        )
        self._slug_face = pdfmetrics.getFont(self.slug_font).face
        self.fields = {}
        self._heads = {}  # (surface, object) → operators placing it and setting its fill
        self._colour_spaces = {}  # resource name → PDF array (bytes)
        self._states = {}  # resource name → PDF dictionary (bytes)
        self._fills = {}
        # (kind, surface index, content): "objects" and a list of them, "contour" or "marks" and
        # the template's surface
        self._drawn_pages = []
        self._forms = {}  # name → [bytes of operators or int index into _drawn_pages]
        self._settings = {}  # (surface, object index, value) → (operators, GlyphUse)
        self._assets_found = set()  # asset ids of image slots the resolver has
        self.static_use = GlyphUse()
        self.surfaces = [
            self._plan(index, surface)
            for index, surface in enumerate(printed_surfaces(document, product))
        ]
        self.pages_per_record = len(self.surfaces)
        self.fingerprint = hashlib.sha256(
            json.dumps(
                # Font names are drawn from the files' content: glyph ids hold for these files.
                [
                    document,
                    [vars(area) for area in product.areas],
                    product.name,
                    label,
                    sorted(self._fonts),
                ],
                sort_keys=True,
                default=str,
            ).encode()
        ).hexdigest()[:32]

    # Planning ---------------------------------------------------------------------------------

    def _plan(self, index, surface):
        area = self.product.area(surface["area"])
        (width, height), (ox, oy) = page_geometry(area)
        trim = (ox, oy, ox + pt(area.width), oy + pt(area.height))
        plan = _Surface(
            index,
            area,
            DrawContext(self.resolver, area, Inks(area), self.cache),
            (width, height),
            trim,
            _grow(trim, pt(area.bleed)),
            surface["objects"],
            [],
            [],
        )
        run = []
        for position, obj in enumerate(surface["objects"]):
            if obj.get("field"):
                self.fields.setdefault(obj["field"], obj)
                if run:
                    plan.steps.append(("form", self._static_form(plan, run)))
                    run = []
                plan.steps.append(("field", position))
                self._prepare_field(plan, obj)
            else:
                run.append(obj)
        if run:
            plan.steps.append(("form", self._static_form(plan, run)))
        self._marks_form(plan, surface)
        return plan

    def _static_form(self, plan, run):
        """A form for a run of static objects; text in the batch's fonts, the rest by reportlab."""
        name = f"S{plan.index}_{len(plan.forms)}"
        parts, drawn = [], []
        for obj in run:
            if obj["type"] == "text":
                if drawn:
                    parts.append(self._drawn("objects", plan.index, drawn))
                    drawn = []
                parts.append(self._text(plan, obj, obj["text"], self.static_use))
            else:
                drawn.append(obj)
        if drawn:
            parts.append(self._drawn("objects", plan.index, drawn))
        self._forms[name] = parts
        plan.forms.append(name)
        return name

    def _marks_form(self, plan, surface):
        """The cut contour, then crop marks and the slug's area line: the same on every page.

        The contour belongs to the artwork (an imposed cell keeps it); the marks to the page.
        """
        if plan.area.cut_contour != "none":
            name = f"C{plan.index}"
            self._forms[name] = [self._drawn("contour", plan.index, surface)]
            plan.forms.append(name)
            plan.contour = name
        area = plan.area
        line = f"area {area.name} ({area.id}) · {area.width:g}×{area.height:g} mm"
        line += f" + {area.bleed:g} mm bleed" if area.bleed else ""
        y = plan.bleed[1] - pt(MARK_GAP) - SLUG_SIZE - SLUG_SIZE * 1.2
        name = f"M{plan.index}"
        self._forms[name] = [
            self._drawn("marks", plan.index, surface),
            self._slug_text(plan.trim, y, line, self.static_use),
        ]
        plan.forms.append(name)

    def _drawn(self, kind, index, content):
        self._drawn_pages.append((kind, index, content))
        return len(self._drawn_pages) - 1

    def _prepare_field(self, plan, obj):
        if obj["type"] in ("text", "code"):
            self._fill(plan, obj["color"], obj.get("opacity", 1))
        if obj["type"] == "text":
            self._font(self._font_file(obj["font"]))

    def _font_file(self, font_id):
        # Read once per batch: a resolver may fetch each call from the database and storage.
        found = self._font_files.get(font_id)
        if found is None:
            found = self._font_files[font_id] = self.resolver.font(font_id)
        return found

    def trust_assets(self, asset_ids):
        """Image slot assets checked already (batch validation): chunks need not look them up,
        so they render in processes that have no database."""
        self._assets_found.update(asset_ids)

    def _font(self, font_file):
        name = load_font(font_file, self.cache)
        self._fonts.setdefault(name, font_file)
        return name

    def _fill(self, plan, spec, opacity):
        """Operators setting the fill to a document colour through the area's inks."""
        key = (plan.index, json.dumps(spec, sort_keys=True), opacity)
        if key not in self._fills:
            colour = plan.ctx.inks.color(spec, alpha=opacity)
            self._fills[key] = self._state(colour.alpha) + self._colour(colour)
        return self._fills[key]

    def _colour(self, colour):
        if isinstance(colour, CMYKColorSep) and colour.spotName:
            # A Separation named for the ink, its CMYK as the alternate: a plate of its own.
            c, m, y, k = (
                number(v) for v in (colour.cyan, colour.magenta, colour.yellow, colour.black)
            )
            name = (
                "CS"
                + hashlib.sha256(colour.spotName.encode() + f"{c}{m}{y}{k}".encode()).hexdigest()[
                    :12
                ]
            )
            self._colour_spaces[name] = (
                b"[/Separation "
                + pikepdf.Name("/" + colour.spotName).unparse()
                + f" /DeviceCMYK <</FunctionType 2 /Domain [0 1] /C0 [0 0 0 0]"
                f" /C1 [{c} {m} {y} {k}] /N 1>>]".encode()
            )
            return f"/{name} cs {number(colour.density)} scn".encode()
        if isinstance(colour, CMYKColor):
            d = colour.density
            values = (colour.cyan * d, colour.magenta * d, colour.yellow * d, colour.black * d)
            return (" ".join(number(v) for v in values) + " k").encode()
        return (" ".join(number(v) for v in colour.rgb()) + " rg").encode()

    def _state(self, alpha):
        if alpha is None or alpha >= 1:
            return b""
        name = f"GS{round(alpha * 1000)}"
        self._states[name] = f"<</ca {number(alpha)} /CA {number(alpha)}>>".encode()
        return f"/{name} gs ".encode()

    # Records ----------------------------------------------------------------------------------

    def render_chunk(self, records):
        """The pages of these records, in data order and area order, as one chunk blob."""
        use = GlyphUse()
        entries, bodies = [], []
        for record in records:
            for plan in self.surfaces:
                artwork, images = self._artwork(plan, record, use)
                data = deflate(artwork)
                # Marks and slug apart: an imposed sheet places the artwork alone, marks its own.
                marks = b"/%s Do\n" % plan.forms[-1].encode() + self._record_slug(plan, record, use)
                entries.append(
                    [record.number, record.quantity, plan.index, len(data), len(marks), images]
                )
                bodies.extend((data, marks))
        header = {
            "format": CHUNK_FORMAT,
            "layout": self.fingerprint,
            "fonts": {
                font: sorted([gid, text] for gid, text in glyphs.items())
                for font, glyphs in sorted(use.items())
            },
            "pages": entries,
        }
        head = json.dumps(header, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        head = head.encode()
        return CHUNK_MAGIC + len(head).to_bytes(4, "big") + head + b"".join(bodies)

    def _artwork(self, plan, record, use):
        parts = [b"q %s re W n" % _rect(plan.bleed)]
        images = []
        for kind, value in plan.steps:
            if kind == "form":
                parts.append(b"/%s Do" % value.encode())
                continue
            obj = plan.objects[value]
            field_value = record.values.get(obj["field"], "")
            if obj["type"] == "text":
                if not field_value.strip():
                    raise BatchError(f"record {record.number}: {obj['field']} is empty")
                parts.append(self._text(plan, obj, field_value, use, record.number, value))
            elif obj["type"] == "code":
                if not field_value:
                    raise BatchError(f"record {record.number}: {obj['field']} is empty")
                try:
                    parts.append(self._code(plan, obj, field_value))
                except ValueError as error:  # too long for a QR code, not digits for EAN-13
                    raise BatchError(f"record {record.number}: {obj['field']}: {error}") from None
            elif obj["type"] == "image":
                asset = field_value or obj["asset"]
                self._check_asset(record, obj, asset)
                images.append([plan.index, value, asset])
                parts.append(b"/%s Do" % _image_form_name(plan.index, value, asset).encode())
            else:  # a vector or shape marked as a field has no value to take: drawn as designed
                images.append([plan.index, value, ""])
                parts.append(b"/%s Do" % _image_form_name(plan.index, value, "").encode())
        parts.append(b"Q")
        if plan.contour:  # over the artwork and not clipped to the bleed, as on single pages
            parts.append(b"/%s Do" % plan.contour.encode())
        return b"\n".join(parts), images

    def _check_asset(self, record, obj, asset):
        # The slot is drawn when the file is assembled: a missing file must stop its record now.
        if asset in self._assets_found:
            return
        try:
            self.resolver.asset(asset)
        except MissingFile:
            raise BatchError(
                f"record {record.number}: {obj['field']} names a missing asset {asset!r}"
            ) from None
        self._assets_found.add(asset)

    def _text(self, plan, obj, value, use, record_number=None, position=None):
        key = (plan.index, position if position is not None else id(obj), value)
        kept = self._settings.get(key)
        if kept is None:
            kept = self._set_text(plan, obj, value, record_number)
            if len(self._settings) >= TEXT_SETTINGS_KEPT:
                self._settings.pop(next(iter(self._settings)))
            self._settings[key] = kept
        use.merge(kept[1])
        return kept[0]

    def _set_text(self, plan, obj, value, record_number):
        font = self._font(self._font_file(obj["font"]))
        box = Box(pt(obj["width"]), pt(obj["height"]))
        filled = {**obj, "text": value}
        layout = _layout(_Style.of(filled, font), obj["size"], box)
        # Static text prints as designed, as on the single design's print file.
        field = record_number is not None
        if field and layout.overflows and filled.get("fit") != "shrink":
            # The batch rule: a value too long for its box is set smaller, never cut.
            layout = _layout(_Style.of({**filled, "fit": "shrink"}, font), obj["size"], box)
        if field and layout.overflows:
            raise BatchError(
                f"record {record_number}: {obj['field']} overflows its box even at "
                f"{layout.size:g} pt"
            )
        use = GlyphUse()
        operators = self._head(plan, obj) + text_operators(layout, use) + b"\nQ"
        return operators, use

    def _head(self, plan, obj):
        """Operators opening a field object: its box placed as _object does, its fill colour."""
        key = (plan.index, id(obj))
        if key not in self._heads:
            fill = self._fill(plan, obj["color"], obj.get("opacity", 1))
            self._heads[key] = b"q " + _placement(plan, obj) + b" cm " + fill + b"\n"
        return self._heads[key]

    def _code(self, plan, obj, data):
        box = Box(pt(obj["width"]), pt(obj["height"]))
        head = self._head(plan, obj)
        if obj["symbology"] == "qr":
            count, bits = qr_matrix(data)
            columns = count + 2 * QR_QUIET
            scale = min(box.width / columns, box.height / columns)
            left = (box.width - columns * scale) / 2 + QR_QUIET * scale
            bottom = (box.height - columns * scale) / 2 + QR_QUIET * scale
            side = number(count * scale).encode()
            # A stencil: dark modules (0 samples) paint the fill colour, the rest stays unprinted.
            return (
                head
                + b"%s 0 0 %s %s %s cm\nBI /W %d /H %d /IM true /BPC 1 /F /AHx ID\n"
                % (side, side, number(left).encode(), number(bottom).encode(), count, count)
                + bits.hex().encode()
                + b">\nEI Q"
            )
        columns, rows, dark = symbol(obj["symbology"], data)
        scale_x, scale_y = box.width / columns, box.height / rows
        rects = b" ".join(
            b"%s %s %s %s re"
            % tuple(
                number(v).encode()
                for v in (x * scale_x, y * scale_y, width * scale_x, height * scale_y)
            )
            for x, y, width, height in dark
        )
        return head + rects + b" f Q"

    def _record_slug(self, plan, record, use):
        parts = [
            self.label,
            f"record {record.number}",
            f"qty {record.quantity}",
            self.product.name,
        ]
        line = " · ".join(part for part in parts if part)
        y = plan.bleed[1] - pt(MARK_GAP) - SLUG_SIZE
        left = plan.trim[0] + pt(MARK_GAP + 2)
        room = plan.trim[2] - pt(MARK_GAP + 2) - left
        # Every page has its own slug, so it is set without shaping: the slug needs no kerning,
        # and the glyphs' own widths are what PDF advances by anyway.
        face = self._slug_face
        gids = [face.charToGlyph.get(ord(char), 0) for char in line]
        width = sum(face.charWidths.get(ord(char), face.defaultWidth) for char in line)
        if width * SLUG_SIZE / 1000 > room:
            return self._slug_text(plan.trim, y, line, use)  # rare: shrink and cut as usual
        use.add(self.slug_font, dict(zip(gids, line, strict=True)))
        return b"%s\nBT /%s %d Tf 1 0 0 1 %s %s Tm [<%s>] TJ ET" % (
            _BLACK_FILL,
            self.slug_font.encode(),
            SLUG_SIZE,
            number(left).encode(),
            number(y).encode(),
            (("%04x" * len(gids)) % tuple(gids)).encode(),
        )

    def _slug_text(self, trim, y, line, use):
        """A slug line between the crop marks under the trim, shrunk, then cut, to fit."""
        left = trim[0] + pt(MARK_GAP + 2)
        room = trim[2] - pt(MARK_GAP + 2) - left
        size = SLUG_SIZE
        unit = string_width(self.slug_font, line, 1)
        while size > SLUG_MIN_SIZE and unit * size > room:
            size -= 0.25
        while len(line) > 1 and string_width(self.slug_font, line, size) > room:
            line = line[:-2] + "…"
        layout = TextLayout(size, [line], False, 0, 0, self.slug_font, rows=(Row(line, left, y),))
        return _BLACK_FILL + b"\n" + text_operators(layout, use)

    def record_pdf(self, record):
        """One record as its own PDF (for the zip output)."""
        out = io.BytesIO()
        self.assemble([self.render_chunk([record])], out)
        return out.getvalue()

    # Assembling -------------------------------------------------------------------------------

    def assemble(self, chunks, out, *, imposition=None):
        """Streams the chunks' pages into one PDF on out; returns the number of pages written."""
        writer = PdfStreamWriter(out)
        catalog, tree, info = writer.reserve(), writer.reserve(), writer.reserve()
        shared = {
            "Font": writer.reserve(),
            "ColorSpace": writer.reserve(),
            "ExtGState": writer.reserve(),
        }
        shared_entries = b" ".join(b"/%s %d 0 R" % (k.encode(), v) for k, v in shared.items())
        use = GlyphUse()
        use.merge(self.static_use)
        forms = self._write_static_forms(writer, shared_entries)
        image_forms = {}
        sheets = (
            _Sheets(self, writer, imposition, tree, shared_entries, use) if imposition else None
        )
        kids = []
        for chunk in chunks:
            header, body = self._read_chunk(chunk)
            for font, glyphs in header["fonts"].items():
                use.add(font, {gid: text for gid, text in glyphs})
            offset = 0
            for record_number, quantity, index, length, marks_length, images in header["pages"]:
                data = body[offset : offset + length]
                marks = body[offset + length : offset + length + marks_length]
                offset += length + marks_length
                plan = self.surfaces[index]
                xobjects = [(name, forms[name]) for name in plan.forms]
                for image in images:
                    name = _image_form_name(*image)
                    if name not in image_forms:
                        image_forms[name] = self._write_field_form(writer, *image)
                    xobjects.append((name, image_forms[name]))
                resources = (
                    b"<<"
                    + shared_entries
                    + b" /XObject <<"
                    + b" ".join(b"/%s %d 0 R" % (n.encode(), ref) for n, ref in xobjects)
                    + b">>>>"
                )
                if sheets is not None:
                    form = writer.add_stream(
                        b"/Type /XObject /Subtype /Form /BBox [%s] /Resources %s"
                        b" /Filter /FlateDecode" % (_box(plan.bleed), resources),
                        data,
                    )
                    sheets.add(record_number, quantity, index, form)
                    continue
                content = writer.add_stream(b"/Filter /FlateDecode", data)
                marks = writer.add_stream(b"", marks)
                kids.append(
                    writer.add(
                        b"<</Type /Page /Parent %d 0 R /MediaBox [0 0 %s %s] /TrimBox [%s]"
                        b" /BleedBox [%s] /Contents [%d 0 R %d 0 R] /Resources %s>>"
                        % (
                            tree,
                            number(plan.size[0]).encode(),
                            number(plan.size[1]).encode(),
                            _box(plan.trim),
                            _box(plan.bleed),
                            content,
                            marks,
                            resources,
                        )
                    )
                )
        if sheets is not None:
            kids = sheets.finish()
        self._write_shared(writer, shared, use)
        writer.write(
            tree,
            b"<</Type /Pages /Kids [%s] /Count %d>>"
            % (b" ".join(b"%d 0 R" % kid for kid in kids), len(kids)),
        )
        writer.write(catalog, b"<</Type /Catalog /Pages %d 0 R>>" % tree)
        title = pikepdf.String(f"{self.product.name} — print {self.label}".strip()).unparse()
        writer.write(info, b"<</Title " + title + b" /Creator (Monogram)>>")
        writer.finish(catalog, info)
        return len(kids)

    def _read_chunk(self, chunk):
        if not chunk.startswith(CHUNK_MAGIC):
            raise ValueError("not a batch chunk")
        length = int.from_bytes(chunk[8:12], "big")
        header = json.loads(chunk[12 : 12 + length])
        if header.get("format") != CHUNK_FORMAT or header.get("layout") != self.fingerprint:
            raise ValueError("the chunk was rendered for another template, product or label")
        return header, memoryview(chunk)[12 + length :]

    def _write_static_forms(self, writer, shared_entries):
        """Each static form once: reportlab's drawings copied in, our text operators around them."""
        drawn = self._copy_drawn_pages(writer)
        numbers = {}
        for plan in self.surfaces:
            for name in plan.forms:
                parts, xobjects = [], []
                for part in self._forms[name]:
                    if isinstance(part, int):
                        parts.append(b"/R%d Do" % part)
                        xobjects.append(b"/R%d %d 0 R" % (part, drawn[part]))
                    else:
                        parts.append(part)
                numbers[name] = writer.add_stream(
                    b"/Type /XObject /Subtype /Form /BBox [0 0 %s %s]"
                    b" /Resources <<%s /XObject <<%s>>>> /Filter /FlateDecode"
                    % (
                        number(plan.size[0]).encode(),
                        number(plan.size[1]).encode(),
                        shared_entries,
                        b" ".join(xobjects),
                    ),
                    deflate(b"\n".join(parts)),
                )
        return numbers

    def _copy_drawn_pages(self, writer):
        """reportlab draws the static objects and marks, one page per layer; copied as forms."""
        out = io.BytesIO()
        canvas = Canvas(out, invariant=True, pageCompression=1, initialFontName=SLUG_FONT)
        for kind, index, content in self._drawn_pages:
            plan = self.surfaces[index]
            canvas.setPageSize(plan.size)
            if kind == "objects":
                for obj in content:
                    _object(canvas, obj, plan.area, plan.trim, plan.ctx)
            elif kind == "contour":
                # A shape contour follows the template's own artwork, its fields as designed.
                draw_cut_contour(
                    canvas,
                    plan.area,
                    plan.trim,
                    plan.ctx,
                    lambda surface=content, plan=plan: artwork_mask(surface, plan.area, plan.ctx),
                )
            else:
                _crop_marks(canvas, plan.trim, plan.area)
            canvas.showPage()
        canvas.save()
        return _copy_pages_as_forms(writer, out.getvalue())

    def _write_field_form(self, writer, index, position, asset):
        """An image slot filled with one asset, drawn by the image drawer, as a form."""
        plan = self.surfaces[index]
        obj = dict(plan.objects[position])
        if asset:
            obj["asset"] = asset
        out = io.BytesIO()
        canvas = Canvas(out, pagesize=plan.size, invariant=True, initialFontName=SLUG_FONT)
        _object(canvas, obj, plan.area, plan.trim, plan.ctx)
        canvas.showPage()
        canvas.save()
        return _copy_pages_as_forms(writer, out.getvalue())[0]

    def _write_shared(self, writer, shared, use):
        fonts = {}
        for name in sorted(set(use) | set(self._fonts)):
            if name in use or name == self.slug_font:
                fonts[name] = writer.reserve()
        sources = {name: font_bytes(self._fonts[name]) for name in fonts}
        write_fonts(writer, fonts, sources, use)
        writer.write(
            shared["Font"],
            b"<<" + b" ".join(b"/%s %d 0 R" % (n.encode(), v) for n, v in fonts.items()) + b">>",
        )
        writer.write(
            shared["ColorSpace"],
            b"<<"
            + b" ".join(b"/%s %s" % (n.encode(), v) for n, v in sorted(self._colour_spaces.items()))
            + b">>",
        )
        writer.write(
            shared["ExtGState"],
            b"<<"
            + b" ".join(b"/%s %s" % (n.encode(), v) for n, v in sorted(self._states.items()))
            + b">>",
        )


class _Sheets:
    """Imposed output: record pages become forms, placed in cells of press sheets as they come."""

    def __init__(self, layout, writer, imposition, tree, shared_entries, use):
        if imposition.mode not in ("n-up", "step-and-repeat"):
            raise ValueError(f"unknown imposition mode {imposition.mode!r}")
        self.layout, self.writer, self.imposition = layout, writer, imposition
        self.tree, self.shared_entries, self.use = tree, shared_entries, use
        self.areas = [plan.area for plan in layout.surfaces]
        self.grid = batch_imposition.grid(imposition.sheet, imposition.gap, self.areas)
        self.cells = []  # (record number, [form per surface]) for the sheet being filled
        self.record_forms = []
        self.kids = []

    def add(self, record_number, quantity, index, form):
        self.record_forms.append(form)
        if index < len(self.areas) - 1:
            return
        forms, self.record_forms = self.record_forms, []
        if self.imposition.mode == "step-and-repeat":
            for _ in range(math.ceil(quantity / self.grid.cells)):
                self._sheet([(record_number, forms)] * self.grid.cells)
            return
        for _ in range(quantity):
            self.cells.append((record_number, forms))
            if len(self.cells) == self.grid.cells:
                self._sheet(self.cells)
                self.cells = []

    def finish(self):
        if self.cells:
            self._sheet(self.cells)
            self.cells = []
        return self.kids

    def _sheet(self, cells):
        """One press sheet per surface: fronts, then backs with the columns mirrored."""
        number_ = len(self.kids) // len(self.areas) + 1
        first, last = cells[0][0], cells[-1][0]
        for index, plan in enumerate(self.layout.surfaces):
            mirrored = index % 2 == 1
            parts, xobjects, names = [], [], {}
            for cell, (_, forms) in enumerate(cells):
                form = forms[index]
                name = names.setdefault(form, f"P{len(names)}")
                if len(xobjects) < len(names):
                    xobjects.append(b"/%s %d 0 R" % (name.encode(), form))
                trim = batch_imposition.placed_trim(self.grid, cell, plan.area, mirrored)
                dx, dy = trim[0] - plan.trim[0], trim[1] - plan.trim[1]
                parts.append(
                    b"q 1 0 0 1 %s %s cm /%s Do Q"
                    % (number(dx).encode(), number(dy).encode(), name.encode())
                )
            if self.imposition.marks:
                parts.append(
                    batch_imposition.crop_marks(self.grid, range(len(cells)), plan.area, mirrored)
                )
            records = f"records {first}–{last}" if first != last else f"record {first}"
            line = " · ".join(
                part
                for part in (
                    self.layout.label,
                    f"sheet {number_}",
                    records,
                    self.layout.product.name,
                    f"area {plan.area.name} ({plan.area.id})",
                )
                if part
            )
            bottom = (
                self.grid.top
                - self.grid.rows * self.grid.cell_height
                - (self.grid.rows - 1) * self.grid.gap
            )
            y = max(4.0, bottom - pt(MARK_GAP * 2 + MARK_LENGTH) - SLUG_SIZE)
            right = self.grid.sheet[0] - self.grid.left
            parts.append(self.layout._slug_text((self.grid.left, 0, right, 0), y, line, self.use))
            content = self.writer.add_stream(b"/Filter /FlateDecode", deflate(b"\n".join(parts)))
            self.kids.append(
                self.writer.add(
                    b"<</Type /Page /Parent %d 0 R /MediaBox [0 0 %s %s] /Contents %d 0 R"
                    b" /Resources <<%s /XObject <<%s>>>>>>"
                    % (
                        self.tree,
                        number(self.grid.sheet[0]).encode(),
                        number(self.grid.sheet[1]).encode(),
                        content,
                        self.shared_entries,
                        b" ".join(xobjects),
                    )
                )
            )


def _copy_pages_as_forms(writer, pdf_bytes):
    """Every page of a PDF written as a form XObject; their numbers in page order."""
    numbers = []
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            form = pdf.make_indirect(page.as_form_xobject())
            numbers.append(writer.copy(form))
    return numbers


def _image_form_name(index, position, asset):
    return "I" + hashlib.sha256(f"{index}:{position}:{asset}".encode()).hexdigest()[:16]


def _placement(plan, obj):
    """The cm matrix placing an object's box as rendering.pdf's _object does."""
    width, height = pt(obj["width"]), pt(obj["height"])
    left = plan.trim[0] + pt(obj["x"])
    bottom = plan.trim[3] - pt(obj["y"]) - height
    turn = math.radians(-obj.get("rotation", 0))
    cos, sin = math.cos(turn), math.sin(turn)
    # translate(centre) · rotate · translate(-half box)
    e = left + width / 2 + (-width / 2) * cos - (-height / 2) * sin
    f = bottom + height / 2 + (-width / 2) * sin + (-height / 2) * cos
    return " ".join(number(v) for v in (cos, sin, -sin, cos, e, f)).encode()


def _rect(box):
    return " ".join(number(v) for v in (box[0], box[1], box[2] - box[0], box[3] - box[1])).encode()


def _box(box):
    return " ".join(number(v) for v in box).encode()

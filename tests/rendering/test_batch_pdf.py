"""Batch print files as prepress tools see them: pages in data order, shared forms, fonts once."""

import io
import math
import re

import pikepdf
import pypdfium2 as pdfium
import pytest
import zxingcpp

from monogram.rendering import RenderCache, RenderProduct
from monogram.rendering.batch_pdf import BatchError, BatchLayout, Imposition, Record
from monogram.rendering.pdf import render_pdf
from tests.rendering.conftest import BLACK, card_area, card_document
from tests.rendering.tools import ink, plates, run

MM = 72 / 25.4
NAMES = ["Élodie Lefèvre", "Gaëlle Brûlé", "Noël Côté", "Yvonne Tavarès", "François Œuvray"]


def template():
    """The test card with fields: name, title and a QR code on the front; a static photo back."""
    document = card_document()
    front = document["surfaces"][0]["objects"]
    front[0]["field"] = "name"
    front[1]["field"] = "title"
    front[4]["field"] = "vcard"
    front.append(
        {
            "id": "company",
            "type": "text",
            "x": 8,
            "y": 40,
            "width": 50,
            "height": 5,
            "text": "Imprimerie Dupont",
            "font": "fnt_vera",
            "size": 8,
            "color": BLACK,
            "fit": "none",
        }
    )
    return document


def records(count, start=1, quantity=1):
    def vcard(number):
        name = NAMES[number % len(NAMES)]
        return f"BEGIN:VCARD\nFN:{name}\nTEL:+33 1 23 45 {number:04d}\nEND:VCARD"

    return [
        Record(
            number,
            {
                "name": f"{NAMES[number % len(NAMES)]} {number}",
                "title": "Directrice d'atelier",
                "vcard": vcard(number),
            },
            quantity,
        )
        for number in range(start, start + count)
    ]


@pytest.fixture
def layout(product, resolver):
    return BatchLayout(template(), product, resolver, label="Batch bat_1", cache=RenderCache())


def write(tmp_path, layout, chunks, name="batch.pdf", **options):
    path = tmp_path / name
    with path.open("wb") as out:
        pages = layout.assemble(chunks, out, **options)
    return path, pages


def page_count(path):
    return int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(path))).group(1))


def page_text(path, page):
    return run("pdftotext", "-f", str(page), "-l", str(page), str(path), "-")


def test_every_record_gives_its_pages_in_data_order_and_area_order(tmp_path, layout):
    path, pages = write(tmp_path, layout, [layout.render_chunk(records(6))])
    assert layout.pages_per_record == 2
    assert pages == page_count(path) == 12
    for number in range(1, 7):
        front = page_text(path, 2 * number - 1)
        assert f"{NAMES[number % len(NAMES)]} {number}" in front
        assert f"Batch bat_1 · record {number} · qty 1 · Business card" in front
        assert "area Recto (front)" in front
        assert "Imprimerie Dupont" in front
        assert "area Verso (back)" in page_text(path, 2 * number)
    assert "No syntax or stream encoding errors" in run("qpdf", "--check", str(path))


def test_pages_have_the_print_boxes_of_the_single_design(tmp_path, layout):
    path, _ = write(tmp_path, layout, [layout.render_chunk(records(2))])
    out = run("pdfinfo", "-box", "-f", "1", "-l", "4", str(path))
    margin = (3 + 12) * MM
    trim = (margin, margin, margin + 85 * MM, margin + 55 * MM)
    bleed = (trim[0] - 3 * MM, trim[1] - 3 * MM, trim[2] + 3 * MM, trim[3] + 3 * MM)
    media = (0, 0, trim[2] + margin, trim[3] + margin)
    for name, expected in (("MediaBox", media), ("TrimBox", trim), ("BleedBox", bleed)):
        found = re.findall(rf"Page +\d+ {name}: +([-\d. ]+)", out)
        assert len(found) == 4
        for numbers in found:
            assert tuple(float(n) for n in numbers.split()) == pytest.approx(expected, abs=0.01)


def test_fonts_are_embedded_once_subset_and_readable(tmp_path, layout):
    path, _ = write(tmp_path, layout, [layout.render_chunk(records(40))])
    lines = run("pdffonts", str(path)).splitlines()[2:]
    names = [line.split()[0] for line in lines]
    bases = [name.split("+")[1] for name in names]
    assert sorted(bases) == ["BitstreamVeraSans-Bold", "BitstreamVeraSans-Roman"]
    for line in lines:
        assert re.match(r"[A-Z]{6}\+", line), line
        assert line.split()[-5:-2] == ["yes", "yes", "yes"], line  # emb, sub, uni
    # Accented names survive as text, not as glyph ids.
    text = run("pdftotext", str(path), "-")
    for name in NAMES:
        assert name in text


def word_boxes(path, page):
    """{word: (x0, y0, x1, y1)} as pdftotext -bbox reads them from a page."""
    out = run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-")
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)<'
    return {
        word: (float(x0), float(y0), float(x1), float(y1))
        for x0, y0, x1, y1, word in re.findall(pattern, out)
    }


def test_text_sets_as_in_the_single_designs_print_file(tmp_path, layout, product, resolver):
    record = records(3)[2]  # "Yvonne Tavarès 3": kerned pairs (Ta, av)
    path, _ = write(tmp_path, layout, [layout.render_chunk([record])])
    design = template()
    for obj in design["surfaces"][0]["objects"]:
        if obj.get("field") in ("name", "title"):
            obj["text"] = record.values[obj.pop("field")]
    single = tmp_path / "single.pdf"
    single.write_bytes(render_pdf(design, product, resolver, RenderCache()))
    # Every character of the name and title lands where the single design's print file has it.
    for text in (record.values["name"], "Directrice d'atelier", "Imprimerie Dupont"):
        assert char_origins(path, text) == pytest.approx(char_origins(single, text), abs=0.02)


def char_origins(path, text):
    """Left edges of the characters of text on the first page, as pdfium reads them."""
    document = pdfium.PdfDocument(str(path))
    try:
        page = document[0].get_textpage()
        start = page.get_text_range().index(text)
        return [page.get_charbox(index)[0] for index in range(start, start + len(text))]
    finally:
        document.close()


def test_static_layers_are_forms_shared_by_every_page(tmp_path, layout):
    few, _ = write(tmp_path, layout, [layout.render_chunk(records(3))], "few.pdf")
    many, _ = write(tmp_path, layout, [layout.render_chunk(records(30))], "many.pdf")

    def forms(path):
        with pikepdf.open(path) as pdf:
            found = {
                obj.objgen
                for obj in pdf.objects
                if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Form"
            }
            per_page = [
                {value.objgen for value in page.Resources.XObject.values()} for page in pdf.pages
            ]
            return found, per_page

    found_few, _ = forms(few)
    found_many, per_page = forms(many)
    assert len(found_many) == len(found_few)
    fronts, backs = per_page[0::2], per_page[1::2]
    assert all(page == fronts[0] for page in fronts)
    assert all(page == backs[0] for page in backs)
    # The two static runs around the fields (logo and band, company name), the cut contour and
    # the marks.
    assert len(fronts[0]) == 4


def test_an_image_is_embedded_once_for_a_hundred_pages(tmp_path, layout):
    path, pages = write(tmp_path, layout, [layout.render_chunk(records(50))])
    assert pages == 100
    with pikepdf.open(path) as pdf:
        images = [
            obj
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
        ]
    assert len(images) == 1
    assert (images[0].Width, images[0].Height) == (1063, 709)  # native pixels


def test_an_image_slot_embeds_each_distinct_asset_once(tmp_path, product, resolver):
    from tests.rendering.conftest import jpeg

    resolver.add_asset("ast_other", jpeg((300, 200), color=(20, 160, 60)), "image/jpeg")
    document = template()
    document["surfaces"][1]["objects"][0]["field"] = "photo"
    layout = BatchLayout(document, product, resolver)
    batch = [
        Record(record.number, {**record.values, "photo": "ast_other" if record.number % 2 else ""})
        for record in records(10)
    ]
    path, _ = write(tmp_path, layout, [layout.render_chunk(batch)])
    with pikepdf.open(path) as pdf:
        sizes = sorted(
            (int(obj.Width), int(obj.Height))
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
        )
    assert sizes == [(300, 200), (1063, 709)]
    # Record 1 has the slot's asset (green), record 2 keeps the template's photo (red).
    document = pdfium.PdfDocument(str(path))
    try:
        # The photo's box centre: 20 + 22.5 mm across, 12 + 15 mm down, from the trim.
        x, y = round((15 + 42.5) * MM), round((15 + 27) * MM)
        red, green, _ = document[1].render(scale=1).to_pil().convert("RGB").getpixel((x, y))
        assert green > red + 60
        red, green, _ = document[3].render(scale=1).to_pil().convert("RGB").getpixel((x, y))
        assert red > green + 60
    finally:
        document.close()


def test_an_image_slot_naming_a_missing_asset_stops_its_record(product, resolver):
    document = template()
    document["surfaces"][1]["objects"][0]["field"] = "photo"
    layout = BatchLayout(document, product, resolver)
    record = records(1, start=7)[0]
    with pytest.raises(BatchError, match="record 7: photo names a missing asset 'ast_gone'"):
        layout.render_chunk([Record(7, {**record.values, "photo": "ast_gone"})])


def test_qr_codes_decode_to_each_records_value(tmp_path, layout):
    batch = records(3)
    path, _ = write(tmp_path, layout, [layout.render_chunk(batch)])
    document = pdfium.PdfDocument(str(path))
    try:
        for index, record in enumerate(batch):
            picture = document[2 * index].render(scale=300 / 72).to_pil()
            found = zxingcpp.read_barcodes(picture, formats=zxingcpp.BarcodeFormat.QRCode)
            assert [code.text for code in found] == [record.values["vcard"]]
    finally:
        document.close()
    with pikepdf.open(path) as pdf:
        content = pdf.pages[0].Contents[0].read_bytes()
    assert b"/IM true" in content  # a 1-bit stencil, not a path per module


def test_a_long_value_is_shrunk_to_fit_its_box(tmp_path, product, resolver):
    document = template()
    document["surfaces"][0]["objects"][0]["fit"] = "none"  # 14 pt in a 60 × 9 mm box
    layout = BatchLayout(document, product, resolver)
    batch = records(2)
    long_name = "Marie-Clémentine de La Rochefoucauld-Montbazon"
    batch[1] = Record(2, {**batch[1].values, "name": long_name})
    path, _ = write(tmp_path, layout, [layout.render_chunk(batch)])

    short = word_boxes(path, 1)[NAMES[1].split()[0]]
    shrunk = word_boxes(path, 3)["Marie-Clémentine"]
    last = word_boxes(path, 3)["Rochefoucauld-Montbazon"]
    assert shrunk[3] - shrunk[1] < 0.7 * (short[3] - short[1])  # a smaller size
    box_right = (15 + 8 + 60) * MM
    assert last[2] <= box_right + 0.5  # within its box, not cut


def test_text_that_overflows_even_shrunk_stops_the_record(layout):
    batch = records(1)
    too_long = " ".join(["Anticonstitutionnellement"] * 20)
    with pytest.raises(BatchError, match="record 1: name overflows"):
        layout.render_chunk([Record(1, {**batch[0].values, "name": too_long})])
    with pytest.raises(BatchError, match="record 1: title is empty"):
        layout.render_chunk([Record(1, {**batch[0].values, "title": " "})])
    with pytest.raises(BatchError, match=r"record 1: vcard: .* too many for a QR code"):
        layout.render_chunk([Record(1, {**batch[0].values, "vcard": "é" * 4000})])


def test_the_same_batch_gives_the_same_bytes(tmp_path, product, resolver):
    def render():
        layout = BatchLayout(template(), product, resolver, label="B", cache=RenderCache())
        out = io.BytesIO()
        layout.assemble([layout.render_chunk(records(5))], out)
        return out.getvalue()

    assert render() == render()


def test_chunks_rendered_apart_assemble_into_one_file(tmp_path, product, resolver):
    first = BatchLayout(template(), product, resolver, label="B", cache=RenderCache())
    chunks = [first.render_chunk(records(3, start)) for start in (1, 4, 7)]
    # Assembled by another layout of the same template, as a worker restarted would.
    second = BatchLayout(template(), product, resolver, label="B", cache=RenderCache())
    apart, pages = write(tmp_path, second, chunks, "apart.pdf")
    whole, _ = write(tmp_path, second, [first.render_chunk(records(9))], "whole.pdf")
    assert pages == 18
    assert apart.read_bytes() == whole.read_bytes()
    text = run("pdftotext", str(apart), "-")
    positions = [text.index(f"record {number} ·") for number in range(1, 10)]
    assert positions == sorted(positions)


def test_a_chunk_of_another_template_is_refused(tmp_path, layout, product, resolver):
    other = template()
    other["surfaces"][0]["objects"][3]["fill"] = BLACK
    chunk = BatchLayout(other, product, resolver, label="Batch bat_1").render_chunk(records(1))
    with pytest.raises(ValueError, match="another template"):
        layout.assemble([chunk], io.BytesIO())


def one_sided(resolver):
    product = RenderProduct("prd_card", "Business card", (card_area("front"),))
    document = template()
    document["surfaces"] = document["surfaces"][:1]
    return BatchLayout(document, product, resolver, label="Batch bat_2")


def test_record_pdf_is_one_page_per_record_of_a_one_area_product(tmp_path, resolver):
    layout = one_sided(resolver)
    path = tmp_path / "one.pdf"
    path.write_bytes(layout.record_pdf(records(1, start=4)[0]))
    assert page_count(path) == 1
    assert f"{NAMES[4]} 4" in page_text(path, 1)


def sheet_grid(gap):
    """Columns, rows and the grid's outer left and top edges (pt, y down) on SRA3."""
    cell_w, cell_h, margin = 91, 61, 12
    columns = math.floor((320 - 2 * margin + gap) / (cell_w + gap))
    rows = math.floor((450 - 2 * margin + gap) / (cell_h + gap))
    width = columns * cell_w + (columns - 1) * gap
    height = rows * cell_h + (rows - 1) * gap
    return columns, rows, (320 - width) / 2, (450 - height) / 2


def test_n_up_fills_cells_in_data_order_with_crop_marks(tmp_path, resolver):
    layout = one_sided(resolver)
    columns, rows, left, top = sheet_grid(4)
    assert (columns, rows) == (3, 6)
    batch = records(5, quantity=5)  # 25 cards on sheets of 18
    path, pages = write(
        tmp_path,
        layout,
        [layout.render_chunk(batch)],
        imposition=Imposition((320, 450), gap=4),
    )
    assert pages == page_count(path) == math.ceil(25 / 18)
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", run("pdfinfo", str(path)))
    assert (float(size[1]), float(size[2])) == pytest.approx((320 * MM, 450 * MM), abs=0.01)
    first = page_text(path, 1)
    assert first.count(f"{NAMES[1]} 1") == 5 and first.count(f"{NAMES[4]} 4") == 3
    assert page_text(path, 2).count(f"{NAMES[4]} 4") == 2
    found = plates(path, tmp_path, dpi=72)
    cyan = found["Cyan"]
    # Registration marks in the top margin, on each column's trim edges (x, 1 pt per pixel).
    # Marks run from 1 mm past the bleed for 6 mm: from 1 mm above the grid's top edge.
    strip = round((top - 6.5) * MM), round((top - 1.5) * MM)
    for column in range(columns):
        trim_left = (left + column * 95 + 3) * MM
        for x in (trim_left, trim_left + 85 * MM):
            assert ink(cyan, round(x) - 1, strip[0], round(x) + 1, strip[1])[1] > 200
    # Nothing else there: between two marks the margin stays clean.
    gap_x = round((left + 3 + 40) * MM)
    assert ink(cyan, gap_x - 5, strip[0], gap_x + 5, strip[1]) == (0, 0)


def test_step_and_repeat_gives_each_record_whole_sheets(tmp_path, resolver):
    layout = one_sided(resolver)
    path, pages = write(
        tmp_path,
        layout,
        [layout.render_chunk(records(2, quantity=20))],
        imposition=Imposition((320, 450), gap=4, mode="step-and-repeat"),
    )
    assert pages == page_count(path) == 2 * math.ceil(20 / 18)
    for page, number in ((1, 1), (2, 1), (3, 2), (4, 2)):
        assert page_text(path, page).count(f"{NAMES[number]} {number}") == 18


def test_double_sided_sheets_put_backs_behind_fronts(tmp_path, layout):
    path, pages = write(
        tmp_path,
        layout,
        [layout.render_chunk(records(2, quantity=1))],
        imposition=Imposition((320, 450), gap=4),
    )
    assert pages == 2  # one sheet: its front, then its back
    assert "area Recto (front)" in page_text(path, 1)
    assert "area Verso (back)" in page_text(path, 2)


def test_rendering_leaves_the_template_as_it_was(layout):
    layout.render_chunk(records(2))
    assert layout.document == template()

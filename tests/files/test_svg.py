"""SVG uploads: hostile content refused, editor clutter removed, physical size read from units."""

import base64
import io
import subprocess
import xml.etree.ElementTree as StdlibTree

import pytest
from lxml import etree
from PIL import Image

from monogram.errors import Invalid
from monogram.files import UploadLimits, inspect_upload

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
NAMESPACES = f'xmlns="{SVG}" xmlns:xlink="{XLINK}"'


def svg(body, attributes='width="100" height="50"'):
    return f"<svg {NAMESPACES} {attributes}>{body}</svg>".encode()


def refused(document):
    with pytest.raises(Invalid) as failure:
        inspect_upload(document, UploadLimits())
    assert failure.value.status == 422
    return failure.value.message


def data_uri(media_type, payload):
    return f"data:{media_type};base64,{base64.b64encode(payload).decode()}"


def png(size=(4, 4)):
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, "PNG")
    return out.getvalue()


INKSCAPE = f"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<svg width="85mm" height="55mm" viewBox="0 0 85 55" version="1.1" id="svg1"
   inkscape:version="1.3 (0e150ed6c4, 2023-07-21)" sodipodi:docname="card.svg"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns="{SVG}" xmlns:svg="{SVG}" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <sodipodi:namedview id="namedview1" pagecolor="#ffffff" inkscape:zoom="2.1"/>
  <defs id="defs1">
    <linearGradient id="fade"><stop offset="0" stop-color="#000"/></linearGradient>
  </defs>
  <metadata><rdf:RDF/></metadata>
  <g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1">
    <rect style="fill:url(#fade);stroke:none" id="rect1" width="40" height="20" x="5" y="5"/>
    <text xml:space="preserve" x="5" y="40">Anna <inkscape:extra/>&amp; Ben</text>
  </g>
</svg>
""".encode()


def test_inkscape_clutter_is_removed_and_the_drawing_kept():
    inspected = inspect_upload(INKSCAPE, UploadLimits())
    assert (inspected.kind, inspected.media_type, inspected.extension) == (
        "vector",
        "image/svg+xml",
        "svg",
    )
    assert inspected.notes == (
        "removed 1 comment",
        "removed 1 metadata element",
        "removed 4 Inkscape editor attributes",
        "removed 2 Inkscape editor elements",
    )
    for root in (StdlibTree.fromstring(inspected.data), etree.fromstring(inspected.data)):
        assert root.tag == f"{{{SVG}}}svg"
        tags = [element.tag for element in root.iter()]
        assert f"{{{SVG}}}metadata" not in tags
        assert all(tag.startswith(f"{{{SVG}}}") for tag in tags)
        for element in root.iter():
            assert all(not key.startswith("{") or key.endswith("}space") for key in element.attrib)
        text = root.find(f".//{{{SVG}}}text")
        assert "".join(text.itertext()) == "Anna & Ben"
        assert text.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
        assert root.find(f".//{{{SVG}}}rect").get("style") == "fill:url(#fade);stroke:none"
    assert b"ns0:" not in inspected.data and b"inkscape" not in inspected.data
    assert inspected.data.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<svg xmlns=")


def test_physical_size_comes_from_width_and_height_units():
    inspected = inspect_upload(INKSCAPE, UploadLimits())
    assert (inspected.width_mm, inspected.height_mm) == (85.0, 55.0)
    assert (inspected.width_px, inspected.height_px, inspected.dpi) == (None, None, None)


@pytest.mark.parametrize(
    ("attributes", "size"),
    [
        ('width="8.5cm" height="5.5cm"', (85.0, 55.0)),
        ('width="2in" height="1in"', (50.8, 25.4)),
        ('width="72pt" height="36pt"', (25.4, 12.7)),
        ('width="6pc" height="3pc"', (25.4, 12.7)),
        ('width="96px" height="48"', (25.4, 12.7)),
        ('viewBox="0 0 960 480"', (254.0, 127.0)),
        ('width="100mm" viewBox="0,0,200,50"', (100.0, 25.0)),
        ('width="100%" height="100%"', (None, None)),
    ],
)
def test_physical_size_units(attributes, size):
    inspected = inspect_upload(svg("<rect width='1' height='1'/>", attributes), UploadLimits())
    assert (inspected.width_mm, inspected.height_mm) == size


def test_a_doctype_with_entities_is_refused():
    document = b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]>' + svg("<text>&x;</text>")
    assert refused(document) == (
        "SVG files with a DOCTYPE or entities are not accepted; export as plain SVG."
    )


def test_a_billion_laughs_is_refused_before_expansion():
    entities = '<!ENTITY a "haha">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    document = f"<!DOCTYPE svg [{entities}]>".encode() + svg("<text>&j;</text>")
    assert "DOCTYPE or entities are not accepted" in refused(document)


def test_an_external_entity_is_refused():
    document = b'<!DOCTYPE svg [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + svg("<text>&e;</text>")
    assert "DOCTYPE or entities are not accepted" in refused(document)


def test_a_script_is_refused():
    message = refused(svg("<script>alert(1)</script>"))
    assert message == (
        "This SVG contains a script (<script>); export it again as plain SVG without scripts."
    )


@pytest.mark.parametrize(
    ("body", "element"),
    [
        (
            "<foreignObject><p xmlns='http://www.w3.org/1999/xhtml'>hi</p></foreignObject>",
            "foreignObject",
        ),
        ("<g><iframe src='https://example.com'/></g>", "iframe"),
        ("<embed src='x.swf'/>", "embed"),
        ("<object data='x.pdf'/>", "object"),
        ("<rect width='1' height='1'><animate attributeName='x' to='5'/></rect>", "animate"),
        ("<rect width='1' height='1'><set attributeName='fill' to='red'/></rect>", "set"),
        ("<g><animateTransform attributeName='transform' type='rotate'/></g>", "animateTransform"),
        ("<g><animateMotion path='M0 0L9 9'/></g>", "animateMotion"),
    ],
)
def test_elements_that_act_or_embed_documents_are_refused_by_name(body, element):
    assert f"(<{element}>)" in refused(svg(body))


def test_an_event_handler_attribute_is_refused():
    message = refused(svg("<rect width='1' height='1'/>", 'onload="alert(1)" width="1"'))
    assert message.startswith('This SVG has an event handler (onload="…" on <svg>)')


def test_an_event_handler_on_a_nested_element_is_refused():
    assert "(onClick=" in refused(svg("<g><rect onClick='x()' width='1' height='1'/></g>"))


@pytest.mark.parametrize(
    "href",
    [
        "https://example.com/logo.png",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "logo.png",
        "other.svg#part",
        data_uri("image/svg+xml", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        data_uri("text/html", b"<script>alert(1)</script>"),
    ],
)
@pytest.mark.parametrize("attribute", ["xlink:href", "href"])
def test_links_out_of_the_file_are_refused(attribute, href):
    message = refused(svg(f'<image {attribute}="{href}" width="1" height="1"/>'))
    assert message.startswith("This SVG links to ")
    assert "only images embedded in the file (PNG, JPEG or WebP)" in message


def test_internal_links_and_embedded_png_images_are_kept():
    body = (
        '<defs><rect id="dot" width="1" height="1"/></defs><use xlink:href="#dot" x="3"/>'
        f'<image href="{data_uri("image/png", png())}" width="4" height="4"/>'
    )
    inspected = inspect_upload(svg(body), UploadLimits())
    root = etree.fromstring(inspected.data)
    assert root.find(f"{{{SVG}}}use").get(f"{{{XLINK}}}href") == "#dot"
    assert root.find(f"{{{SVG}}}image").get("href").startswith("data:image/png;base64,iVBOR")


def test_an_embedded_image_that_is_not_what_it_claims_is_refused():
    # svglib hands embedded images to Pillow with every plugin enabled, EPS included.
    body = f'<image href="{data_uri("image/png", b"%!PS-Adobe-3.0 EPSF-3.0")}"/>'
    assert "is not the PNG it claims to be" in refused(svg(body))


def test_an_embedded_image_over_the_pixel_limit_is_refused():
    body = f'<image href="{data_uri("image/png", png((1200, 1000)))}"/>'
    with pytest.raises(Invalid) as failure:
        inspect_upload(svg(body), UploadLimits(max_pixels=1_000_000))
    assert failure.value.message.startswith(
        "An image embedded in this SVG (<image>) cannot be used. This image is 1.2 megapixels"
    )


@pytest.mark.parametrize(
    "css",
    [
        "fill:url(https://example.com/x.svg#g)",
        "fill: url( 'http://example.com/p' )",
        "mask-image: image-set('https://example.com/m.png' 1x)",
        "fill:u\\72l(https://example.com/x)",
    ],
)
def test_css_that_loads_anything_outside_the_file_is_refused(css):
    message = refused(svg(f'<rect style="{css}" width="1" height="1"/>'))
    assert message.startswith("This SVG's styles (<rect>) load")


def test_a_style_element_with_import_is_refused():
    message = refused(svg("<style>@import url(#x); rect { fill: red }</style>"))
    assert message.startswith("This SVG's styles (<style>) import another style sheet (@import)")


def test_an_escaped_import_is_refused():
    assert "(@import)" in refused(svg("<style>@\\69mport 'https://example.com/a.css';</style>"))


def test_a_presentation_attribute_pointing_outside_is_refused():
    assert "load" in refused(svg('<rect fill="url(https://example.com/g.svg#g)" width="1"/>'))


def test_an_svg_without_the_svg_namespace_is_refused():
    message = refused(b'<svg width="10" height="10"><rect width="1" height="1"/></svg>')
    assert message.startswith("This file is not an SVG image (missing xmlns")


def test_malformed_xml_is_refused_with_its_position():
    message = refused(f'<svg {NAMESPACES}>\n<rect width="1"></svg>'.encode())
    assert message.startswith("This SVG is not well-formed XML (line 2, column")


def test_a_use_bomb_is_refused_before_svglib_expands_it():
    levels = ['<rect id="l0" width="1" height="1"/>']
    for level in range(1, 7):
        uses = f'<use xlink:href="#l{level - 1}"/>' * 10
        levels.append(f'<g id="l{level}">{uses}</g>')
    body = "<defs>" + "".join(levels) + '</defs><use xlink:href="#l6"/>'
    assert "draws more than 50,000 shapes" in refused(svg(body))


def test_a_use_that_refers_to_its_own_group_is_refused():
    body = '<g id="a"><rect width="1" height="1"/><use xlink:href="#a"/></g>'
    assert "refers to itself or to a group containing it" in refused(svg(body))


def test_nesting_beyond_the_depth_limit_is_refused():
    body = "<g>" * 150 + "<rect width='1' height='1'/>" + "</g>" * 150
    assert "nests groups more than 100 levels deep" in refused(svg(body))


def test_text_in_an_unknown_font_family_is_checked_without_font_lookups(monkeypatch):
    def no_subprocess(*args, **kwargs):
        raise AssertionError("svglib ran a program to look for a font")

    monkeypatch.setattr(subprocess, "Popen", no_subprocess)
    body = "<text font-family='Nonexistent Script Pro' x='1' y='9'>Hi</text>"
    inspected = inspect_upload(svg(body), UploadLimits())
    assert etree.fromstring(inspected.data).find(f"{{{SVG}}}text").text == "Hi"

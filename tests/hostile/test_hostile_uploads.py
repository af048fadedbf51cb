"""Hostile files sent to every upload route: refused with a clear 4xx and nothing kept, or
stored only once the hostile part is gone, and never fetching anything."""

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from tests.hostile.conftest import unchanged

FILES = Path(__file__).parent / "files"
ORIGIN = b"http://HOSTILE-ORIGIN"

# Pillow warns on its way to refusing a damaged TIFF; the refusal is what is asserted.
pytestmark = [
    pytest.mark.filterwarnings("ignore:Corrupt EXIF data:UserWarning"),
    pytest.mark.filterwarnings("ignore:Truncated File Read:UserWarning"),
]

FONT = {".ttf", ".otf", ".woff", ".woff2"}
DATA = {".csv", ".xlsx"}

# Accepted once sanitised; checked by the tests further down rather than the refusal matrix.
CLEANED_BY_ASSETS = {"polyglot-png-zip.png", "polyglot-jpeg-html.jpg"}
# Template import leaves out what does not print (scripts, web content, linked pictures).
CLEANED_BY_IMPORT = {
    "script.svg",
    "script-prefixed.svg",
    "foreign-object.svg",
    "href-http.svg",
    "href-file.svg",
    "data-svg-in-svg.svg",
}

# Posted from a child process whose memory is measured, to every route.
COMMITTED_BOMBS = sorted(
    path.name for path in FILES.iterdir() if "bomb" in path.name or "laughs" in path.name
)

# A message a person can act on names what to do, or what the route expects instead.
REMEDIES = ("export", "upload", "save", "send", "reduce", "make", "embed", "split", "put", "name",
            "choose", "import", "ask", "flatten", "simplify", "fix", "give", "add",
            "is expected here")  # fmt: skip
STACK_TRACE_MARKS = ("Traceback", 'File "', ", line ", ".py", "site-packages", "Error:")


MIB = 1024 * 1024


def huge(signature, size):
    """An upload over a size cap, built here so that no such file is committed."""
    return signature + b"\x00" * (size - len(signature))


def hostile(name, origin):
    return (FILES / name).read_bytes().replace(ORIGIN, origin.url.encode())


def post_asset(shop, data, filename):
    files = {"file": (io.BytesIO(data), filename)}
    return shop.client.post("/v1/assets", headers=shop.pk, data=files)


def post_font(shop, data, filename):
    form = {"file": (io.BytesIO(data), filename), "licence_note": "SIL OFL"}
    return shop.client.post("/v1/fonts", headers=shop.sk, data=form)


def post_template(shop, data, filename):
    form = {"file": (io.BytesIO(data), filename), "product": shop.product_id}
    return shop.client.post("/v1/templates/import", headers=shop.sk, data=form)


def post_batch(shop, data, filename):
    form = {"file": (io.BytesIO(data), filename), "template": shop.template_id}
    return shop.client.post("/v1/batches", headers=shop.sk, data=form)


ROUTES = {
    "assets": post_asset,
    "fonts": post_font,
    "templates": post_template,
    "batches": post_batch,
}


def expected_status(route, name):
    """What each route answers: 415 for a kind of file it never takes, 422 for a bad one."""
    suffix = Path(name).suffix
    if name.startswith("empty."):
        return 422
    if route == "assets":
        return 415 if suffix in FONT | DATA else 422
    if route == "fonts":
        return 422 if suffix in FONT else 415
    if route == "templates":
        return 422 if suffix == ".svg" else 415
    return 422  # batches read any bytes as CSV or XLSX, and refuse what is neither


def refusals():
    """(route, file) for every file a route refuses; bombs go through the child process."""
    cleaned = {"assets": CLEANED_BY_ASSETS, "templates": CLEANED_BY_IMPORT}
    return [
        pytest.param(route, path.name, id=f"{route}-{path.name}")
        for path in sorted(FILES.iterdir())
        for route in ROUTES
        if path.name not in cleaned.get(route, set()) | set(COMMITTED_BOMBS)
    ]


def assert_refused(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.json
    assert set(body) <= {"code", "status", "message", "errors"}
    assert body["code"] == status
    messages = [body["message"], *(error["message"] for error in body.get("errors", []))]
    for message in messages:
        assert not any(mark in message for mark in STACK_TRACE_MARKS), message
    assert any(word in " ".join(messages).lower() for word in REMEDIES), messages
    assert "Traceback" not in response.get_data(as_text=True)


def test_there_are_at_least_thirty_committed_hostile_files():
    assert len(list(FILES.iterdir())) >= 30


@pytest.mark.parametrize(("route", "name"), refusals())
def test_a_hostile_file_is_refused_and_nothing_is_kept_or_fetched(shop, origin, route, name):
    origin.requests.clear()
    with unchanged(shop):
        response = ROUTES[route](shop, hostile(name, origin), name)
    assert_refused(response, expected_status(route, name))
    assert origin.requests == []


@pytest.fixture(scope="module")
def batch_id(shop):
    response = post_batch(shop, b"nom\nJeanne\n", "equipe.csv")
    assert response.status_code == 202, response.json
    return response.json["id"]


@pytest.mark.parametrize(
    "name", ["empty.csv", "binary.csv", "xxe.xlsx", "script.svg", "bomb-4gp.png", "truncated.ttf"]
)
def test_a_hostile_replacement_data_file_is_refused_and_the_batch_kept(
    shop, origin, batch_id, name
):
    origin.requests.clear()
    form = {"file": (io.BytesIO(hostile(name, origin)), name)}
    with unchanged(shop):
        response = shop.client.put(f"/v1/batches/{batch_id}/data", headers=shop.sk, data=form)
    assert_refused(response, 422)
    assert origin.requests == []


def test_a_replacement_data_file_over_the_cap_is_a_413(shop, batch_id):
    form = {"file": (io.BytesIO(huge(b"nom\n", 50 * MIB + 65 * 1024)), "huge.csv")}
    with unchanged(shop):
        response = shop.client.put(f"/v1/batches/{batch_id}/data", headers=shop.sk, data=form)
    assert_refused(response, 413)


def assert_clean_svg(data, origin):
    """Read with lxml, not Monogram's code: nothing that runs, embeds web content or fetches."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(data, parser)
    assert root.getroottree().docinfo.doctype == ""
    for element in root.iter(etree.Element):
        name = etree.QName(element).localname
        assert name not in {"script", "foreignObject", "iframe", "object", "embed", "handler"}
        for key, value in element.attrib.items():
            assert not etree.QName(key).localname.lower().startswith("on"), (name, key)
            if etree.QName(key).localname == "href":
                assert value.startswith(("#", "data:image/png", "data:image/jpeg")), value
            assert origin.url not in value and "file:" not in value
    assert origin.url.encode() not in data


@pytest.mark.parametrize("name", sorted(CLEANED_BY_IMPORT))
def test_template_import_leaves_out_what_does_not_print_and_says_so(fresh_shop, origin, name):
    origin.requests.clear()
    response = post_template(fresh_shop, hostile(name, origin), name)
    assert response.status_code == 201, response.json
    report = " ".join(note["message"] for note in response.json["import_report"])
    assert "Left out" in report
    assets = [
        obj["asset"]
        for surface in response.json["document"]["surfaces"]
        for obj in surface["objects"]
        if "asset" in obj
    ]
    assert assets
    for asset_id in assets:
        content = fresh_shop.client.get(f"/v1/assets/{asset_id}/content", headers=fresh_shop.sk)
        assert content.status_code == 200
        assert content.mimetype == "image/svg+xml"
        assert_clean_svg(content.data, origin)
    stored = [p.read_bytes() for p in fresh_shop.storage_root.rglob("*.svg")]
    assert stored
    for data in stored:
        assert_clean_svg(data, origin)
    assert origin.requests == []


@pytest.mark.parametrize(
    ("name", "trailer"),
    [("polyglot-png-zip.png", b"PK\x03\x04"), ("polyglot-jpeg-html.jpg", b"<html>")],
)
def test_an_image_carrying_another_file_is_kept_without_it(fresh_shop, origin, name, trailer):
    data = hostile(name, origin)
    image_end = data.index(trailer)
    response = post_asset(fresh_shop, data, name)
    assert response.status_code == 201, response.json
    assert response.json["notes"] == [
        f"removed {len(data) - image_end:,} bytes of other data after the end of the image"
    ]
    served = fresh_shop.client.get(
        f"/v1/assets/{response.json['id']}/content", headers=fresh_shop.pk
    ).data
    assert served == data[:image_end]
    assert not zipfile.is_zipfile(io.BytesIO(served))
    with Image.open(io.BytesIO(served)) as image:
        image.load()
        assert image.size == (64, 48)
    stored = [p.read_bytes() for p in fresh_shop.storage_root.rglob("*") if p.is_file()]
    assert not any(trailer in content for content in stored)


NAMES = {
    "climbing": "../../../../etc/cron.d/evil.png",
    "windows": "..\\..\\Windows\\win.ini.png",
    "nul": "logo.png\x00.html",
    "long": "x" * 5000 + ".png",
    "tab": "logo\t\x7f\x1b[31m.png",
}
KEPT_NAMES = {
    "climbing": "evil.png",
    # The multipart parser reads a backslash in a quoted file name as an escape.
    "windows": "Windowswin.ini.png",
    "nul": "logo.png.html",
    "long": "x" * 200,
    "tab": "logo[31m.png",
}


@pytest.mark.parametrize("case", sorted(NAMES))
def test_a_hostile_file_name_is_only_kept_for_display(fresh_shop, case):
    from tests import samples

    before = {p for p in fresh_shop.storage_root.rglob("*") if p.is_file()}
    response = post_asset(fresh_shop, samples.png(30, 20), NAMES[case])
    assert response.status_code == 201, response.json
    kept = response.json["filename"]
    assert kept == KEPT_NAMES[case]
    added = {p for p in fresh_shop.storage_root.rglob("*") if p.is_file()} - before
    sha256 = response.json["sha256"]
    # The file under its content's key, and its screen preview.
    merchant = f"merchants/{fresh_shop.merchant_id}"
    assert sorted(p.relative_to(fresh_shop.storage_root).as_posix() for p in added) == [
        f"{merchant}/assets/{sha256[:2]}/{sha256}.png",
        f"{merchant}/previews/{sha256}-1600.webp",
    ]
    disposition = fresh_shop.client.get(
        f"/v1/assets/{response.json['id']}/content", headers=fresh_shop.pk
    ).headers["Content-Disposition"]
    assert "\r" not in disposition and "\n" not in disposition and "/" not in disposition


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_a_file_name_that_breaks_the_part_headers_leaves_no_file(shop, route):
    """A CR LF in the name ends the part's headers early: the part is text, not a file."""
    from tests import samples

    with unchanged(shop):
        response = ROUTES[route](shop, samples.png(30, 20), "\r\nContent-Type: text/html\r\n.png")
    assert_refused(response, 422)
    assert [error["path"] for error in response.json["errors"]] == ["/file"]


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_a_file_sent_as_a_text_field_is_a_422(shop, route):
    body = {"licence_note": "SIL OFL", "product": shop.product_id, "template": shop.template_id}
    paths = {"assets": "/v1/assets", "fonts": "/v1/fonts", "templates": "/v1/templates/import",
             "batches": "/v1/batches"}  # fmt: skip
    fields = {"assets": set(), "fonts": {"licence_note"}, "templates": {"product"},
              "batches": {"template"}}[route]  # fmt: skip
    form = {key: value for key, value in body.items() if key in fields}
    with unchanged(shop):
        response = shop.client.post(
            paths[route], headers=shop.sk, data={**form, "file": "<svg onload=alert(1)>"}
        )
    assert_refused(response, 422)
    assert [error["path"] for error in response.json["errors"]] == ["/file"]


# Past each cap by a little: the file caps (SVG 5 MB, fonts 10 MB) answer from the service, the
# 50 MB ones from the request size limit, before the body is read.
HUGE = [
    ("assets", "huge.png", b"\x89PNG\r\n\x1a\n", 50 * MIB + 65 * 1024),
    ("assets", "huge.svg", b'<svg xmlns="http://www.w3.org/2000/svg">', 5 * MIB + 1),
    ("fonts", "huge.ttf", b"\x00\x01\x00\x00", 10 * MIB + 1),
    ("templates", "huge.svg", b'<svg xmlns="http://www.w3.org/2000/svg">', 50 * MIB + 65 * 1024),
    ("batches", "huge.csv", b"nom;ville\n", 50 * MIB + 65 * 1024),
]


@pytest.mark.parametrize(("route", "name", "signature", "size"), HUGE, ids=[h[0] for h in HUGE])
def test_a_file_over_the_size_cap_is_a_413(shop, route, name, signature, size):
    with unchanged(shop):
        response = ROUTES[route](shop, huge(signature, size), name)
    assert_refused(response, 413)


# The app at rest, with a shop set up, holds about 270 MB (interpreter, Flask, Pillow,
# fontTools, reportlab, svglib, openpyxl). The smallest bomb here, 121 megapixels at one byte
# a pixel, would add 121 MB if decoded and the others gigabytes; refusing one reads headers and
# bounded streams only. So the peak while bombs are posted stays within 64 MB of the resting RSS
# and under 400 MB in all.
RSS_BOUND_MB = 400
RSS_GROWTH_BOUND_MB = 64
# The generated bombs (see bomb_child.py) go to their own route only.
BOMBS = [(route, name) for name in COMMITTED_BOMBS for route in ROUTES] + [
    ("fonts", "bomb.woff"),
    ("fonts", "bomb.woff2"),
    ("batches", "bomb.xlsx"),
    ("batches", "billion-laughs.xlsx"),
]
GENERATED_BOMB_STATUS = {"bomb.woff": 422, "bomb.woff2": 422, "bomb.xlsx": 413,
                         "billion-laughs.xlsx": 422}  # fmt: skip


def test_bombs_are_refused_with_bounded_memory(tmp_path, sqlite_template, origin):
    """Uploads in a child process, which reports the kernel's peak RSS (VmHWM) from the first
    bomb on: the peak is reset once its shop is set up."""
    from tests.hostile.bomb_child import write_generated_bombs

    write_generated_bombs(tmp_path)
    script = Path(__file__).with_name("bomb_child.py")
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"bombs": BOMBS, "origin": origin.url}))
    origin.requests.clear()
    result = subprocess.run(
        [sys.executable, str(script), str(tmp_path), str(sqlite_template), str(plan)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).parents[2],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    for (route, name), outcome in zip(BOMBS, report["outcomes"], strict=True):
        status = GENERATED_BOMB_STATUS.get(name) or expected_status(route, name)
        assert outcome["status"] == status, (route, name, outcome)
        assert outcome["stored"] is False, (route, name)
    assert report["peak_rss_mb"] < RSS_BOUND_MB, report
    assert report["peak_rss_mb"] - report["rss_at_rest_mb"] < RSS_GROWTH_BOUND_MB, report
    assert origin.requests == []


SVG_TEMPLATE = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="85mm" height="55mm" viewBox="0 0 85 55">'
    b'<rect x="5" y="5" width="20" height="10" fill="#003366"/></svg>'
)


@pytest.mark.parametrize("case", sorted(NAMES))
def test_a_hostile_file_name_is_harmless_on_every_route(
    client, merchant, font_id, product_id, case
):
    """On PostgreSQL too, where a NUL in a text column is an error, not a character."""
    from tests.hostile.conftest import template_document
    from tests.hostile.make_files import small_ttf

    name = NAMES[case]
    font = client.post(
        "/v1/fonts",
        headers=merchant.sk,
        data={"file": (io.BytesIO(small_ttf()), name), "licence_note": "Bitstream Vera"},
    )
    assert font.status_code == 201, font.json
    template = client.post(
        "/v1/templates/import",
        headers=merchant.sk,
        data={"file": (io.BytesIO(SVG_TEMPLATE), name), "product": product_id},
    )
    assert template.status_code == 201, template.json
    assert template.json["name"] == KEPT_NAMES[case].rsplit(".", 1)[0]
    card = client.post(
        "/v1/templates",
        headers=merchant.sk,
        json={"name": "Carte", "document": template_document(product_id, font_id)},
    )
    assert card.status_code == 201, card.json
    batch = client.post(
        "/v1/batches",
        headers=merchant.sk,
        data={"file": (io.BytesIO(b"nom\nJeanne\n"), name), "template": card.json["id"]},
    )
    assert batch.status_code == 202, batch.json
    assert batch.json["name"] == KEPT_NAMES[case].rsplit(".", 1)[0]

"""Fonts over HTTP: uploads with a licence note, the shared library, WOFF2 for the editor, and
which store sees which font."""

import io
import subprocess

import pytest
from fontTools.ttLib import TTFont
from reportlab.pdfbase.ttfonts import TTFont as ReportlabFont

from monogram.fonts import LIBRARY
from monogram.rendering.fonts import truetype_outlines
from tests import samples

OTF = LIBRARY / "linux-libertine-o" / "LinuxLibertineO-Regular.otf"


def post_font(client, headers, data, name="Vera.ttf", **form):
    return client.post(
        "/v1/fonts", headers=headers, data={"file": (io.BytesIO(data), name), **form}
    )


def uploaded(client, merchant, path=samples.VERA, **form):
    form.setdefault("licence_note", "Bitstream Vera licence")
    response = post_font(client, merchant.sk, path.read_bytes(), path.name, **form)
    assert response.status_code == 201, response.json
    return response.json


def brand_store(client, merchant, domain="lyon.franchise.example", **fields):
    body = {"name": "Franchise Lyon", "domain": domain, **fields}
    response = client.post("/v1/stores", headers=merchant.sk, json=body)
    assert response.status_code == 201, response.json
    return response.json["id"], {"Authorization": f"Bearer {response.json['publishable_key']}"}


def listed_ids(client, headers, **query):
    response = client.get("/v1/fonts", headers=headers, query_string=query)
    assert response.status_code == 200, response.json
    return [font["id"] for font in response.json]


def test_upload_reads_family_and_style_from_the_font(client, merchant):
    font = uploaded(client, merchant, samples.VERA_BOLD)
    assert (font["family"], font["style"], font["weight"], font["italic"]) == (
        "Bitstream Vera Sans",
        "Bold",
        700,
        False,
    )
    assert font["outlines"] == "truetype" and font["licence_note"] == "Bitstream Vera licence"
    assert (font["library"], font["stores"], font["category"]) == (False, [], None)
    assert font["woff2_url"] == f"/v1/fonts/{font['id']}/woff2"
    # The merchant's own typefaces come before the library in the editor's menu.
    assert listed_ids(client, merchant.pk)[0] == font["id"]


def test_styles_of_one_family_group_under_the_family_already_in_the_library(client, merchant):
    regular = uploaded(client, merchant, samples.VERA)
    bold = uploaded(client, merchant, samples.VERA_BOLD, family="bitstream  vera SANS")
    assert bold["family"] == regular["family"] == "Bitstream Vera Sans"
    own = [f for f in client.get("/v1/fonts", headers=merchant.pk).json if not f["library"]]
    assert [(f["family"], f["weight"]) for f in own] == [
        ("Bitstream Vera Sans", 400),
        ("Bitstream Vera Sans", 700),
    ]


def test_every_account_sees_the_library_with_the_same_ids(client, merchant, other_merchant):
    mine = client.get("/v1/fonts", headers=merchant.pk).json
    theirs = client.get("/v1/fonts", headers=other_merchant.sk).json
    assert [f["id"] for f in mine] == [f["id"] for f in theirs]
    inter = next(f for f in mine if f["id"] == "fnt_inter-regular")
    assert (inter["family"], inter["style"], inter["category"], inter["library"]) == (
        "Inter",
        "Regular",
        "sans",
        True,
    )
    assert inter["asset_id"] is None and inter["licence_note"].startswith("OFL-1.1")
    scripts = client.get("/v1/fonts", headers=merchant.pk, query_string={"category": "script"})
    assert scripts.json and {f["category"] for f in scripts.json} == {"script"}


@pytest.mark.parametrize("path", [samples.VERA, OTF], ids=["ttf", "otf"])
def test_metrics_are_the_ones_print_sets_lines_with(client, merchant, path):
    font = uploaded(client, merchant, path, licence_note="test")
    face = ReportlabFont("measured", io.BytesIO(truetype_outlines(path.read_bytes()))).face
    assert (font["ascent"], font["descent"]) == (round(face.ascent), round(-face.descent))
    assert font["outlines"] == ("truetype" if path.suffix == ".ttf" else "cff")


def test_woff2_is_the_print_file_compressed_cached_for_a_year_for_the_shop(client, merchant):
    font = uploaded(client, merchant, OTF, licence_note="OFL")
    shop = f"https://{merchant.merchant_id}.invalid"  # the store's shop domain
    response = client.get(font["woff2_url"], headers={**merchant.pk, "Origin": shop})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "font/woff2"
    # The shop's page reads it; a cache keeps one copy per shop.
    assert response.headers["Access-Control-Allow-Origin"] == shop
    assert "Origin" in response.headers["Vary"]
    refused = client.get(font["woff2_url"], headers={**merchant.pk, "Origin": "https://x.example"})
    assert refused.status_code == 403
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    web = TTFont(io.BytesIO(response.data))
    assert web.flavor == "woff2" and "CFF " in web
    printed = TTFont(
        io.BytesIO(client.get(f"/v1/fonts/{font['id']}/file", headers=merchant.pk).data)
    )
    assert web.getGlyphOrder() == printed.getGlyphOrder()
    assert web.getBestCmap() == printed.getBestCmap()
    etag = response.headers["ETag"]
    again = client.get(font["woff2_url"], headers={**merchant.pk, "If-None-Match": etag})
    assert again.status_code == 304


def test_library_fonts_are_served_as_woff2_from_the_shipped_file(client, merchant):
    response = client.get("/v1/fonts/fnt_inter-regular/woff2", headers=merchant.pk)
    assert response.status_code == 200
    shipped = TTFont(LIBRARY / "inter" / "Inter-Regular.otf")
    assert TTFont(io.BytesIO(response.data)).getBestCmap() == shipped.getBestCmap()


def test_woff2_is_stored_as_a_font_the_print_renderer_reads(client, merchant):
    woff2 = io.BytesIO()
    source = TTFont(samples.VERA)
    source.flavor = "woff2"
    source.save(woff2)
    font = post_font(client, merchant.sk, woff2.getvalue(), "Vera.woff2", licence_note="Vera").json
    response = client.get(f"/v1/fonts/{font['id']}/file", headers=merchant.pk)
    assert response.status_code == 200
    assert response.data[:4] == b"\x00\x01\x00\x00"
    reread = TTFont(io.BytesIO(response.data))
    assert reread.flavor is None
    assert reread["name"].getDebugName(1) == "Bitstream Vera Sans"


def test_licence_note_is_required(app, client, merchant):
    response = post_font(client, merchant.sk, samples.VERA.read_bytes())
    assert response.status_code == 422
    assert response.json["errors"] == [
        {"path": "/licence_note", "location": "form", "message": "Missing data for required field."}
    ]


def test_only_secret_keys_upload_fonts(client, merchant):
    response = post_font(client, merchant.pk, samples.VERA.read_bytes(), licence_note="Vera")
    assert response.status_code == 403


def test_the_same_font_twice_is_a_conflict_naming_the_first(client, merchant):
    first = post_font(client, merchant.sk, samples.VERA.read_bytes(), licence_note="Vera").json
    second = post_font(client, merchant.sk, samples.VERA.read_bytes(), licence_note="Vera")
    assert second.status_code == 409
    assert first["id"] in second.json["message"]


def test_another_merchants_font_is_404(client, merchant, other_merchant, font_id):
    for path in (f"/v1/fonts/{font_id}", f"/v1/fonts/{font_id}/file", f"/v1/fonts/{font_id}/woff2"):
        assert client.get(path, headers=other_merchant.sk).status_code == 404
    assert font_id not in listed_ids(client, other_merchant.pk)


def test_a_font_limited_to_a_brand_store_is_seen_by_that_store_only(client, merchant):
    lyon, lyon_pk = brand_store(client, merchant)
    font = uploaded(client, merchant, stores=[lyon])
    assert font["stores"] == [lyon]
    assert font["id"] in listed_ids(client, lyon_pk)
    assert font["id"] in listed_ids(client, merchant.sk)
    assert font["id"] not in listed_ids(client, merchant.pk)
    for path in (f"/v1/fonts/{font['id']}", font["woff2_url"]):
        assert client.get(path, headers=merchant.pk).status_code == 404
        assert client.get(path, headers=lyon_pk).status_code == 200
    # Shared with all stores again.
    shared = client.patch(f"/v1/fonts/{font['id']}", headers=merchant.sk, json={"stores": []})
    assert shared.status_code == 200 and shared.json["stores"] == []
    assert font["id"] in listed_ids(client, merchant.pk)


def test_a_brand_store_with_a_charter_lists_only_its_own_fonts(client, merchant):
    lyon, lyon_pk = brand_store(client, merchant, charter={"fonts": True})
    shared = uploaded(client, merchant)
    own = uploaded(client, merchant, samples.VERA_BOLD, stores=[lyon])
    assert listed_ids(client, lyon_pk) == [own["id"]]
    assert client.get("/v1/fonts/fnt_inter-regular", headers=lyon_pk).status_code == 404
    assert {shared["id"], own["id"], "fnt_inter-regular"} <= set(listed_ids(client, merchant.sk))


def test_store_limits_must_name_the_merchants_stores(client, merchant, other_merchant):
    response = post_font(
        client,
        merchant.sk,
        samples.VERA.read_bytes(),
        licence_note="Vera",
        stores=[other_merchant.store_id],
    )
    assert response.status_code == 422
    assert response.json["errors"] == [
        {"path": "/stores/0", "message": f"No store {other_merchant.store_id!r} in this account."}
    ]
    assert [f for f in client.get("/v1/fonts", headers=merchant.sk).json if not f["library"]] == []


def test_library_fonts_cannot_be_changed(client, merchant):
    response = client.patch(
        "/v1/fonts/fnt_inter-regular", headers=merchant.sk, json={"family": "Mine"}
    )
    assert response.status_code == 404


def product_fonts(client, headers, product_id):
    response = client.get(f"/v1/products/{product_id}", headers=headers)
    assert response.status_code == 200, response.json
    return response.json["fonts"]


def test_a_product_offers_each_store_the_fonts_it_may_see(client, merchant):
    lyon, lyon_pk = brand_store(client, merchant)
    private = uploaded(client, merchant, stores=[lyon])
    offered = ["fnt_inter-bold", private["id"]]
    body = {**samples.card_product(offered), "category": "business-cards"}
    created = client.post("/v1/products", headers=merchant.sk, json=body)
    assert created.status_code == 201, created.json
    assert (created.json["fonts"], created.json["category"]) == (offered, "business-cards")
    product_id = created.json["id"]
    assert product_fonts(client, merchant.sk, product_id) == offered
    assert product_fonts(client, lyon_pk, product_id) == offered
    assert product_fonts(client, merchant.pk, product_id) == ["fnt_inter-bold"]
    listed = client.get("/v1/products", headers=merchant.pk).json
    assert [p["fonts"] for p in listed] == [["fnt_inter-bold"]]


def test_a_product_offering_no_fonts_offers_all_the_stores_fonts(client, merchant):
    lyon, lyon_pk = brand_store(client, merchant, charter={"fonts": True})
    shared = uploaded(client, merchant)
    own = uploaded(client, merchant, samples.VERA_BOLD, stores=[lyon])
    product = client.post("/v1/products", headers=merchant.sk, json=samples.card_product()).json
    assert product_fonts(client, merchant.sk, product["id"]) == []
    assert product_fonts(client, merchant.pk, product["id"]) == listed_ids(client, merchant.pk)
    assert shared["id"] in product_fonts(client, merchant.pk, product["id"])
    assert "fnt_inter-regular" in product_fonts(client, merchant.pk, product["id"])
    assert product_fonts(client, lyon_pk, product["id"]) == [own["id"]]


def test_a_product_may_offer_library_fonts_but_not_another_merchants(
    client, merchant, other_merchant
):
    theirs = uploaded(client, other_merchant)
    body = samples.card_product(["fnt_caladea-regular", theirs["id"]])
    response = client.post("/v1/products", headers=merchant.sk, json=body)
    assert response.status_code == 422
    assert [error["path"] for error in response.json["errors"]] == ["/fonts/1"]


def test_a_design_in_a_library_font_prints_with_the_shipped_file_embedded(
    client, merchant, tmp_path
):
    body = samples.card_product(["fnt_caladea-bold"])
    product_id = client.post("/v1/products", headers=merchant.sk, json=body).json["id"]
    design = client.post(
        "/v1/designs", headers=merchant.pk, json=samples.design(product_id, "fnt_caladea-bold")
    )
    assert design.status_code == 201, design.json
    job = client.post(
        "/v1/jobs", headers=merchant.sk, json={"design": design.json["id"], "order": "1"}
    ).json
    assert client.get(f"/v1/jobs/{job['id']}", headers=merchant.sk).json["status"] == "ready"
    pdf = tmp_path / "print.pdf"
    pdf.write_bytes(client.get(f"/v1/jobs/{job['id']}/files/print.pdf", headers=merchant.sk).data)
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    rows = [row.split() for row in listing.stdout.splitlines()[2:]]
    caladea = [row for row in rows if row[0].split("+")[-1] == "Caladea-Bold"]
    assert caladea and caladea[0][-5:-2] == ["yes", "yes", "yes"], listing.stdout

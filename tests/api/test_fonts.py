"""Fonts over HTTP: uploaded with a licence note, read with fontTools, served to the editor."""

import io

from fontTools.ttLib import TTFont

from tests import samples


def post_font(client, headers, data, name="Vera.ttf", **form):
    return client.post(
        "/v1/fonts", headers=headers, data={"file": (io.BytesIO(data), name), **form}
    )


def test_upload_reads_family_and_style_from_the_font(client, merchant):
    response = post_font(
        client, merchant.sk, samples.VERA_BOLD.read_bytes(), licence_note="Bitstream Vera licence"
    )
    assert response.status_code == 201, response.json
    font = response.json
    assert (font["family"], font["style"], font["weight"], font["italic"]) == (
        "Bitstream Vera Sans",
        "Bold",
        700,
        False,
    )
    assert font["outlines"] == "truetype" and font["licence_note"] == "Bitstream Vera licence"
    listed = client.get("/v1/fonts", headers=merchant.pk).json
    assert [f["id"] for f in listed] == [font["id"]]


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
    for path in (f"/v1/fonts/{font_id}", f"/v1/fonts/{font_id}/file"):
        assert client.get(path, headers=other_merchant.sk).status_code == 404
    assert client.get("/v1/fonts", headers=other_merchant.pk).json == []

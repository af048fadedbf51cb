"""/v1/account: a merchant's settings, changed with a secret key and checked before saving."""

import io

import pytest
from PIL import Image


def upload(client, account, data, name):
    return client.post(
        "/v1/assets", headers=account.pk, data={"file": (io.BytesIO(data), name)}
    ).json


def png():
    out = io.BytesIO()
    Image.new("RGB", (240, 80), (20, 40, 160)).save(out, "PNG")
    return out.getvalue()


def test_settings_are_read_and_changed_with_a_secret_key(client, merchant):
    account = client.get("/v1/account", headers=merchant.sk)
    assert account.status_code == 200
    assert {k: account.json[k] for k in ("name", "country", "quote_validity_days")} == {
        "name": "Imprimerie Dupont",
        "country": "FR",
        "quote_validity_days": 30,
    }
    assert (account.json["notification_email"], account.json["logo"]) == (None, None)
    logo = upload(client, merchant, png(), "logo.png")["id"]
    changed = client.patch(
        "/v1/account",
        headers=merchant.sk,
        json={
            "quote_validity_days": 15,
            "notification_email": "devis@dupont.example",
            "logo": logo,
            "proof_reminder_hours": 0,
        },
    )
    assert changed.status_code == 200, changed.json
    again = client.get("/v1/account", headers=merchant.sk).json
    assert (again["quote_validity_days"], again["logo"], again["proof_reminder_hours"]) == (
        15,
        logo,
        0,
    )
    assert again["name"] == "Imprimerie Dupont"  # left out, left alone
    assert client.get("/v1/account", headers=merchant.pk).status_code == 403
    assert client.patch("/v1/account", headers=merchant.pk, json={"name": "X"}).status_code == 403


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"quote_validity_days": 0}, "/quote_validity_days"),
        ({"country": "XX"}, "/country"),
        ({"notification_email": "devis chez dupont"}, "/notification_email"),
        ({"logo": "ast_nothere"}, "/logo"),
        ({"colour": "blue"}, "/colour"),
    ],
)
def test_a_refused_change_changes_nothing(client, merchant, body, path):
    response = client.patch(
        "/v1/account", headers=merchant.sk, json={"quote_validity_days": 10, **body}
    )
    assert response.status_code == 422, response.json
    assert path in [error["path"] for error in response.json["errors"]]
    assert client.get("/v1/account", headers=merchant.sk).json["quote_validity_days"] == 30


def test_a_logo_is_a_png_or_jpeg_of_ones_own(client, merchant, other_merchant):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10mm" height="10mm"/>'
    vector = upload(client, merchant, svg, "logo.svg")["id"]
    refused = client.patch("/v1/account", headers=merchant.sk, json={"logo": vector})
    assert refused.json["errors"] == [
        {"path": "/logo", "message": "Upload the logo as a PNG or a JPEG."}
    ]
    theirs = upload(client, other_merchant, png(), "logo.png")["id"]
    refused = client.patch("/v1/account", headers=merchant.sk, json={"logo": theirs})
    assert refused.json["errors"] == [
        {"path": "/logo", "message": "No such asset in this account."}
    ]

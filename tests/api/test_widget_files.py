"""/widget/: the built loader and editor served to shop pages, cached by how their names change."""

import json

import pytest

from monogram import create_app
from tests.conftest import make_config

LOADER = b"(()=>{window.Monogram||(window.Monogram={})})();\n"
EDITOR = b"customElements.define('monogram-editor',class extends HTMLElement{});\n"
EDITOR_NAME = "editor-7GQ2MZ4K.js"


@pytest.fixture
def widget_dir(tmp_path):
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "monogram.js").write_bytes(LOADER)
    (dist / EDITOR_NAME).write_bytes(EDITOR)
    (dist / f"{EDITOR_NAME}.map").write_text('{"version": 3}')
    (dist / "manifest.json").write_text(
        json.dumps({"loader": "monogram.js", "editor": EDITOR_NAME})
    )
    (tmp_path / "secret.txt").write_text("not a widget file")
    return dist


def client_for(tmp_path, widget_dir):
    return create_app(make_config(tmp_path, WIDGET_DIR=str(widget_dir))).test_client()


@pytest.fixture
def client(tmp_path, widget_dir):
    return client_for(tmp_path, widget_dir)


def test_the_loader_is_javascript_cached_for_minutes(client):
    response = client.get("/widget/monogram.js")
    assert response.status_code == 200
    assert response.data == LOADER
    assert response.headers["Content-Type"] == "text/javascript; charset=utf-8"
    # Its name never changes, so a release must reach shops without a long cache in the way.
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_the_hashed_editor_is_cached_for_good(client):
    response = client.get(f"/widget/{EDITOR_NAME}")
    assert response.status_code == 200
    assert response.data == EDITOR
    assert response.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Access-Control-Allow-Origin"] == "*"

    source_map = client.get(f"/widget/{EDITOR_NAME}.map")
    assert source_map.status_code == 200
    assert source_map.headers["Content-Type"] == "application/json; charset=utf-8"
    assert source_map.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_a_revalidation_of_an_unchanged_file_is_a_304(client):
    first = client.get("/widget/monogram.js")
    again = client.get("/widget/monogram.js", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.headers["Cache-Control"] == "public, max-age=300"


def test_the_manifest_names_the_current_editor(client):
    response = client.get("/widget/manifest.json")
    assert response.status_code == 200
    assert response.json == {"loader": "monogram.js", "editor": EDITOR_NAME}
    assert response.headers["Cache-Control"] == "public, max-age=300"


@pytest.mark.parametrize(
    "path",
    [
        "/widget/editor-OLDHASH1.js",
        "/widget/../secret.txt",
        "/widget/%2e%2e/secret.txt",
        "/widget/..%2fsecret.txt",
        "/widget/secret.txt",
    ],
)
def test_other_files_are_not_found(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"not a widget file" not in response.data
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_an_unbuilt_widget_says_how_to_build_it(tmp_path):
    client = client_for(tmp_path, tmp_path / "no-such-dist")
    response = client.get("/widget/monogram.js")
    assert response.status_code == 404
    assert response.json["code"] == 404
    assert "make run" in response.json["message"]
    assert "npm run build" in response.json["message"]


def test_the_default_folder_is_the_repository_widget_dist(tmp_path):
    from pathlib import Path

    import monogram

    config = make_config(tmp_path)
    expected = Path(monogram.__file__).resolve().parents[2] / "widget" / "dist"
    assert Path(config.WIDGET_DIR) == expected

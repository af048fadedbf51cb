"""The monogram command: schema upgrade, merchants, the demo shop, and the dev server."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from monogram.cli import main


@pytest.fixture
def env(tmp_path):
    return {"MONOGRAM_INSTANCE_DIR": str(tmp_path / "instance"), "MONOGRAM_LOG_LEVEL": "WARNING"}


def run(env, *args):
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def value(output, label):
    for line in output.splitlines():
        if line.strip().startswith(label):
            return line.split()[-1]
    raise AssertionError(f"{label!r} not in {output!r}")


def test_demo_is_idempotent_and_hands_out_fresh_keys(env):
    run(env, "db", "upgrade")
    first = run(env, "demo")
    second = run(env, "demo")
    assert first.split("product ")[1].split()[0] == second.split("product ")[1].split()[0]
    old_key, new_key = value(first, "secret key"), value(second, "secret key")
    assert old_key.startswith("sk_") and new_key.startswith("sk_") and old_key != new_key

    from monogram import create_app
    from monogram.settings import Config

    app = create_app(Config.from_env(environ=env))
    client = app.test_client()
    assert (
        client.get("/v1/products", headers={"Authorization": f"Bearer {old_key}"}).status_code
        == 401
    )
    products = client.get("/v1/products", headers={"Authorization": f"Bearer {new_key}"}).json
    # The card, and three products with a 3D model made by Monogram.
    assert [p["name"] for p in products] == ["Business card", "Mug", "Gift box", "Sign"]
    assert [p["model"] is not None for p in products] == [False, True, True, True]
    assert "3D: Mug, Gift box, Sign" in second
    card = products[0]
    assert [(a["id"], a["width"], a["height"], a["bleed"]) for a in card["areas"]] == [
        ("front", 85, 55, 3),
        ("back", 85, 55, 3),
    ]
    # Four merchant uploads (Bitstream Vera) and six families' styles from the shipped library.
    library = {f for f in card["fonts"] if "-" in f}
    assert len(card["fonts"]) == 10 and "fnt_inter-regular" in library
    assert len(library) == 6
    assert card["areas"][0]["mockup"]["asset"].startswith("ast_")

    # The console owner's password printed last time no longer signs in; the new one does.
    console = [
        next(line.split() for line in out.splitlines() if "merchant console" in line)
        for out in (first, second)
    ]
    assert console[0][3] == console[1][3] == "demo@monogram.test"
    signin = app.test_client()
    page = signin.get("/console/signin").get_data(as_text=True)
    csrf = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    for password, status in ((console[0][5], 403), (console[1][5], 303)):
        response = signin.post(
            "/console/signin",
            data={"email": "demo@monogram.test", "password": password, "csrf": csrf},
        )
        assert response.status_code == status, password


def test_merchant_create_prints_working_keys(env):
    run(env, "db", "upgrade")
    output = run(
        env,
        "merchant",
        "create",
        "--name",
        "Imprimerie Dupont",
        "--platform",
        "prestashop",
        "--domain",
        "dupont.fr",
    )
    assert "prestashop dupont.fr" in output
    from monogram import create_app
    from monogram.settings import Config

    client = create_app(Config.from_env(environ=env)).test_client()
    assert (
        client.get(
            "/v1/products", headers={"Authorization": f"Bearer {value(output, 'publishable')}"}
        ).json
        == []
    )


def test_worker_refuses_to_start_without_redis(env):
    result = CliRunner().invoke(main, ["worker", "--burst"], env=env)
    assert result.exit_code != 0 and "MONOGRAM_REDIS_URL" in result.output


def test_monogram_run_serves_healthz(env, tmp_path):
    run(env, "db", "upgrade")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monogram = Path(sys.executable).parent / "monogram"
    server = subprocess.Popen(
        [str(monogram), "run", "--port", str(port)],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/healthz", timeout=2
                ) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, (
                    "monogram run did not answer /healthz within a minute"
                )
                time.sleep(0.2)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}/docs" in output


def test_render_makes_a_bundle_offline(tmp_path):
    import json
    import subprocess

    from tests import samples

    (tmp_path / "fnt_vera.ttf").write_bytes(samples.VERA.read_bytes())
    document = samples.design("prd_card", "fnt_vera")
    (tmp_path / "card.json").write_text(json.dumps(document))
    product = {"id": "prd_card", **samples.card_product(["fnt_vera"])}
    (tmp_path / "product.json").write_text(json.dumps(product))
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        [
            "render",
            str(tmp_path / "card.json"),
            "--product",
            str(tmp_path / "product.json"),
            "-o",
            str(out),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "design.json",
        "manifest.json",
        "print.pdf",
        "proof-front.png",
    ]
    text = subprocess.run(
        ["pdftotext", str(out / "print.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Jeanne Dupont" in text


def test_render_refuses_an_invalid_document(tmp_path):
    import json

    (tmp_path / "bad.json").write_text(json.dumps({"format": "monogram.design/9"}))
    (tmp_path / "product.json").write_text(json.dumps({"areas": []}))
    result = CliRunner().invoke(
        main,
        [
            "render",
            str(tmp_path / "bad.json"),
            "--product",
            str(tmp_path / "product.json"),
            "-o",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code != 0
    assert "is not a valid design document" in result.output
    assert not (tmp_path / "out").exists()


def test_batch_merges_an_excel_csv_offline_in_data_order(tmp_path):
    import json

    from tests import samples
    from tests.api.test_batches import EXCEL_ROWS, excel_csv, template_document

    (tmp_path / "fnt_vera.ttf").write_bytes(samples.VERA.read_bytes())
    (tmp_path / "template.json").write_text(json.dumps(template_document("prd_card", "fnt_vera")))
    product = {"id": "prd_card", **samples.card_product(["fnt_vera"])}
    (tmp_path / "product.json").write_text(json.dumps(product))
    (tmp_path / "equipe.csv").write_bytes(excel_csv())
    command = [sys.executable, "-m", "monogram.cli", "batch", "template.json", "equipe.csv"]

    refused = subprocess.run(
        [*command, "-o", "out.pdf"], cwd=tmp_path, capture_output=True, text=True
    )
    assert refused.returncode == 1
    # Zoë's name is too long for its 20-character field: line 4 of the sheet.
    assert "row 4 (nom): error: " in refused.stderr
    assert "1 record(s) have errors; fix them or use --skip-invalid." in refused.stderr
    assert not (tmp_path / "out.pdf").exists()

    done = subprocess.run(
        [*command, "--skip-invalid", "-o", "out.pdf"], cwd=tmp_path, capture_output=True,
        text=True, check=True,
    )  # fmt: skip
    assert "out.pdf  3 pages, 3 records, 1 left out" in done.stdout
    assert "Rendering" in done.stderr
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "out.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    names = [row[0] for row in EXCEL_ROWS[1:] if not row[0].startswith("Zoë")]
    assert [text.index(name) for name in names] == sorted(text.index(name) for name in names)

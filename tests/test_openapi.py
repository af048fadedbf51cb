"""The committed openapi.yaml is what the app generates, and it is a valid OpenAPI document."""

from pathlib import Path

import yaml
from click.testing import CliRunner
from openapi_spec_validator import validate

from monogram.cli import main

ROOT = Path(__file__).resolve().parent.parent


def generated(tmp_path):
    env = {"MONOGRAM_INSTANCE_DIR": str(tmp_path), "MONOGRAM_LOG_LEVEL": "WARNING"}
    result = CliRunner().invoke(main, ["openapi"], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_committed_openapi_matches_the_app(tmp_path):
    committed = (ROOT / "openapi.yaml").read_text()
    assert committed == generated(tmp_path), (
        "openapi.yaml is stale: run `make openapi` and commit it"
    )


def test_openapi_is_valid_and_documents_security_and_errors(tmp_path):
    spec = yaml.safe_load(generated(tmp_path))
    validate(spec)
    put = spec["paths"]["/v1/designs/{design_id}"]["put"]
    assert {"412", "428", "422"} <= set(put["responses"])
    assert put["security"] == [{"secretKey": []}, {"publishableKey": []}]
    assert spec["paths"]["/v1/products"]["post"]["security"] == [{"secretKey": []}]
    error = spec["components"]["schemas"]["Error"]["properties"]
    assert set(error) == {"code", "status", "message", "errors"}

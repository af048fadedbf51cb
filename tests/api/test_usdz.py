"""USDZ for iOS Quick Look by signed link, checked with Pixar's own USD tools."""

import io
import warnings
import zipfile
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image
from pxr import Usd, UsdGeom, UsdShade, UsdUtils

from monogram.extensions.db import db
from monogram.rendering import models3d_demo, usdz
from monogram.services.demo_models import add_demo_model_products
from tests import gltf as gltf_tools
from tests.api.test_ar_links import PUBLIC, forbidden, opened, with_query
from tests.api.test_product_models import card_model, upload
from tests.services.test_models3d import mug_design


@pytest.fixture
def mug_id(app, merchant, font_id):
    with app.app_context():
        ids = add_demo_model_products(merchant.merchant_id, [font_id])
        db.session.commit()
    return ids[0]


@pytest.fixture
def mug(client, merchant, mug_id, font_id):
    created = client.post("/v1/designs", headers=merchant.pk, json=mug_design(mug_id, font_id))
    assert created.status_code == 201, created.json
    headers = {**merchant.pk, "Monogram-Design-Token": created.json["token"]}
    return created.json["id"], headers


def links(client, headers, design_id):
    response = client.post(f"/v1/designs/{design_id}/model-link", headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def compliance(path):
    """(errors, failed checks) of Apple's ARKit rules as USD's compliance checker applies them."""
    # Deprecated for UsdValidation, which has no ARKit rules yet; setup.cfg pins a usd-core
    # that still ships it.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Use of UsdUtils.ComplianceChecker", DeprecationWarning)
        checker = UsdUtils.ComplianceChecker(arkit=True)
    checker.CheckCompliance(str(path))
    return checker.GetErrors(), checker.GetFailedChecks()


def real_size(stage):
    """Width, height and depth of the stage's default prim, in the stage's units."""
    bounds = UsdGeom.BBoxCache(Usd.TimeCode.Default(), [UsdGeom.Tokens.default_])
    return bounds.ComputeWorldBound(stage.GetDefaultPrim()).ComputeAlignedRange().GetSize()


def test_the_signed_usdz_of_a_mug_opens_without_a_key_at_real_size(client, mug, tmp_path):
    design_id, headers = mug
    answer = links(client, headers, design_id)
    assert answer["usdz"].startswith(f"{PUBLIC}/v1/ar/designs/{design_id}/1.usdz?expires=")
    # One expiry for both links: the response's expires_at.
    glb_query, usdz_query = (parse_qs(urlsplit(answer[k]).query) for k in ("url", "usdz"))
    assert usdz_query["expires"] == glb_query["expires"]
    assert usdz_query["signature"] != glb_query["signature"]

    linked = opened(client, answer["usdz"])
    assert linked.status_code == 200, linked.data[:200]
    assert linked.mimetype == "model/vnd.usdz+zip"
    assert linked.headers["Access-Control-Allow-Origin"] == "*"
    assert linked.headers["Cache-Control"].startswith("private, max-age=")
    path = tmp_path / "mug.usdz"
    path.write_bytes(linked.data)
    assert compliance(path) == ([], [])

    stage = Usd.Stage.Open(str(path))
    assert UsdGeom.GetStageMetersPerUnit(stage) == 1.0
    assert UsdGeom.GetStageUpAxis(stage) == UsdGeom.Tokens.y
    size = real_size(stage)
    mug_size = models3d_demo.MUG
    assert size[0] == pytest.approx(2 * mug_size.radius / 1000, abs=1e-4)  # 0.082 m across
    assert size[1] == pytest.approx(mug_size.height / 1000, abs=1e-4)  # 0.095 m tall


def test_the_wrap_shows_the_glbs_texture_the_right_way_up(client, mug, tmp_path):
    design_id, headers = mug
    glb = client.get(f"/v1/designs/{design_id}/model.glb", headers=headers).data
    package = opened(client, links(client, headers, design_id)["usdz"]).data
    path = tmp_path / "mug.usdz"
    path.write_bytes(package)
    stage = Usd.Stage.Open(str(path))

    wrap = UsdShade.Material(stage.GetPrimAtPath("/Model/Materials/wrap"))
    assert wrap
    colour = UsdShade.Shader(wrap.ComputeSurfaceSource()[0]).GetInput("diffuseColor")
    texture = UsdShade.Shader(colour.GetConnectedSources()[0][0].source)
    assert texture.GetIdAttr().Get() == "UsdUVTexture"
    file = texture.GetInput("file").Get().path.removeprefix("./")
    with zipfile.ZipFile(path) as archive:
        packaged = Image.open(io.BytesIO(archive.read(file)))
        packaged.load()
    expected = gltf_tools.material_texture(glb, "wrap")
    assert packaged.size == expected.size
    assert packaged.tobytes() == expected.tobytes()

    # The meshes bound to the wrap carry the GLB's UVs with v turned up, as USD reads st.
    document = gltf_tools.load(glb)
    wrap_index = next(i for i, m in enumerate(document.materials) if m.name == "wrap")
    glb_uvs = [
        uv
        for primitive in document.meshes[0].primitives
        if primitive.material == wrap_index
        for uv in gltf_tools.accessor_values(document, primitive.attributes.TEXCOORD_0)
    ]
    usd_st = [
        tuple(st)
        for prim in stage.Traverse()
        if prim.IsA(UsdGeom.Mesh)
        and UsdShade.MaterialBindingAPI(prim).ComputeBoundMaterial()[0].GetPath() == wrap.GetPath()
        for st in UsdGeom.PrimvarsAPI(prim).GetPrimvar("st").Get()
    ]
    assert glb_uvs and len(usd_st) == len(glb_uvs)
    for (u, v), (s, t) in zip(glb_uvs, usd_st, strict=True):
        assert s == pytest.approx(u, abs=1e-6) and t == pytest.approx(1 - v, abs=1e-6)


def test_the_usdz_is_made_once_and_kept(client, mug, monkeypatch):
    design_id, headers = mug
    url = links(client, headers, design_id)["usdz"]
    first = opened(client, url)
    assert first.status_code == 200

    def not_again(glb):
        raise AssertionError("the kept USDZ should have been served")

    monkeypatch.setattr(usdz, "glb_to_usdz", not_again)
    again = opened(client, url)
    assert again.status_code == 200 and again.data == first.data
    assert again.headers["ETag"] == first.headers["ETag"]


def test_a_bad_or_borrowed_signature_is_refused(client, merchant, mug):
    design_id, headers = mug
    answer = links(client, headers, design_id)
    signature = parse_qs(urlsplit(answer["usdz"]).query)["signature"][0]
    changed = ("0" if signature[0] != "0" else "1") + signature[1:]
    forbidden(opened(client, with_query(answer["usdz"], signature=changed)))
    forbidden(opened(client, answer["usdz"].split("?")[0]))
    # The GLB's signature does not open the USDZ: each file is signed for its own path.
    glb_query = urlsplit(answer["url"]).query
    forbidden(client.get(f"/v1/ar/designs/{design_id}/1.usdz?{glb_query}"))
    assert opened(client, answer["usdz"]).status_code == 200


def test_a_product_usdz_link_opens_its_plain_model(client, merchant, product_id, tmp_path):
    assert upload(client, merchant, product_id, card_model()).status_code == 200
    answer = client.post(f"/v1/products/{product_id}/model-link", headers=merchant.pk).json
    assert answer["usdz"].startswith(f"{PUBLIC}/v1/ar/products/{product_id}.usdz?expires=")
    linked = opened(client, answer["usdz"])
    assert linked.status_code == 200
    assert linked.mimetype == "model/vnd.usdz+zip"
    path = tmp_path / "card.usdz"
    path.write_bytes(linked.data)
    assert compliance(path) == ([], [])
    size = real_size(Usd.Stage.Open(str(path)))
    assert (size[0], size[1]) == pytest.approx((0.085, 0.055), abs=1e-4)  # the card, in metres
    glb_query = urlsplit(answer["url"]).query
    forbidden(client.get(f"/v1/ar/products/{product_id}.usdz?{glb_query}"))

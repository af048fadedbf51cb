"""3D models: the demo's models, the checks on uploaded GLBs, and a design's dressed model."""

import io
import json
import math
import struct
import subprocess

import pytest
from PIL import Image, ImageChops, ImageStat

from monogram.errors import Invalid, TooLarge
from monogram.extensions.db import db
from monogram.models import Design, Product
from monogram.rendering import models3d_demo, render_bundle
from monogram.services import models3d
from monogram.services.demo_models import add_demo_model_products
from monogram.services.designs import latest_version
from monogram.services.model_checks import check_model
from monogram.services.resolving import StorageResolver, render_product
from tests import gltf as gltf_tools

LIMIT = 20 * 1024 * 1024
RED = {"rgb": "#d01010"}


# GLBs built by hand here, so a hostile file does not depend on Monogram's own writer --------


def split(glb):
    """(JSON dict, BIN bytes) of a well-formed GLB, read with struct only."""
    json_length = struct.unpack_from("<I", glb, 12)[0]
    document = json.loads(glb[20 : 20 + json_length])
    rest = glb[20 + json_length :]
    return document, (rest[8:] if rest else b"")


def build(document, bin_chunk=b"", magic=b"glTF", version=2, json_bytes=None):
    body = json_bytes if json_bytes is not None else json.dumps(document).encode()
    body += b" " * (-len(body) % 4)
    chunks = struct.pack("<II", len(body), 0x4E4F534A) + body
    if bin_chunk:
        padded = bin_chunk + b"\0" * (-len(bin_chunk) % 4)
        chunks += struct.pack("<II", len(padded), 0x004E4942) + padded
    return struct.pack("<4sII", magic, version, 12 + len(chunks)) + chunks


def sign_with(change):
    document, bin_chunk = split(models3d_demo.sign_glb())
    change(document)
    return build(document, bin_chunk)


def test_the_plain_sign_is_accepted_and_lists_its_materials():
    facts = check_model(models3d_demo.sign_glb(), ["front"], LIMIT)
    assert facts.materials == ("front", "edge")


HOSTILE = {
    "external buffer": (
        lambda d: d["buffers"][0].update(uri="https://evil.example/mesh.bin"),
        "/buffers/0/uri",
        "outside file",
    ),
    "data: URI buffer": (
        lambda d: d["buffers"][0].update(uri="data:application/octet-stream;base64,AAAA"),
        "/buffers/0/uri",
        "data: URI",
    ),
    "external image": (
        lambda d: d.update(images=[{"uri": "file:///etc/passwd"}]),
        "/images/0/uri",
        "outside file",
    ),
    "data: URI image": (
        lambda d: d.update(images=[{"uri": "data:image/png;base64,iVBORw0KGgo="}]),
        "/images/0/uri",
        "data: URI",
    ),
    "huge buffer declared": (
        lambda d: d["buffers"][0].update(byteLength=2**40),
        "/buffers/0/byteLength",
        "truncated",
    ),
    "view past its buffer": (
        lambda d: d["bufferViews"][0].update(byteOffset=10**9),
        "/bufferViews/0",
        "past the end",
    ),
    "accessor past its view": (
        lambda d: d["accessors"][0].update(count=10**9),
        "/accessors/0",
        "past the end",
    ),
    "missing accessor": (
        lambda d: d["meshes"][0]["primitives"][0].update(indices=999),
        "/meshes/0/primitives/0/indices",
        "does not exist",
    ),
    "glTF 1.0": (lambda d: d["asset"].update(version="1.0"), "/asset/version", "2.0"),
    "Draco required": (
        lambda d: d.update(extensionsRequired=["KHR_draco_mesh_compression"]),
        "/extensionsRequired",
        "KHR_draco_mesh_compression",
    ),
    "area without UVs": (
        lambda d: d["meshes"][0]["primitives"][0]["attributes"].pop("TEXCOORD_0"),
        "/meshes/0/primitives/0/attributes",
        "TEXCOORD_0",
    ),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_or_unusable_glb_is_refused_with_where_and_what_to_do(name):
    change, pointer, phrase = HOSTILE[name]
    with pytest.raises(Invalid) as raised:
        check_model(sign_with(change), ["front"], LIMIT)
    assert raised.value.status == 422
    assert raised.value.errors[0]["path"] == pointer
    assert phrase in raised.value.message


@pytest.mark.parametrize(
    "data, phrase",
    [
        (b"PK\x03\x04" + b"\0" * 40, "signature"),
        (models3d_demo.sign_glb()[:-100], "truncated"),
        (b"glT", "shorter than a GLB header"),
        (build({}, version=1), "version 1"),
        (build(None, json_bytes=b'{"asset": {"version": "2.0"'), "does not parse"),
        (build(None, json_bytes=b"[" * 100000 + b"]" * 100000), "nested too deeply"),
        (build(None, json_bytes=b"\xff\xfe garbage"), "does not parse"),
        (build(None, json_bytes=b"[1, 2]"), "not a JSON object"),
    ],
    ids=["wrong magic", "truncated", "tiny", "GLB v1", "cut JSON", "deep JSON", "bytes", "array"],
)
def test_a_broken_container_is_refused_saying_what_is_wrong(data, phrase):
    with pytest.raises(Invalid) as raised:
        check_model(data, ["front"], LIMIT)
    assert phrase in raised.value.message
    assert "Export the model again" in raised.value.message


def test_a_file_over_the_limit_is_413_before_it_is_read():
    with pytest.raises(TooLarge) as raised:
        check_model(b"glTF" + b"\0" * 2000, ["front"], 1000)
    assert raised.value.status == 413 and "limit is" in raised.value.message


def test_missing_area_materials_are_named():
    with pytest.raises(Invalid) as raised:
        check_model(models3d_demo.sign_glb(), ["front", "back", "stand"], LIMIT)
    assert "'back', 'stand'" in raised.value.message
    assert "'front'" not in raised.value.message


# The demo's models, read with pygltflib and checked by Khronos' validator ----------------------


@pytest.mark.parametrize(
    "make", [models3d_demo.mug_glb, models3d_demo.box_glb, models3d_demo.sign_glb]
)
def test_demo_models_are_valid_gltf_and_face_outwards(make, tmp_path):
    data = make()
    assert gltf_tools.errors_of(gltf_tools.validate(data, tmp_path)) == []
    gltf = gltf_tools.load(data)
    for primitive in gltf.meshes[0].primitives:
        positions = gltf_tools.accessor_values(gltf, primitive.attributes.POSITION)
        normals = gltf_tools.accessor_values(gltf, primitive.attributes.NORMAL)
        indices = [i for (i,) in gltf_tools.accessor_values(gltf, primitive.indices)]
        for k in range(0, len(indices), 3):
            a, b, c = (positions[i] for i in indices[k : k + 3])
            u = [b[j] - a[j] for j in range(3)]
            v = [c[j] - a[j] for j in range(3)]
            face = (u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0])
            if math.hypot(*face) < 1e-12:
                continue  # the centre of a disc
            # Counter-clockwise seen from where the normals point: a culling viewer shows it.
            assert sum(f * n for f, n in zip(face, normals[indices[k]], strict=True)) > 0


def test_the_mug_is_real_size_and_its_wrap_spans_the_printable_arc():
    gltf = gltf_tools.load(models3d_demo.mug_glb())
    names = [m.name for m in gltf.materials]
    mug = models3d_demo.MUG
    for primitive in gltf.meshes[0].primitives:
        accessor = gltf.accessors[primitive.attributes.POSITION]
        if names[primitive.material] == "ceramic":
            assert accessor.max[1] == pytest.approx(mug.height / 1000, abs=1e-6)  # metres
            continue
        positions = gltf_tools.accessor_values(gltf, primitive.attributes.POSITION)
        uvs = gltf_tools.accessor_values(gltf, primitive.attributes.TEXCOORD_0)
        left = [p for p, (u, _) in zip(positions, uvs, strict=True) if u == 0]
        right = [p for p, (u, _) in zip(positions, uvs, strict=True) if u == 1]
        # The left edge of the artwork sits left of the front seen from +z, the right edge right.
        angle = [math.atan2(p[0], p[2]) for p in (left[0], right[0])]
        assert angle[0] < 0 < angle[1]
        arc_mm = mug.radius * (angle[1] - angle[0])
        assert arc_mm == pytest.approx(mug.wrap_width, rel=1e-4)
        heights = sorted({round(p[1] * 1000, 3) for p in positions})
        assert heights[-1] - heights[0] == pytest.approx(mug.wrap_height, abs=1e-3)
        # v runs downwards: v = 0 on the top edge.
        top = max(positions, key=lambda p: p[1])
        assert uvs[positions.index(top)][1] == 0


@pytest.mark.parametrize("make", [models3d_demo.box_glb, models3d_demo.sign_glb])
def test_flat_areas_read_unmirrored_from_outside_and_upright_on_the_sides(make):
    gltf = gltf_tools.load(make())
    for primitive in gltf.meshes[0].primitives:
        if primitive.attributes.TEXCOORD_0 is None:
            continue
        name = gltf.materials[primitive.material].name
        positions = gltf_tools.accessor_values(gltf, primitive.attributes.POSITION)
        uvs = [
            tuple(uv) for uv in gltf_tools.accessor_values(gltf, primitive.attributes.TEXCOORD_0)
        ]
        normal = gltf_tools.accessor_values(gltf, primitive.attributes.NORMAL)[0]
        corner = {uv: positions[i] for i, uv in enumerate(uvs)}
        right = [b - a for a, b in zip(corner[(0, 0)], corner[(1, 0)], strict=True)]
        down = [b - a for a, b in zip(corner[(0, 0)], corner[(0, 1)], strict=True)]
        # down × right points out of the object: the artwork is not mirrored.
        out = (
            down[1] * right[2] - down[2] * right[1],
            down[2] * right[0] - down[0] * right[2],
            down[0] * right[1] - down[1] * right[0],
        )
        assert sum(o * n for o, n in zip(out, normal, strict=True)) > 0, name
        if name not in ("top", "bottom"):
            assert down[1] < 0 and down[0] == down[2] == 0, name  # the image's top is up


# A design's dressed model --------------------------------------------------------------------


@pytest.fixture
def mug_id(app, merchant, font_id):
    with app.app_context():
        ids = add_demo_model_products(merchant.merchant_id, [font_id])
        db.session.commit()
    return ids[0]


def mug_design(mug_id, font_id, text="Bonne fête Papa"):
    return {
        "format": "monogram.design/1",
        "product": mug_id,
        "surfaces": [
            {
                "area": "wrap",
                "objects": [
                    {
                        "id": "band",
                        "type": "shape",
                        "shape": "rect",
                        "x": 0,
                        "y": 0,
                        "width": 200,
                        "height": 12,
                        "fill": RED,
                    },
                    {
                        "id": "name",
                        "type": "text",
                        "x": 40,
                        "y": 30,
                        "width": 120,
                        "height": 30,
                        "text": text,
                        "font": font_id,
                        "size": 40,
                        "color": {"rgb": "#1030c0"},
                        "align": "center",
                    },
                ],
            }
        ],
    }


def pdf_boxes(pdf_path):
    """MediaBox and TrimBox of the first page, in points, as pdfinfo reads them."""
    out = subprocess.run(
        ["pdfinfo", "-box", "-f", "1", "-l", "1", str(pdf_path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    boxes = {}
    for line in out.splitlines():
        name, _, values = line.partition(":")
        if name.endswith(("MediaBox", "TrimBox")):
            boxes[name.split()[-1]] = [float(x) for x in values.split()]
    return boxes["MediaBox"], boxes["TrimBox"]


def test_dressed_mug_is_valid_and_its_texture_is_the_proof_scaled(
    app, client, merchant, mug_id, font_id, tmp_path
):
    created = client.post("/v1/designs", headers=merchant.pk, json=mug_design(mug_id, font_id))
    assert created.status_code == 201, created.json
    with app.app_context():
        design = db.session.get(Design, created.json["id"])
        data, _ = models3d.design_model(design)
        version = latest_version(design)
        product = render_product(db.session.get(Product, mug_id))
        bundle = render_bundle(
            {"design": design.id, "number": 1, "document": version.document},
            product,
            StorageResolver(merchant.merchant_id),
        )

    assert gltf_tools.errors_of(gltf_tools.validate(data, tmp_path)) == []
    texture = gltf_tools.material_texture(data, "wrap").convert("RGB")
    assert max(texture.size) == 1024  # 200 × 80 mm at screen resolution
    assert texture.size[0] / texture.size[1] == pytest.approx(200 / 80, rel=0.01)

    # The proof workshops approve, trimmed with the boxes pdfinfo reads from print.pdf.
    (tmp_path / "print.pdf").write_bytes(bundle.files["print.pdf"])
    media, trim = pdf_boxes(tmp_path / "print.pdf")
    proof = Image.open(io.BytesIO(bundle.files["proof-wrap.png"])).convert("RGB")
    scale = proof.width / (media[2] - media[0])
    box = (
        round((trim[0] - media[0]) * scale),
        round((media[3] - trim[3]) * scale),
        round((trim[2] - media[0]) * scale),
        round((media[3] - trim[1]) * scale),
    )
    expected = proof.crop(box).resize(texture.size, Image.Resampling.LANCZOS)
    difference = ImageStat.Stat(ImageChops.difference(texture, expected)).mean
    assert max(difference) < 2, difference  # mean absolute difference per channel, of 255
    # And the artwork is there: the red band along the top, the blue name in the middle.
    red = texture.getpixel((texture.width // 2, 5))
    assert red[0] > 180 and red[1] < 60
    middle = texture.crop((0, texture.height // 3, texture.width, 2 * texture.height // 3))
    pixels = middle.tobytes()
    assert any(pixels[i + 2] > 150 and pixels[i] < 80 for i in range(0, len(pixels), 3)), (
        "no blue text in the middle of the texture"
    )

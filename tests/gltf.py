"""Reading GLB files in tests with tools that are not Monogram's: Khronos' validator, pygltflib."""

import io
import json
import os
import subprocess
from pathlib import Path

import pygltflib
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(__file__).with_name("gltf_validate.mjs")


def validator_dir():
    """The npm package gltf-validator: widget/node_modules, or MONOGRAM_GLTF_VALIDATOR's dir."""
    candidates = [ROOT / "widget" / "node_modules" / "gltf-validator"]
    if os.environ.get("MONOGRAM_GLTF_VALIDATOR"):
        found = Path(os.environ["MONOGRAM_GLTF_VALIDATOR"])
        candidates += [found, found / "node_modules" / "gltf-validator"]
    for candidate in candidates:
        if (candidate / "package.json").is_file():
            return candidate
    pytest.fail(
        "The Khronos glTF validator is not installed: run `npm install` in widget/ "
        "(gltf-validator is a devDependency) or set MONOGRAM_GLTF_VALIDATOR to its folder."
    )


def validate(data, tmp_path):
    """The validator's report of a GLB, as a dict."""
    path = tmp_path / "model.glb"
    path.write_bytes(data)
    result = subprocess.run(
        ["node", str(SCRIPT), str(validator_dir()), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def errors_of(report):
    return [m for m in report["issues"]["messages"] if m["severity"] == 0]


def load(data):
    return pygltflib.GLTF2.load_from_bytes(data)


def material_texture(data, material_name):
    """The base colour image of a material, decoded with Pillow."""
    gltf = load(data)
    material = next(m for m in gltf.materials if m.name == material_name)
    texture = gltf.textures[material.pbrMetallicRoughness.baseColorTexture.index]
    image = gltf.images[texture.source]
    view = gltf.bufferViews[image.bufferView]
    blob = gltf.binary_blob()
    start = view.byteOffset or 0
    return Image.open(io.BytesIO(blob[start : start + view.byteLength]))


def accessor_values(gltf, index):
    """An accessor's values as tuples (float VEC2/VEC3 and integer SCALAR accessors)."""
    import struct

    accessor = gltf.accessors[index]
    view = gltf.bufferViews[accessor.bufferView]
    blob = gltf.binary_blob()
    start = (view.byteOffset or 0) + (accessor.byteOffset or 0)
    width = {"SCALAR": 1, "VEC2": 2, "VEC3": 3}[accessor.type]
    code = {5126: "f", 5125: "I", 5123: "H"}[accessor.componentType]
    size = struct.calcsize(code) * width
    stride = view.byteStride or size
    return [
        struct.unpack_from(f"<{width}{code}", blob, start + i * stride)
        for i in range(accessor.count)
    ]

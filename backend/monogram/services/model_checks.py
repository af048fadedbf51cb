"""Checks on a merchant's 3D model (GLB) before it is kept: self-contained, in bounds, mappable."""

import io
import math
import re
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from monogram.errors import Invalid, TooLarge
from monogram.rendering.glb import GlbError, read_glb

EXPORT_ADVICE = "Export the model again as a binary glTF 2.0 file (.glb) with everything embedded."
# Bytes per component, per glTF componentType.
COMPONENT_SIZES = {5120: 1, 5121: 1, 5122: 2, 5123: 2, 5125: 4, 5126: 4}
COMPONENT_COUNTS = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4, "MAT2": 4, "MAT3": 9, "MAT4": 16}
IMAGE_TYPES = {"image/png": "PNG", "image/jpeg": "JPEG"}
MB = 1024 * 1024
MAX_TEXTURE_SIDE = 8192  # px: what phones' GPUs load
# Extensions a model may require: a web viewer draws them without extra decoders.
REQUIRED_EXTENSIONS = re.compile(
    r"^(KHR_materials_\w+|KHR_texture_transform|KHR_mesh_quantization)$"
)


@dataclass(frozen=True)
class ModelFacts:
    materials: tuple  # material names, in the file's order


def check_model(data, area_ids, max_bytes):
    """What the model offers, if it may be kept; otherwise TooLarge or Invalid saying why."""
    if len(data) > max_bytes:
        raise TooLarge(
            f"The model is {math.ceil(len(data) * 10 / MB) / 10:g} MB; the limit is "
            f"{max_bytes / MB:g} MB. "
            "Use smaller textures (the print areas' textures are made by Monogram) or fewer "
            "polygons."
        )
    try:
        gltf, bin_chunk = read_glb(data)
    except GlbError as error:
        raise Invalid(f"This is not a usable GLB file: {error} {EXPORT_ADVICE}") from None
    _Structure(gltf, len(bin_chunk) if bin_chunk is not None else None).check()
    _check_images(gltf, bin_chunk)
    materials = tuple(
        name if isinstance(name := material.get("name"), str) else ""
        for material in gltf.get("materials", [])
    )
    _check_areas(gltf, materials, area_ids)
    return ModelFacts(materials=materials)


def _fail(pointer, message):
    raise Invalid(
        f"The model was not accepted: {message}", errors=[{"path": pointer, "message": message}]
    )


def _is_count(value, least=0):
    return isinstance(value, int) and not isinstance(value, bool) and value >= least


class _Structure:
    """The glTF JSON's shape, its references and every byte range it names."""

    def __init__(self, gltf, bin_length):
        self.gltf = gltf
        self.bin_length = bin_length

    def items(self, key):
        value = self.gltf.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            _fail(f"/{key}", f"'{key}' must be a list of objects. {EXPORT_ADVICE}")
        return value

    def index(self, pointer, value, key):
        if not _is_count(value) or value >= len(self.items(key)):
            _fail(pointer, f"it refers to {key} {value!r}, which does not exist. {EXPORT_ADVICE}")
        return value

    def check(self):
        asset = self.gltf.get("asset")
        if not isinstance(asset, dict) or asset.get("version") != "2.0":
            _fail("/asset/version", f'only glTF 2.0 is read (asset.version "2.0"). {EXPORT_ADVICE}')
        required = self.gltf.get("extensionsRequired", [])
        if not isinstance(required, list):
            _fail("/extensionsRequired", "'extensionsRequired' must be a list.")
        for name in required:
            if not isinstance(name, str) or not REQUIRED_EXTENSIONS.match(name):
                _fail(
                    "/extensionsRequired",
                    f"it requires the extension {name!r}, which the 3D viewer does not decode. "
                    "Export without compression (Draco, meshopt, Basis) and with PNG or JPEG "
                    "textures.",
                )
        # Lists the dressing appends to or walks: a wrong type there is a fault of the file.
        for key in ("images", "textures", "samplers", "nodes", "scenes"):
            self.items(key)
        for i, material in enumerate(self.items("materials")):
            if not isinstance(material.get("pbrMetallicRoughness", {}), dict):
                _fail(f"/materials/{i}/pbrMetallicRoughness", "it must be an object.")
        self.buffers()
        self.views()
        self.accessors()
        self.meshes()
        if not self.items("meshes"):
            _fail("/meshes", "it has no mesh, so there is nothing to show.")

    def buffers(self):
        buffers = self.items("buffers")
        for i, buffer in enumerate(buffers):
            if "uri" in buffer:
                kind = (
                    "an embedded data: URI"
                    if str(buffer["uri"]).startswith("data:")
                    else ("an outside file")
                )
                _fail(
                    f"/buffers/{i}/uri",
                    f"buffer {i} is read from {kind}; a GLB keeps its data in its own BIN "
                    f"chunk. {EXPORT_ADVICE}",
                )
        if len(buffers) > 1:
            _fail("/buffers", f"it has {len(buffers)} buffers; a GLB has one. {EXPORT_ADVICE}")
        if buffers:
            length = buffers[0].get("byteLength")
            if not _is_count(length, 1):
                _fail(
                    "/buffers/0/byteLength", "the buffer's byteLength must be a positive integer."
                )
            if self.bin_length is None or length > self.bin_length:
                _fail(
                    "/buffers/0/byteLength",
                    f"the buffer declares {length} bytes but the file holds "
                    f"{self.bin_length or 0}: it is truncated or damaged. {EXPORT_ADVICE}",
                )

    def views(self):
        for i, view in enumerate(self.items("bufferViews")):
            pointer = f"/bufferViews/{i}"
            buffer = self.index(f"{pointer}/buffer", view.get("buffer"), "buffers")
            offset, length = view.get("byteOffset", 0), view.get("byteLength")
            stride = view.get("byteStride")
            if not (_is_count(offset) and _is_count(length, 1)):
                _fail(pointer, "byteOffset and byteLength must be integers.")
            if offset + length > self.items("buffers")[buffer]["byteLength"]:
                _fail(pointer, f"buffer view {i} runs past the end of its buffer. {EXPORT_ADVICE}")
            if stride is not None and not (
                _is_count(stride, 4) and stride <= 252 and stride % 4 == 0
            ):
                _fail(f"{pointer}/byteStride", "byteStride must be a multiple of 4 from 4 to 252.")

    def accessors(self):
        views = self.items("bufferViews")
        for i, accessor in enumerate(self.items("accessors")):
            pointer = f"/accessors/{i}"
            size = COMPONENT_SIZES.get(accessor.get("componentType"))
            components = COMPONENT_COUNTS.get(accessor.get("type"))
            count = accessor.get("count")
            if size is None or components is None or not _is_count(count, 1):
                _fail(pointer, "componentType, type or count is missing or not a glTF value.")
            element = size * components
            if "bufferView" in accessor:
                view = views[
                    self.index(f"{pointer}/bufferView", accessor["bufferView"], "bufferViews")
                ]
                offset = accessor.get("byteOffset", 0)
                if not _is_count(offset):
                    _fail(f"{pointer}/byteOffset", "byteOffset must be an integer.")
                stride = view.get("byteStride") or element
                if offset + stride * (count - 1) + element > view["byteLength"]:
                    _fail(
                        pointer,
                        f"accessor {i} reads past the end of buffer view "
                        f"{accessor['bufferView']}. {EXPORT_ADVICE}",
                    )
            if "sparse" in accessor:
                self.sparse(pointer, accessor["sparse"], count, element)

    def sparse(self, pointer, sparse, count, element):
        views = self.items("bufferViews")
        if not isinstance(sparse, dict) or not _is_count(sparse.get("count"), 1):
            _fail(f"{pointer}/sparse", "sparse.count must be a positive integer.")
        if sparse["count"] > count:
            _fail(f"{pointer}/sparse", "sparse.count is larger than the accessor's count.")
        for part, width in (("indices", None), ("values", element)):
            entry = sparse.get(part)
            if not isinstance(entry, dict):
                _fail(f"{pointer}/sparse/{part}", f"sparse.{part} must be an object.")
            if width is None:
                width = COMPONENT_SIZES.get(entry.get("componentType"), 0)
                if width not in (1, 2, 4):
                    _fail(f"{pointer}/sparse/indices", "sparse indices need an integer type.")
            view = views[
                self.index(
                    f"{pointer}/sparse/{part}/bufferView", entry.get("bufferView"), "bufferViews"
                )
            ]
            offset = entry.get("byteOffset", 0)
            if not _is_count(offset) or offset + width * sparse["count"] > view["byteLength"]:
                _fail(f"{pointer}/sparse/{part}", f"sparse {part} run past their buffer view.")

    def meshes(self):
        self.items("materials")
        for m, mesh in enumerate(self.items("meshes")):
            primitives = mesh.get("primitives")
            if not isinstance(primitives, list) or not primitives:
                _fail(f"/meshes/{m}/primitives", "a mesh needs at least one primitive.")
            for p, primitive in enumerate(primitives):
                pointer = f"/meshes/{m}/primitives/{p}"
                attributes = primitive.get("attributes") if isinstance(primitive, dict) else None
                if not isinstance(attributes, dict) or "POSITION" not in attributes:
                    _fail(pointer, "a primitive needs attributes with POSITION.")
                for name, accessor in attributes.items():
                    self.index(f"{pointer}/attributes/{name}", accessor, "accessors")
                if "indices" in primitive:
                    self.index(f"{pointer}/indices", primitive["indices"], "accessors")
                if "material" in primitive:
                    self.index(f"{pointer}/material", primitive["material"], "materials")


def _check_images(gltf, bin_chunk):
    views = gltf.get("bufferViews", [])
    images = gltf.get("images", [])
    if not isinstance(images, list):
        _fail("/images", "'images' must be a list.")
    for i, image in enumerate(images):
        pointer = f"/images/{i}"
        if not isinstance(image, dict):
            _fail(pointer, "an image must be an object.")
        if "uri" in image:
            kind = (
                "an embedded data: URI"
                if str(image["uri"]).startswith("data:")
                else ("an outside file")
            )
            _fail(
                f"{pointer}/uri",
                f"image {i} is read from {kind}; textures must be stored in the GLB's BIN "
                f"chunk. {EXPORT_ADVICE}",
            )
        view_index = image.get("bufferView")
        if not _is_count(view_index) or view_index >= len(views):
            _fail(f"{pointer}/bufferView", f"image {i} has no buffer view. {EXPORT_ADVICE}")
        expected = IMAGE_TYPES.get(image.get("mimeType"))
        if expected is None:
            _fail(f"{pointer}/mimeType", f"image {i} must be image/png or image/jpeg.")
        view = views[view_index]
        start = view.get("byteOffset", 0)
        data = bin_chunk[start : start + view["byteLength"]]
        try:
            with Image.open(io.BytesIO(data)) as opened:
                found, size = opened.format, opened.size
        except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
            found, size = None, (0, 0)
        if found != expected:
            _fail(pointer, f"image {i} is not a readable {image['mimeType']} file.")
        if max(size) > MAX_TEXTURE_SIDE:
            _fail(
                pointer,
                f"image {i} is {size[0]}×{size[1]} px; keep textures within "
                f"{MAX_TEXTURE_SIDE} px a side.",
            )


def _check_areas(gltf, materials, area_ids):
    missing = [area_id for area_id in area_ids if area_id not in materials]
    if missing:
        names = ", ".join(repr(area_id) for area_id in missing)
        _fail(
            "/materials",
            f"no material is named after the print area{'s' if len(missing) > 1 else ''} "
            f"{names}. Name the material of each printed surface after its area's id, "
            "with its UVs covering the area's artwork, and export again.",
        )
    wanted = {i for i, name in enumerate(materials) if name in area_ids}
    for m, mesh in enumerate(gltf["meshes"]):
        for p, primitive in enumerate(mesh["primitives"]):
            if primitive.get("material") in wanted and "TEXCOORD_0" not in primitive["attributes"]:
                _fail(
                    f"/meshes/{m}/primitives/{p}/attributes",
                    f"the surface with material {materials[primitive['material']]!r} has no "
                    "UV coordinates (TEXCOORD_0), so the artwork cannot be placed on it. "
                    "Unwrap its UVs and export again.",
                )

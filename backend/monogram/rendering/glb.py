"""GLB (binary glTF 2.0) files: written from plain meshes, read into JSON + BIN, given textures."""

import json
import math
import struct
from dataclasses import dataclass, field

MAGIC = b"glTF"
VERSION = 2
JSON_CHUNK = 0x4E4F534A  # "JSON"
BIN_CHUNK = 0x004E4942  # "BIN\0"
HEADER = struct.Struct("<4sII")
CHUNK_HEADER = struct.Struct("<II")

# glTF enumerations used here.
FLOAT, UNSIGNED_SHORT, UNSIGNED_INT = 5126, 5123, 5125
ARRAY_BUFFER, ELEMENT_ARRAY_BUFFER = 34962, 34963
LINEAR, LINEAR_MIPMAP_LINEAR, CLAMP_TO_EDGE = 9729, 9987, 33071
GENERATOR = "Monogram"


class GlbError(ValueError):
    """The bytes are not a GLB this module can read; the message says what is wrong."""


@dataclass(frozen=True)
class Material:
    name: str
    color: tuple = (1.0, 1.0, 1.0, 1.0)  # linear RGBA
    roughness: float = 0.6
    metallic: float = 0.0


@dataclass
class Primitive:
    """Triangles of one material; positions in metres, uvs with v downwards (glTF's)."""

    material: str
    positions: list = field(default_factory=list)
    # Only a print area's surface needs UVs: they place its texture.
    textured: bool = False
    normals: list = field(default_factory=list)
    uvs: list = field(default_factory=list)
    indices: list = field(default_factory=list)

    def add_vertex(self, position, normal, uv=(0.0, 0.0)):
        self.positions.append(tuple(position))
        self.normals.append(_unit(normal))
        self.uvs.append(tuple(uv))
        return len(self.positions) - 1

    def add_quad(self, a, b, c, d):
        """Two triangles a-b-c, a-c-d: give the corners counter-clockwise seen from outside."""
        self.indices += [a, b, c, a, c, d]


def _unit(vector):
    length = math.sqrt(sum(x * x for x in vector))
    return tuple(x / length for x in vector)


# Writing ---------------------------------------------------------------------------------------


class _Bin:
    """The BIN chunk under construction, with its bufferViews and accessors."""

    def __init__(self, gltf):
        self.gltf = gltf
        self.data = bytearray()

    def view(self, payload, target=None):
        self.data += b"\0" * (-len(self.data) % 4)  # every view starts 4-byte aligned
        view = {"buffer": 0, "byteOffset": len(self.data), "byteLength": len(payload)}
        if target is not None:
            view["target"] = target
        self.data += payload
        self.gltf.setdefault("bufferViews", []).append(view)
        return len(self.gltf["bufferViews"]) - 1

    def accessor(self, values, kind, bounds=False):
        width = {"VEC2": 2, "VEC3": 3}[kind]
        flat = [float(x) for value in values for x in value]
        payload = struct.pack(f"<{len(flat)}f", *flat)
        accessor = {
            "bufferView": self.view(payload, ARRAY_BUFFER),
            "componentType": FLOAT,
            "count": len(values),
            "type": kind,
        }
        if bounds:  # POSITION needs its bounds, as float32 sees them
            stored = struct.unpack(f"<{len(flat)}f", payload)
            columns = [stored[i::width] for i in range(width)]
            accessor["min"] = [min(column) for column in columns]
            accessor["max"] = [max(column) for column in columns]
        return self._add(accessor)

    def indices(self, values, vertex_count):
        small = vertex_count <= 0xFFFF
        payload = struct.pack(f"<{len(values)}{'H' if small else 'I'}", *values)
        accessor = {
            "bufferView": self.view(payload, ELEMENT_ARRAY_BUFFER),
            "componentType": UNSIGNED_SHORT if small else UNSIGNED_INT,
            "count": len(values),
            "type": "SCALAR",
        }
        return self._add(accessor)

    def _add(self, accessor):
        self.gltf.setdefault("accessors", []).append(accessor)
        return len(self.gltf["accessors"]) - 1


def write_glb(name, primitives, materials):
    """A GLB of one mesh in one node; materials are referred to by name from the primitives."""
    gltf = {"asset": {"version": "2.0", "generator": GENERATOR}}
    material_index = {material.name: i for i, material in enumerate(materials)}
    gltf["materials"] = [
        {
            "name": material.name,
            "pbrMetallicRoughness": {
                "baseColorFactor": list(material.color),
                "metallicFactor": material.metallic,
                "roughnessFactor": material.roughness,
            },
        }
        for material in materials
    ]
    out = _Bin(gltf)
    mesh = {"name": name, "primitives": []}
    for primitive in primitives:
        attributes = {
            "POSITION": out.accessor(primitive.positions, "VEC3", bounds=True),
            "NORMAL": out.accessor(primitive.normals, "VEC3"),
        }
        if primitive.textured:
            attributes["TEXCOORD_0"] = out.accessor(primitive.uvs, "VEC2")
        mesh["primitives"].append(
            {
                "attributes": attributes,
                "indices": out.indices(primitive.indices, len(primitive.positions)),
                "material": material_index[primitive.material],
            }
        )
    gltf["meshes"] = [mesh]
    gltf["nodes"] = [{"name": name, "mesh": 0}]
    gltf["scenes"] = [{"nodes": [0]}]
    gltf["scene"] = 0
    gltf["buffers"] = [{"byteLength": len(out.data)}]
    return pack_glb(gltf, bytes(out.data))


def pack_glb(gltf, bin_chunk):
    """The GLB container around a glTF JSON and its BIN chunk (None: no BIN chunk)."""
    body = json.dumps(gltf, separators=(",", ":"), ensure_ascii=False).encode()
    body += b" " * (-len(body) % 4)  # the JSON chunk is padded with spaces
    chunks = CHUNK_HEADER.pack(len(body), JSON_CHUNK) + body
    if bin_chunk is not None:
        padded = bin_chunk + b"\0" * (-len(bin_chunk) % 4)
        chunks += CHUNK_HEADER.pack(len(padded), BIN_CHUNK) + padded
    return HEADER.pack(MAGIC, VERSION, HEADER.size + len(chunks)) + chunks


# Reading ---------------------------------------------------------------------------------------


def read_glb(data):
    """(glTF JSON as a dict, BIN chunk bytes or None); GlbError says what breaks the container."""
    if len(data) < HEADER.size:
        raise GlbError("The file is shorter than a GLB header (12 bytes).")
    magic, version, length = HEADER.unpack_from(data)
    if magic != MAGIC:
        raise GlbError("The file does not start with the GLB signature 'glTF'.")
    if version != VERSION:
        raise GlbError(f"The GLB container is version {version}; only version 2 is read.")
    if length != len(data):
        raise GlbError(
            f"The GLB header announces {length} bytes but the file has {len(data)}: "
            "it is truncated or has trailing bytes."
        )
    chunks = []
    offset = HEADER.size
    while offset < length:
        if offset + CHUNK_HEADER.size > length:
            raise GlbError("A chunk header runs past the end of the file.")
        size, kind = CHUNK_HEADER.unpack_from(data, offset)
        start = offset + CHUNK_HEADER.size
        if size % 4 or start + size > length:
            raise GlbError("A chunk's length is not a multiple of 4 or runs past the file's end.")
        chunks.append((kind, data[start : start + size]))
        offset = start + size
    if not chunks or chunks[0][0] != JSON_CHUNK:
        raise GlbError("The first chunk of a GLB must be its JSON.")
    if len(chunks) > 2 or (len(chunks) == 2 and chunks[1][0] != BIN_CHUNK):
        raise GlbError("A GLB holds one JSON chunk and at most one BIN chunk after it.")
    try:
        gltf = json.loads(chunks[0][1].decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise GlbError(f"The JSON chunk does not parse: {error}.") from None
    except RecursionError:
        raise GlbError("The JSON chunk is nested too deeply to be a glTF document.") from None
    if not isinstance(gltf, dict):
        raise GlbError("The JSON chunk is not a JSON object.")
    return gltf, (bytes(chunks[1][1]) if len(chunks) == 2 else None)


# Textures --------------------------------------------------------------------------------------


def with_textures(data, textures):
    """The GLB with each named material's base colour replaced by an image.

    `textures` maps material names to (image bytes, media type). The images go into the BIN
    chunk, so the file stays self-contained; the colour factor turns white so the image shows
    as it is. Other materials, meshes and nodes are kept as they are.
    """
    gltf, bin_chunk = read_glb(data)
    payload = bytearray(bin_chunk or b"")
    if not gltf.get("buffers"):
        gltf["buffers"] = [{"byteLength": 0}]
    sampler = None
    for material in gltf.get("materials", []):
        texture = textures.get(material.get("name"))
        if texture is None:
            continue
        if sampler is None:
            # Clamped, so an area's edge pixels never wrap round to the opposite edge.
            sampler = _append(
                gltf,
                "samplers",
                {
                    "magFilter": LINEAR,
                    "minFilter": LINEAR_MIPMAP_LINEAR,
                    "wrapS": CLAMP_TO_EDGE,
                    "wrapT": CLAMP_TO_EDGE,
                },
            )
        image_bytes, media_type = texture
        payload += b"\0" * (-len(payload) % 4)
        view = _append(
            gltf,
            "bufferViews",
            {"buffer": 0, "byteOffset": len(payload), "byteLength": len(image_bytes)},
        )
        payload += image_bytes
        image = _append(gltf, "images", {"bufferView": view, "mimeType": media_type})
        index = _append(gltf, "textures", {"sampler": sampler, "source": image})
        pbr = material.setdefault("pbrMetallicRoughness", {})
        pbr["baseColorTexture"] = {"index": index}
        pbr["baseColorFactor"] = [1.0, 1.0, 1.0, 1.0]
    gltf["buffers"][0]["byteLength"] = len(payload)
    return pack_glb(gltf, bytes(payload))


def _append(gltf, key, item):
    gltf.setdefault(key, []).append(item)
    return len(gltf[key]) - 1

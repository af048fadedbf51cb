"""USDZ for iOS Quick Look, written with Pixar's USD from the same GLB the 3D view shows."""

import struct
import tempfile
from pathlib import Path

from pxr import Gf, Kind, Sdf, Tf, Usd, UsdGeom, UsdShade, UsdUtils, Vt

from monogram.rendering.glb import GlbError, read_glb

MEDIA_TYPE = "model/vnd.usdz+zip"

# glTF accessor component types and widths this reader decodes.
COMPONENTS = {5121: "B", 5123: "H", 5125: "I", 5126: "f"}
WIDTHS = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4}
IMAGE_SUFFIXES = {"image/png": "png", "image/jpeg": "jpg"}
ROOT = "/Model"


def glb_to_usdz(data):
    """USDZ bytes of a GLB's default scene, in metres with Y up, textures packaged inside."""
    gltf, bin_chunk = read_glb(data)
    with tempfile.TemporaryDirectory(prefix="monogram-usdz-") as work:
        work = Path(work)
        stage = Usd.Stage.CreateNew(str(work / "model.usdc"))
        # glTF is in metres with Y up: Quick Look places the object at its real size.
        UsdGeom.SetStageMetersPerUnit(stage, 1.0)
        UsdGeom.SetStageUpAxis(stage, UsdGeom.Tokens.y)
        root = UsdGeom.Xform.Define(stage, ROOT)
        Usd.ModelAPI(root.GetPrim()).SetKind(Kind.Tokens.component)
        stage.SetDefaultPrim(root.GetPrim())
        glb = _Glb(gltf, bin_chunk or b"")
        materials = []
        for index, material in enumerate(gltf.get("materials", [])):
            name = Tf.MakeValidIdentifier(material.get("name") or f"material{index}")
            # Named as in the GLB, so a print area's material is found by its area's code.
            if stage.GetPrimAtPath(f"{ROOT}/Materials/{name}"):
                name = f"{name}_{index}"
            materials.append(_material(stage, glb, work, f"{ROOT}/Materials/{name}", material))
        scene = gltf.get("scenes", [{}])[gltf.get("scene", 0)]
        for position, node in enumerate(scene.get("nodes", [])):
            _node(stage, glb, materials, f"{ROOT}/Node{position}", node)
        stage.GetRootLayer().Save()
        package = work / "model.usdz"
        if not UsdUtils.CreateNewUsdzPackage(Sdf.AssetPath(str(work / "model.usdc")), str(package)):
            raise GlbError("USD could not package the model as USDZ.")
        return package.read_bytes()


class _Glb:
    """Typed views into a GLB's BIN chunk."""

    def __init__(self, gltf, bin_chunk):
        self.gltf = gltf
        self.bin = bin_chunk

    def view(self, index):
        view = self.gltf["bufferViews"][index]
        start = view.get("byteOffset", 0)
        return view, self.bin[start : start + view["byteLength"]]

    def accessor(self, index):
        """The accessor's values: a flat list for scalars, tuples otherwise."""
        accessor = self.gltf["accessors"][index]
        code, width = COMPONENTS[accessor["componentType"]], WIDTHS[accessor["type"]]
        view, payload = self.view(accessor["bufferView"])
        item = struct.Struct(f"<{width}{code}")
        stride = view.get("byteStride") or item.size
        offset = accessor.get("byteOffset", 0)
        values = [item.unpack_from(payload, offset + i * stride) for i in range(accessor["count"])]
        return [value[0] for value in values] if width == 1 else values


def _node(stage, glb, materials, path, index):
    node = glb.gltf["nodes"][index]
    xform = UsdGeom.Xform.Define(stage, path)
    matrix = _local_matrix(node)
    if matrix != Gf.Matrix4d(1.0):
        xform.AddTransformOp().Set(matrix)
    if "mesh" in node:
        mesh = glb.gltf["meshes"][node["mesh"]]
        for position, primitive in enumerate(mesh["primitives"]):
            _mesh(stage, glb, materials, f"{path}/Part{position}", primitive)
    for position, child in enumerate(node.get("children", [])):
        _node(stage, glb, materials, f"{path}/Node{position}", child)


def _local_matrix(node):
    if "matrix" in node:
        # glTF's column-major array reads as USD's row-major, row-vector matrix.
        return Gf.Matrix4d(*node["matrix"])
    scale = Gf.Matrix4d().SetScale(Gf.Vec3d(*node.get("scale", (1, 1, 1))))
    x, y, z, w = node.get("rotation", (0, 0, 0, 1))
    rotation = Gf.Matrix4d().SetRotate(Gf.Quatd(w, x, y, z))
    translation = Gf.Matrix4d().SetTranslate(Gf.Vec3d(*node.get("translation", (0, 0, 0))))
    return scale * rotation * translation


def _mesh(stage, glb, materials, path, primitive):
    if primitive.get("mode", 4) != 4:
        return  # Quick Look shows surfaces; points and lines have none
    attributes = primitive["attributes"]
    points = glb.accessor(attributes["POSITION"])
    indices = glb.accessor(primitive["indices"]) if "indices" in primitive else range(len(points))
    mesh = UsdGeom.Mesh.Define(stage, path)
    # Without this Quick Look smooths the triangles into a different shape.
    mesh.CreateSubdivisionSchemeAttr(UsdGeom.Tokens.none)
    mesh.CreatePointsAttr(Vt.Vec3fArray(points))
    mesh.CreateExtentAttr(UsdGeom.PointBased.ComputeExtent(Vt.Vec3fArray(points)))
    mesh.CreateFaceVertexCountsAttr(Vt.IntArray([3] * (len(indices) // 3)))
    mesh.CreateFaceVertexIndicesAttr(Vt.IntArray(list(indices)))
    if "NORMAL" in attributes:
        mesh.CreateNormalsAttr(Vt.Vec3fArray(glb.accessor(attributes["NORMAL"])))
        mesh.SetNormalsInterpolation(UsdGeom.Tokens.vertex)
    if "TEXCOORD_0" in attributes:
        # glTF's v runs down the image, USD's st up it.
        st = [(u, 1.0 - v) for u, v in glb.accessor(attributes["TEXCOORD_0"])]
        UsdGeom.PrimvarsAPI(mesh).CreatePrimvar(
            "st", Sdf.ValueTypeNames.TexCoord2fArray, UsdGeom.Tokens.vertex
        ).Set(Vt.Vec2fArray(st))
    if "material" in primitive:
        UsdShade.MaterialBindingAPI.Apply(mesh.GetPrim()).Bind(materials[primitive["material"]])


def _material(stage, glb, work, path, material):
    usd_material = UsdShade.Material.Define(stage, path)
    surface = UsdShade.Shader.Define(stage, f"{path}/Surface")
    surface.CreateIdAttr("UsdPreviewSurface")
    pbr = material.get("pbrMetallicRoughness", {})
    red, green, blue, alpha = pbr.get("baseColorFactor", (1.0, 1.0, 1.0, 1.0))
    surface.CreateInput("roughness", Sdf.ValueTypeNames.Float).Set(pbr.get("roughnessFactor", 1.0))
    surface.CreateInput("metallic", Sdf.ValueTypeNames.Float).Set(pbr.get("metallicFactor", 1.0))
    surface.CreateInput("opacity", Sdf.ValueTypeNames.Float).Set(alpha)
    colour = surface.CreateInput("diffuseColor", Sdf.ValueTypeNames.Color3f)
    image_file = _image_file(glb, work, pbr.get("baseColorTexture"))
    if image_file is None:
        colour.Set(Gf.Vec3f(red, green, blue))
    else:
        colour.ConnectToSource(_texture(stage, path, image_file))
    usd_material.CreateSurfaceOutput().ConnectToSource(surface.ConnectableAPI(), "surface")
    return usd_material


def _image_file(glb, work, texture):
    """The texture's image written beside the layer, so the package takes it in; None if none.

    Quick Look reads PNG and JPEG only: a material with another kind of image keeps its colour.
    """
    if texture is None:
        return None
    index = glb.gltf["textures"][texture["index"]].get("source")
    image = glb.gltf["images"][index] if index is not None else {}
    suffix = IMAGE_SUFFIXES.get(image.get("mimeType"))
    if suffix is None or "bufferView" not in image:
        return None
    name = f"./textures/image{index}.{suffix}"
    (work / "textures").mkdir(exist_ok=True)
    (work / name).write_bytes(glb.view(image["bufferView"])[1])
    return name


def _texture(stage, material_path, image_file):
    reader = UsdShade.Shader.Define(stage, f"{material_path}/Coordinates")
    reader.CreateIdAttr("UsdPrimvarReader_float2")
    reader.CreateInput("varname", Sdf.ValueTypeNames.String).Set("st")
    reader.CreateOutput("result", Sdf.ValueTypeNames.Float2)
    texture = UsdShade.Shader.Define(stage, f"{material_path}/BaseColour")
    texture.CreateIdAttr("UsdUVTexture")
    texture.CreateInput("file", Sdf.ValueTypeNames.Asset).Set(image_file)
    texture.CreateInput("sourceColorSpace", Sdf.ValueTypeNames.Token).Set("sRGB")
    texture.CreateInput("st", Sdf.ValueTypeNames.Float2).ConnectToSource(
        reader.ConnectableAPI(), "result"
    )
    # Clamped like the GLB's sampler: an area's edge never wraps to the opposite edge.
    texture.CreateInput("wrapS", Sdf.ValueTypeNames.Token).Set("clamp")
    texture.CreateInput("wrapT", Sdf.ValueTypeNames.Token).Set("clamp")
    return texture.CreateOutput("rgb", Sdf.ValueTypeNames.Float3)

"""Checks of a loaded design document against its product and the merchant's catalogue."""

import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class AreaFacts:
    """A print area's trim box and margins, in millimetres."""

    width: float
    height: float
    bleed: float
    safe: float


@dataclass(frozen=True)
class ProductFacts:
    id: str
    areas: Mapping[str, AreaFacts]
    # Fonts the product offers; empty means any of the merchant's fonts.
    fonts: frozenset[str] = field(default_factory=frozenset)


class Catalogue(Protocol):
    """What exists for the merchant whose design is checked."""

    def asset_kind(self, asset_id: str) -> str | None:
        """raster, vector or font; None when the merchant has no such asset."""

    def font_exists(self, font_id: str) -> bool: ...

    def template_exists(self, template_id: str) -> bool: ...


ASSET_KIND_OF = {"image": "raster", "vector": "vector"}
_OTHER_TYPE = {
    ("image", "vector"): 'it is vector artwork (SVG); place it with an object of type "vector"',
    ("vector", "raster"): 'it is a raster image; place it with an object of type "image"',
}


def check_document(doc, product, catalogue):
    """A list of {"path", "message"}, empty when the design can be made on this product."""
    errors = []

    def fault(path, message):
        errors.append({"path": path, "message": message})

    if doc["product"] != product.id:
        fault("/product", f"The design is for {doc['product']}, not for {product.id}.")
    if doc["template"] is not None and not catalogue.template_exists(doc["template"]):
        fault("/template", f"Template {doc['template']} does not exist; remove it or pick another.")
    for i, surface in enumerate(doc["surfaces"]):
        area = product.areas.get(surface["area"])
        if area is None:
            offered = ", ".join(product.areas) or "none"
            fault(
                f"/surfaces/{i}/area",
                f'This product has no print area "{surface["area"]}"; use one of: {offered}.',
            )
        for j, obj in enumerate(surface["objects"]):
            path = f"/surfaces/{i}/objects/{j}"
            for key, message in _object_faults(obj, area, product, catalogue):
                fault(f"{path}/{key}" if key else path, message)
    return errors


def _object_faults(obj, area, product, catalogue):
    if obj["type"] in ASSET_KIND_OF:
        message = _asset_fault(obj, catalogue.asset_kind(obj["asset"]))
        if message:
            yield "asset", message
    if obj["type"] == "text":
        yield from _text_faults(obj, product, catalogue)
    if area is not None and not _touches_bleed_box(obj, area):
        size = f"{area.width:g} × {area.height:g} mm with {area.bleed:g} mm bleed"
        message = f"The object lies wholly outside the print area ({size}), so it can never print"
        yield None, f"{message}; move it inside or delete it."


def _asset_fault(obj, kind):
    if kind is None:
        return f"Asset {obj['asset']} does not exist; upload the file first."
    if kind != ASSET_KIND_OF[obj["type"]]:
        reason = _OTHER_TYPE.get((obj["type"], kind), f"it is a {kind} file")
        return f"Asset {obj['asset']} cannot be used here: {reason}."
    return None


def _text_faults(obj, product, catalogue):
    if not catalogue.font_exists(obj["font"]):
        yield "font", f"Font {obj['font']} does not exist; upload it or choose another font."
    elif product.fonts and obj["font"] not in product.fonts:
        offered = ", ".join(sorted(product.fonts))
        yield "font", f"Font {obj['font']} is not offered on this product; use one of: {offered}."
    limit = obj["max_chars"]
    if limit is not None:
        # Line breaks are layout, not text; NFC counts an accent typed as two code points once.
        count = len(unicodedata.normalize("NFC", obj["text"]).replace("\n", ""))
        if count > limit:
            message = f"The text has {count} characters; this field takes at most {limit}"
            yield "text", f"{message}. Shorten it."


def _touches_bleed_box(obj, area):
    # Test the rotated box's bounding box: never refuses an object that could print.
    turn = math.radians(obj["rotation"])
    cos, sin = abs(math.cos(turn)), abs(math.sin(turn))
    half_width = (obj["width"] * cos + obj["height"] * sin) / 2
    half_height = (obj["width"] * sin + obj["height"] * cos) / 2
    centre_x = obj["x"] + obj["width"] / 2
    centre_y = obj["y"] + obj["height"] / 2
    return (
        centre_x - half_width < area.width + area.bleed
        and centre_x + half_width > -area.bleed
        and centre_y - half_height < area.height + area.bleed
        and centre_y + half_height > -area.bleed
    )

"""A brand store's charter on the designs made in it: its fonts, its palette, its logo in place."""

import copy

from monogram.errors import Invalid
from monogram.services.visibility import charter_of, is_visible

# The object a charter's logo becomes on every design; shoppers cannot move, change or delete it.
LOGO_OBJECT_ID = "brand-logo"
LOCKED = {"move": True, "resize": True, "rotate": True, "edit": True, "delete": True}
PLACEMENT = ("x", "y", "width", "height")


def apply_charter(store_id, document, asset_kind):
    """The document as the store's charter wants it; raises Invalid listing what breaks it.

    The logo is put in place (or back in place) rather than refused: the shopper cannot fix a
    logo they were never shown. Fonts and colours outside the charter are refused, with paths.
    `asset_kind(asset_id)` answers "vector" or "raster" for the logo's asset.
    """
    charter = charter_of(store_id)
    if not charter:
        return document
    errors = []
    palette = [entry["color"] for entry in charter.get("palette") or []]
    for s, surface in enumerate(document["surfaces"]):
        for o, obj in enumerate(surface["objects"]):
            if obj.get("id") == LOGO_OBJECT_ID:
                continue
            path = f"/surfaces/{s}/objects/{o}"
            own_font = obj["type"] != "text" or is_visible(obj["font"], store_id, exclusive=True)
            if charter.get("fonts") and not own_font:
                errors.append({"path": f"{path}/font", "message": "Not one of this store's fonts."})
            if palette:
                for key in ("color", "fill", "stroke"):
                    color = obj.get(key)
                    if color is not None and not _in_palette(color, palette):
                        errors.append(
                            {"path": f"{path}/{key}", "message": "Not a colour of the charter."}
                        )
    if errors:
        raise Invalid(
            "This store's brand charter allows only its own fonts and colours; "
            "choose them from the editor's lists.",
            errors=errors,
        )
    logo = charter.get("logo")
    return _with_logo(document, logo, _logo_object(logo, asset_kind)) if logo else document


def brand_objects(store_id, asset_kind):
    """What the store's charter puts on every design, for the editor to show from the start:
    [{"area": "front", "object": {…}}]."""
    logo = (charter_of(store_id) or {}).get("logo")
    return [{"area": logo["area"], "object": _logo_object(logo, asset_kind)}] if logo else []


def charter_palette(store_id):
    """The only colours the store's charter allows, or None when it does not restrict them."""
    return (charter_of(store_id) or {}).get("palette") or None


def _in_palette(color, palette):
    # The colour a shopper picked is the palette's entry itself, so equality is exact.
    return any(color == entry for entry in palette)


def _logo_object(logo, asset_kind):
    kind = asset_kind(logo["asset"])
    placed = {
        "id": LOGO_OBJECT_ID,
        "type": "vector" if kind == "vector" else "image",
        "asset": logo["asset"],
        **{key: logo[key] for key in PLACEMENT},
        "rotation": 0,
        "lock": dict(LOCKED),
    }
    if placed["type"] == "image":
        placed["fit"] = "contain"
    return placed


def _with_logo(document, logo, placed):
    document = copy.deepcopy(document)
    surfaces = document["surfaces"]
    for surface in surfaces:
        surface["objects"] = [o for o in surface["objects"] if o.get("id") != LOGO_OBJECT_ID]
    target = next((s for s in surfaces if s["area"] == logo["area"]), None)
    if target is None:
        target = {"area": logo["area"], "objects": []}
        surfaces.append(target)
    # Painted last, so nothing the shopper adds can cover it.
    target["objects"].append(placed)
    return document

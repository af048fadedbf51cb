"""Products read from their API JSON (DESIGN.md §4), for rendering without a database."""

from monogram.rendering.model import Area, Mockup, RenderProduct

AREA_KEYS = ("name", "width", "height", "bleed", "safe", "technique", "color_mode")


def product_from_json(data):
    areas = []
    mockups = {}
    for spec in data["areas"]:
        areas.append(
            Area(
                id=spec["id"],
                **{key: spec[key] for key in AREA_KEYS if key in spec},
                max_colors=spec.get("max_colors"),
                min_dpi=spec.get("min_dpi", 150),
                cut_contour=spec.get("cut_contour", "trim"),
            )
        )
        if spec.get("mockup"):
            quad = tuple(tuple(corner) for corner in spec["mockup"]["quad"])
            mockups[spec["id"]] = Mockup(spec["mockup"]["asset"], quad)
    return RenderProduct(data.get("id", "product"), data.get("name", ""), tuple(areas), mockups)

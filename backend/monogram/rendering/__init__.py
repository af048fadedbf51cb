"""Design → production bundle: print.pdf, proofs, mockups, manifest; no Flask, SQL or queue."""

import hashlib
import json
from dataclasses import dataclass, field

from monogram.rendering.cache import RenderCache
from monogram.rendering.model import (
    Area,
    AssetFile,
    FontFile,
    MissingFile,
    Mockup,
    RenderProduct,
    Resolver,
    Slug,
)

__all__ = [
    "Area",
    "AssetFile",
    "Bundle",
    "FontFile",
    "MissingFile",
    "Mockup",
    "RenderCache",
    "RenderProduct",
    "Resolver",
    "Slug",
    "render_bundle",
]


@dataclass
class Bundle:
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def manifest(self):
        return json.loads(self.files["manifest.json"])


def canonical_json(value):
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode()


def render_bundle(version, product, resolver, *, slug=None, cache=None, workshop=None):
    """Every file the workshop needs for one design version, with a manifest of checksums.

    version is {"design": id, "number": n, "document": {...}}; the same input gives the same bytes.
    """
    # Imported here so that importing the package for its plain values stays cheap.
    from monogram.rendering.pdf import page_geometry, printed_surfaces, render_pdf
    from monogram.rendering.proof import area_mockup, png_bytes, proof_dpi, rasterise_pages
    from monogram.rendering.svg import area_svg

    cache = cache or RenderCache()
    slug = slug or Slug()
    document = version["document"]
    files = {"print.pdf": render_pdf(document, product, resolver, cache, slug)}
    surfaces = printed_surfaces(document, product)
    pages = rasterise_pages(files["print.pdf"])
    areas = []
    for surface, page in zip(surfaces, pages, strict=True):
        area = product.area(surface["area"])
        files[f"proof-{area.id}.png"] = png_bytes(page)
        mockup = product.mockups.get(area.id)
        if mockup is not None:
            dpi = proof_dpi(page_geometry(area)[0])
            files[f"mockup-{area.id}.png"] = area_mockup(page, area, mockup, resolver, dpi)
        if area.single_colour:
            files[f"{area.id}.svg"] = area_svg(
                surface, area, resolver, cache, single_colour_ink="black"
            )
        areas.append(
            {
                "id": area.id,
                "name": area.name,
                "technique": area.technique,
                "color_mode": area.color_mode,
                "trim_mm": [area.width, area.height],
                "bleed_mm": area.bleed,
                "cut_contour": area.cut_contour,
            }
        )
    files["design.json"] = canonical_json(document)
    manifest = {
        "format": "monogram.bundle/1",
        "design": version["design"],
        "version": version["number"],
        "product": {"id": product.id, "name": product.name},
        "order": slug.order or None,
        "line": slug.line or None,
        "quantity": slug.quantity,
        "workshop": workshop,
        "areas": areas,
        "files": {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
            for name, data in sorted(files.items())
        },
    }
    files["manifest.json"] = canonical_json(manifest)
    return Bundle(files)

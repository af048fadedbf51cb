"""A product's 3D model dressed with a design: each print area's texture cut from its proof."""

from dataclasses import replace

from PIL import Image

from monogram.rendering.glb import with_textures
from monogram.rendering.model import Slug

# Screen resolution: a phone's view of a mug or a box needs no more, and the file stays light.
TEXTURE_MAX_SIDE = 1024  # px


def texture_size(width, height):
    """The artwork's size scaled to fit TEXTURE_MAX_SIDE on its long side (never enlarged)."""
    scale = min(1.0, TEXTURE_MAX_SIDE / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def area_texture(page_image, area, dpi):
    """The trimmed artwork of an area's proof page, scaled down for screens."""
    from monogram.rendering.proof import area_artwork

    artwork = area_artwork(page_image, area, dpi)
    size = texture_size(*artwork.size)
    if size == artwork.size:
        return artwork
    return artwork.resize(size, Image.Resampling.LANCZOS)


def dress_model(model_glb, document, product, resolver, cache, area_ids):
    """The GLB with the material of each of `area_ids` textured from the design's proof.

    The proof is rasterised from the print PDF exactly as the production bundle makes it, so the
    3D view shows what will be printed; an area the design leaves empty shows its blank stock.
    Only the cut contour is left out: it is the cutter's path, drawn on proofs, never on the
    object a shopper will hold.
    """
    from monogram.rendering.pdf import page_geometry, printed_surfaces, render_pdf
    from monogram.rendering.proof import png_bytes, proof_dpi, rasterise_pages

    product = replace(
        product, areas=tuple(replace(area, cut_contour="none") for area in product.areas)
    )
    by_area = {surface["area"]: surface for surface in document["surfaces"]}
    surfaces = [by_area.get(area_id) or {"area": area_id, "objects": []} for area_id in area_ids]
    document = {**document, "surfaces": printed_surfaces({"surfaces": surfaces}, product)}
    pdf = render_pdf(document, product, resolver, cache, Slug())
    textures = {}
    for surface, page in zip(document["surfaces"], rasterise_pages(pdf), strict=True):
        area = product.area(surface["area"])
        dpi = proof_dpi(page_geometry(area)[0])
        textures[area.id] = (png_bytes(area_texture(page, area, dpi)), "image/png")
    return with_textures(model_glb, textures)

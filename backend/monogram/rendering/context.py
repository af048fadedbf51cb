"""What a drawer needs besides its object: the files, the area, its inks and the parse cache."""

from dataclasses import dataclass

from monogram.rendering.cache import RenderCache
from monogram.rendering.model import Area, Resolver


@dataclass
class DrawContext:
    resolver: Resolver
    area: Area
    inks: "Inks"  # noqa: F821 - rendering.inks imports this module's neighbours, not the reverse
    cache: RenderCache

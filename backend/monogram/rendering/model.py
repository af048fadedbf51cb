"""What rendering reads, as plain values: print areas, the product, and asset and font files."""

from dataclasses import dataclass, field
from typing import Protocol

POINTS_PER_MM = 72 / 25.4


def pt(mm):
    """Millimetres to PDF points."""
    return mm * POINTS_PER_MM


@dataclass(frozen=True)
class Area:
    """A print area as DESIGN.md §4 describes it; sizes in mm, origin at the trim's top-left."""

    id: str
    name: str
    width: float
    height: float
    bleed: float = 0.0
    safe: float = 0.0
    technique: str = "digital_print"
    color_mode: str = "cmyk"
    max_colors: int | None = None
    min_dpi: int = 150
    cut_contour: str = "trim"

    @property
    def single_colour(self):
        # Engraving and laser cutting burn one "colour": the tool either acts or it does not.
        return self.technique in ("engraving", "laser_cut")


@dataclass(frozen=True)
class Mockup:
    photo: str  # asset id of the product photo
    quad: tuple  # ((x, y) × 4) in photo pixels: top-left, top-right, bottom-right, bottom-left


@dataclass(frozen=True)
class RenderProduct:
    id: str
    name: str
    areas: tuple[Area, ...]
    mockups: dict[str, Mockup] = field(default_factory=dict)

    def area(self, area_id):
        for area in self.areas:
            if area.id == area_id:
                return area
        raise KeyError(area_id)


@dataclass(frozen=True)
class Slug:
    """What the slug line prints beside the page, so a loose sheet finds its order."""

    order: str = ""
    line: str = ""
    quantity: int = 1


@dataclass(frozen=True)
class AssetFile:
    id: str
    sha256: str
    media_type: str
    kind: str  # raster, vector
    data: bytes


@dataclass(frozen=True)
class FontFile:
    id: str
    sha256: str
    data: bytes
    family: str = ""
    style: str = ""


class MissingFile(LookupError):
    """An asset or font the design names is not available to the resolver."""


class Resolver(Protocol):
    """Hands rendering the bytes of the files a design names; raises MissingFile otherwise."""

    def asset(self, asset_id: str) -> AssetFile: ...

    def font(self, font_id: str) -> FontFile: ...


@dataclass(frozen=True)
class Box:
    """An object's box in points, as the drawer sees it: origin bottom-left, y up."""

    width: float
    height: float

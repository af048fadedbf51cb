"""What inspection learned about an upload: the bytes to keep and the facts print files need."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FontFacts:
    family: str
    style: str
    weight: int  # OS/2 usWeightClass: 400 regular, 700 bold
    italic: bool
    outlines: str  # "truetype" (glyf) or "cff" (CFF or CFF2)
    glyph_count: int
    # What the OS/2 fsType flags let a PDF do with the embedded font:
    # "installable", "editable" or "preview_print".
    embedding: str


@dataclass(frozen=True)
class InspectedFile:
    kind: str  # "raster", "vector" or "font"
    media_type: str  # of the bytes to store, e.g. "image/png", "image/svg+xml", "font/ttf"
    extension: str  # "png", "jpg", "webp", "tiff", "svg", "ttf" or "otf"
    data: bytes = field(repr=False)  # what to store: the upload itself, or its sanitised form
    width_px: int | None = None
    height_px: int | None = None
    # Physical size the file declares: DPI metadata for rasters, width/height units for SVG.
    width_mm: float | None = None
    height_mm: float | None = None
    color_mode: str | None = None  # "rgb", "cmyk" or "gray"
    has_alpha: bool = False
    dpi: float | None = None
    icc_profile: bool = False
    font: FontFacts | None = None
    # What sanitising changed, in words a merchant can read.
    notes: tuple[str, ...] = ()

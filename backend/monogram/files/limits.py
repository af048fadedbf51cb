"""How large an upload may be, in bytes per kind of file and in pixels per image."""

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class UploadLimits:
    # 120 MP covers a 100 MP medium-format photo; a larger one is a bomb or a mistake.
    max_pixels: int = 120_000_000
    raster_bytes: int = 50 * MIB
    vector_bytes: int = 5 * MIB
    font_bytes: int = 10 * MIB

    def bytes_for(self, kind: str) -> int:
        """The byte cap for a kind of file: raster, vector or font."""
        return {
            "raster": self.raster_bytes,
            "vector": self.vector_bytes,
            "font": self.font_bytes,
        }[kind]

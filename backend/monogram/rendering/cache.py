"""Parsed fonts, drawings and images kept by content hash, so a file is parsed once per process."""

from dataclasses import dataclass, field


@dataclass
class RenderCache:
    fonts: dict = field(default_factory=dict)
    drawings: dict = field(default_factory=dict)
    images: dict = field(default_factory=dict)

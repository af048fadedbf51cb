"""The open-licence fonts shipped with Monogram, from which a merchant's font library starts."""

import json
from dataclasses import dataclass
from pathlib import Path

LIBRARY = Path(__file__).resolve().parent / "library"
STYLES = ("regular", "bold", "italic", "bold-italic")
CATEGORIES = ("serif", "sans", "script", "display", "monospace")


@dataclass(frozen=True)
class LibraryStyle:
    style: str  # one of STYLES
    weight: int  # OS/2 usWeightClass, 1 to 1000
    path: Path
    sha256: str


@dataclass(frozen=True)
class LibraryFamily:
    family: str
    slug: str
    category: str  # one of CATEGORIES
    licence: str  # SPDX identifier
    licence_path: Path
    copyright: str
    source: tuple[str, ...]  # the Debian packages the files come from, "package version"
    styles: tuple[LibraryStyle, ...]


def library() -> list[LibraryFamily]:
    """The families in library.json, in its order, with the paths of their files."""
    manifest = json.loads((LIBRARY / "library.json").read_text(encoding="utf-8"))
    return [_family(entry, LIBRARY / entry["slug"]) for entry in manifest["families"]]


def _family(entry, folder):
    return LibraryFamily(
        family=entry["family"],
        slug=entry["slug"],
        category=entry["category"],
        licence=entry["licence"],
        licence_path=folder / entry["licence_file"],
        copyright=entry["copyright"],
        source=tuple(f"{s['debian_package']} {s['version']}" for s in entry["source"]),
        styles=tuple(
            LibraryStyle(
                style=style["style"],
                weight=style["weight"],
                path=folder / style["file"],
                sha256=style["sha256"],
            )
            for style in entry["styles"]
        ),
    )

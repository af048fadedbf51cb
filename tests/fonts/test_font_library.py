"""The shipped font library: every file listed, licensed, French-ready, accepted as an upload."""

import hashlib
import shutil
import subprocess

import pytest
from fontTools.ttLib import TTFont

from monogram.files import UploadLimits, inspect_upload
from monogram.fonts import CATEGORIES, LIBRARY, STYLES, library
from tests.servers import unavailable

FAMILIES = library()
FONTS = [(family, style) for family in FAMILIES for style in family.styles]
FONT_IDS = [f"{family.slug}-{style.style}" for family, style in FONTS]
FRENCH = "àâäçéèêëîïôöùûüÿœŒæ«»’€"
# Families whose designers drew a single style, so no bold exists upstream.
SINGLE_STYLE = {"Kaushan Script", "Leckerli One", "Cherry Bomb"}
LICENCE_TEXTS = {
    "OFL-1.1": "SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007",
    "Apache-2.0": "Apache License\n                           Version 2.0, January 2004",
}

each_font = pytest.mark.parametrize(("family", "style"), FONTS, ids=FONT_IDS)


def test_the_manifest_lists_every_file_in_the_library():
    listed = {LIBRARY / "library.json"}
    for family in FAMILIES:
        listed.add(family.licence_path)
        listed.update(style.path for style in family.styles)
    assert {path for path in LIBRARY.rglob("*") if path.is_file()} == listed


@each_font
def test_each_font_file_has_the_sha256_in_the_manifest(family, style):
    assert hashlib.sha256(style.path.read_bytes()).hexdigest() == style.sha256


@pytest.mark.parametrize("family", FAMILIES, ids=[family.slug for family in FAMILIES])
def test_each_family_carries_its_licence_and_copyright_notice(family):
    text = family.licence_path.read_text(encoding="utf-8")
    assert family.licence_path.parent.name == family.slug
    assert LICENCE_TEXTS[family.licence] in text
    assert family.copyright.split("; ")[0] in text
    assert family.source and all(source.startswith("fonts-") for source in family.source)


@each_font
def test_each_font_sets_french_text(family, style):
    cmap = TTFont(style.path, lazy=True).getBestCmap()
    assert [c for c in FRENCH if ord(c) not in cmap] == []


@each_font
def test_each_font_passes_the_upload_inspection_as_its_manifest_entry(family, style):
    inspected = inspect_upload(style.path.read_bytes(), UploadLimits(), frozenset({"font"}))
    facts = inspected.font
    assert (facts.family, facts.weight, facts.italic) == (
        family.family,
        style.weight,
        style.style.endswith("italic"),
    )
    assert facts.embedding in ("installable", "editable")
    assert inspected.extension == style.path.suffix[1:]


@each_font
def test_fontconfig_reads_the_family_and_slant_of_the_manifest(family, style):
    if shutil.which("fc-scan") is None:
        unavailable("fc-scan", "apt-get install fontconfig")
    scanned = subprocess.run(
        ["fc-scan", "--format", "%{family}\n%{slant}\n", str(style.path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert family.family in scanned[0].split(",")
    # fontconfig slant: 0 roman, 100 italic, 110 oblique.
    assert (int(scanned[1]) > 0) == style.style.endswith("italic")


def test_the_categories_cover_serif_sans_script_display_and_monospace():
    assert {family.category for family in FAMILIES} == set(CATEGORIES)


@pytest.mark.parametrize("family", FAMILIES, ids=[family.slug for family in FAMILIES])
def test_each_family_has_regular_and_bold_unless_drawn_in_one_style(family):
    styles = [style.style for style in family.styles]
    assert len(styles) == len(set(styles)) and set(styles) <= set(STYLES)
    expected = {"regular"} if family.family in SINGLE_STYLE else {"regular", "bold"}
    assert expected <= set(styles)

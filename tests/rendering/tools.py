"""The prepress tools the rendering tests check PDFs with: Ghostscript, poppler, qpdf."""

import re
import subprocess

from PIL import Image, ImageChops


def run(*command):
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def plates(pdf, tmp_path, dpi=72):
    """Ghostscript's separations: {plate: ink image, 0 none .. 255 full, y down}."""
    run(
        "gs",
        "-q",
        "-dNOPAUSE",
        "-dBATCH",
        "-dSAFER",
        "-sDEVICE=tiffsep",
        f"-r{dpi}",
        f"-sOutputFile={tmp_path / 'sep.tif'}",
        str(pdf),
    )
    found = {}
    for path in tmp_path.glob("sep(*).tif"):
        # tiffsep writes each plate as grey with white for no ink; inverted, 0 is no ink.
        found[path.name[4:-5]] = ImageChops.invert(Image.open(path).convert("L"))
    return found


def ink(plate, left, top, right, bottom):
    """(least, most) ink in a region of a plate, in plate pixels (y down)."""
    return plate.crop((left, top, right, bottom)).getextrema()


def listed_images(pdf):
    """pdfimages -list rows, split into cells."""
    return [line.split() for line in run("pdfimages", "-list", str(pdf)).splitlines()[2:]]


def rgb_operators(pdf, tmp_path):
    """RGB paints in the page content, read from qpdf's uncompressed copy of the file."""
    plain = tmp_path / "plain.pdf"
    run("qpdf", "--qdf", "--object-streams=disable", str(pdf), str(plain))
    return re.findall(rb"[\d.]+ [\d.]+ [\d.]+ (?:rg|RG)\b|/DeviceRGB", plain.read_bytes())

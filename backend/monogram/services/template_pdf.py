"""PDF → template: the first page as a locked vector background; fields are added in the editor."""

import re
import subprocess
import tempfile
from pathlib import Path

from monogram.errors import Invalid

# poppler's converters: pdftocairo keeps paths and type as vectors, pictures embedded.
PDFTOCAIRO = "pdftocairo"
PDFINFO = "pdfinfo"
CONVERT_TIMEOUT = 60  # s: a page that takes longer is not a template page


def first_page_svg(data):
    """(SVG bytes of the PDF's first page, page count)."""
    if not data.startswith(b"%PDF-"):
        raise Invalid("This file is not a PDF; send an SVG or a PDF.")
    with tempfile.TemporaryDirectory(prefix="monogram-pdf-") as folder:
        source, target = Path(folder, "in.pdf"), Path(folder, "page.svg")
        source.write_bytes(data)
        pages = _page_count(source)
        try:
            subprocess.run(  # noqa: S603 - fixed program, our own file names
                [PDFTOCAIRO, "-svg", "-f", "1", "-l", "1", str(source), str(target)],
                check=True,
                capture_output=True,
                timeout=CONVERT_TIMEOUT,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            raise Invalid(
                "The first page of this PDF could not be converted; save it again as PDF/X or "
                "PDF 1.4 and retry."
            ) from None
        return target.read_bytes(), pages


def _page_count(path):
    try:
        info = subprocess.run(  # noqa: S603 - fixed program, our own file name
            [PDFINFO, str(path)], check=True, capture_output=True, timeout=CONVERT_TIMEOUT
        ).stdout.decode("latin-1")
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
        raise Invalid("This PDF is damaged or protected; save it again and retry.") from None
    found = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return int(found[1]) if found else 1


def pdf_report(pages):
    """What the import leaves out of a PDF, in a designer's words."""
    if pages <= 1:
        return []
    return [
        {
            "element": "PDF",
            "message": f"Only the first of its {pages} pages was imported; import the others "
            "as templates of their own.",
        }
    ]

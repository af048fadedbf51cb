"""The tools workshop paper is checked with: poppler for PDFs, ZBar for QR codes, Info-ZIP."""

import shutil
import subprocess

from tests.servers import unavailable

PACKAGES = {
    "pdfinfo": "poppler-utils",
    "pdffonts": "poppler-utils",
    "pdftotext": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "pdfimages": "poppler-utils",
    "zbarimg": "zbar-tools",
    "unzip": "unzip",
}


def run(tool, *arguments, found_nothing=None):
    """The tool's output; `found_nothing` is the exit status that means an empty answer."""
    if shutil.which(tool) is None:
        unavailable(tool, f"apt-get install {PACKAGES[tool]}")
    done = subprocess.run([tool, *arguments], capture_output=True, text=True)
    if done.returncode == found_nothing:
        return ""
    if done.returncode != 0:
        raise AssertionError(f"{tool} failed ({done.returncode}):\n{done.stderr}")
    return done.stdout


def page_size(pdf, page=1):
    """(width, height, name) in points as pdfinfo prints them, e.g. (595.276, 841.89, "A4")."""
    out = run("pdfinfo", "-f", str(page), "-l", str(page), str(pdf))
    for line in out.splitlines():
        if line.startswith(f"Page {page:>4} size:") or line.startswith("Page size:"):
            numbers, _, rest = line.partition(":")[2].partition(" pts")
            width, height = (float(n) for n in numbers.split(" x "))
            return width, height, rest.strip(" ()")
    raise AssertionError(f"pdfinfo printed no page size:\n{out}")


def page_count(pdf):
    out = run("pdfinfo", str(pdf))
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def fonts(pdf):
    """[(name, type, embedded, subset, unicode)] from pdffonts."""
    rows = run("pdffonts", str(pdf)).splitlines()[2:]
    return [
        (row.split()[0], row.split()[1], row.split()[-5], row.split()[-4], row.split()[-3])
        for row in rows
    ]


def images(pdf):
    """[(page, width, height)] of the raster images pdfimages finds, in pixels."""
    rows = run("pdfimages", "-list", str(pdf)).splitlines()[2:]
    return [(int(row.split()[0]), int(row.split()[3]), int(row.split()[4])) for row in rows]


def text(pdf, page=None):
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return run("pdftotext", "-layout", *pages, str(pdf), "-")


def qr_codes(pdf, tmp_path, page=1, dpi=150):
    """What ZBar reads in the QR codes of a page rendered at `dpi`, one string per code."""
    stem = tmp_path / f"page-{page}"
    pages = ("-f", str(page), "-l", str(page))
    run("pdftoppm", "-r", str(dpi), "-png", "-singlefile", *pages, str(pdf), str(stem))
    # Only QR codes: a proof image could look like some other symbology to ZBar.
    options = ("--raw", "-q", "-Sdisable", "-Sqrcode.enable")
    return run("zbarimg", *options, f"{stem}.png", found_nothing=4).splitlines()


def zip_listing(path):
    """[(size, "YYYY-MM-DD HH:MM", name)] as Info-ZIP's unzip -l lists the members."""
    rows = []
    for line in run("unzip", "-l", str(path)).splitlines()[3:-2]:
        size, day, time, name = line.split(maxsplit=3)
        rows.append((int(size), f"{day} {time}", name))
    return rows

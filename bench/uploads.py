"""What checking an upload costs: Monogram's inspection against a bare decode of the same file.

Run: .venv/bin/python bench/uploads.py [--runs N]

The peer for rasters is Pillow alone (open + load, no checks); for SVG, defusedxml parsing alone;
for fonts, fontTools reading the file. Monogram's column adds sniffing, bomb and truncation checks,
EXIF orientation, sanitising and re-serialising. Medians over --runs, in milliseconds.
"""

import argparse
import io
import statistics
import time
from pathlib import Path

import defusedxml.ElementTree
from fontTools.ttLib import TTFont
from PIL import Image

from monogram.files import UploadLimits, inspect_upload

VERA = Path(__import__("reportlab").__file__).parent / "fonts" / "Vera.ttf"


def photo(mode, size, fmt):
    # A gradient with noise compresses like a photo, unlike a flat colour.
    base = Image.effect_noise(size, 40).convert("L")
    image = Image.merge("RGB", (base, base.rotate(90, expand=False), base.transpose(0)))
    image = image.convert(mode)
    out = io.BytesIO()
    image.save(out, fmt, quality=90) if fmt == "JPEG" else image.save(out, fmt)
    return out.getvalue()


def logo_svg(paths=400):
    shapes = "".join(
        f'<path d="M{i} {i} L{i + 40} {i} L{i + 20} {i + 35} Z" fill="#{i % 256:02x}3366"/>'
        for i in range(paths)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 500 500" width="50mm" '
        f'height="50mm">{shapes}</svg>'
    ).encode()


def pillow_decode(data):
    with Image.open(io.BytesIO(data)) as image:
        image.load()


def samples():
    return [
        ("PNG 12 MP RGB", photo("RGB", (4000, 3000), "PNG"), pillow_decode, "Pillow decode"),
        ("JPEG 12 MP RGB", photo("RGB", (4000, 3000), "JPEG"), pillow_decode, "Pillow decode"),
        ("JPEG 12 MP CMYK", photo("CMYK", (4000, 3000), "JPEG"), pillow_decode, "Pillow decode"),
        (
            "SVG logo, 400 paths",
            logo_svg(),
            defusedxml.ElementTree.fromstring,
            "defusedxml parse",
        ),
        (
            "TTF Vera",
            VERA.read_bytes(),
            lambda d: TTFont(io.BytesIO(d)).ensureDecompiled(),
            "fontTools read",
        ),
    ]


def median_ms(func, data, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func(data)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    limits = UploadLimits()
    rows = []
    for name, data, peer, peer_name in samples():
        ours = median_ms(lambda d: inspect_upload(d, limits), data, runs)
        theirs = median_ms(peer, data, runs)
        rows.append(
            (
                name,
                f"{len(data) / 1e6:.2f}",
                f"{ours:.1f}",
                peer_name,
                f"{theirs:.1f}",
                f"{ours / theirs:.2f}",
            )
        )
    header = ("file", "MB", "Monogram ms", "peer", "peer ms", "ratio")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    print(f"Upload inspection, median of {runs} runs")
    for row in [header, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()

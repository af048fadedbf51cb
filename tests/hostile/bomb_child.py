"""Posts decompression bombs to a fresh app in this process, then prints the outcomes and the
process's peak RSS as one JSON line: `python bomb_child.py WORKDIR SQLITE_TEMPLATE PLAN`.

The bombs too big to commit (WOFF, WOFF2 and XLSX whose streams inflate to hundreds of MB) are
written by `write_generated_bombs` in the parent, so that building them never counts here.
"""

import io
import json
import resource
import struct
import sys
import zipfile
import zlib
from pathlib import Path

import brotli

FILES = Path(__file__).parent / "files"
MIB = 1024 * 1024
BOMB_BYTES = 256 * MIB  # what each generated bomb inflates to


def write_generated_bombs(folder):
    from tests.hostile.make_files import small_ttf, with_flavor

    ttf = small_ttf()
    (folder / "bomb.woff").write_bytes(_woff_bomb(ttf))
    (folder / "bomb.woff2").write_bytes(_woff2_bomb(with_flavor(ttf, "woff2")))
    _xlsx(folder / "bomb.xlsx", _zeros_in_a_cell)
    _xlsx(folder / "billion-laughs.xlsx", _laughing_sheet)


def _woff_bomb(ttf):
    """A WOFF whose glyf stream inflates far past the size its directory declares."""
    from fontTools.ttLib import TTFont

    reader = TTFont(io.BytesIO(ttf)).reader
    tags = sorted(reader.keys())
    streams = {}
    for tag in tags:
        raw = reader[tag]
        if tag == "glyf":
            streams[tag] = (_deflated_zeros(), len(raw))
        else:
            streams[tag] = (raw, len(raw))
    offset = 44 + 20 * len(tags)
    directory, body = b"", b""
    for tag in tags:
        data, size = streams[tag]
        directory += struct.pack(">4sLLLL", tag.encode(), offset + len(body), len(data), size, 0)
        body += data + b"\x00" * (-len(data) % 4)
    total_sfnt = 12 + 16 * len(tags) + sum(size + (-size % 4) for _, size in streams.values())
    length = offset + len(body)
    header = struct.pack(
        ">4s4sLHHLHHLLLLL", b"wOFF", b"\x00\x01\x00\x00", length, len(tags), 0, total_sfnt,
        1, 0, 0, 0, 0, 0, 0,
    )  # fmt: skip
    return header + directory + body


def _deflated_zeros():
    compressor = zlib.compressobj(9)
    block = b"\x00" * MIB
    return b"".join(compressor.compress(block) for _ in range(BOMB_BYTES // MIB)) + (
        compressor.flush()
    )


def _woff2_bomb(woff2):
    """A real WOFF2 with its brotli stream swapped for one that inflates to BOMB_BYTES."""
    from fontTools.misc import sstruct
    from fontTools.ttLib.woff2 import woff2DirectoryFormat, woff2DirectorySize

    header = sstruct.unpack(woff2DirectoryFormat, woff2[:woff2DirectorySize])
    stream_start = _woff2_stream_start(woff2, header["numTables"])
    bomb = brotli.compress(b"\x00" * BOMB_BYTES, quality=1)
    header["totalCompressedSize"] = len(bomb)
    header["length"] = stream_start + len(bomb)
    return (
        sstruct.pack(woff2DirectoryFormat, header) + woff2[woff2DirectorySize:stream_start] + bomb
    )


def _woff2_stream_start(woff2, tables):
    from fontTools.ttLib.woff2 import WOFF2DirectoryEntry, woff2DirectorySize

    directory = io.BytesIO(woff2)
    directory.seek(woff2DirectorySize)
    for _ in range(tables):
        WOFF2DirectoryEntry().fromFile(directory)
    return directory.tell()


def _xlsx(path, write_sheet):
    """A workbook whose first sheet is replaced by a bomb with a "nom" column."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["nom"])
    plain = io.BytesIO()
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                part_info = zipfile.ZipInfo(info.filename)
                part_info.compress_type = zipfile.ZIP_DEFLATED
                with target.open(part_info, "w", force_zip64=True) as part:
                    write_sheet(part)
            else:
                target.writestr(info.filename, source.read(info.filename), zipfile.ZIP_DEFLATED)


SHEET = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
HEADER_ROW = b'<row r="1"><c r="A1" t="inlineStr"><is><t>nom</t></is></c></row>'


def _zeros_in_a_cell(part):
    part.write(SHEET + HEADER_ROW + b'<row r="2"><c r="A2" t="inlineStr"><is><t>')
    block = b"0" * MIB
    for _ in range(BOMB_BYTES // MIB):
        part.write(block)
    part.write(b"</t></is></c></row></sheetData></worksheet>")


def _laughing_sheet(part):
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    part.write(
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>'.encode()
        + SHEET
        + HEADER_ROW
        + b'<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        + b"</sheetData></worksheet>"
    )


def main(workdir, sqlite_template, plan_path):
    from tests.hostile.conftest import make_shop, snapshot
    from tests.hostile.test_hostile_uploads import ROUTES

    plan = json.loads(Path(plan_path).read_text())
    (Path(workdir) / "shop").mkdir()
    shop = make_shop(Path(workdir) / "shop", Path(sqlite_template))
    at_rest = _resident_kib("VmRSS")
    # Linux resets the peak (VmHWM) to the current RSS on "5": the peak then covers the bombs only.
    Path("/proc/self/clear_refs").write_text("5")
    outcomes = []
    for route, name in plan["bombs"]:
        path = FILES / name if (FILES / name).exists() else Path(workdir) / name
        data = path.read_bytes().replace(b"http://HOSTILE-ORIGIN", plan["origin"].encode())
        before = snapshot(shop)
        response = ROUTES[route](shop, data, name)
        outcomes.append(
            {
                "status": response.status_code,
                "message": (response.json or {}).get("message"),
                "stored": snapshot(shop) != before,
            }
        )
        del data, response
    report = {
        "outcomes": outcomes,
        "rss_at_rest_mb": round(at_rest / 1024, 1),
        "peak_rss_mb": round(_resident_kib("VmHWM") / 1024, 1),
        # ru_maxrss (KiB on Linux) also counts setting up the shop, before the reset.
        "lifetime_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(report))


def _resident_kib(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise LookupError(field)


if __name__ == "__main__":
    main(*sys.argv[1:])

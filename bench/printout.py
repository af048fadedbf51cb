"""What the rendering benches print alike: the machine they ran on and a plain-text table."""

import datetime
import os
import platform
from importlib.metadata import version
from pathlib import Path

import reportlab


def machine_line(tool):
    """Date, cores, CPU and the versions the figures depend on; tool: the peer tool's version."""
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.machine(),
    )  # fmt: skip
    return (
        f"{datetime.date.today().isoformat()} · {os.cpu_count()} cores ({cpu}) · "
        f"Python {platform.python_version()} · reportlab {reportlab.Version} · "
        f"cairosvg {version('cairosvg')} · {tool}"
    )


def print_table(header, rows):
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        print("  ".join(cells).rstrip())

"""A job's bundle as one zip, written as it streams: the same files always give the same bytes."""

import io
import zipfile

# Zip stores local times from 1980; a fixed one keeps the archive free of the moment it was made.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
UNIX = 3  # "made by" system: Unix, whatever the server runs on
MODE = 0o100644  # a regular file, readable by all
# Already compressed inside: deflating them again costs time and saves nothing.
STORED_SUFFIXES = (".png", ".jpg", ".jpeg", ".pdf")


class _Sink(io.RawIOBase):
    """A write-only stream that hands over what was written since the last take()."""

    def __init__(self):
        self._parts = []

    def writable(self):
        return True

    def write(self, data):
        self._parts.append(bytes(data))
        return len(data)

    def take(self):
        data, self._parts = b"".join(self._parts), []
        return data


def bundle_zip(names, read, folder=""):
    """Yield the zip of `names`, one member at a time; `read(name)` gives a file's bytes.

    Members are in name order under `folder` (e.g. "job_…/"), with fixed times and modes.
    """
    sink = _Sink()
    # An unseekable stream: zipfile writes each member's sizes after its data.
    with zipfile.ZipFile(sink, "w") as archive:
        for name in sorted(names):
            member = zipfile.ZipInfo(f"{folder}{name}", date_time=FIXED_TIME)
            member.create_system = UNIX
            member.external_attr = MODE << 16
            member.compress_type = (
                zipfile.ZIP_STORED
                if name.lower().endswith(STORED_SUFFIXES)
                else zipfile.ZIP_DEFLATED
            )
            archive.writestr(member, read(name))
            yield sink.take()
    yield sink.take()


def zip_bytes(names, read, folder=""):
    """The whole zip at once, for callers that cannot stream."""
    return b"".join(bundle_zip(names, read, folder))

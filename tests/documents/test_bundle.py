"""The bundle zip as Info-ZIP's unzip reads it: sorted members, fixed times, same bytes again."""

from monogram.documents.bundle import bundle_zip, zip_bytes
from tests import samples
from tests.documents import tools

FILES = {
    "print.pdf": b"%PDF-1.4\n" + b"0" * 5000,
    "manifest.json": b'{"files": ["print.pdf"]}\n' * 40,
    "proof-front.png": samples.png(300, 200),
    "front.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>",
}


def test_members_are_listed_in_name_order_under_the_jobs_folder(tmp_path):
    path = tmp_path / "bundle.zip"
    path.write_bytes(zip_bytes(FILES, FILES.__getitem__, folder="job_abc/"))
    assert tools.zip_listing(path) == [
        (len(FILES[name]), "1980-01-01 00:00", f"job_abc/{name}")
        for name in ("front.svg", "manifest.json", "print.pdf", "proof-front.png")
    ]
    assert "No errors detected" in tools.run("unzip", "-t", str(path))
    tools.run("unzip", "-q", str(path), "-d", str(tmp_path / "out"))
    for name, data in FILES.items():
        assert (tmp_path / "out" / "job_abc" / name).read_bytes() == data


def test_the_same_bundle_gives_the_same_bytes():
    reordered = dict(reversed(FILES.items()))
    assert zip_bytes(FILES, FILES.__getitem__) == zip_bytes(reordered, reordered.__getitem__)


def test_the_zip_streams_one_member_at_a_time():
    reads = []

    def read(name):
        reads.append(name)
        return FILES[name]

    pieces = bundle_zip(FILES, read)
    first = next(pieces)
    # The first member is out before the others are read from storage.
    assert reads == ["front.svg"] and first.startswith(b"PK\x03\x04")
    rest = b"".join(pieces)
    assert reads == sorted(FILES)
    assert first + rest == zip_bytes(FILES, FILES.__getitem__)

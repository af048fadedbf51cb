"""A PDF written as it is produced: objects go out in order, the cross-reference table last.

Object numbers can be reserved before their object is written, so a page can name the page
tree, the fonts or the shared resources that are only complete at the end of the file. Objects
made by reportlab reach the file through pikepdf: their graph is walked from one root and
written with new numbers; identical image streams are written once, whoever asks for them.
"""

import hashlib
import zlib
from decimal import Decimal

import pikepdf

HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
# Content streams are small and compressed once per page: level 6 is the zlib default, and on
# a few kilobytes of operators it costs tens of microseconds.
CONTENT_DEFLATE_LEVEL = 1


def number(value):
    """A PDF number: at most three decimals, no trailing zeros, no exponent."""
    if value == int(value):
        return str(int(value))
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def deflate(data):
    return zlib.compress(data, CONTENT_DEFLATE_LEVEL)


class PdfStreamWriter:
    """Writes indirect objects to a binary file as they come; finish() adds xref and trailer."""

    def __init__(self, out):
        self.out = out
        self.offsets = [None]  # object number → byte offset, 0 unused
        self.position = 0
        self._images = {}  # digest of an image stream's dictionary and bytes → its reference
        self._write(HEADER)

    def reserve(self):
        """A new object number, to be written later with write()."""
        self.offsets.append(None)
        return len(self.offsets) - 1

    def write(self, number_, body):
        """Writes object number_ (reserved) with body (bytes, without obj/endobj)."""
        self.offsets[number_] = self.position
        self._write(b"%d 0 obj\n" % number_ + body + b"\nendobj\n")

    def add(self, body):
        number_ = self.reserve()
        self.write(number_, body)
        return number_

    def add_stream(self, entries, data, number_=None):
        """A stream object; entries is the dictionary's inside, as bytes, without /Length."""
        number_ = number_ or self.reserve()
        self.write(
            number_,
            b"<<" + entries + b" /Length %d>>\nstream\n" % len(data) + data + b"\nendstream",
        )
        return number_

    def finish(self, root, info=None):
        """Cross-reference table and trailer; every reserved object must have been written."""
        missing = [n for n, offset in enumerate(self.offsets) if n and offset is None]
        if missing:
            raise ValueError(f"objects reserved but never written: {missing[:5]}")
        start = self.position
        lines = [b"xref\n0 %d\n0000000000 65535 f \n" % len(self.offsets)]
        lines.extend(b"%010d 00000 n \n" % offset for offset in self.offsets[1:])
        self._write(b"".join(lines))
        trailer = b"/Size %d /Root %d 0 R" % (len(self.offsets), root)
        if info:
            trailer += b" /Info %d 0 R" % info
        self._write(b"trailer\n<<" + trailer + b">>\nstartxref\n%d\n%%%%EOF\n" % start)

    def copy(self, obj):
        """Writes a pikepdf object and all it refers to; returns the new number of obj.

        obj must be an indirect object (a page's form XObject, say) of an open pikepdf.Pdf.
        """
        numbers = {}
        queue = []

        def ref(target):
            key = target.objgen
            if key not in numbers:
                if isinstance(target, pikepdf.Stream) and target.get("/Subtype") == "/Image":
                    digest = _image_digest(target)
                    known = self._images.get(digest)
                    if known is not None:
                        numbers[key] = known
                        return known
                    numbers[key] = self.reserve()
                    self._images[digest] = numbers[key]
                else:
                    numbers[key] = self.reserve()
                queue.append(target)
            return numbers[key]

        first = ref(obj)
        while queue:
            target = queue.pop(0)
            body = _serialise(target, ref, top=True)
            if isinstance(target, pikepdf.Stream):
                raw = target.read_raw_bytes()
                self.write(
                    numbers[target.objgen],
                    body[:-2] + b" /Length %d>>\nstream\n" % len(raw) + raw + b"\nendstream",
                )
            else:
                self.write(numbers[target.objgen], body)
        return first

    def _write(self, data):
        self.out.write(data)
        self.position += len(data)


def _image_digest(stream):
    entries = _serialise(stream, lambda target: target.objgen, top=True)
    return hashlib.sha256(entries + stream.read_raw_bytes()).hexdigest()


def _serialise(obj, ref, top=False):
    """Bytes of a pikepdf object, its indirect references renumbered through ref()."""
    if not top and isinstance(obj, pikepdf.Object) and obj.is_indirect:
        target = ref(obj)
        if isinstance(target, tuple):  # digests name objects by their source number
            return b"%d %d R" % target
        return b"%d 0 R" % target
    if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        parts = []
        for key in sorted(obj.keys()):
            if isinstance(obj, pikepdf.Stream) and key == "/Length":
                continue
            parts.append(pikepdf.Name(key).unparse() + b" " + _serialise(obj[key], ref))
        return b"<<" + b" ".join(parts) + b">>"
    if isinstance(obj, pikepdf.Array):
        return b"[" + b" ".join(_serialise(item, ref) for item in obj) + b"]"
    if isinstance(obj, bool):
        return b"true" if obj else b"false"
    if isinstance(obj, int):
        return b"%d" % obj
    if isinstance(obj, Decimal | float):
        return number(float(obj)).encode()
    if obj is None:
        return b"null"
    return obj.unparse()

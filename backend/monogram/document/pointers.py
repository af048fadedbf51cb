"""Marshmallow's nested error messages as a flat list of JSON pointers (RFC 6901) and messages."""

from collections.abc import Mapping

SCHEMA_KEY = "_schema"


def messages_to_pointers(messages, prefix=""):
    """[{"path": "/surfaces/0/objects/1/colour", "message": "Unknown field."}, …], sorted by path.

    Keys are field names or list indices; "_schema" holds errors about the enclosing value itself.
    """
    found = []
    _collect(messages, prefix, found)
    return sorted(found, key=_sort_key)


def escape(token):
    return str(token).replace("~", "~0").replace("/", "~1")


def _collect(messages, path, found):
    if isinstance(messages, Mapping):
        for key, nested in messages.items():
            _collect(nested, path if key == SCHEMA_KEY else f"{path}/{escape(key)}", found)
    elif isinstance(messages, list | tuple):
        for nested in messages:
            _collect(nested, path, found)
    else:
        found.append({"path": path, "message": str(messages)})


def _sort_key(item):
    # Numeric segments compare as numbers, so /surfaces/2 comes before /surfaces/10.
    segments = item["path"].split("/")[1:]
    return (
        [(0, int(s), "") if s.isdigit() and s.isascii() else (1, 0, s) for s in segments],
        item["message"],
    )

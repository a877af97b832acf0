"""Danish slugs and Danish sort order."""

from __future__ import annotations

import functools
import re
import unicodedata

_DANISH = {"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"}
SLUG_SEGMENT = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # fullmatch: "$" would let a final newline through


def slugify(text: str) -> str:
    text = "".join(_DANISH.get(ch, ch) for ch in text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def is_slug_path(record_id: str) -> bool:
    return all(SLUG_SEGMENT.fullmatch(segment) for segment in record_id.split("/"))


# Danish alphabet order puts æ, ø, å after z; "aa" at the start of a name is å (Aalborg).
_SORT_MAP = str.maketrans({"æ": "z\x01", "ø": "z\x02", "å": "z\x03", "ä": "z\x01", "ö": "z\x02"})


@functools.lru_cache(maxsize=100_000)
def danish_sort_key(text: str) -> str:
    lowered = text.lower()
    if lowered.startswith("aa"):
        lowered = "å" + lowered[2:]
    return lowered.translate(_SORT_MAP)

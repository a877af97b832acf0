"""4-bit palette PNG files joined from bands of rows deflated apart: a band drawn once (a share
card's band with the site's name) is deflated once and joined to any number of files, and only
what differs is deflated per file. Pillow writes a PNG from a whole image only."""

from __future__ import annotations

import struct
from typing import NamedTuple

from PIL import Image, ImageChops
from zlib_ng import zlib_ng as zlib  # zlib's interface; its run-length deflate and checksums 3 and 20 times faster


class Rows(NamedTuple):
    """Some of a card's rows as PNG image data: filtered, and deflated on their own (ending on a
    byte boundary, referring to no other rows), so that rows drawn once can be joined to any card's."""

    deflated: bytes
    adler: int  # Adler-32 of the filtered rows
    length: int  # of the filtered rows


def encode_rows(indices: Image.Image, fast: bool = False) -> Rows:
    """Palette indices as 4-bit rows. Rows drawn once are left unfiltered and deflated hard, which
    suits small text best. A title's rows are drawn per card, so `fast`: each row but the first
    (which may follow any row) is filtered as its difference from the row above, zero down a large
    letter's straight strokes, and deflated as runs only (Z_RLE); a quarter faster than level 1
    and a fifth smaller."""
    width, height = (indices.width + 1) // 2, indices.height
    rows = Image.new("L", (width + 1, height))  # a byte per row in front: the row's filter type
    rows.paste(Image.frombytes("L", (width, height), indices.tobytes("raw", "P;4")), (1, 0))
    if fast:
        above = Image.new("L", rows.size)
        above.paste(rows, (0, 1))
        rows = ImageChops.subtract_modulo(rows, above)
        rows.paste(2, (0, 1, 1, height))  # 2: 'up'; the first row keeps 0, 'none'
    data = rows.tobytes()
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_RLE if fast else zlib.Z_DEFAULT_STRATEGY)
    return Rows(deflate.compress(data) + deflate.flush(zlib.Z_SYNC_FLUSH), zlib.adler32(data), len(data))


def adler32_combine(first: int, second: int, second_length: int) -> int:
    """The Adler-32 of two byte strings joined, from theirs (zlib's adler32_combine)."""
    base = 65521
    rest = second_length % base
    low = ((first & 0xFFFF) + (second & 0xFFFF) + base - 1) % base
    high = (rest * (first & 0xFFFF) + (first >> 16) + (second >> 16) + base - rest) % base
    return high << 16 | low


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(size: tuple[int, int], parts: list[Rows], colours: bytes) -> bytes:
    """A 4-bit palette PNG of `size` from its rows, top to bottom."""
    parts = [part for part in parts if part.length]
    adler = 1
    for part in parts:
        adler = adler32_combine(adler, part.adler, part.length)
    # A zlib stream: header (deflate, 32 KB window), the rows' blocks, an empty last block, checksum.
    stream = b"\x78\x01" + b"".join(part.deflated for part in parts) + b"\x03\x00" + struct.pack(">I", adler)
    header = struct.pack(">IIBBBBB", *size, 4, 3, 0, 0, 0)  # bit depth 4, colour type 3: palette
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"PLTE", colours)
        + png_chunk(b"IDAT", stream)
        + png_chunk(b"IEND", b"")
    )

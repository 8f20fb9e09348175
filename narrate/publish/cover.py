"""A plain square cover for feeds that name no image (Apple refuses a show without one).

Written with zlib alone: a solid background with a contrasting band. A later issue draws the
feed title on it.
"""

from __future__ import annotations

import struct
import zlib

COVER_SIZE = 1400  # Apple: square, 1400–3000 px
BACKGROUND = (0x0B, 0x3D, 0x5C)
BAND = (0xF2, 0xB1, 0x34)


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def plain_cover_png(size: int = COVER_SIZE) -> bytes:
    """A size×size RGB PNG: background colour with a band across the lower third."""
    plain = b"\x00" + bytes(BACKGROUND) * size
    band = b"\x00" + bytes(BAND) * size
    band_top, band_bottom = size * 2 // 3, size * 2 // 3 + size // 12
    rows = b"".join(band if band_top <= y < band_bottom else plain for y in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows, 9))
        + _chunk(b"IEND", b"")
    )

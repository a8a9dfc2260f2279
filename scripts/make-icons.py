#!/usr/bin/env python3
"""Draws the default theme's site icon and sharing card from one shape.

The mark is a white "i" (Insyn) on the header's dark blue. Writes
themes/default/static/favicon.svg, favicon.ico (a 32 px PNG inside an ICO)
and delning.png (1200 x 630, the card social media show for a shared
link). A portal replaces any of them with a file of the same name in its
own theme's static/ folder. Run from the repository root; needs only
Python's standard library.
"""
import struct
import zlib

BLUE = (0x0B, 0x2D, 0x4F)
WHITE = (0xFF, 0xFF, 0xFF)
YELLOW = (0xFF, 0xDD, 0x00)
STATIC = "themes/default/static/"

# The mark on a 32-unit square: a dot and a bar, rounded corners of 6.
SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<rect width="32" height="32" rx="6" fill="#0b2d4f"/>
<circle cx="16" cy="8.5" r="3" fill="#fff"/>
<rect x="13.5" y="13" width="5" height="13" rx="1" fill="#fff"/>
</svg>
"""


def mark_colour(x, y, size):
    """The mark's colour at (x, y) of a square of `size`, or None outside."""
    u, v = x * 32 / size, y * 32 / size
    r = 6
    cx = min(max(u, r), 32 - r)
    cy = min(max(v, r), 32 - r)
    if (u - cx) ** 2 + (v - cy) ** 2 > r * r:
        return None
    if (u - 16) ** 2 + (v - 8.5) ** 2 <= 9 or (13.5 <= u <= 18.5 and 13 <= v <= 26):
        return WHITE
    return BLUE


def png(width, height, pixel, samples=4):
    """A PNG of RGBA pixels, each the mean of samples x samples points."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)
        for x in range(width):
            acc = [0, 0, 0, 0]
            for sy in range(samples):
                for sx in range(samples):
                    c = pixel(x + (sx + 0.5) / samples, y + (sy + 0.5) / samples)
                    if c is not None:
                        acc[0] += c[0]; acc[1] += c[1]; acc[2] += c[2]; acc[3] += 255
            n = samples * samples
            alpha = acc[3] // n
            if alpha:
                rows += bytes((acc[0] * 255 // acc[3], acc[1] * 255 // acc[3], acc[2] * 255 // acc[3], alpha))
            else:
                rows += b"\0\0\0\0"

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b"")


def ico(png_bytes, size):
    """An ICO holding one PNG image (read by every browser since 2010)."""
    header = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png_bytes), 6 + 16)
    return header + entry + png_bytes


def card(x, y):
    """1200 x 630: the mark, 280 px, centred above a yellow rule."""
    if 560 <= y < 576 and 480 <= x < 720:
        return YELLOW
    left, top, size = 460, 150, 280
    if left <= x < left + size and top <= y < top + size:
        return mark_colour(x - left, y - top, size) or BLUE
    return BLUE


if __name__ == "__main__":
    with open(STATIC + "favicon.svg", "w") as f:
        f.write(SVG)
    with open(STATIC + "favicon.ico", "wb") as f:
        f.write(ico(png(32, 32, lambda x, y: mark_colour(x, y, 32)), 32))
    with open(STATIC + "delning.png", "wb") as f:
        f.write(png(1200, 630, card, samples=2))

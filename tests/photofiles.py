"""Photos as attackers, careless clerks and phones make them, made in the test (none is shipped).

A decompression bomb is a few hundred bytes of valid PNG or JPEG whose header declares
40000×40000 pixels; the pixels after it do not matter, as nothing may decode them.
"""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import zlib

from PIL import Image, ImageCms


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_declaring(width: int, height: int) -> bytes:
    """A valid PNG header for `width`×`height` RGB, followed by a few compressed rows only."""
    rows = zlib.compress((b"\0" + b"\x80" * 3 * min(width, 4096)) * 8)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", rows) + _chunk(b"IEND", b"")


def jpeg_declaring(width: int, height: int) -> bytes:
    """A small real JPEG whose frame header (SOF0) is rewritten to say `width`×`height`."""
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (120, 160, 200)).save(out, "JPEG")
    data = bytearray(out.getvalue())
    at = data.index(b"\xff\xc0")
    data[at + 5 : at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def unfit_profiles() -> dict[str, bytes]:
    """ICC profiles an RGB JPEG should not carry: lcms cannot build a transform from them."""
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    cmyk = bytearray(srgb)
    cmyk[16:20] = b"CMYK"  # as a photo converted from CMYK keeps its old profile's colour space
    return {
        "a CMYK profile": bytes(cmyk),
        "a Lab profile": ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes(),
        "a truncated profile": srgb[:300],
        "bytes that are no profile": b"\0" * 200,
    }


def peak_megabytes(code: str) -> tuple[int, str]:
    """Run `code` in a fresh interpreter; its peak resident memory (MB) and what it printed.

    The peak is the kernel's high-water mark of that process's own memory (VmHWM): `ru_maxrss`
    would also count the test process it was started from, whose memory it briefly shared.
    """
    script = (
        f"{code}\nimport re\nstatus = open('/proc/self/status').read()\n"
        "print(int(re.search(r'VmHWM:\\s+(\\d+) kB', status).group(1)) // 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    *said, peak = done.stdout.splitlines()
    return int(peak), "\n".join(said)

"""Draw the example district's deputy photos: neutral portraits, no real person in them.

`python scripts/example_photos.py` gives most deputies of `examples/qinghe/` a
photo (`photos/<id>.jpg`, a few `.heic`): a plain background, a head and
shoulders in a darker tone, and the initials of the deputy's id — drawn shapes
and letters only. A few are saved the way phones save them, lying on their side
with an EXIF orientation tag, a camera make and model and GPS coordinates, so
the image pipeline (upright, cropped, stripped) and validation's warning about
such originals are exercised by the example itself. Deterministic: the same ids give the same bytes. The deputies files
get their `photo:` lines through `fmt`'s round trip, comments kept.
"""

from __future__ import annotations

import hashlib
import io
import sys
from pathlib import Path

import pillow_heif
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.data.canonical import canonical_text, round_trip_yaml  # noqa: E402
from generator.data.model import DeputiesFile  # noqa: E402

pillow_heif.register_heif_opener()
STATIONS = ROOT / "examples" / "qinghe" / "stations"
WIDTH, HEIGHT = 600, 800
WITHOUT_PHOTO = 5  # every fifth deputy has none, as in a real roster
AS_PHONES_SAVE = 7  # every seventh is saved lying on its side, with camera and GPS metadata
AS_HEIC = 11  # every eleventh as HEIC


def _tone(seed: bytes, lightness: int) -> tuple[int, int, int]:
    return tuple(lightness + seed[i] % 40 for i in range(3))  # type: ignore[return-value]


def portrait(deputy_id: str) -> Image.Image:
    seed = hashlib.sha256(deputy_id.encode()).digest()
    image = Image.new("RGB", (WIDTH, HEIGHT), _tone(seed, 200))
    draw = ImageDraw.Draw(image)
    figure = _tone(seed[3:], 70)
    draw.ellipse((60, 520, 540, 1000), fill=figure)  # shoulders
    draw.ellipse((190, 170, 410, 430), fill=figure)  # head
    initials = "".join(part[:1] for part in deputy_id.split("-")[:2]).upper()
    font = ImageFont.load_default(size=120)
    draw.text((WIDTH / 2, 700), initials, fill=_tone(seed[6:], 200), font=font, anchor="mm")
    return image


def phone_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = 6  # the pixels lie on their side: turn 90° clockwise to view
    exif[0x010F] = "ExamplePhone"
    exif[0x0110] = "Model 12"
    exif[0xA431] = "SN-000123"  # BodySerialNumber
    exif[0x8825] = {1: "N", 2: (30.0, 16.0, 12.5), 3: "E", 4: (120.0, 9.0, 3.2)}
    return exif


def save(image: Image.Image, path: Path, index: int) -> None:
    out = io.BytesIO()
    if index % AS_PHONES_SAVE == 0:
        image.transpose(Image.Transpose.ROTATE_90).save(out, "JPEG", quality=85, exif=phone_exif())
    elif path.suffix == ".heic":
        image.save(out, "HEIF", quality=70)
    else:
        image.save(out, "JPEG", quality=85)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


def main() -> int:
    yaml = round_trip_yaml()
    index = 0
    for file in sorted(STATIONS.glob("*/deputies.yml")):
        data = yaml.load(file.read_text(encoding="utf-8"))
        for deputy in data.get("deputies") or []:
            index += 1
            if index % WITHOUT_PHOTO == 0:
                deputy.pop("photo", None)
                continue
            suffix = ".heic" if index % AS_HEIC == 0 and index % AS_PHONES_SAVE else ".jpg"
            relative = f"photos/{deputy['id']}{suffix}"
            save(portrait(deputy["id"]), file.parent / relative, index)
            deputy["photo"] = relative
        out = io.StringIO()
        yaml.dump(data, out)
        file.write_text(canonical_text(out.getvalue(), DeputiesFile), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

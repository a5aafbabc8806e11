"""Household-registration photos: decoded in full, bounded, turned upright, stripped.

Nothing about a file is trusted: not its name, not its declared size. Pillow reads
the header first (so a 20000x20000 PNG is refused before any pixel is decoded),
then decodes every pixel (so a truncated file is refused), and the stored image is a
fresh encoding that carries no EXIF, GPS, comments or other metadata.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 25_000_000
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}


class ImageRefused(ValueError):
    """Why a file cannot be attached; `key` is a catalog key."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    media_type: str
    width: int
    height: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def clean_image(data: bytes) -> CleanImage:
    """Check and re-encode an uploaded photo, or raise ImageRefused."""
    if len(data) > MAX_BYTES:
        raise ImageRefused("image.too_big")
    if not data:
        raise ImageRefused("image.not_an_image")
    with warnings.catch_warnings():
        # Pillow's own bomb warning becomes an error; our limit is checked first anyway.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                kind = probe.format
                width, height = probe.size
                if kind not in FORMATS:
                    raise ImageRefused("image.wrong_type")
                if width * height > MAX_PIXELS:
                    raise ImageRefused("image.too_many_pixels")
                probe.load()  # every pixel: a truncated file fails here
                upright = ImageOps.exif_transpose(probe)
        except ImageRefused:
            raise
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise ImageRefused("image.too_many_pixels") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise ImageRefused("image.not_an_image") from None
    return _encode(upright, kind)


def _encode(image: Image.Image, kind: str) -> CleanImage:
    out = io.BytesIO()
    # Pillow carries `info` (comment, ICC profile, EXIF bytes) into a new save unless told
    # otherwise: the pixels go on alone.
    image = image.copy()
    image.info = {}
    if kind == "JPEG":
        # A new JPEG with no EXIF, ICC, comment or thumbnail: nothing of the camera.
        image.convert("RGB").save(out, "JPEG", quality=90, optimize=True)
    else:
        # A new PNG with no text, time or other ancillary chunks.
        mode = image.mode if image.mode in ("1", "L", "LA", "P", "RGB", "RGBA") else "RGBA"
        image.convert(mode).save(out, "PNG", optimize=True)
    return CleanImage(out.getvalue(), FORMATS[kind], image.width, image.height)


Pixels = list[list[tuple[int, int, int]]]


def thumbnail(content: bytes, width: int, height: int) -> Pixels:
    """RGB rows of a picture shrunk to fit `width` x `height` pixels, keeping its shape.

    For previews drawn with half blocks: two pixel rows a terminal row. Run it in a
    worker: it decodes an image.
    """
    with Image.open(io.BytesIO(content)) as opened:
        rgb = opened.convert("RGB")
        rgb.thumbnail((width, height))
        raw, w, h = rgb.tobytes(), rgb.width, rgb.height
    pixels = [(raw[i], raw[i + 1], raw[i + 2]) for i in range(0, len(raw), 3)]
    return [pixels[row * w : (row + 1) * w] for row in range(h)]


def fitted(content: bytes, width: int, height: int) -> Pixels:
    """RGB rows of a picture made as large as fits `width` x `height` pixels, keeping its
    shape (enlarged too, unlike thumbnail): one page read full screen. Run it in a worker."""
    with Image.open(io.BytesIO(content)) as opened:
        rgb = opened.convert("RGB")
        scale = min(width / rgb.width, height / rgb.height)
        size = (max(1, int(rgb.width * scale)), max(1, int(rgb.height * scale)))
        rgb = rgb.resize(size, Image.Resampling.LANCZOS)
        raw, w, h = rgb.tobytes(), rgb.width, rgb.height
    pixels = [(raw[i], raw[i + 1], raw[i + 2]) for i in range(0, len(raw), 3)]
    return [pixels[row * w : (row + 1) * w] for row in range(h)]

"""Reference images and brand assets dropped into the chat: checked, then kept content-addressed."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from agent.state import ReferenceImage
from tools.recipe import sha256_file

FORMATS = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp"}
MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
MIN_SIDE = 256


class UploadRejected(ValueError):
    """A file that cannot be used as a reference; the message says what would work."""


def check(path: Path, name: str) -> tuple[str, int, int]:
    """The image's format and size, or :class:`UploadRejected` with what to send instead."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise UploadRejected(f"{name} is {size / 1e6:.1f} MB; send images up to {MAX_BYTES // 2**20} MB")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                fmt, (width, height) = image.format or "", image.size
                if width * height > MAX_PIXELS:
                    raise UploadRejected(
                        f"{name} is {width}×{height} ({width * height / 1e6:.0f} MP); "
                        f"send images up to {MAX_PIXELS // 1_000_000} MP"
                    )
                image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning, OSError) as exc:
        raise UploadRejected(f"{name} is not a readable image; send a PNG, JPEG or WebP file") from exc
    if fmt not in FORMATS:
        raise UploadRejected(f"{name} is {fmt or 'an unknown format'}; send a PNG, JPEG or WebP file")
    if min(width, height) < MIN_SIDE:
        raise UploadRejected(f"{name} is {width}×{height}; references need at least {MIN_SIDE} px on the short side")
    return fmt, width, height


def keep(path: Path, name: str, folder: Path) -> ReferenceImage:
    """Check an uploaded file and copy it into ``folder`` under its sha256."""
    fmt, width, height = check(path, name)
    digest = sha256_file(path)
    folder.mkdir(parents=True, exist_ok=True)
    stored = folder / f"{digest[:16]}{FORMATS[fmt]}"
    if not stored.exists():
        shutil.copyfile(path, stored)
    return ReferenceImage(
        name=name, path=str(stored), sha256=digest, width=width, height=height, palette=palette(stored)
    )


def palette(path: Path, colours: int = 4) -> list[str]:
    """The image's dominant colours as hex, most frequent first (median-cut on a thumbnail)."""
    with Image.open(path) as image:
        small = image.convert("RGB")
        small.thumbnail((128, 128))
    quantized = small.quantize(colors=colours, method=Image.Quantize.MEDIANCUT)
    flat = quantized.getpalette() or []
    counts = sorted(quantized.getcolors() or [], reverse=True)
    return ["#{:02x}{:02x}{:02x}".format(*flat[3 * i : 3 * i + 3]) for _, i in counts]

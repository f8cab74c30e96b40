"""Reference images and brand assets dropped into the chat: checked, decoded within limits, re-encoded, kept.

One bounded path for every upload (:func:`keep`): the byte size from the file system and the format,
dimensions and frame count from the header are checked before a single pixel is decoded; the picture is
then decoded once, turned upright, and re-encoded as a plain PNG or JPEG, so metadata, ancillary chunks
and anything appended to the file (a zip, HTML) never reach the data folder. Every failure on the way is
an :class:`UploadRejected` that says what was wrong and what to send instead.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from agent.state import ReferenceImage

FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "MPO": "JPEG", "WEBP": "PNG"}
"""Accepted formats (as Pillow names them) and what each is stored as; MPO is a phone JPEG with extra frames."""
DECODERS = ("PNG", "JPEG", "WEBP")
"""The only Pillow plugins an upload is ever handed to."""
SUFFIXES = {"PNG": ".png", "JPEG": ".jpg"}
MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 4096
"""Stored references are scaled down to this long side (providers take no more)."""
MIN_SIDE = 256
PALETTE_SIDE = 128
IMAGE_MAGIC = {b"GIF8": "GIF", b"BM": "BMP", b"II*\x00": "TIFF", b"MM\x00*": "TIFF", b"8BPS": "PSD"}
HEIF_BRANDS = {b"heic": "HEIC", b"heix": "HEIC", b"mif1": "HEIF", b"avif": "AVIF"}
OTHER_MAGIC = {b"PK\x03\x04": "a zip archive", b"%PDF": "a PDF"}


class UploadRejected(ValueError):
    """A file that cannot be used as a reference; the message says what would work."""


def advice() -> str:
    """What to do with a file that cannot be used."""
    return f"re-export the image as PNG or JPEG under {MAX_PIXELS // 1_000_000} MP and {MAX_BYTES // 2**20} MB"


def keep(path: Path, name: str, folder: Path) -> ReferenceImage:
    """Check, decode and re-encode an uploaded file into ``folder``, named by the sha256 of the stored bytes."""
    image, fmt = load(path, name)
    stored_as = FORMATS[fmt]
    data = encode(image, stored_as)
    digest = hashlib.sha256(data).hexdigest()
    folder.mkdir(parents=True, exist_ok=True)
    stored = folder / f"{digest[:16]}{SUFFIXES[stored_as]}"
    if not stored.exists():
        part = stored.with_name(stored.name + ".part")
        part.write_bytes(data)
        part.replace(stored)
    return ReferenceImage(
        name=name, path=str(stored), sha256=digest, width=image.width, height=image.height, palette=palette(image)
    )


def load(path: Path, name: str) -> tuple[Image.Image, str]:
    """The upload decoded once, upright, RGB(A) and at most :data:`MAX_SIDE` long, with its format.

    Raises:
        UploadRejected: with what was wrong and what to send instead, for any file that is not a usable
            still PNG, JPEG or WebP within the limits (nothing is decoded before the header checks pass).
    """
    size = path.stat().st_size
    if size == 0:
        raise UploadRejected(f"{name} is empty (0 bytes); send a PNG or JPEG image")
    if size > MAX_BYTES:
        raise UploadRejected(f"{name} is {size / 2**20:.1f} MB; {advice()}")
    with path.open("rb") as handle:
        data = handle.read(size + 1)
    if len(data) != size:
        raise UploadRejected(f"{name} changed while it was being read; send it again")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own, lower limit follows
            with Image.open(io.BytesIO(data), formats=DECODERS) as opened:
                fmt = _check_header(opened, name)
                opened.verify()  # chunk checksums, without decoding pixels
            with Image.open(io.BytesIO(data), formats=DECODERS) as opened:
                return _decode(opened), fmt
    except UploadRejected:
        raise
    except Image.DecompressionBombError as exc:
        limit = 2 * (Image.MAX_IMAGE_PIXELS or 0) / 1e6
        raise UploadRejected(f"{name} declares more than {limit:.0f} MP; {advice()}") from exc
    except UnidentifiedImageError as exc:
        raise UploadRejected(_unreadable(data, name)) from exc
    except Exception as exc:  # a decoder fed hostile bytes can raise anything; none may escape
        reason = " ".join(str(exc).split())[:80] or type(exc).__name__
        raise UploadRejected(f"{name} could not be decoded (damaged or truncated: {reason}); {advice()}") from exc


def _unreadable(data: bytes, name: str) -> str:
    """Why a file no accepted decoder recognises was refused, naming what it looks like."""
    image = next((k for magic, k in IMAGE_MAGIC.items() if data.startswith(magic)), None)
    image = image or (HEIF_BRANDS.get(data[8:12]) if data[4:8] == b"ftyp" else None)
    if image:
        return f"{name} is a {image} file; send a PNG or JPEG (WebP also works)"
    other = next((k for magic, k in OTHER_MAGIC.items() if data.startswith(magic)), None)
    seen = f" (it looks like {other})" if other else ""
    return f"{name} is not an image Studio can read{seen}; send a PNG or JPEG image"


def _check_header(image: Image.Image, name: str) -> str:
    """The format, once the header says the image is a still of an accepted format and size."""
    fmt = image.format or ""
    if fmt not in FORMATS:
        raise UploadRejected(f"{name} is a {fmt or 'unknown'} file; send a PNG or JPEG (WebP also works)")
    width, height = image.size
    if min(width, height) < 1:
        raise UploadRejected(f"{name} declares {width}×{height} pixels; {advice()}")
    if min(width, height) < MIN_SIDE:
        raise UploadRejected(
            f"{name} is {width}×{height}; references need at least {MIN_SIDE} px on the short side, send a larger image"
        )
    if width * height > MAX_PIXELS:
        raise UploadRejected(f"{name} is {width}×{height} ({width * height / 1e6:.0f} MP); {advice()}")
    frames = getattr(image, "n_frames", 1)
    if frames > 1 and fmt != "MPO":  # an MPO's first frame is the photo
        raise UploadRejected(f"{name} is animated ({frames} frames); send a still PNG or JPEG")
    return fmt


def _decode(image: Image.Image) -> Image.Image:
    """Decode once (JPEG at a reduced scale where it can), scale down, turn upright, normalise the mode."""
    image.thumbnail((MAX_SIDE, MAX_SIDE))  # drafts a JPEG at 1/2-1/8 scale, then decodes once in place
    image.load()
    ImageOps.exif_transpose(image, in_place=True)
    return _plain_mode(image)


def _plain_mode(image: Image.Image) -> Image.Image:
    """RGB, or RGBA when the image has transparency, with no metadata; 16-bit greys are scaled, not clipped."""
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        image = image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    alpha = image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info
    plain = image.convert("RGBA" if alpha else "RGB")
    plain.info = {}  # no ICC profile, comment, EXIF, text or DPI is carried to the encoder
    return plain


def encode(image: Image.Image, fmt: str) -> bytes:
    """Plain PNG or JPEG bytes: no EXIF, ICC, text or other chunks; JPEG has no alpha."""
    out = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(out, format="JPEG", quality=95, optimize=True)
    else:
        image.save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue()


def palette(image: Image.Image, colours: int = 4) -> list[str]:
    """The image's dominant colours as hex, most frequent first (median-cut on a thumbnail)."""
    small = ImageOps.contain(image, (PALETTE_SIDE, PALETTE_SIDE)).convert("RGB")
    quantized = small.quantize(colors=colours, method=Image.Quantize.MEDIANCUT)
    flat = quantized.getpalette() or []
    indexes = [i for _, i in sorted(quantized.getcolors() or [], reverse=True) if isinstance(i, int)]
    return ["#{:02x}{:02x}{:02x}".format(*flat[3 * i : 3 * i + 3]) for i in indexes]

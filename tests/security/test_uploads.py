"""Malformed, hostile and odd uploads: each is refused with one clear message, or kept re-encoded and clean."""

from __future__ import annotations

import hashlib
import io
import struct
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageFile, PngImagePlugin

from ui.web import uploads

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def chunk(tag: bytes, data: bytes, crc: int | None = None) -> bytes:
    """One PNG chunk; ``crc`` overrides the right checksum."""
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) if crc is None else crc)


def raw_png(width: int, height: int, idat: bytes, *, depth: int = 8, colour: int = 0, extra: bytes = b"") -> bytes:
    """A PNG built chunk by chunk, so its header can say anything."""
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    return PNG_SIGNATURE + chunk(b"IHDR", header) + extra + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def zero_png(width: int, height: int) -> bytes:
    """A truthful zero-filled greyscale PNG (compressed row by row, so the test stays small)."""
    packer = zlib.compressobj(9)
    row = b"\x00" * (width + 1)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    return raw_png(width, height, idat)


def picture(size: tuple[int, int] = (640, 480), mode: str = "RGB") -> Image.Image:
    """Two colours, so a palette and an orientation can be checked."""
    image = Image.new("RGB", size, (200, 30, 40))
    image.paste((20, 40, 200), (0, 0, size[0] // 3, size[1]))
    return image.convert(mode)


def encoded(image: Image.Image, fmt: str, **options: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def good_png() -> bytes:
    return encoded(picture(), "PNG")


def good_jpeg() -> bytes:
    return encoded(picture(), "JPEG", quality=90)


def idat_crc_broken() -> bytes:
    data = good_png()
    at = data.index(b"IDAT")
    length = struct.unpack(">I", data[at - 4 : at])[0]
    crc_at = at + 4 + length
    return data[:crc_at] + bytes(b ^ 0xFF for b in data[crc_at : crc_at + 4]) + data[crc_at + 4 :]


def ihdr_crc_broken() -> bytes:
    data = bytearray(good_png())
    data[29] ^= 0xFF  # the IHDR checksum
    return bytes(data)


def zlib_broken() -> bytes:
    return raw_png(640, 480, b"\x78\x9c" + b"\xff" * 200)


def jpeg_sof_dims(width: int, height: int) -> bytes:
    """A real JPEG whose frame header is rewritten to claim another size."""
    data = bytearray(good_jpeg())
    at = data.index(b"\xff\xc0")
    data[at + 5 : at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def animated_gif_bomb() -> bytes:
    frames = [Image.new("P", (2000, 2000), i % 2) for i in range(40)]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], loop=0)
    return out.getvalue()


def animated(fmt: str) -> bytes:
    frames = [picture(), picture().rotate(180)]
    out = io.BytesIO()
    frames[0].save(out, format=fmt, save_all=True, append_images=frames[1:], duration=100)
    return out.getvalue()


def a_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("payload.txt", "hello")
    return out.getvalue()


def gif_screen_bomb() -> bytes:
    """A GIF whose logical screen claims 65535×65535."""
    data = bytearray(encoded(picture((300, 300)).convert("P"), "GIF"))
    data[6:10] = struct.pack("<HH", 65535, 65535)
    return bytes(data)


REJECTED: dict[str, tuple[Callable[[], bytes], str]] = {
    "zero bytes": (lambda: b"", "empty"),
    "text renamed .png": (lambda: b"just some notes, not a picture\n" * 4, "not an image"),
    "svg": (lambda: b'<svg xmlns="http://www.w3.org/2000/svg" width="900" height="900"><rect/></svg>', "not an image"),
    "html": (lambda: b"<!doctype html><html><script>alert(1)</script></html>", "not an image"),
    "zip": (a_zip, "not an image"),
    "pdf": (lambda: b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "not an image"),
    "png signature only": (lambda: PNG_SIGNATURE, "not an image"),
    "png 40,000,000×1": (lambda: raw_png(40_000_000, 1, zlib.compress(b"\x00" * 1000)), "at least 256 px"),
    "png 1×40,000,000": (lambda: raw_png(1, 40_000_000, zlib.compress(b"\x00" * 1000)), "at least 256 px"),
    "png 65535×65535 header": (lambda: raw_png(65535, 65535, zlib.compress(b"\x00" * 1000)), "MP"),
    "png 10000×10000 zero-filled bomb": (lambda: zero_png(10_000, 10_000), "MP"),
    "png 0×0": (lambda: raw_png(0, 0, zlib.compress(b"")), "PNG or JPEG"),
    "png bit depth 3": (lambda: raw_png(640, 480, zlib.compress(b"\x00" * 1000), depth=3), "PNG or JPEG"),
    "png colour type 7": (lambda: raw_png(640, 480, zlib.compress(b"\x00" * 1000), colour=7), "PNG or JPEG"),
    "png bad IDAT crc": (idat_crc_broken, "PNG or JPEG"),
    "png bad IHDR crc": (ihdr_crc_broken, "PNG or JPEG"),
    "png broken zlib": (zlib_broken, "PNG or JPEG"),
    "png truncated in IDAT": (lambda: good_png()[: len(good_png()) // 2], "PNG or JPEG"),
    "png too little pixel data": (lambda: raw_png(640, 480, zlib.compress(b"\x00" * 5000)), "PNG or JPEG"),
    "jpeg truncated": (lambda: good_jpeg()[: len(good_jpeg()) // 2], "PNG or JPEG"),
    "jpeg start marker only": (lambda: b"\xff\xd8\xff", "not an image"),
    "jpeg header only": (lambda: good_jpeg()[:200], "PNG or JPEG"),
    "jpeg claims 60000×60000": (lambda: jpeg_sof_dims(60_000, 60_000), "MP"),
    "jpeg claims 0×0": (lambda: jpeg_sof_dims(0, 0), "PNG or JPEG"),
    "webp truncated": (lambda: encoded(picture(), "WEBP")[:60], "PNG or JPEG"),
    "webp riff only": (lambda: b"RIFF\x00\x00\x00\x00WEBPVP8 ", "PNG or JPEG"),
    "gif": (lambda: encoded(picture((400, 400)).convert("P"), "GIF"), "GIF"),
    "gif truncated": (lambda: encoded(picture((400, 400)).convert("P"), "GIF")[:100], "GIF"),
    "animated gif bomb": (animated_gif_bomb, "GIF"),
    "gif screen 65535×65535": (gif_screen_bomb, "GIF"),
    "animated png": (lambda: animated("PNG"), "animated"),
    "animated webp": (lambda: animated("WEBP"), "animated"),
    "bmp": (lambda: encoded(picture(), "BMP"), "BMP"),
    "tiff": (lambda: encoded(picture(), "TIFF"), "TIFF"),
    "too small": (lambda: encoded(picture((300, 120)), "PNG"), "at least 256 px"),
    "heic": (lambda: b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64, "HEIC"),
    "psd": (lambda: b"8BPS\x00\x01" + b"\x00" * 64, "PSD"),
    "eps": (lambda: b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 900 900\n", "not an image"),
}


@pytest.mark.parametrize("case", list(REJECTED))
def test_malformed_uploads_are_refused_with_one_clear_message(tmp_path: Path, case: str) -> None:
    build, says = REJECTED[case]
    upload = tmp_path / "upload.bin"
    upload.write_bytes(build())
    with pytest.raises(uploads.UploadRejected) as refused:
        uploads.keep(upload, "brand.png", tmp_path / "refs")
    message = str(refused.value)
    assert says in message
    assert message.startswith("brand.png "), "the message names the file"
    assert "send" in message or "re-export" in message, "the message says what to do instead"
    assert "Traceback" not in message and len(message) < 300
    assert not (tmp_path / "refs").exists() or not any((tmp_path / "refs").iterdir()), "nothing is stored"


def test_oversized_files_are_refused_before_they_are_read(tmp_path: Path) -> None:
    upload = tmp_path / "huge.png"
    with upload.open("wb") as handle:
        handle.write(good_png())
        handle.truncate(uploads.MAX_BYTES + 2**20)  # sparse: costs no disk
    with pytest.raises(
        uploads.UploadRejected, match=r"huge\.png is 21\.0 MB; re-export the image as PNG or JPEG under .* 20 MB"
    ):
        uploads.keep(upload, "huge.png", tmp_path / "refs")


def test_a_pixel_bomb_is_refused_from_its_header_without_decoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    upload = tmp_path / "bomb.png"
    upload.write_bytes(zero_png(10_000, 10_000))  # 100 MP of zeros in ~100 KB
    decoders: list[str] = []
    real = Image._getdecoder

    def spy(*args: Any, **kwargs: Any) -> Any:
        decoders.append(str(args[0]))
        return real(*args, **kwargs)

    monkeypatch.setattr(Image, "_getdecoder", spy)
    loads: list[str] = []
    for cls in (Image.Image, ImageFile.ImageFile, PngImagePlugin.PngImageFile):
        original = cls.load

        def load(self: Image.Image, original: Any = original) -> Any:
            loads.append(type(self).__name__)
            return original(self)

        monkeypatch.setattr(cls, "load", load)
    tracemalloc.start()
    try:
        with pytest.raises(uploads.UploadRejected, match=r"10000×10000 \(100 MP\)"):
            uploads.keep(upload, "bomb.png", tmp_path / "refs")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert decoders == [] and loads == [], "refused from the header: nothing was decoded"
    assert peak < 4 * 2**20, f"refusing the bomb held {peak / 2**20:.1f} MiB"


def chunks(data: bytes) -> list[bytes]:
    """The chunk types of a PNG, in order."""
    assert data.startswith(PNG_SIGNATURE)
    found, at = [], len(PNG_SIGNATURE)
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        found.append(data[at + 4 : at + 8])
        at += 12 + length
    return found


def png_with_metadata() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>secret location</x:xmpmeta>")
    info.add_text("Author", "zipped secret", zip=True)
    exif = Image.Exif()
    exif[0x010E] = "secret description"
    data = encoded(picture(), "PNG", pnginfo=info, exif=exif, icc_profile=b"\0" * 200)
    private = chunk(b"prVt", b"private ancillary payload")
    end = data.index(b"IEND") - 4
    return data[:end] + private + data[end:]


def jpeg_with_exif(orientation: int = 1, size: tuple[int, int] = (640, 480)) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010E] = "secret description"
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPS
    return encoded(picture(size), "JPEG", exif=exif, comment=b"secret comment", icc_profile=b"\0" * 200)


def palette_with_transparency() -> bytes:
    image = picture().convert("P", palette=Image.Palette.ADAPTIVE, colors=4)
    return encoded(image, "PNG", transparency=0)


def sixteen_bit_grey() -> bytes:
    image = Image.linear_gradient("L").resize((512, 512)).convert("I")
    return encoded(image.point(lambda v: v * 256).convert("I;16"), "PNG")


def sixteen_bit_rgb() -> bytes:
    """48 bits a pixel, one grey level a row (Pillow cannot write these, so it is built by hand)."""
    rows = b"".join(b"\x00" + bytes([y, 0x80]) * 3 * 256 for y in range(256))
    return raw_png(256, 256, zlib.compress(rows), depth=16, colour=2)


def cmyk_jpeg() -> bytes:
    return encoded(picture().convert("CMYK"), "JPEG")


SECRETS = (b"secret", b"<script", b"PK\x03\x04", b"payload", b"Exif", b"ICC_PROFILE", b"<html")

ACCEPTED: dict[str, tuple[Callable[[], bytes], str, tuple[int, int]]] = {
    "polyglot png+zip": (lambda: good_png() + a_zip(), "PNG", (640, 480)),
    "polyglot png+html": (lambda: good_png() + b"<html><script>alert(1)</script></html>", "PNG", (640, 480)),
    "polyglot jpeg+zip": (lambda: good_jpeg() + a_zip(), "JPEG", (640, 480)),
    "png text, xmp, exif, icc and private chunks": (png_with_metadata, "PNG", (640, 480)),
    "jpeg with exif, gps, comment and icc": (jpeg_with_exif, "JPEG", (640, 480)),
    "exif-rotated jpeg": (lambda: jpeg_with_exif(orientation=6), "JPEG", (480, 640)),
    "cmyk jpeg": (cmyk_jpeg, "JPEG", (640, 480)),
    "greyscale jpeg": (lambda: encoded(picture(mode="L"), "JPEG"), "JPEG", (640, 480)),
    "16-bit greyscale png": (sixteen_bit_grey, "PNG", (512, 512)),
    "16-bit rgb png": (sixteen_bit_rgb, "PNG", (256, 256)),
    "palette png with transparency": (palette_with_transparency, "PNG", (640, 480)),
    "greyscale png with alpha": (lambda: encoded(picture(mode="LA"), "PNG"), "PNG", (640, 480)),
    "still webp": (lambda: encoded(picture(), "WEBP"), "PNG", (640, 480)),
    "jpeg named .png": (good_jpeg, "JPEG", (640, 480)),
    "multi-picture jpeg (mpo)": (lambda: animated("MPO"), "JPEG", (640, 480)),
    "wide but allowed 8000×1000": (lambda: encoded(picture((8000, 1000)), "PNG"), "PNG", (4096, 512)),
}


@pytest.mark.parametrize("case", list(ACCEPTED))
def test_odd_but_valid_uploads_are_kept_re_encoded_without_metadata(tmp_path: Path, case: str) -> None:
    build, fmt, size = ACCEPTED[case]
    upload = tmp_path / "upload.bin"
    upload.write_bytes(build())
    ref = uploads.keep(upload, "brand.png", tmp_path / "refs")
    stored = Path(ref.path).read_bytes()
    assert hashlib.sha256(stored).hexdigest() == ref.sha256, "the hash is of the stored, re-encoded bytes"
    assert Path(ref.path).name.startswith(ref.sha256[:16])
    assert stored != upload.read_bytes()
    for secret in SECRETS:
        assert secret not in stored, f"{secret!r} survived"
    with Image.open(ref.path) as image:
        assert image.format == fmt and image.size == size == (ref.width, ref.height)
        assert not image.info.get("exif") and not image.info.get("icc_profile")
        assert image.mode in ("RGB", "RGBA")
        image.load()
        assert len(image.getcolors(1 << 16) or [0, 0]) > 1, "the picture survived (not one flat colour)"
    if fmt == "PNG":
        assert set(chunks(stored)) <= {b"IHDR", b"IDAT", b"IEND"}
    else:
        assert stored.endswith(b"\xff\xd9"), "nothing after the JPEG end marker"
    assert ref.palette and all(len(h) == 7 for h in ref.palette)


def test_an_exif_rotated_photo_is_stored_upright(tmp_path: Path) -> None:
    upload = tmp_path / "upload.jpg"
    upload.write_bytes(jpeg_with_exif(orientation=6))  # "rotate 90° clockwise to view"
    ref = uploads.keep(upload, "shot.jpg", tmp_path / "refs")
    with Image.open(ref.path) as image:
        rgb = image.convert("RGB")
    top, bottom = rgb.getpixel((240, 10)), rgb.getpixel((240, 630))
    assert isinstance(top, tuple) and isinstance(bottom, tuple)
    assert top[2] > 150 and bottom[0] > 150, "the blue left third is now on top"


def test_transparency_and_sixteen_bit_grey_survive_re_encoding(tmp_path: Path) -> None:
    upload = tmp_path / "a.png"
    upload.write_bytes(palette_with_transparency())
    with Image.open(uploads.keep(upload, "a.png", tmp_path / "refs").path) as image:
        alpha = image.getchannel("A")
        assert alpha.getextrema() == (0, 255), "transparent and opaque pixels are both still there"
    upload.write_bytes(sixteen_bit_grey())
    with Image.open(uploads.keep(upload, "b.png", tmp_path / "refs").path) as image:
        low, high = image.convert("L").getextrema()
        assert low < 10 and high > 245, "the 16-bit range is scaled, not clipped to white"


def test_the_same_picture_is_kept_once(tmp_path: Path) -> None:
    upload = tmp_path / "upload.png"
    upload.write_bytes(good_png())
    first = uploads.keep(upload, "a.png", tmp_path / "refs")
    upload.write_bytes(good_png() + a_zip())  # same picture, different file
    second = uploads.keep(upload, "b.png", tmp_path / "refs")
    assert first.path == second.path and first.sha256 == second.sha256
    assert len(list((tmp_path / "refs").iterdir())) == 1

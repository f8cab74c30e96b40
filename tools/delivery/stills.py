"""Finish one still for one platform: frame, text, encode under the limit, check.

The picture is cover-cropped to the preset, the headline and CTA are set inside the safe zone, the file
is encoded under the platform's byte limit, and the QA checks size, bytes, text placement and contrast.

Text is fitted (the largest size whose wrapped lines fit the safe area's share), set on a plate when the
picture behind it would not give WCAG AA contrast (4.5:1), and its boxes are kept for the QA.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps
from pydantic import BaseModel

from tools.errors import MediaError
from tools.stills import StillPreset

FONT = Path(__file__).with_name("fonts") / "DejaVuSans-Bold.ttf"
MIN_CONTRAST = 4.5
"""WCAG 2.x AA for normal text."""
Box = tuple[int, int, int, int]


class StillText(BaseModel):
    """What is set on the still."""

    headline: str = ""
    cta: str = ""
    font: Path = FONT


class StillQA(BaseModel):
    """The checks of one exported still."""

    width: int
    height: int
    bytes: int
    max_bytes: int
    text_boxes: list[Box]
    safe_box: Box
    contrast: list[float]

    def failures(self, preset: StillPreset) -> list[str]:
        """What fails, in words ('' when it all passes)."""
        out = []
        if (self.width, self.height) != (preset.width, preset.height):
            out.append(f"size {self.width}×{self.height}, want {preset.width}×{preset.height}")
        if self.bytes > self.max_bytes:
            out.append(f"file {self.bytes / 1024:.0f} KB, over the {preset.max_kb} KB limit")
        left, top, right, bottom = self.safe_box
        for box in self.text_boxes:
            if box[0] < left or box[1] < top or box[2] > right or box[3] > bottom:
                out.append(f"text at {box} leaves the safe zone {self.safe_box}")
        out += [f"text contrast {c:.1f}:1, under {MIN_CONTRAST}:1" for c in self.contrast if c < MIN_CONTRAST]
        return out


class StillExport(BaseModel):
    """One platform's still and its QA."""

    preset: str
    path: Path
    qa: StillQA
    passed: bool
    failures: list[str]


def luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG relative luminance of an sRGB colour (0–255 channels)."""

    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else float(((c + 0.055) / 1.055) ** 2.4)

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """WCAG contrast ratio of two colours."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def safe_box(preset: StillPreset) -> Box:
    """The safe area in pixels: left, top, right, bottom."""
    w, h, s = preset.width, preset.height, preset.safe
    return (round(w * s.left), round(h * s.top), round(w * (1 - s.right)), round(h * (1 - s.bottom)))


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(trial, font=font) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


def _fit(
    draw: ImageDraw.ImageDraw, text: str, font_path: Path, width: int, height: int
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest font size whose wrapped lines fit ``width`` × ``height``."""
    for size in range(max(10, height), 7, -1):
        font = ImageFont.truetype(str(font_path), size)
        lines = _wrap(draw, text, font, width)
        widest = max(draw.textlength(line, font=font) for line in lines)
        if widest <= width and len(lines) * size * 1.2 <= height:
            return font, lines
    raise MediaError(f"{text!r} does not fit a {width}×{height} area even at 8 px; shorten it")


def _set(image: Image.Image, text: str, area: Box, font_path: Path) -> tuple[Box, float]:
    """Set ``text`` centred in ``area``; a plate goes behind it when the picture gives too little contrast.

    The text is fitted inside a margin so that the plate, when one is needed, stays within ``area``.
    """
    draw = ImageDraw.Draw(image)
    pad = max(3, (area[3] - area[1]) // 12)
    left, top, right, bottom = area[0] + pad, area[1] + pad, area[2] - pad, area[3] - pad
    font, lines = _fit(draw, text, font_path, right - left, bottom - top)
    size = font.size
    block_h = round(len(lines) * size * 1.2)
    block_w = round(max(draw.textlength(line, font=font) for line in lines))
    x0, y0 = left + (right - left - block_w) // 2, top + (bottom - top - block_h) // 2
    box: Box = (x0, y0, x0 + block_w, y0 + block_h)
    mean = image.crop(box).convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    assert isinstance(mean, tuple)
    behind = (float(mean[0]), float(mean[1]), float(mean[2]))
    ink = (255, 255, 255) if luminance(behind) < 0.4 else (20, 20, 20)
    ratio = worst_contrast(image, box, ink)
    if ratio < MIN_CONTRAST:  # a plate of the opposite tone makes it legible
        plate = (0, 0, 0) if ink == (255, 255, 255) else (255, 255, 255)
        box = (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)
        draw.rectangle(box, fill=plate)
        ratio = contrast(ink, plate)
    for i, line in enumerate(lines):
        width = draw.textlength(line, font=font)
        draw.text((x0 + (block_w - width) / 2, y0 + i * size * 1.2), line, font=font, fill=ink)
    return box, ratio


def worst_contrast(image: Image.Image, box: Box, ink: tuple[int, int, int]) -> float:
    """The text colour's lowest contrast against the picture behind it (8×8 cells over the box)."""
    cells = image.crop(box).convert("RGB").resize((8, 8), Image.Resampling.BOX)
    pixels = [cells.getpixel((x, y)) for y in range(8) for x in range(8)]
    return min(contrast(ink, (float(p[0]), float(p[1]), float(p[2]))) for p in pixels if isinstance(p, tuple))


def encode(image: Image.Image, preset: StillPreset, out: Path) -> Path:
    """The still in the platform's preferred format, under its byte limit (JPEG quality steps down)."""
    limit = preset.max_kb * 1024
    fmt = preset.formats[0]
    out = out.with_suffix({"jpeg": ".jpg", "png": ".png", "webp": ".webp"}[fmt])
    qualities = [92, 85, 78, 70, 62, 54, 46] if fmt != "png" else [0]
    for quality in qualities:
        buffer = io.BytesIO()
        if fmt == "png":
            image.save(buffer, format="PNG", optimize=True)
        else:
            image.convert("RGB").save(buffer, format=fmt.upper(), quality=quality, optimize=True)
        if buffer.tell() <= limit or quality == qualities[-1]:
            if buffer.tell() > limit and fmt == "png" and "jpeg" in preset.formats:
                return encode(image, preset.model_copy(update={"formats": ("jpeg",)}), out)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(buffer.getvalue())
            return out
    raise AssertionError("unreachable")


def finish_still(picture: Path, preset: StillPreset, text: StillText, out: Path) -> StillExport:
    """Frame ``picture`` to the preset (cover crop), set the text, encode under the limit, and check it."""
    with Image.open(picture) as source:
        image = ImageOps.fit(source.convert("RGB"), (preset.width, preset.height), Image.Resampling.LANCZOS)
    safe = safe_box(preset)
    left, top, right, bottom = safe
    tall = preset.height >= preset.width * 0.5  # banners (728×90, 970×250) set text in one band
    boxes, ratios = [], []
    if text.headline:
        band = (left, top, right, top + round((bottom - top) * (0.28 if tall else 0.55)))
        box, ratio = _set(image, text.headline, band, text.font)
        boxes.append(box)
        ratios.append(ratio)
    if text.cta:
        band = (left, bottom - round((bottom - top) * (0.14 if tall else 0.35)), right, bottom)
        box, ratio = _set(image, text.cta, band, text.font)
        boxes.append(box)
        ratios.append(ratio)
    path = encode(image, preset, out)
    with Image.open(path) as written:
        width, height = written.size
    qa = StillQA(
        width=width,
        height=height,
        bytes=path.stat().st_size,
        max_bytes=preset.max_kb * 1024,
        text_boxes=boxes,
        safe_box=safe,
        contrast=[round(r, 2) for r in ratios],
    )
    failures = qa.failures(preset)
    return StillExport(preset=preset.id, path=path, qa=qa, passed=not failures, failures=failures)

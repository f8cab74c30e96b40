"""The product in the draft: a packshot cut out with the local matte, placed at the shot's framing with a shadow."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from tools.local.matte import product_cutout

SHADOW_ALPHA = 150


def place_product(image: Image.Image, source: Path, box: tuple[int, int, int, int]) -> tuple[int, int, int, int] | None:
    """Composite the product of ``source`` into ``image`` (RGB, in place), fitted into ``box``, standing on its base.

    Returns where it landed (left, top, right, bottom), or None when no product could be cut out.
    """
    cut = product_cutout(source)
    if cut is None:
        return None
    left, top, right, bottom = box
    fit = min((right - left) / cut.width, (bottom - top) / cut.height)
    size = (max(1, round(cut.width * fit)), max(1, round(cut.height * fit)))
    product = cut.resize(size, Image.Resampling.LANCZOS)
    x = (left + right - size[0]) // 2
    y = bottom - size[1]
    _shadow(image, x, bottom, size[0])
    image.paste(product, (x, y), product)
    return x, y, x + size[0], bottom


def _shadow(image: Image.Image, x: int, base: int, width: int) -> None:
    """A soft contact shadow: a flattened ellipse under the product's base."""
    height = max(4, width // 8)
    layer = Image.new("L", image.size, 0)
    ImageDraw.Draw(layer).ellipse(
        [x - width // 12, base - height // 2, x + width + width // 12, base + height // 2], fill=SHADOW_ALPHA
    )
    layer = layer.filter(ImageFilter.GaussianBlur(radius=max(2, height // 3)))
    image.paste(Image.new("RGB", image.size, (0, 0, 0)), (0, 0), layer)

"""The concept's palette as a strip of colour blocks (a picture says "warmer" better than the names do)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PIL import Image, ImageColor

from agent.conversation.views import Swatch

BLOCK = (96, 48)


def strip(swatches: list[Swatch], folder: Path) -> Path | None:
    """A PNG of the palette's known colours, made once per palette in ``folder``; None when none is known."""
    colours = [s.hex for s in swatches if s.hex]
    if not colours:
        return None
    path = folder / f"{hashlib.sha256(','.join(colours).encode()).hexdigest()[:16]}.png"
    if path.is_file():
        return path
    image = Image.new("RGB", (BLOCK[0] * len(colours), BLOCK[1]))
    for n, colour in enumerate(colours):
        image.paste(ImageColor.getrgb(colour), (n * BLOCK[0], 0, (n + 1) * BLOCK[0], BLOCK[1]))
    folder.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".png.partial")
    image.save(partial, format="PNG")
    partial.replace(path)
    return path

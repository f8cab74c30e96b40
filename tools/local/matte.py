"""Background removal for plain backgrounds: a matte flood-filled in from the image border."""

from __future__ import annotations

import asyncio
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from tools.capabilities import Generated
from tools.recipe import Recipe

MODEL_ID = "local/matte"
VERSION = "1"
TOLERANCE = 40.0  # RGB distance from the border colour still counted as background


def matte(rgb: Image.Image, tolerance: float = TOLERANCE) -> Image.Image:
    """The alpha matte of ``rgb``: 0 for background connected to the border, 255 elsewhere, edges softened."""
    pixels = np.asarray(rgb, dtype=np.float32)
    border = np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]])
    background = np.median(border, axis=0)
    near = np.linalg.norm(pixels - background, axis=2) <= tolerance
    # Pad with a background ring so one flood fill from a corner reaches every border seed.
    mask = Image.fromarray(np.pad(near, 1, constant_values=True).astype(np.uint8) * 255).copy()
    ImageDraw.floodfill(mask, (0, 0), 128, thresh=0)
    connected = np.asarray(mask)[1:-1, 1:-1] == 128
    alpha = Image.fromarray(np.where(connected, 0, 255).astype(np.uint8))
    return alpha.filter(ImageFilter.GaussianBlur(radius=1.0))


def product_cutout(source: Path, tolerance: float = TOLERANCE) -> Image.Image | None:
    """The subject of a packshot as RGBA, cropped to its matte; None when nothing stands out."""
    with Image.open(source) as opened:
        rgb = opened.convert("RGB")
    alpha = matte(rgb, tolerance)
    box = alpha.point(lambda a: 255 if a > 128 else 0).getbbox()
    if box is None or (box[2] - box[0]) * (box[3] - box[1]) < 0.005 * rgb.width * rgb.height:
        return None
    cut = rgb.copy()
    cut.putalpha(alpha)
    cropped: Image.Image = cut.crop(box)
    return cropped


def cut_out(source: Path, out: Path, tolerance: float = TOLERANCE) -> Path:
    """Make background pixels connected to the border transparent; keep everything else."""
    with Image.open(source) as opened:
        rgb = opened.convert("RGB")
    cut = rgb.copy()
    cut.putalpha(matte(rgb, tolerance))
    out.parent.mkdir(parents=True, exist_ok=True)
    cut.save(out, format="PNG")
    return out


class LocalMatte:
    """Edge-seeded matte; works on studio/plain backgrounds, not on busy scenes."""

    async def remove_background(self, recipe: Recipe, source: Path, out: Path) -> Generated:
        """Cut the subject out into an RGBA PNG."""
        tolerance = float(recipe.extra.get("tolerance", TOLERANCE))
        await asyncio.to_thread(cut_out, source, out, tolerance)
        return Generated(path=out, model_version=VERSION, provider_route="local")

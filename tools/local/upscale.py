"""Lanczos upscale: Pillow for images, ffmpeg's scale filter for video."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PIL import Image

from tools.capabilities import Generated
from tools.errors import ToolError
from tools.ffmpeg import filter_video
from tools.probe import IMAGE_SUFFIXES
from tools.recipe import Recipe

MODEL_ID = "local/upscale"
VERSION = "1"


def _upscale_image(source: Path, out: Path, width: int, height: int) -> Path:
    with Image.open(source) as image:
        image.resize((width, height), Image.Resampling.LANCZOS).save(out)
    return out


class LocalUpscaler:
    """Resamples to the recipe's width × height; adds no detail (it is not a generative upscaler)."""

    async def upscale(self, recipe: Recipe, source: Path, out: Path) -> Generated:
        """Upscale an image or a video."""
        if not recipe.width or not recipe.height:
            raise ToolError("an upscale recipe needs the target width and height")
        if source.suffix.lower() in IMAGE_SUFFIXES:
            await asyncio.to_thread(_upscale_image, source, out, recipe.width, recipe.height)
        else:
            await filter_video(source, f"scale={recipe.width}:{recipe.height}:flags=lanczos", out)
        return Generated(path=out, model_version=VERSION, provider_route="local")

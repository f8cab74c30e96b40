"""Procedural storyboard frames (Pillow): visibly the scene, seed-varied, byte-reproducible."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont

from tools.capabilities import Generated
from tools.local.composite import place_product
from tools.local.palettes import hex_to_rgb, palette_for
from tools.local.prompt_parts import exposure, mood_of, shot_scale
from tools.recipe import Recipe

MODEL_ID = "local/keyframe"
ROUTE = "local"
VERSION = "1"


class LocalKeyframes:
    """Draws a storyboard frame from the prompt: palette from tone, composition from shot type."""

    async def text_to_image(self, recipe: Recipe, out: Path) -> Generated:
        """Render the frame in a worker thread (Pillow releases the GIL for most work)."""
        await asyncio.to_thread(render_keyframe, recipe, out)
        return Generated(path=out, model_version=VERSION, provider_route=ROUTE)

    async def text_to_image_with(self, recipe: Recipe, references: Sequence[Path], out: Path) -> Generated:
        """The same frame with the product cut out of the first reference photo in place of the stand-in."""
        await asyncio.to_thread(render_keyframe, recipe, out, references)
        return Generated(path=out, model_version=VERSION, provider_route=ROUTE)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _colours(recipe: Recipe) -> list[tuple[int, int, int]]:
    """Four colours: the reference image's palette when the recipe carries one, else the mood's."""
    mood_colours = [hex_to_rgb(s.hex) for s in palette_for(mood_of(recipe.prompt))]
    reference = [hex_to_rgb(h) for h in recipe.extra.get("palette", "").split(",") if h]
    return (reference + mood_colours)[:4]


def render_keyframe(recipe: Recipe, out: Path, references: Sequence[Path] = ()) -> Path:
    """Draw the keyframe for ``recipe`` into ``out`` (PNG); same recipe and references → same bytes.

    With references, the first one's product is composited at the shot's framing; without, a stand-in
    shape. No on-screen text is drawn: delivery burns it once, inside the safe zone.
    """
    width, height = recipe.width or 1080, recipe.height or 1920
    rng = random.Random(recipe.seed or 0)
    colours = _colours(recipe)
    rng.shuffle(colours)
    top, bottom, accent, ink = colours

    image = Image.new("RGB", (width, height), top)
    draw = ImageDraw.Draw(image)
    # Sky-to-ground gradient, its split seed-varied.
    horizon = int(height * rng.uniform(0.45, 0.7))
    for y in range(height):
        t = min(1.0, y / max(horizon, 1))
        row = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=row)
    # Light source and background shapes (environment).
    sun_r = int(min(width, height) * rng.uniform(0.06, 0.12))
    sun = (int(width * rng.uniform(0.15, 0.85)), int(horizon * rng.uniform(0.2, 0.7)))
    draw.ellipse([sun[0] - sun_r, sun[1] - sun_r, sun[0] + sun_r, sun[1] + sun_r], fill=ink)
    for _ in range(rng.randint(3, 6)):
        cx = int(width * rng.uniform(-0.1, 1.1))
        w = int(width * rng.uniform(0.25, 0.6))
        h = int(height * rng.uniform(0.05, 0.18))
        shade = tuple(int(c * rng.uniform(0.55, 0.85)) for c in bottom)
        draw.polygon([(cx - w, horizon + h), (cx, horizon - h), (cx + w, horizon + h)], fill=shade)
    # Subject sized by shot type, placed on a third.
    scale = shot_scale(recipe.prompt)
    side = int(min(width, height) * scale)
    cx = int(width * rng.choice([1 / 3, 1 / 2, 2 / 3])) if scale < 0.6 else width // 2
    cy = int(height * (0.62 if scale < 0.6 else 0.5))
    box = (cx - side // 2, cy - side // 2, cx + side // 2, cy + side // 2)
    image = image.filter(ImageFilter.GaussianBlur(radius=1.2))
    placed = place_product(image, references[0], box) if references else None
    if placed is None:
        draw = ImageDraw.Draw(image)
        draw.rounded_rectangle(box, radius=side // 5, fill=accent, outline=ink, width=max(4, side // 40))
        highlight = [box[0] + side // 8, box[1] + side // 8, box[0] + side // 2, box[1] + side // 4]
        draw.rounded_rectangle(highlight, radius=side // 16, fill=ink)
    factor = exposure(recipe.prompt)
    if factor != 1.0:
        image = ImageEnhance.Brightness(image).enhance(factor)
    _draw_tag(image, recipe)
    out.parent.mkdir(parents=True, exist_ok=True)
    image.save(out, format="PNG", optimize=False, compress_level=6)
    return out


def _draw_tag(image: Image.Image, recipe: Recipe) -> None:
    """An honest 'local draft' tag at the top; captions and supers are burned at delivery, not here."""
    draw = ImageDraw.Draw(image)
    width, height = image.size
    unit = max(12, min(width, height) // 28)
    tag = f"LOCAL DRAFT · {recipe.model_id} · seed {recipe.seed}"
    draw.rectangle([0, 0, width, int(unit * 1.8)], fill=(0, 0, 0))
    draw.text((unit // 2, unit // 3), tag, font=_font(unit), fill=(255, 255, 255))

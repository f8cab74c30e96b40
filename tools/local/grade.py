"""Colour/tone grades parsed from an edit instruction ("darker and warmer", "more contrast")."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from PIL import Image, ImageEnhance
from pydantic import BaseModel

from tools.capabilities import Generated
from tools.errors import ToolError
from tools.ffmpeg import filter_video
from tools.probe import IMAGE_SUFFIXES
from tools.recipe import Recipe

MODEL_ID = "local/grade"
VERSION = "1"


class Grade(BaseModel):
    """Multipliers (1.0 = unchanged) and a warmth shift (-1 cool … +1 warm)."""

    brightness: float = 1.0
    contrast: float = 1.0
    saturation: float = 1.0
    warmth: float = 0.0


_RULES: tuple[tuple[str, dict[str, float]], ...] = (
    (r"\b(darker|dark|moodier|night|dim)\b", {"brightness": 0.75}),
    (r"\b(brighter|bright|lighter|airy)\b", {"brightness": 1.2}),
    (r"\b(warmer|warm|golden|sunset)\b", {"warmth": 0.35}),
    (r"\b(cooler|cool|colder|cold|blue)\b", {"warmth": -0.35}),
    (r"\bmore contrast|punchier|contrasty\b", {"contrast": 1.3}),
    (r"\bless contrast|softer|flat\b", {"contrast": 0.8}),
    (r"\b(muted|desaturated?|washed)\b", {"saturation": 0.6}),
    (r"\b(vivid|saturated|vibrant|colou?rful)\b", {"saturation": 1.4}),
    (r"\b(black and white|black & white|b&w|monochrome|greyscale|grayscale)\b", {"saturation": 0.0}),
)
UNDERSTOOD = "darker, brighter, warmer, cooler, more/less contrast, muted, vivid, black and white"


def parse_grade(instruction: str) -> Grade:
    """The grade an instruction asks for; raise if it names nothing the local grade can do."""
    text = instruction.lower()
    grade = Grade()
    matched = False
    for pattern, change in _RULES:
        if re.search(pattern, text):
            matched = True
            for field, value in change.items():
                current = getattr(grade, field)
                setattr(grade, field, current + value if field == "warmth" else current * value)
    if not matched:
        raise ToolError(f"the local grade cannot do {instruction!r}; it understands: {UNDERSTOOD}")
    return grade


def grade_image(source: Path, out: Path, grade: Grade) -> Path:
    """Apply a grade to an image with Pillow."""
    with Image.open(source) as opened:
        image = opened.convert("RGB")
    image = ImageEnhance.Brightness(image).enhance(grade.brightness)
    image = ImageEnhance.Contrast(image).enhance(grade.contrast)
    image = ImageEnhance.Color(image).enhance(grade.saturation)
    if grade.warmth:
        r, g, b = image.split()
        shift = 1 + grade.warmth * 0.25
        r = r.point(lambda v: min(255, int(v * shift)))
        b = b.point(lambda v: min(255, int(v / shift)))
        image = Image.merge("RGB", (r, g, b))
    out.parent.mkdir(parents=True, exist_ok=True)
    image.save(out, format="PNG")
    return out


def grade_filter(grade: Grade) -> str:
    """The same grade as an ffmpeg filter chain."""
    eq = (
        f"eq=brightness={(grade.brightness - 1) * 0.5:.3f}:contrast={grade.contrast:.3f}"
        f":saturation={grade.saturation:.3f}"
    )
    w = grade.warmth * 0.3
    return f"{eq},colorbalance=rm={w:.3f}:bm={-w:.3f}" if grade.warmth else eq


class LocalGrade:
    """Grades images (Pillow) and videos (ffmpeg eq + colorbalance); makes no content edits."""

    async def edit(self, recipe: Recipe, source: Path, out: Path) -> Generated:
        """Grade ``source`` as the instruction in ``recipe.prompt`` says."""
        grade = parse_grade(recipe.prompt)
        if source.suffix.lower() in IMAGE_SUFFIXES:
            await asyncio.to_thread(grade_image, source, out, grade)
        else:
            await filter_video(source, grade_filter(grade), out)
        return Generated(path=out, model_version=VERSION, provider_route="local")

"""Mapping our recipe onto provider parameters: sizes, aspect enums, duration enums."""

from __future__ import annotations

from math import gcd

from tools.recipe import Recipe


def ratio(width: int, height: int) -> str:
    """1080×1920 → '9:16'."""
    d = gcd(width, height)
    return f"{width // d}:{height // d}"


def aspect(recipe: Recipe, allowed: tuple[str, ...]) -> str:
    """The recipe's aspect ratio if allowed, else the allowed one closest in shape."""
    wanted = recipe.aspect_ratio or ratio(recipe.width or 1080, recipe.height or 1920)
    if wanted in allowed:
        return wanted

    def value(r: str) -> float:
        w, h = r.split(":")
        return float(w) / float(h)

    return min(allowed, key=lambda r: abs(value(r) - value(wanted)))


def duration_choice(recipe: Recipe, allowed: tuple[float, ...]) -> float:
    """The shortest allowed clip length that covers the scene (the cut trims the rest)."""
    seconds = recipe.duration_s or allowed[0]
    covering = [d for d in allowed if d >= seconds - 1e-9]
    return min(covering) if covering else max(allowed)


def fmt_seconds(value: float) -> str:
    """5.0 → '5'."""
    return f"{value:g}"


def size(recipe: Recipe) -> tuple[int, int]:
    """The recipe's pixel size."""
    return recipe.width or 1080, recipe.height or 1920


def multiple_of(value: int, step: int) -> int:
    """Round to the nearest multiple of ``step`` (some APIs need ×16 or ×32 sizes)."""
    return max(step, round(value / step) * step)

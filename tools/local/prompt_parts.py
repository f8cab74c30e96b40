"""Read the labelled parts ("Camera: …. Lighting: …. Tone: ….") of a composed scene prompt."""

from __future__ import annotations

import re

from tools.local.palettes import PALETTES

_PART = re.compile(r"\b(Camera|Lighting|Style|Realism|Motion|Tone):\s*([^.]*)")


def prompt_parts(prompt: str) -> dict[str, str]:
    """Labelled parts of a prompt, lower-cased keys; the text before the first label is 'subject'."""
    parts = {m.group(1).lower(): m.group(2).strip() for m in _PART.finditer(prompt)}
    first = _PART.search(prompt)
    parts["subject"] = (prompt[: first.start()] if first else prompt).strip(" .")
    return parts


def mood_of(prompt: str) -> str:
    """The first palette mood named in the prompt's tone (or anywhere), else ''."""
    parts = prompt_parts(prompt)
    for text in (parts.get("tone", ""), prompt):
        for match in re.finditer(r"[a-z]+", text.lower()):
            if match.group() in PALETTES:
                return match.group()
    return ""


def shot_scale(prompt: str) -> float:
    """How much of the frame the subject fills, from the shot type named in the camera part."""
    camera = prompt_parts(prompt).get("camera", prompt).lower()
    for words, scale in (
        (("macro", "extreme close"), 0.85),
        (("close-up", "close up", "closeup"), 0.62),
        (("medium",), 0.42),
        (("wide", "establishing", "aerial", "drone"), 0.22),
    ):
        if any(w in camera for w in words):
            return scale
    return 0.4


def exposure(prompt: str) -> float:
    """Brightness multiplier from the lighting part: night/low-key darker, bright/high-key lighter."""
    lighting = prompt_parts(prompt).get("lighting", "").lower()
    factor = 1.0
    if any(w in lighting for w in ("night", "low-key", "dark", "moody", "shadow")):
        factor *= 0.6
    if any(w in lighting for w in ("high-key", "bright", "sunlit", "daylight")):
        factor *= 1.12
    return factor

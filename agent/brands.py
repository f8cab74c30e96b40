"""A brand kit applied to the plan: the concept's palette, and the storyboard's prompts, lines and recipes.

Applied after whichever planner (LLM or offline) wrote the concept or storyboard, and again after every
revision, so the kit holds whatever was asked. Idempotent: applying twice changes nothing more.
"""

from __future__ import annotations

import re

from agent.domain import Concept, Scene, Storyboard
from agent.planner.palette import COLOURS, hsv
from tools.brand import BrandKit

PALETTE_SIZE = 5


def colour_name(hex_value: str) -> str:
    """The nearest named colour to '#rrggbb' (what the concept card and prompts say)."""
    target = hsv(hex_value)

    def distance(item: tuple[str, str]) -> float:
        other = hsv(item[1])
        hue = min(abs(target.h - other.h), 360 - abs(target.h - other.h)) / 180
        return hue * min(target.s, other.s) + abs(target.s - other.s) + abs(target.v - other.v)

    return min(COLOURS.items(), key=distance)[0]


def brand_concept(concept: Concept, kit: BrandKit) -> Concept:
    """The concept in the kit's colours, with the tone among its mood words and banned words out of its text."""
    colours = kit.colors[:PALETTE_SIZE]
    words = [w for w in [*concept.mood_words, *_tone_words(kit)] if not banned(w, kit)]
    return concept.model_copy(
        update={
            "palette": [colour_name(c) for c in colours],
            "palette_hex": list(colours),
            "mood_words": list(dict.fromkeys(words)),
            "title": scrub(concept.title, kit),
            "logline": scrub(concept.logline, kit),
            "key_message": scrub(concept.key_message, kit),
        }
    )


def brand_board(board: Storyboard, kit: BrandKit) -> Storyboard:
    """Every scene within the kit: no banned word on screen, in the voiceover or the prompt; tone and palette in."""
    scenes = [brand_scene(s, kit) for s in board.scenes]
    note = f"Brand kit {kit.name}: its colours, font, logo end card and tone apply"
    if kit.avoid:
        note += f"; never says {', '.join(repr(w) for w in kit.avoid)}"
    notes = [n for n in board.notes if not n.startswith(f"Brand kit {kit.name}:")] + [note + "."]
    return board.model_copy(update={"scenes": scenes, "notes": notes})


def brand_scene(scene: Scene, kit: BrandKit) -> Scene:
    """One scene within the kit (see :func:`brand_board`)."""
    prompt = _with_addition(scrub(scene.prompt, kit), kit)
    negative = [p.strip() for p in scene.negative_prompt.split(",") if p.strip()]
    negative += [w for w in kit.avoid if w.lower() not in (n.lower() for n in negative)]
    return scene.model_copy(
        update={
            "prompt": prompt,
            "negative_prompt": ", ".join(negative),
            "voiceover": scrub(scene.voiceover, kit),
            "on_screen_text": scrub(scene.on_screen_text, kit),
            "description": scrub(scene.description, kit),
            "brand": kit.recipe_extra(),
        }
    )


def _with_addition(prompt: str, kit: BrandKit) -> str:
    """The prompt with the kit's palette (and its tone, unless the prompt already says it)."""
    colours = f"brand palette of {', '.join(colour_name(c) for c in kit.colors[:3])}"
    tone = scrub(kit.tone, kit)
    parts = [p for p in (colours, f"{tone} tone" if tone and tone.lower() not in prompt.lower() else "") if p]
    missing = [p for p in parts if p.lower() not in prompt.lower()]
    return ", ".join([prompt.rstrip(" ,."), *missing]) if missing else prompt


def _tone_words(kit: BrandKit) -> list[str]:
    return [w for w in re.findall(r"[a-z][a-z-]+", kit.tone.lower()) if len(w) > 2][:3]


def _pattern(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(word.strip())}(?![\w-])", re.IGNORECASE)


def banned(text: str, kit: BrandKit) -> bool:
    """Whether ``text`` contains one of the kit's banned words (whole words, any case)."""
    return any(_pattern(w).search(text) for w in kit.avoid if w.strip())


def scrub(text: str, kit: BrandKit) -> str:
    """``text`` without the kit's banned words, spacing and punctuation tidied."""
    for word in kit.avoid:
        if word.strip():
            text = _pattern(word).sub("", text)
    text = re.sub(r"\s+([,.!?;:])", r"\1", re.sub(r"[ \t]{2,}", " ", text))
    text = re.sub(r"[,;:]\s*([,;:.!?])", r"\1", re.sub(r"^[\s,;:]+", "", text))
    return re.sub(r"[\s,;:]+$", "", text)

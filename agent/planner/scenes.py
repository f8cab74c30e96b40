"""Offline scene breakdown: the arc, durations that sum exactly, prompts with the full anatomy."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from agent.domain import Brief, Concept, ScenePurpose
from agent.planner.vocabulary import (
    ENVIRONMENTS,
    LIGHTING,
    LIVELY,
    MOVE_WORDS,
    PHOTOREAL,
    REALISM,
    SHOTS,
    STYLE_NEGATIVES,
    WEIGHTS,
    WORDS_PER_SECOND,
)
from prompts import load_prompt

STEP_S = 0.5  # scene lengths are whole half-seconds: exact frame counts at 24/25/30/60 fps
SECONDS_PER_SCENE = 5.0
DEFAULT_GUIDANCE = 3.5


def scene_count(duration_s: float) -> int:
    """3–6 scenes, about one per five seconds."""
    return max(3, min(6, round(duration_s / SECONDS_PER_SCENE)))


def split_duration(
    total_s: float, purposes: tuple[ScenePurpose, ...], weights: Sequence[float] | None = None
) -> list[float]:
    """Durations per scene in half-second steps, summing exactly to ``total_s``.

    Weighted by purpose, or by ``weights`` (e.g. an LLM's proposed durations) when given.
    """
    steps_total = round(total_s / STEP_S)
    weights = list(weights) if weights is not None else [WEIGHTS[p] for p in purposes]
    raw = [steps_total * w / sum(weights) for w in weights]
    steps = [max(1, int(r)) for r in raw]
    # Hand out the remaining steps to the scenes that were rounded down the most.
    order = sorted(range(len(raw)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    i = 0
    while sum(steps) < steps_total:
        steps[order[i % len(order)]] += 1
        i += 1
    while sum(steps) > steps_total:
        j = max(range(len(steps)), key=lambda k: steps[k])
        steps[j] -= 1
    durations = [s * STEP_S for s in steps]
    # A brief length that is not a whole half-second lands on the last scene.
    durations[-1] = round(durations[-1] + (total_s - sum(durations)), 3)
    return durations


def stable_seed(*parts: object) -> int:
    """A recorded, reproducible seed derived from the brief and scene."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()
    return int(digest[:8], 16) % 2_147_483_647


def is_stylized(style: str) -> bool:
    """Whether the style is illustrated/animated rather than photographic."""
    return style in REALISM


def description(purpose: ScenePurpose, brief: Brief, concept: Concept) -> str:
    """What happens in the scene, in plain words."""
    product, audience = brief.product, brief.audience
    return {
        ScenePurpose.HOOK: f"Scroll-stopping opening: the world of the {product}, instantly {concept.mood}",
        ScenePurpose.STORY: f"{audience.capitalize()} in the moment the {product} is made for",
        ScenePurpose.BENEFIT: f"The difference the {product} makes, shown rather than told",
        ScenePurpose.PRODUCT: f"Hero shot of the {product}, every line of it in focus",
        ScenePurpose.DETAIL: f"Macro detail of the {product}: texture, material, craft",
        ScenePurpose.CTA: f"The {product} with the closing line: {concept.key_message}",
    }[purpose]


def on_screen_text(purpose: ScenePurpose, brief: Brief, concept: Concept) -> str:
    """Short overlay text for the scene (empty where none belongs)."""
    tagline = concept.title.split(": ", 1)[-1]
    cta = "Learn more" if "linkedin" in brief.platforms or concept.mood == "trustworthy" else "Shop now"
    return {
        ScenePurpose.HOOK: tagline,
        ScenePurpose.PRODUCT: brief.product.title() if brief.product != "our product" else "",
        ScenePurpose.CTA: cta,
    }.get(purpose, "")


def voiceover_line(purpose: ScenePurpose, brief: Brief, concept: Concept, duration_s: float) -> str:
    """The longest line for the scene that fits it at a natural speaking rate (never cut mid-phrase)."""
    tagline = concept.title.split(": ", 1)[-1] + "."
    broad = brief.audience.startswith("a broad")
    options = {
        ScenePurpose.HOOK: [tagline, "Look closer."],
        ScenePurpose.STORY: [
            *([] if broad else [f"Made for {brief.audience}, made for moments like this."]),
            "Made for moments like this.",
            "Made for this.",
        ],
        ScenePurpose.BENEFIT: ["Feel the difference from the very first minute.", "Feel the difference."],
        ScenePurpose.PRODUCT: [f"This is the {brief.product}.", "This is it."],
        ScenePurpose.DETAIL: ["Every detail, considered.", "Every detail."],
        ScenePurpose.CTA: [concept.key_message, tagline, "Try it today."],
    }[purpose]
    budget = max(2, int(duration_s * WORDS_PER_SECOND))
    return next((line for line in options if len(line.split()) <= budget), options[-1])


def compose_prompt(
    *, purpose: ScenePurpose, brief: Brief, concept: Concept, shot: str, move: str, lighting: str, subject: str
) -> str:
    """Fill the scene prompt template: subject / environment / camera / lighting / style / realism / motion / tone."""
    environment = ENVIRONMENTS.get(concept.mood, ENVIRONMENTS["inspiring"])
    palette = ", ".join(concept.palette[:3])
    return load_prompt("scene_prompt").render(
        subject=subject,
        environment=f"in {environment}",
        camera=f"{shot}, {MOVE_WORDS[move]}",
        lighting=lighting,
        style=f"{concept.style}, palette of {palette}",
        realism=REALISM.get(concept.style, PHOTOREAL),
        motion=_motion(purpose, concept.mood),
        tone=f"{concept.mood}, {brief.audience}",
    )


def _motion(purpose: ScenePurpose, mood: str) -> str:
    pace = "quick, punchy" if mood in LIVELY else "slow, graceful"
    return {
        ScenePurpose.HOOK: f"{pace} reveal",
        ScenePurpose.STORY: f"{pace} natural movement of people",
        ScenePurpose.BENEFIT: f"{pace} movement showing use",
        ScenePurpose.PRODUCT: "product turns gently, light sweeps across it",
        ScenePurpose.DETAIL: "light glides over the surface",
        ScenePurpose.CTA: f"{pace} settle into the end frame",
    }[purpose]


def negative_prompt(brief: Brief, concept: Concept) -> str:
    """Things the image and video models should avoid."""
    kind = "stylized" if is_stylized(concept.style) else "photoreal"
    extra = [
        re.sub(r"^(?:no|avoid|never|don't|do not)\s+", "", c, flags=re.IGNORECASE)
        for c in brief.constraints
        if re.match(r"^(?:no|avoid|never|don't|do not)\b", c, flags=re.IGNORECASE)
    ]
    return load_prompt("negative_prompt").render(
        style_negatives=STYLE_NEGATIVES[kind],
        constraint_negatives="".join(f", {e}" for e in extra),
    )


def camera_move(purpose: ScenePurpose, mood: str) -> tuple[str, str]:
    """(shot type, camera move) for a purpose in a mood."""
    shot, lively, quiet = SHOTS[purpose]
    return shot, lively if mood in LIVELY else quiet


def base_lighting(mood: str) -> str:
    """Lighting for a mood."""
    return LIGHTING.get(mood, LIGHTING["inspiring"])

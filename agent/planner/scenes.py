"""Offline scene breakdown: the arc, durations that sum exactly, prompts with the full anatomy."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from agent.domain import Brief, Concept, ScenePurpose
from agent.planner.products import category_of
from agent.planner.vocabulary import (
    ENVIRONMENTS,
    LIGHTING,
    LIVELY,
    MOVE_WORDS,
    PHOTOREAL,
    REALISM,
    SEASON_DETAILS,
    SHOTS,
    STYLE_NEGATIVES,
    WEIGHTS,
    WORDS_PER_SECOND,
)
from agent.planner.wording import naming, sentence, title_case, who
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


def _who(brief: Brief) -> str:
    return sentence(who(brief))


def description(purpose: ScenePurpose, brief: Brief, concept: Concept) -> str:
    """What happens in the scene, in plain words."""
    name = naming(brief)
    category = category_of(brief.product) if name.named else None
    doing = (category.doing if category else "reaching for {p}").format(p=name.the)
    feel = " ".join([*concept.mood_words[:2]] or [concept.mood])
    detail = category.detail if category else "texture, material, craft"
    closing = concept.key_message.rstrip(".")
    return {
        ScenePurpose.HOOK: f"Opening image: a first glimpse of {name.the}, {feel} from the first frame",
        ScenePurpose.STORY: f"{_who(brief)} {doing}",
        ScenePurpose.BENEFIT: f"{sentence(name.the)} in use, the difference shown rather than told",
        ScenePurpose.PRODUCT: f"Hero shot of {name.the}, every line in sharp focus",
        ScenePurpose.DETAIL: f"Macro detail of {name.the}: {detail}",
        ScenePurpose.CTA: f"{sentence(name.the)} with the closing line “{closing}”",
    }[purpose]


def on_screen_text(purpose: ScenePurpose, brief: Brief, concept: Concept) -> str:
    """Short overlay text for the scene (empty where none belongs)."""
    tagline = concept.title.split(": ", 1)[-1]
    cta = "Learn more" if "linkedin" in brief.platforms or concept.mood == "trustworthy" else "Shop now"
    name = naming(brief)
    return {
        ScenePurpose.HOOK: tagline,
        ScenePurpose.PRODUCT: title_case(name.full) if name.named else "",
        ScenePurpose.CTA: cta,
    }.get(purpose, "")


def voiceover_options(purpose: ScenePurpose, brief: Brief, concept: Concept) -> list[str]:
    """Lines that could voice the scene, longest first."""
    tagline = concept.title.split(": ", 1)[-1] + "."
    name = naming(brief)
    broad = brief.audience.startswith("a broad")
    meet = f"Meet {name.the}." if name.named else "Meet your new favourite."
    find = f"Find {name.brand} today." if name.brand else "Try it today."
    return {
        ScenePurpose.HOOK: [tagline, "Look closer."],
        ScenePurpose.STORY: [
            *([] if broad else [f"Made for {brief.audience}, made for moments like this."]),
            "Made for moments like this.",
            "Made for this.",
        ],
        ScenePurpose.BENEFIT: ["Feel the difference from the very first minute.", "Feel the difference."],
        ScenePurpose.PRODUCT: [meet, "This is it.", "Say hello."],
        ScenePurpose.DETAIL: ["Every detail, considered.", "Every detail."],
        ScenePurpose.CTA: [concept.key_message, find, "Try it today.", "Try it."],
    }[purpose]


FALLBACK_LINES = ("Go on.", "Right here.", "Your move.", "See it.", "Feel it.", "Just this.")


def voiceover_line(
    purpose: ScenePurpose, brief: Brief, concept: Concept, duration_s: float, used: Sequence[str] = ()
) -> str:
    """The longest line for the scene that fits it at a natural speaking rate (never cut mid-phrase).

    A line already ``used`` earlier in the storyboard is never repeated.
    """
    budget = max(2, int(duration_s * WORDS_PER_SECOND))
    taken = {u.lower() for u in used}
    options = [line for line in voiceover_options(purpose, brief, concept) if line.lower() not in taken]
    options += [line for line in FALLBACK_LINES if line.lower() not in taken]
    return next((line for line in options if len(line.split()) <= budget), min(options, key=lambda x: len(x.split())))


def environment(concept: Concept) -> str:
    """Where the scene happens, with the season's detail: 'in a cosy café corner, autumn leaves drifting past'."""
    setting = concept.setting or ENVIRONMENTS.get(concept.mood, ENVIRONMENTS["inspiring"])
    season = next((SEASON_DETAILS[w] for w in concept.mood_words if w in SEASON_DETAILS), "")
    return f"{setting}, {season}" if season else setting


def tone(brief: Brief, concept: Concept) -> str:
    """'warm, cosy, autumn, for coffee lovers' (the mood key first: the local renderer reads it)."""
    words = [concept.mood, *(w for w in concept.mood_words if w != concept.mood)]
    audience = "" if brief.audience.startswith("a broad") else f", for {brief.audience}"
    return ", ".join(words) + audience


def compose_prompt(
    *, purpose: ScenePurpose, brief: Brief, concept: Concept, shot: str, move: str, lighting: str, subject: str
) -> str:
    """Fill the scene prompt template: subject / environment / camera / lighting / style / realism / motion / tone."""
    palette = ", ".join(concept.palette[:3])
    return load_prompt("scene_prompt").render(
        subject=subject,
        environment=environment(concept),
        camera=f"{shot}, {MOVE_WORDS[move]}",
        lighting=lighting,
        style=f"{concept.style}, palette of {palette}",
        realism=REALISM.get(concept.style, PHOTOREAL),
        motion=_motion(purpose, concept.mood),
        tone=tone(brief, concept),
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


def base_lighting(concept: Concept) -> str:
    """The concept's light, else its mood's."""
    return concept.lighting or LIGHTING.get(concept.mood, LIGHTING["inspiring"])

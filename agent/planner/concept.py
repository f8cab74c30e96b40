"""Offline concept writing: deterministic, from the brief's mood, style and product."""

from __future__ import annotations

import re

from agent.domain import Brief, Concept, ConceptOption
from agent.planner.vocabulary import TAGLINES
from prompts import load_prompt
from tools.local.palettes import PALETTES, palette_for

# Feedback words that move the mood ("darker" → dramatic, "more fun" → playful, ...).
MOOD_SHIFTS: dict[str, str] = {
    "darker": "dramatic",
    "moodier": "dramatic",
    "night": "dramatic",
    "edgier": "bold",
    "calmer": "calm",
    "softer": "calm",
    "quieter": "calm",
    "brighter": "inspiring",
    "lighter": "playful",
    "funnier": "playful",
    "fun": "playful",
    "warmer": "warm",
    "premium": "luxurious",
    "classier": "luxurious",
    "simpler": "minimal",
    "cleaner": "minimal",
    "bolder": "bold",
    "punchier": "energetic",
    "faster": "energetic",
    "serious": "trustworthy",
}


def shifted_mood(mood: str, feedback: list[str]) -> str:
    """The mood after applying feedback, latest feedback winning."""
    for text in feedback:
        for word in re.findall(r"[a-z]+", text.lower()):
            if word in PALETTES:
                mood = word
            elif word in MOOD_SHIFTS:
                mood = MOOD_SHIFTS[word]
    return mood


def title_case(text: str) -> str:
    """'trail shoe' → 'Trail Shoe' (keeps existing capitals such as 'CRM')."""
    return " ".join(w if w[:1].isupper() else w.capitalize() for w in text.split())


ALTERNATE_MOODS = ("playful", "dramatic", "calm", "bold", "warm")
_CHOICE = re.compile(r"\b(?:alternative|option|concept)\s*#?(\d)\b", re.IGNORECASE)


def is_vague(brief: Brief) -> bool:
    """A brief with no product, or with neither tone, style nor audience named."""
    unnamed = brief.tone == "inspiring" and brief.style == "cinematic" and brief.audience.startswith("a broad")
    return brief.product == "our product" or unnamed


def alternative_moods(brief: Brief) -> list[str]:
    """Two other directions for a vague brief."""
    return [m for m in ALTERNATE_MOODS if m != brief.tone][:2]


def chosen_alternative(brief: Brief, feedback: list[str]) -> str | None:
    """The mood of the alternative the latest feedback picks ('go with alternative 2'), if any."""
    for text in reversed(feedback):
        match = _CHOICE.search(text)
        if match:
            moods = alternative_moods(brief)
            index = int(match.group(1)) - 1
            return moods[index] if 0 <= index < len(moods) else None
    return None


def option(brief: Brief, mood: str) -> ConceptOption:
    """An alternative concept in another mood."""
    tagline = TAGLINES.get(mood, TAGLINES["inspiring"])
    return ConceptOption(
        title=f"{title_case(brief.product)}: {tagline}",
        mood=mood,
        style=brief.style,
        logline=f"The {brief.product} told in a {mood} key.",
        key_message=f"{tagline}.",
    )


def offline_concept(brief: Brief, feedback: list[str], revision: int = 0) -> Concept:
    """Write the concept for a brief, applying any redirect feedback."""
    mood = chosen_alternative(brief, feedback) or shifted_mood(brief.tone, feedback)
    tagline = TAGLINES.get(mood, TAGLINES["inspiring"])
    product = brief.product
    key_message = f"{tagline} with the {product}." if product != "our product" else f"{tagline}."
    logline = load_prompt("concept_logline").render(
        audience=brief.audience,
        product=f"the {product}",
        mood=mood,
        mood_article="an" if mood[:1] in "aeiou" else "a",
        style=brief.style,
        hook="a scroll-stopping first second",
        key_message=key_message,
    )
    if feedback:
        logline += f" Revised for: {'; '.join(feedback)}."
    return Concept(
        title=f"{title_case(product)}: {tagline}",
        logline=logline,
        mood=mood,
        mood_article="an" if mood[:1] in "aeiou" else "a",
        style=brief.style,
        palette=[swatch.name for swatch in palette_for(mood)],
        key_message=key_message,
        revision=revision,
        feedback=list(feedback),
        alternatives=[option(brief, m) for m in alternative_moods(brief)] if is_vague(brief) and not feedback else [],
    )

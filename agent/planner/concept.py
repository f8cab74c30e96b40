"""Offline concept writing: deterministic, from the brief's direction, product and audience.

Redirect feedback moves the direction (:mod:`agent.planner.direction`); the concept is rewritten from
the brief and every redirect so far, so it is the same whenever it is replayed.
"""

from __future__ import annotations

from agent.domain import Brief, Concept, ConceptOption
from agent.planner import palette
from agent.planner.direction import Direction, direct
from agent.planner.products import category_of
from agent.planner.scenes import stable_seed
from agent.planner.vocabulary import TAGLINE_CHOICES, TIME_PHRASES, TURNS
from agent.planner.wording import audience_line, listing, naming, sentence, title_case, who, with_article
from prompts import load_prompt

__all__ = ["alternative_moods", "is_vague", "offline_concept", "tagline", "title_case"]

ALTERNATE_MOODS = ("playful", "dramatic", "calm", "bold", "warm")


def is_vague(brief: Brief) -> bool:
    """A brief with no product, or with neither tone, style nor audience named."""
    unnamed = brief.tone == "inspiring" and brief.style == "cinematic" and brief.audience.startswith("a broad")
    return not naming(brief).named or unnamed


def alternative_moods(brief: Brief) -> list[str]:
    """Two other directions for a vague brief."""
    return [m for m in ALTERNATE_MOODS if m != brief.tone][:2]


def tagline(brief: Brief, mood: str) -> str:
    """The campaign's tagline in a mood (picked by product, so briefs rarely share one)."""
    lines = TAGLINE_CHOICES.get(mood, TAGLINE_CHOICES["inspiring"])
    return lines[stable_seed(brief.product.lower(), brief.brand.lower()) % len(lines)]


def key_message(brief: Brief, mood: str) -> str:
    """The closing promise, e.g. 'Feels like home, with the oat-milk latte.'."""
    name = naming(brief)
    line = tagline(brief, mood)
    return f"{line}, with {name.the}." if name.named else f"{line}."


def _when(direction: Direction) -> str:
    """' on an autumn morning', ' at night', ' in autumn', or ''."""
    season, time = direction.season, direction.time_of_day
    if season and time in ("morning", "afternoon", "evening", "night"):
        return f" on {with_article(f'{season} {time}')}"
    if time:
        return f" {TIME_PHRASES.get(time, f'at {time}')}"
    return f" in {season}" if season and season != "festive" else ""


def _moment(brief: Brief) -> str:
    """'someone takes the first sip of the oat-milk latte'."""
    name = naming(brief)
    category = category_of(brief.product) if name.named else None
    does = category.does if category else "reaches for {p}"
    return f"{who(brief)} {does.format(p=name.the)}"


def logline(brief: Brief, direction: Direction) -> str:
    """The concept in two sentences of copy: where and when, what happens, the promise."""
    feel = [*direction.words, *([] if direction.mood in direction.words else [direction.mood])]
    return load_prompt("concept_logline").render(
        scene=sentence(f"{direction.setting}{_when(direction)}"),
        moment=_moment(brief),
        turn=TURNS.get(direction.mood, TURNS["inspiring"]),
        feel=sentence(f"{listing(feel)}, in {with_article(direction.style)} style"),
        key_message=key_message(brief, direction.mood),
        audience=audience_line(brief),
    )


def option(brief: Brief, mood: str) -> ConceptOption:
    """An alternative concept in another mood."""
    name = naming(brief)
    line = tagline(brief, mood)
    return ConceptOption(
        title=f"{name.title}: {line}" if name.title else line,
        mood=mood,
        style=brief.style,
        logline=f"{sentence(name.the)}, told in {with_article(mood)} key: {TURNS.get(mood, TURNS['inspiring'])}.",
        key_message=key_message(brief, mood),
    )


def offline_concept(brief: Brief, feedback: list[str], revision: int = 0) -> Concept:
    """Write the concept for a brief, applying every redirect so far."""
    alternatives = alternative_moods(brief)
    direction = direct(brief, feedback, alternatives)
    mood = direction.mood
    name = naming(brief)
    line = tagline(brief, mood)
    text = logline(brief, direction)
    if feedback:
        text += f" Revised for: {'; '.join(feedback)}."
    return Concept(
        title=f"{name.title}: {line}" if name.title else line,
        logline=text,
        mood=mood,
        style=direction.style,
        palette=list(direction.palette),
        palette_hex=palette.hexes(direction.palette),
        key_message=key_message(brief, mood),
        revision=revision,
        feedback=list(feedback),
        alternatives=[option(brief, m) for m in alternatives] if is_vague(brief) and not feedback else [],
        mood_words=list(direction.words),
        setting=direction.setting,
        lighting=direction.lighting,
    )

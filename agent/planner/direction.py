"""The creative direction: the brief's mood, palette, setting and light, moved by each redirect in turn.

A redirect changes what it names and keeps the rest: "warmer" moves the palette toward orange and warms
the light, "more playful" changes the tone and adds the word, "at night" changes the time of day; the
brief's own mood words and setting stay unless a redirect names new ones.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from pydantic import BaseModel, Field

from agent.briefs import STYLES, TONES, parse_light, parse_setting, parse_time_of_day
from agent.domain import Brief
from agent.planner import palette
from agent.planner.products import category_of
from agent.planner.vocabulary import ENVIRONMENTS, LIGHTING, TIME_LIGHT
from agent.planner.wording import naming
from tools.local.palettes import PALETTES, palette_for

SEASONS = ("autumn", "winter", "spring", "summer", "festive")


class Shift(NamedTuple):
    """What one direction word does: palette moves, the mood it turns the tone to, the word it adds."""

    moves: tuple[str, ...] = ()
    mood: str | None = None
    word: str | None = None
    light: tuple[str, str] | None = None
    """(axis, qualifier): 'temperature' or 'exposure', and the words added to the lighting."""


WARM_LIGHT = ("temperature", "warm golden cast")
COOL_LIGHT = ("temperature", "cool blue cast")
LOW_KEY = ("exposure", "low-key, deep shadows")
HIGH_KEY = ("exposure", "bright, high-key")
STRONGER: dict[str, str] = {
    "warm golden cast": "rich amber glow",
    "rich amber glow": "deep golden warmth",
    "cool blue cast": "crisp icy blue light",
    "crisp icy blue light": "cold blue moonlit tone",
    "low-key, deep shadows": "very low-key, inky shadows",
    "very low-key, inky shadows": "near-darkness with a single pool of light",
    "bright, high-key": "very bright, airy high-key",
    "very bright, airy high-key": "sun-drenched, glowing highlights",
}
"""A light asked for again gets stronger ('warmer' twice: a warm cast, then an amber glow)."""


def _many(words: str, shift: Shift) -> dict[str, Shift]:
    return dict.fromkeys(words.split(), shift)


SHIFTS: dict[str, Shift] = {
    **_many("warmer warm warmth toastier", Shift(("warmer",), light=WARM_LIGHT)),
    **_many("cosier cosy cosiness", Shift(("warmer",), mood="warm", word="cosy", light=WARM_LIGHT)),
    **_many("cozier cozy coziness homier homely", Shift(("warmer",), mood="warm", word="cozy", light=WARM_LIGHT)),
    **_many("cooler cool colder cold icier icy fresher crisper", Shift(("cooler",), light=COOL_LIGHT)),
    **_many("darker dark dimmer dim", Shift(("darker",), mood="dramatic", light=LOW_KEY)),
    **_many("moodier moody dramatic intense", Shift(("darker", "muted"), mood="dramatic", word="moody", light=LOW_KEY)),
    **_many("brighter bright lighter airier airy", Shift(("brighter",), light=HIGH_KEY)),
    **_many("sunnier sunny", Shift(("brighter",), word="sunny", light=HIGH_KEY)),
    **_many(
        "playful fun funnier sillier cheekier whimsical quirkier quirky",
        Shift(("vivid",), mood="playful", word="playful"),
    ),
    **_many(
        "premium luxurious luxe luxury classier classy upscale elegant sophisticated fancier posher",
        Shift(("deeper",), mood="luxurious", word="premium"),
    ),
    **_many(
        "calmer calm softer soft quieter quiet gentler gentle serene relaxed slower mellower",
        Shift(("muted",), mood="calm", word="calm"),
    ),
    **_many(
        "energetic punchier punchy faster livelier lively dynamic upbeat snappier",
        Shift(("vivid",), mood="energetic", word="energetic"),
    ),
    **_many("bolder bold edgier edgy louder", Shift(("vivid",), mood="bold", word="bold")),
    **_many(
        "minimal minimalist simpler simple cleaner clean sparser", Shift(("neutral",), mood="minimal", word="minimal")
    ),
    **_many(
        "serious professional trustworthy corporate credible",
        Shift(("cooler", "muted"), mood="trustworthy", word="professional"),
    ),
    **_many(
        "inspiring uplifting hopeful aspirational optimistic", Shift(("brighter",), mood="inspiring", word="uplifting")
    ),
    **{w: Shift(("warmer",), mood="warm", word=w) for w in ("friendly", "heartfelt", "nostalgic", "romantic")},
    "friendlier": Shift(("warmer",), mood="warm", word="friendly"),
    **_many("vibrant colourful colorful saturated poppier", Shift(("vivid",), word="vibrant")),
    **_many("muted subtle subtler desaturated", Shift(("muted",), word="muted")),
    "pastel": Shift(("muted", "brighter"), word="pastel"),
    **_many("richer rich deeper", Shift(("deeper",), word="rich")),
    **_many("autumnal autumn", Shift(("deeper", "warmer"), word="autumn")),
    **_many("wintry wintery winter", Shift(("cooler",), word="winter")),
    **_many("summery summer", Shift(("vivid", "brighter"), word="summer")),
    **_many("spring springtime springy", Shift(("muted", "brighter"), word="spring")),
    **_many("festive christmassy", Shift(("deeper", "warmer"), word="festive")),
    **{f"{c}er": Shift((f"more {c}",)) for c in ("green", "yellow", "pink")},
    **{w: Shift((f"more {c}",)) for w, c in (("bluer", "blue"), ("redder", "red"), ("golden", "gold"))},
}
"""Direction words a redirect uses, and what each does."""
_MOOD_ANTONYM = {
    "playful": "calm",
    "energetic": "calm",
    "bold": "calm",
    "dramatic": "warm",
    "calm": "energetic",
    "luxurious": "warm",
    "minimal": "playful",
    "trustworthy": "warm",
    "warm": "calm",
    "inspiring": "calm",
}
OPPOSED: dict[str, tuple[str, ...]] = {
    "calm": ("energetic", "bold", "playful"),
    "energetic": ("calm", "minimal"),
    "playful": ("trustworthy", "luxurious", "dramatic"),
    "luxurious": ("playful",),
    "dramatic": ("playful", "calm"),
    "bold": ("calm", "minimal"),
    "minimal": ("bold", "playful", "energetic"),
    "trustworthy": ("playful",),
}
"""Moods whose words a move to the key mood drops ('calmer' drops 'energetic'; 'cosy' and 'autumn' stay)."""
_NEGATION = r"(?:less|not so|not as|too|tone down(?: the)?|fewer|no more)"
_COLOUR_MORE = re.compile(r"\bmore\s+(" + "|".join(palette.HUES) + r")\b")
_WORD = re.compile(
    rf"\b(?:(?P<negated>{_NEGATION})\s+)?(?:(?:more|a bit|a little|slightly|much|way|extra|even|really|so)\s+)*"
    r"(?P<word>[a-z][a-z-]*)"
)
_CHOICE = re.compile(r"\b(?:alternative|option|concept|direction)\s*#?(\d)\b", re.IGNORECASE)
_HUE_MOVES = {"warmer", "cooler", *(f"more {c}" for c in palette.HUES)}
_TIME_MOVES = {
    "night": "darker",
    "evening": "deeper",
    "dusk": "deeper",
    "golden hour": "warmer",
    "sunset": "warmer",
    "morning": "brighter",
    "dawn": "brighter",
    "sunrise": "brighter",
}


class Direction(BaseModel):
    """Mood, words, palette, style, setting and light: everything a concept and its scenes look like."""

    mood: str
    words: list[str] = Field(default_factory=list)
    palette: list[str]
    style: str
    setting: str
    base_light: str
    light_notes: dict[str, str] = Field(default_factory=dict)
    time_of_day: str = ""

    @property
    def lighting(self) -> str:
        """The light every scene starts from."""
        return ", ".join([self.base_light, *self.light_notes.values()])

    @property
    def season(self) -> str:
        """The season the direction names, or ''."""
        return next((w for w in self.words if w in SEASONS), "")


def base_palette(brief: Brief) -> list[str]:
    """The palette the brief implies: its season's, else its mood's; darker for a night brief."""
    season = next((palette.SEASON_PALETTES[w] for w in brief.mood_words if w in palette.SEASON_PALETTES), None)
    names = list(season) if season else [s.name for s in palette_for(brief.tone)]
    return palette.shift(names, "darker") if brief.time_of_day == "night" else names


def _base_light(mood: str, time_of_day: str) -> str:
    return TIME_LIGHT.get(time_of_day) or LIGHTING.get(mood, LIGHTING["inspiring"])


def setting_for(brief: Brief) -> str:
    """Where to film: the brief's setting, else the product's ('on a rocky mountain trail'), else the mood's."""
    if brief.setting:
        return brief.setting
    category = category_of(brief.product) if naming(brief).named else None
    if category is not None:
        return category.setting.format(p=naming(brief).the)
    return ENVIRONMENTS.get(brief.tone, ENVIRONMENTS["inspiring"])


def initial(brief: Brief) -> Direction:
    """The direction the brief states, before any redirect."""
    setting = setting_for(brief)
    return Direction(
        mood=brief.tone,
        words=list(brief.mood_words),
        palette=base_palette(brief),
        style=brief.style,
        setting=setting,
        base_light=brief.light or _base_light(brief.tone, brief.time_of_day),
        time_of_day=brief.time_of_day,
    )


def shifts_in(text: str) -> list[tuple[Shift, bool]]:
    """The direction words in a redirect, in order, each with whether it was negated ('less playful')."""
    lowered = text.lower()
    found: list[tuple[int, Shift, bool]] = [
        (m.start(), Shift((f"more {m.group(1)}",)), False) for m in _COLOUR_MORE.finditer(lowered)
    ]
    for match in _WORD.finditer(lowered):
        shift = SHIFTS.get(match.group("word"))
        if shift is not None and not any(start == match.start() for start, _, _ in found):
            found.append((match.start(), shift, bool(match.group("negated"))))
    return [(shift, negated) for _, shift, negated in sorted(found, key=lambda f: f[0])]


def _same_way(current: str, wanted: str) -> bool:
    """Whether a light note is ``wanted`` or a stronger step of it."""
    while current:
        if current == wanted:
            return True
        current = next((weaker for weaker, stronger in STRONGER.items() if stronger == current), "")
    return False


def _words_for(mood: str) -> list[str]:
    """The words redirects add for a mood ('premium' for luxurious)."""
    return [s.word for s in SHIFTS.values() if s.mood == mood and s.word]


def _named_style(text: str) -> str | None:
    words = f" {' '.join(re.findall(r'[a-z0-9-]+', text.lower()))} "
    named = [(words.find(f" {s} "), s) for s in STYLES if s not in ("minimalist", "studio") and f" {s} " in words]
    return min(named)[1] if named else None


def _choice(text: str, alternatives: Sequence[str]) -> str | None:
    """The mood of the alternative a redirect picks: the card numbers them from 2 ('go with alternative 2')."""
    match = _CHOICE.search(text)
    if not match:
        return None
    index = int(match.group(1)) - 2
    return alternatives[index] if 0 <= index < len(alternatives) else None


def redirect(direction: Direction, text: str, brief: Brief, alternatives: Sequence[str] = ()) -> Direction:
    """The direction after one redirect: what it names changes, the rest is kept."""
    mood, words, notes = direction.mood, list(direction.words), dict(direction.light_notes)
    names = list(direction.palette)
    moves: list[str] = []
    chosen = _choice(text, alternatives)
    if chosen:
        mood, names = chosen, [s.name for s in PALETTES[chosen]]
    for shift, negated in shifts_in(text):
        if negated:
            moves += [palette.OPPOSITES.get(m, m) for m in shift.moves if m in palette.OPPOSITES]
            if shift.mood and shift.mood == mood:
                mood = brief.tone if brief.tone != mood else _MOOD_ANTONYM.get(mood, "calm")
            words = [w for w in words if w != shift.word]
            if shift.light and _same_way(notes.get(shift.light[0], ""), shift.light[1]):
                del notes[shift.light[0]]
            continue
        moves += shift.moves
        if shift.mood:
            mood = shift.mood
            opposed = {w for m in OPPOSED.get(mood, ()) for w in (m, *TONES[m], *_words_for(m))}
            words = [w for w in words if w not in opposed]
        if shift.word and shift.word not in words:
            words.append(shift.word)
        if shift.light:
            axis, wanted = shift.light
            current = notes.get(axis, "")
            notes[axis] = STRONGER.get(current, current) if _same_way(current, wanted) else wanted
    time_of_day = parse_time_of_day(text) or direction.time_of_day
    base_light = parse_light(text) or direction.base_light
    if time_of_day != direction.time_of_day:
        base_light = parse_light(text) or _base_light(mood, time_of_day)
        moves.append(_TIME_MOVES.get(time_of_day, ""))
    # Saturation and value first, hue last: the hue a redirect asks for is the one it gets.
    for move in sorted((m for m in moves if m), key=lambda m: m in _HUE_MOVES):
        names = palette.shift(names, move)
    return Direction(
        mood=mood,
        words=words,
        palette=names,
        style=_named_style(text) or direction.style,
        setting=parse_setting(text) or direction.setting,
        base_light=base_light,
        light_notes=notes,
        time_of_day=time_of_day,
    )


def direct(brief: Brief, feedback: Sequence[str], alternatives: Sequence[str] = ()) -> Direction:
    """The direction after every redirect so far, applied in order."""
    direction = initial(brief)
    for text in feedback:
        direction = redirect(direction, text, brief, alternatives)
    return direction

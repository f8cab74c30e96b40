"""Ranking a route's voices against a described voice: gender, accent, age and tone words, each scored.

A trait the turn does not mention never counts; one it mentions scores for a match and against a clear
mismatch (a male voice for 'a female voice'). Ties keep the lister's order, which puts the plain voices
(en-gb before en-gb-x-rp) first.
"""

from __future__ import annotations

from pydantic import BaseModel

from agent.intents.schema import VoiceRequest
from tools.voices import Voice

SYNONYMS: dict[str, frozenset[str]] = {
    "warm": frozenset({"warm", "friendly", "soft", "gentle", "pleasant", "smooth"}),
    "deep": frozenset({"deep", "low", "resonant", "bass", "baritone", "authoritative"}),
    "calm": frozenset({"calm", "soothing", "relaxed", "measured", "gentle", "meditative"}),
    "bright": frozenset({"bright", "energetic", "upbeat", "cheerful", "lively", "excited", "youthful"}),
    "soft": frozenset({"soft", "breathy", "gentle", "whispery"}),
    "authoritative": frozenset({"authoritative", "confident", "serious", "deep", "professional"}),
    "narration": frozenset({"narration", "narrative", "narrator", "storytelling", "audiobook", "documentary"}),
    "light": frozenset({"light", "high", "bright"}),
    "natural": frozenset({"natural", "conversational", "casual", "realistic"}),
}
OPPOSITES: dict[str, frozenset[str]] = {
    "deep": frozenset({"light", "high"}),
    "light": frozenset({"deep", "low"}),
    "warm": frozenset({"bright", "high"}),
    "calm": frozenset({"energetic", "excited"}),
    "bright": frozenset({"deep", "low", "calm"}),
}
NAMED = 10.0
"""What naming a voice scores: more than every trait together."""
ACCENT_FAMILY = {"scottish": "british", "english": "british", "irish": "british"}
"""Accents that partly answer a request for the broader one."""


class VoiceMatch(BaseModel):
    """A voice with its score and the traits that earned it."""

    voice: Voice
    score: float
    matched: list[str]


Points = tuple[float, str | None]
"""What one trait scores, and the words that say why (None when it earned nothing)."""


def _name(voice: Voice, request: VoiceRequest) -> Points:
    first = voice.name.lower().split(" ")[0].strip(" -")
    named = bool(request.name) and (first == (request.name or "").lower() or voice.id == request.name)
    return (NAMED, f"named {voice.name}") if named else (0.0, None)


def _gender(voice: Voice, request: VoiceRequest) -> Points:
    if not (request.gender and voice.gender):
        return 0.0, None
    if voice.gender == request.gender:
        return 3.0, voice.gender
    return (0.0 if voice.gender == "neutral" else -5.0), None


def _accent(voice: Voice, request: VoiceRequest) -> Points:
    if not (request.accent and voice.accent):
        return 0.0, None
    if request.accent in voice.accent:
        return 3.0, f"{voice.accent} accent"
    if ACCENT_FAMILY.get(voice.accent) == request.accent:
        return 1.0, f"{voice.accent} accent"
    return -2.0, None


def _age(voice: Voice, request: VoiceRequest) -> Points:
    if not (request.age and voice.age):
        return 0.0, None
    return (2.0, voice.age) if voice.age == request.age else (-1.0, None)


def _tones(voice: Voice, request: VoiceRequest) -> list[Points]:
    described = voice.description.lower().replace(",", " ").replace(".", " ").split()
    words = {*voice.tone, *described}
    points: list[Points] = []
    for tone in request.tone:
        near = SYNONYMS.get(tone, frozenset()) & words
        if tone in words:
            points.append((2.0, tone))
        elif near:
            points.append((1.0, f"{tone} ({', '.join(sorted(near))})"))
        elif OPPOSITES.get(tone, frozenset()) & words:
            points.append((-1.0, None))
    return points


def score(voice: Voice, request: VoiceRequest) -> VoiceMatch:
    """How well ``voice`` answers ``request``, and why."""
    parts = [_name(voice, request), _gender(voice, request), _accent(voice, request), _age(voice, request)]
    parts += _tones(voice, request)
    return VoiceMatch(voice=voice, score=sum(p for p, _ in parts), matched=[why for _, why in parts if why is not None])


def rank(voices: list[Voice], request: VoiceRequest, current: str | None = None, top: int = 3) -> list[VoiceMatch]:
    """The ``top`` voices that answer ``request`` best (best first; ties in the list's order).

    ``current`` is the voice the campaign speaks with now: it is left out (a different one is asked for,
    unless it is named), and with no accent asked for, its accent is kept where the scores tie.
    """
    now = next((v for v in voices if v.id == current), None)
    scored = []
    for voice in voices:
        if voice.id == current and not request.name:
            continue
        match = score(voice, request)
        if now is not None and not request.accent and now.accent and voice.accent == now.accent:
            match.score += 0.5  # a tie-break only: every trait scores at least 1
        scored.append(match)
    if request.name and any(m.score >= NAMED for m in scored):
        scored = [m for m in scored if m.score >= NAMED]
    return sorted(scored, key=lambda m: -m.score)[:top]

"""Reading a described voice out of a chat turn, by rule: gender, accent, age, tone words and a name."""

from __future__ import annotations

import re
from typing import Literal

from agent.intents.schema import VoiceRequest

GENDERS: tuple[tuple[Literal["female", "male", "neutral"], str], ...] = (
    ("female", r"female|woman|woman's|women|feminine|lady|girl|she|her"),
    ("male", r"male|man|man's|men|masculine|guy|boy|he|his"),
    ("neutral", r"neutral|androgynous|non-binary|gender-neutral"),
)
ACCENTS = {
    "british": r"british|english accent|uk|england|brit|london|received pronunciation|rp",
    "american": r"american|usa|u\.s\.|new york",
    "scottish": r"scottish|scots|scotland",
    "australian": r"australian|aussie",
    "irish": r"irish",
    "caribbean": r"caribbean|jamaican",
    "indian": r"indian",
}
AGES: tuple[tuple[Literal["young", "old"], str], ...] = (
    ("young", r"young|younger|youthful|teen\w*"),
    ("old", r"old|older|elderly|senior|aged"),
)
TONES = {
    "warm": r"warm|warmer|warmest|friendly|friendlier",
    "deep": r"deep|deeper|deepest|low|lower|bass|baritone|resonant",
    "calm": r"calm|calmer|soothing|relaxed|measured|gentle|gentler",
    "bright": r"bright|brighter|cheerful|upbeat|energetic|excited|lively|peppy",
    "soft": r"soft|softer|breathy|whisper\w*",
    "authoritative": r"authoritative|serious|confident|commanding",
    "narration": r"narrator|narration|narrate|storytell\w*|audiobook",
    "light": r"light|lighter|high|higher|higher-pitched",
    "natural": r"natural|human|less robotic|realistic|conversational",
}
NAMED = (
    r"\bvoice(?:s)?\s+(?:called|named)?\s*[\"“']?(?P<a>[A-Z][\w-]+)",
    r"\b(?:called|named)\s+[\"“']?(?P<b>[A-Z][\w-]+)",
    r"\b(?P<c>[A-Z][\w-]+)(?:'s)?\s+voice\b",
    r"\b(?:try|use)\s+[\"“']?(?P<d>[A-Z][a-z][\w-]+)",
)
NOT_NAMES = {"british", "american", "english", "scottish", "irish", "australian", "caribbean", "indian", "uk", "us"}


def _found(pattern: str, text: str) -> bool:
    return re.search(rf"(?<![\w-])(?:{pattern})(?![\w-])", text) is not None


def voice_name_of(raw: str) -> str | None:
    """A voice named in the turn ('try the voice Rachel', 'Brian's voice'), as written."""
    for pattern in NAMED:
        match = re.search(pattern, raw)
        if match:
            name = next(g for g in match.groups() if g)
            if name.lower() not in NOT_NAMES and name.lower() not in ("a", "the", "this", "that", "it", "i"):
                return name
    return None


def voice_request_of(raw: str) -> VoiceRequest:
    """The voice a turn describes; traits it does not mention stay open."""
    text = " ".join(raw.lower().split())
    gender = next((g for g, pattern in GENDERS if _found(pattern, text)), None)
    return VoiceRequest(
        gender=gender,
        accent=next((a for a, pattern in ACCENTS.items() if _found(pattern, text)), None),
        age=next((a for a, pattern in AGES if _found(pattern, text)), None),
        tone=[tone for tone, pattern in TONES.items() if _found(pattern, text)],
        name=voice_name_of(raw),
    )


def describes_a_voice(request: VoiceRequest) -> bool:
    """Whether the turn asks for a kind of voice ('older and calmer'), not only names the narrator."""
    return bool(request.gender or request.accent or request.age or request.name or set(request.tone) - {"narration"})

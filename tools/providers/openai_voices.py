"""OpenAI's built-in speech voices, with our own short descriptions.

The list is the one the ``voice`` field of ``POST /audio/speech`` documents in openai-openapi.json
(``CreateSpeechRequest.voice``: alloy, ash, ballad, coral, echo, fable, onyx, nova, sage, shimmer, verse,
marin, cedar; its shared enum ``VoiceIdsShared`` omits fable, onyx and nova, which speech still takes).
OpenAI publishes no genders or tones: the traits below are how we hear each voice, written by us, so they
are a guide for ranking, not the provider's labels. The voices speak every language the model does.
"""

from __future__ import annotations

from tools.voices import Gender, Voice

PROVIDER = "openai"
TRAITS: dict[str, tuple[Gender, str, tuple[str, ...]]] = {
    "alloy": ("neutral", "", ("balanced", "even", "neutral")),
    "ash": ("male", "american", ("clear", "confident", "upbeat")),
    "ballad": ("male", "british", ("soft", "expressive", "gentle", "narration")),
    "coral": ("female", "american", ("warm", "friendly", "bright")),
    "echo": ("male", "american", ("smooth", "resonant", "calm")),
    "fable": ("neutral", "british", ("storytelling", "expressive", "narration")),
    "onyx": ("male", "american", ("deep", "authoritative", "low", "narration")),
    "nova": ("female", "american", ("bright", "energetic", "youthful")),
    "sage": ("female", "american", ("calm", "measured", "wise")),
    "shimmer": ("female", "american", ("soft", "gentle", "light")),
    "verse": ("male", "american", ("expressive", "dynamic", "versatile")),
    "marin": ("female", "american", ("natural", "clear", "warm", "conversational")),
    "cedar": ("male", "american", ("natural", "warm", "grounded", "conversational")),
}
VOICES = tuple(TRAITS)
"""The ids ``audio/speech`` takes, in the spec's order."""


def openai_voices() -> list[Voice]:
    """The built-in voices as :class:`Voice` values."""
    return [
        Voice(
            provider=PROVIDER,
            id=name,
            name=name.capitalize(),
            gender=gender,
            accent=accent,
            tone=tone,
            description=f"OpenAI built-in voice (traits as we hear it: {', '.join(tone)})",
        )
        for name, (gender, accent, tone) in TRAITS.items()
    ]


class OpenAIVoices:
    """The OpenAI speech route's voices: a fixed, documented list (no request needed)."""

    provider = PROVIDER

    async def voices(self, language: str | None = None) -> list[Voice]:
        """All built-in voices; each speaks any language the model does."""
        return openai_voices()

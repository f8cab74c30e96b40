"""Voices a speech route offers: one typed shape for every provider, and the small protocol that lists them.

Each lister reads its provider's own source (ElevenLabs ``GET /v2/voices``, OpenAI's documented built-in
voices, the installed espeak-ng's voice and variant files); the id is what a recipe's ``voice`` carries
to that route's adapter.
"""

from __future__ import annotations

from typing import Literal, Protocol, runtime_checkable

from pydantic import BaseModel

Gender = Literal["female", "male", "neutral"]


class Voice(BaseModel, frozen=True):
    """One voice of one route."""

    provider: str
    """The route that speaks it: ``local``, ``elevenlabs``, ``openai``."""
    id: str
    """What the recipe's ``voice`` carries (an espeak name such as ``en+f3``, an ElevenLabs voice id)."""
    name: str
    gender: Gender | None = None
    accent: str = ""
    """As the source words it, lower case ('british', 'american', 'scottish')."""
    age: str = ""
    """'young', 'middle-aged', 'old', or ''."""
    tone: tuple[str, ...] = ()
    """Descriptive words, lower case ('warm', 'deep', 'calm', 'narration')."""
    language: str = ""
    """An ISO 639-1 code (or espeak's language tag) when the source names one."""
    description: str = ""
    preview_url: str | None = None
    """The provider's own sample, when it publishes one."""
    local: bool = False
    """Spoken on this machine (espeak-ng), $0, a draft voice."""

    def traits(self) -> str:
        """'female · british · young · warm, bright' for a line in chat."""
        words = [self.gender or "", self.accent, self.age, ", ".join(self.tone)]
        return " · ".join(w for w in words if w)


@runtime_checkable
class VoiceLister(Protocol):
    """Lists the voices one speech route can speak."""

    provider: str

    async def voices(self, language: str | None = None) -> list[Voice]:
        """Every voice of the route (those for ``language`` where the source says which language a voice is)."""
        ...

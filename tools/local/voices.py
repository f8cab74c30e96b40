"""The local voices: the installed espeak-ng's voices and their numbered variants, as :class:`Voice` values.

Listed by ``espeak_ListVoices`` (languages, gender, age); the tone words come from each variant's own
file in espeak-ng's data (its pitch range, breath and roughness), compared with espeak's default male
pitch (82 Hz base). Ids are what espeak-ng's ``SetVoiceByName`` takes, the voice file's name plus a variant:
``en`` (Great Britain), ``en-us``, ``en-gb-scotland``, ``en+f3``.
"""

from __future__ import annotations

import asyncio
import re
from functools import cache
from pathlib import Path

import espeakng_loader

from tools.local.espeak import ListedVoice, list_voices
from tools.voices import Gender, Voice

PROVIDER = "local"
VARIANTS = tuple(f"m{i}" for i in range(1, 9)) + tuple(f"f{i}" for i in range(1, 6))
"""The numbered variants (+m1…+m8 male, +f1…+f5 female); the named novelty ones (robots, whispers) are left out."""
SCRIPTS = ("shaw",)
"""Base voices that are a writing system, not an accent (English in the Shavian alphabet)."""
REGIONS = {
    "america": "american",
    "great britain": "british",
    "received pronunciation": "british",
    "scotland": "scottish",
    "lancaster": "british",
    "west midlands": "british",
    "caribbean": "caribbean",
    "new york city": "american",
}
GENDERS: dict[int, Gender] = {1: "male", 2: "female"}
DEFAULT_MALE_PITCH = 82


def _age(years: int) -> str:
    if not years:
        return ""
    return "young" if years < 40 else "middle-aged" if years < 60 else "old"


def _accent(name: str) -> str:
    """'English (America, New York City)' → 'american'; other languages keep their region's own word."""
    region = re.search(r"\(([^)]*)\)", name)
    if region is None:
        return ""
    words = region.group(1).lower()
    return REGIONS.get(words) or next((v for k, v in REGIONS.items() if k in words), words.split(",")[0])


@cache
def variant_tone(variant: str) -> tuple[str, ...]:
    """Tone words from a variant's pitch range: 'deep' or 'light' (male), 'warm' or 'bright' (female), 'breathy'."""
    path = Path(espeakng_loader.get_data_path()) / "voices" / "!v" / variant
    text = path.read_text(errors="replace") if path.is_file() else ""
    pitch = re.search(r"^pitch\s+(\d+)\s+(\d+)", text, flags=re.MULTILINE)
    base, top = (int(pitch.group(1)), int(pitch.group(2))) if pitch else (DEFAULT_MALE_PITCH, 118)
    words: list[str] = []
    if variant.startswith("m"):
        words += ["deep", "low"] if base <= 75 else ["light"] if base >= 88 else ["neutral"]
    else:
        words += ["warm", "low"] if top <= 210 else ["bright", "high"] if top >= 225 else ["clear"]
    if re.search(r"^breath\s", text, flags=re.MULTILINE):
        words += ["breathy", "soft"]
    rough = re.search(r"^(?:roughness|flutter)\s+(\d+)", text, flags=re.MULTILINE)
    if rough and int(rough.group(1)) >= 4:
        words.append("rough")
    return tuple(words)


def _base(listed: ListedVoice) -> Voice:
    tag = listed.languages[0] if listed.languages else ""
    return Voice(
        provider=PROVIDER,
        id=listed.identifier.rsplit("/", 1)[-1].lower(),  # the file name is what SetVoiceByName finds
        name=f"{listed.name} (espeak-ng)",
        gender="male",  # espeak-ng's base voices speak with its default male voice
        accent=_accent(listed.name),
        tone=("neutral", "robotic"),
        language=tag.split("-")[0],
        description=listed.name,
        local=True,
    )


def _with_variant(base: Voice, variant: ListedVoice) -> Voice:
    short = variant.identifier.rsplit("/", 1)[-1]
    return base.model_copy(
        update={
            "id": f"{base.id}+{short}",
            "name": f"{base.description} · {variant.name} (espeak-ng)",
            "gender": GENDERS.get(variant.gender),
            "age": _age(variant.age),
            "tone": (*variant_tone(short), "robotic"),
        }
    )


def espeak_voices(language: str | None = None) -> list[Voice]:
    """Base voices (for ``language``, when given) with the numbered variants; plain accents (en, en-us) first."""
    bases = [
        _base(v)
        for v in list_voices()
        if v.languages and not any(s in v.languages[0] for s in SCRIPTS)
        if language is None or any(tag.split("-")[0] == language for tag in v.languages)
    ]
    bases.sort(key=lambda b: (b.id.count("-"), len(b.id), b.id))  # en, en-us, en-029, en-gb-…
    variants = {v.identifier.rsplit("/", 1)[-1]: v for v in list_voices(variants=True)}
    numbered = [variants[name] for name in VARIANTS if name in variants]
    return [voice for base in bases for voice in (base, *(_with_variant(base, v) for v in numbered))]


class EspeakVoices:
    """The local route's voices, read from the installed espeak-ng (cached: it does not change)."""

    provider = PROVIDER

    async def voices(self, language: str | None = None) -> list[Voice]:
        """espeak-ng's voices with their variants, off the event loop."""
        return await asyncio.to_thread(_cached, language)


@cache
def _cached(language: str | None) -> list[Voice]:
    return espeak_voices(language)

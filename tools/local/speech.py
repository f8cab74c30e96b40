"""Voiceover with espeak-ng: real, intelligible (robotic) speech as a WAV file."""

from __future__ import annotations

import asyncio
import wave
from pathlib import Path

from tools.capabilities import Generated
from tools.errors import ToolError
from tools.local.espeak import synthesize
from tools.recipe import Recipe

MODEL_ID = "local/speech"
VERSION = "1"
DEFAULT_VOICE = "en-us"
DEFAULT_RATE = 165


def write_speech(recipe: Recipe, out: Path) -> Path:
    """Speak ``recipe.prompt`` into a mono 16-bit WAV at espeak-ng's native rate."""
    if not recipe.prompt.strip():
        raise ToolError("nothing to say: the voiceover line is empty")
    samples, rate = synthesize(
        recipe.prompt, voice=recipe.voice or DEFAULT_VOICE, rate_wpm=recipe.speech_rate or DEFAULT_RATE
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(out), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(samples.tobytes())
    return out


class LocalSpeech:
    """espeak-ng voices (e.g. ``en-us``, ``en`` (British), ``en-us+f3`` for a female variant)."""

    async def text_to_speech(self, recipe: Recipe, out: Path) -> Generated:
        """Synthesize in a worker thread."""
        await asyncio.to_thread(write_speech, recipe, out)
        return Generated(path=out, model_version=VERSION, provider_route="local")

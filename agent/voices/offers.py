"""A campaign's speech route, its voices ranked for a description, and a preview spoken by that same route.

The route is the one the storyboard's voiceover model choice runs on here (``local`` espeak-ng, or the
configured provider); the preview is the first voiceover line, made as a voiceover recipe with only the
voice changed, so it sounds exactly like the take it stands for (a provider charges it to the campaign).
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from agent.domain import Scene, Storyboard
from agent.intents.schema import VoiceRequest
from agent.production import job_context, run_cost, voice_recipe
from agent.settings import Settings
from agent.voices.ranking import VoiceMatch, rank
from tools.backends import Backends
from tools.catalog import Catalog
from tools.recipe import Capability
from tools.voices import Voice

PREVIEWS = "voice-previews"


class NoVoices(LookupError):
    """The campaign's voices cannot be listed or chosen here; the message says why and what to do."""


class SpeechRoute(BaseModel):
    """Where a campaign's voiceovers are spoken: the route, the catalog model, and the voice it uses now."""

    route: str
    model_id: str
    current: str


class Ranked(BaseModel):
    """The route's best voices for a request, and the traits no voice of the route has."""

    speech: SpeechRoute
    matches: list[VoiceMatch]
    missing: list[str]


class Preview(BaseModel):
    """A voice speaking the campaign's first line."""

    voice: Voice
    path: Path
    line: str
    cost_usd: float


def voiced_scene(board: Storyboard) -> Scene | None:
    """The first scene with a voiceover line."""
    return next((s for s in board.scenes if s.voiceover.strip()), None)


def speech_route(board: Storyboard, backends: Backends) -> SpeechRoute:
    """The route that speaks the campaign's voiceovers (the first voiced scene's model choice)."""
    scene = voiced_scene(board)
    if scene is None:
        raise NoVoices("no scene has a voiceover line, so there is no voice to choose")
    model_id = scene.choice(Capability.TEXT_TO_SPEECH).model_id
    route = backends.route(model_id)
    return SpeechRoute(route=route, model_id=model_id, current=board.voice_for(route))


async def route_voices(backends: Backends, route: str, language: str | None) -> list[Voice]:
    """Every voice of ``route``; :class:`NoVoices` when this process cannot list them."""
    lister = backends.voice_lister(route)
    if lister is None:
        raise NoVoices(
            f"the voices of the {route} route cannot be listed here; switch the voiceover model "
            "('use ElevenLabs for scene 1') or choose a voice by id in the storyboard"
        )
    return await lister.voices(language)


def _missing(request: VoiceRequest, voices: list[Voice]) -> list[str]:
    """Traits asked for that no voice of the route has (said plainly, never hidden by the ranking)."""
    missing = []
    if request.accent and not any(request.accent in v.accent for v in voices):
        missing.append(f"{request.accent} accent")
    if request.gender and not any(v.gender == request.gender for v in voices):
        missing.append(f"{request.gender} voice")
    if request.name and not any(m.score >= 10 for m in rank(voices, request)):
        missing.append(f"a voice named {request.name}")
    return missing


async def ranked(
    backends: Backends, board: Storyboard, request: VoiceRequest, language: str | None, top: int = 3
) -> Ranked:
    """The route's ``top`` voices for ``request``, the campaign's current voice left out."""
    speech = speech_route(board, backends)
    voices = await route_voices(backends, speech.route, language)
    if not voices:
        raise NoVoices(f"the {speech.route} route lists no voices")
    matches = rank(voices, request, current=speech.current, top=top)
    return Ranked(speech=speech, matches=matches, missing=_missing(request, voices))


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text)[:48]


async def preview(
    backends: Backends, catalog: Catalog, settings: Settings, campaign_id: str, board: Storyboard, voice: Voice
) -> Preview:
    """The first voiceover line in ``voice``, made by the campaign's own speech route (kept once made)."""
    scene = voiced_scene(board)
    assert scene is not None
    recipe = voice_recipe(catalog, backends.routes, board, scene, voice=voice.id)
    out = (
        settings.campaign_dir(campaign_id)
        / PREVIEWS
        / f"{_safe(voice.provider)}-{_safe(voice.id)}-{recipe.digest()[:8]}.wav"
    )
    cost = run_cost(catalog, backends.routes, recipe)
    if not out.is_file():
        out.parent.mkdir(parents=True, exist_ok=True)
        made = await backends.run(recipe, out, job_context(settings, campaign_id, scene.index))
        out, cost = made.path, made.cost_usd
    return Preview(voice=voice, path=out, line=scene.voiceover, cost_usd=cost)

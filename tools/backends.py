"""The tool layer of one process: a backend for every catalog model, built once and passed down.

Local models run on the local backends given here (tests give fakes); provider models run as durable
jobs on the one :class:`~tools.jobs.runner.JobRunner` of the process. Nothing here is global: front
ends build one :class:`Backends` value and hand it to the agent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from tools.capabilities import (
    BackgroundRemover,
    Editor,
    Generated,
    ImageAnimator,
    ImageGenerator,
    MusicComposer,
    ReferencedImageGenerator,
    SoundDesigner,
    SpeechSynthesizer,
    Upscaler,
    VideoGenerator,
)
from tools.errors import NoBackendError, ToolError
from tools.jobs.backend import ProviderBackend
from tools.jobs.context import JobContext
from tools.jobs.runner import JobRunner
from tools.local.grade import LocalGrade
from tools.local.keyframes import LocalKeyframes
from tools.local.matte import LocalMatte
from tools.local.motion import LocalMotion
from tools.local.music import LocalMusic
from tools.local.sfx import LocalSound
from tools.local.speech import LocalSpeech
from tools.local.upscale import LocalUpscaler
from tools.local.voices import EspeakVoices
from tools.recipe import Capability, Recipe
from tools.routes import LOCAL, Routes
from tools.voices import VoiceLister

T = TypeVar("T")


def local_voices() -> dict[str, VoiceLister]:
    """The voice lists that need no provider: espeak-ng's, for the local speech route."""
    return {LOCAL: EspeakVoices()}


def local_backends() -> dict[str, object]:
    """Fresh instances of the local draft backends, by catalog model id."""
    return {
        "local/keyframe": LocalKeyframes(),
        "local/motion": LocalMotion(),
        "local/speech": LocalSpeech(),
        "local/upscale": LocalUpscaler(),
        "local/matte": LocalMatte(),
        "local/grade": LocalGrade(),
        "local/music": LocalMusic(),
        "local/sfx": LocalSound(),
    }


@dataclass(frozen=True)
class Backends:
    """Who runs what in this process: the provider routes, the local backends and the job runner."""

    routes: Routes = field(default_factory=Routes)
    local: Mapping[str, object] = field(default_factory=local_backends)
    runner: JobRunner | None = None
    """None when planning only: provider routes are known (and priced) but cannot run."""
    voices: Mapping[str, VoiceLister] = field(default_factory=local_voices)
    """Who lists the voices of each speech route here, by route name (``local``, ``elevenlabs``, ``openai``)."""

    def voice_lister(self, route: str) -> VoiceLister | None:
        """The voice list of a speech route, or None when this process cannot list that route's voices."""
        return self.voices.get(route)

    def route(self, model_id: str) -> str:
        """Who runs ``model_id`` here: a provider name, ``local``, or ``unrouted``."""
        if model_id in self.routes.by_model or model_id not in self.local:
            return self.routes.route(model_id)
        return LOCAL

    def available(self, model_id: str) -> bool:
        """Whether something runs ``model_id`` here."""
        return model_id in self.local or model_id in self.routes.by_model

    def unsupported(self, model_id: str, capability: Capability) -> frozenset[str]:
        """Recipe fields the configured route for ``model_id`` cannot honour."""
        return self.routes.unsupported(model_id, capability)

    async def run(self, recipe: Recipe, out: Path, job: JobContext, inputs: Sequence[Path] = ()) -> Generated:
        """Generate ``out`` from ``recipe`` as part of ``job`` (its campaign's budget and ledger).

        ``inputs`` are the files the capability needs (the keyframe to animate, the clip to upscale).
        """
        provider = self.routes.by_model.get(recipe.model_id)
        if provider is not None:
            if self.runner is None:
                raise NoBackendError(f"{recipe.model_id} is routed to {provider.provider}, but this process only plans")
            return await ProviderBackend(provider, self.runner).run(recipe, list(inputs), out, job)
        return await self._run_local(recipe, out, inputs)

    def _backend(self, model_id: str, protocol: type[T]) -> T:
        instance = self.local.get(model_id)
        if instance is None:
            raise NoBackendError(
                f"no backend runs {model_id!r} here: no provider for it is configured; "
                "use a local/* model or configure a provider key"
            )
        if not isinstance(instance, protocol):
            raise NoBackendError(f"{model_id!r} cannot do {protocol.__name__}")
        return instance

    async def _run_local(self, recipe: Recipe, out: Path, inputs: Sequence[Path]) -> Generated:
        model, cap = recipe.model_id, recipe.capability
        if cap is Capability.TEXT_TO_IMAGE and inputs:
            return await self._backend(model, ReferencedImageGenerator).text_to_image_with(recipe, inputs, out)
        if cap is Capability.TEXT_TO_IMAGE:
            return await self._backend(model, ImageGenerator).text_to_image(recipe, out)
        if cap is Capability.TEXT_TO_VIDEO:
            return await self._backend(model, VideoGenerator).text_to_video(recipe, out)
        if cap is Capability.TEXT_TO_SPEECH:
            return await self._backend(model, SpeechSynthesizer).text_to_speech(recipe, out)
        if cap is Capability.TEXT_TO_MUSIC:
            return await self._backend(model, MusicComposer).text_to_music(recipe, out)
        if cap is Capability.TEXT_TO_SOUND:
            return await self._backend(model, SoundDesigner).text_to_sound(recipe, out)
        if not inputs:
            raise ToolError(f"{cap.value} needs an input file")
        source = inputs[0]
        if cap is Capability.IMAGE_TO_VIDEO:
            return await self._backend(model, ImageAnimator).image_to_video(recipe, source, out)
        if cap is Capability.UPSCALE:
            return await self._backend(model, Upscaler).upscale(recipe, source, out)
        if cap is Capability.REMOVE_BACKGROUND:
            return await self._backend(model, BackgroundRemover).remove_background(recipe, source, out)
        return await self._backend(model, Editor).edit(recipe, source, out)

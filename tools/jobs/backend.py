"""A catalog model served by a provider: every capability call becomes a durable job."""

from __future__ import annotations

from pathlib import Path

from tools.capabilities import Generated
from tools.catalog import ModelSpec
from tools.errors import NoBackendError
from tools.jobs.runner import JobRunner
from tools.providers.base import Adapter, Endpoint, InputFile
from tools.recipe import Capability, Recipe


class ProviderBackend:
    """Implements the capability protocols for one model over one provider's endpoints."""

    def __init__(
        self, adapter: Adapter, endpoints: dict[Capability, Endpoint], runner: JobRunner, spec: ModelSpec
    ) -> None:
        self.adapter = adapter
        self.endpoints = endpoints
        self.runner = runner
        self.spec = spec

    async def _run(self, capability: Capability, recipe: Recipe, inputs: list[Path], out: Path) -> Generated:
        endpoint = self.endpoints.get(capability)
        if endpoint is None:
            raise NoBackendError(f"{self.spec.name} has no {capability.value} route at {self.adapter.provider}")
        request = self.adapter.submit(endpoint, recipe, [InputFile(path=p) for p in inputs])
        path, cost = await self.runner.run(
            self.adapter, endpoint, recipe.digest(), request, out, estimate_usd=self.spec.estimate_recipe(recipe)
        )
        return Generated(
            path=path,
            cost_usd=cost,
            model_version=self.spec.version,
            provider_route=f"{endpoint.provider}:{endpoint.path}",
        )

    async def text_to_image(self, recipe: Recipe, out: Path) -> Generated:
        """Text → image job."""
        return await self._run(Capability.TEXT_TO_IMAGE, recipe, [], out)

    async def text_to_video(self, recipe: Recipe, out: Path) -> Generated:
        """Text → video job."""
        return await self._run(Capability.TEXT_TO_VIDEO, recipe, [], out)

    async def image_to_video(self, recipe: Recipe, image: Path, out: Path) -> Generated:
        """Image → video job, the image uploaded or inlined as the API requires."""
        return await self._run(Capability.IMAGE_TO_VIDEO, recipe, [image], out)

    async def text_to_speech(self, recipe: Recipe, out: Path) -> Generated:
        """Text → speech job."""
        return await self._run(Capability.TEXT_TO_SPEECH, recipe, [], out)

    async def upscale(self, recipe: Recipe, source: Path, out: Path) -> Generated:
        """Upscale job."""
        return await self._run(Capability.UPSCALE, recipe, [source], out)

    async def remove_background(self, recipe: Recipe, source: Path, out: Path) -> Generated:
        """Background-removal job."""
        return await self._run(Capability.REMOVE_BACKGROUND, recipe, [source], out)

    async def edit(self, recipe: Recipe, source: Path, out: Path) -> Generated:
        """Image or video edit job (by the source's kind)."""
        capability = Capability.VIDEO_EDIT if source.suffix.lower() in (".mp4", ".mov") else Capability.IMAGE_EDIT
        return await self._run(capability, recipe, [source], out)

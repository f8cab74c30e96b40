"""A catalog model served by a provider: every generation becomes a durable job of its campaign."""

from __future__ import annotations

from pathlib import Path

import httpx

from tools.capabilities import Generated
from tools.errors import NoBackendError
from tools.jobs.context import JobContext
from tools.jobs.runner import JobRunner
from tools.providers.base import InputFile
from tools.recipe import Capability, Recipe
from tools.routes import ProviderRoute

VIDEO_SUFFIXES = (".mp4", ".mov", ".webm")


def capability_for(recipe: Recipe, inputs: list[Path]) -> Capability:
    """The endpoint a recipe needs: an edit of a video source is a video edit."""
    if recipe.capability is Capability.IMAGE_EDIT and inputs and inputs[0].suffix.lower() in VIDEO_SUFFIXES:
        return Capability.VIDEO_EDIT
    return recipe.capability


class ProviderBackend:
    """Runs recipes for one model over one provider route, on the process's job runner."""

    def __init__(self, route: ProviderRoute, runner: JobRunner) -> None:
        self.route = route
        self.runner = runner

    async def run(self, recipe: Recipe, inputs: list[Path], out: Path, job: JobContext) -> Generated:
        """Submit (or resume) the job for ``recipe`` and fetch its result into ``out``."""
        spec, adapter = self.route.spec, self.route.adapter
        capability = capability_for(recipe, inputs)
        endpoint = self.route.endpoints.get(capability)
        if endpoint is None:
            raise NoBackendError(f"{spec.name} has no {capability.value} route at {adapter.provider}")
        files = [InputFile(path=p) for p in inputs]

        async def submit() -> httpx.Request:
            """Checked inputs, large ones uploaded, then the submit naming them."""
            return adapter.submit(endpoint, recipe, await self.runner.stager.stage(adapter, endpoint, files))

        path, cost = await self.runner.run(
            adapter, endpoint, recipe.digest(), submit, out, estimate_usd=spec.estimate_recipe(recipe), job=job
        )
        return Generated(
            path=path,
            cost_usd=cost,
            model_version=spec.version,
            provider_route=f"{endpoint.provider}:{endpoint.path}",
        )

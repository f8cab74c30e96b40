"""Run a recipe on the backend its model id names: the single dispatch point, also used for replay."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tools import registry
from tools.capabilities import (
    BackgroundRemover,
    Editor,
    Generated,
    ImageAnimator,
    ImageGenerator,
    SpeechSynthesizer,
    Upscaler,
    VideoGenerator,
)
from tools.errors import ToolError
from tools.recipe import Capability, Recipe


async def run_recipe(recipe: Recipe, out: Path, inputs: Sequence[Path] = ()) -> Generated:
    """Generate ``out`` from ``recipe``; ``inputs`` are the reference files the capability needs."""
    model, cap = recipe.model_id, recipe.capability
    if cap is Capability.TEXT_TO_IMAGE:
        return await registry.backend(model, ImageGenerator).text_to_image(recipe, out)
    if cap is Capability.TEXT_TO_VIDEO:
        return await registry.backend(model, VideoGenerator).text_to_video(recipe, out)
    if cap is Capability.TEXT_TO_SPEECH:
        return await registry.backend(model, SpeechSynthesizer).text_to_speech(recipe, out)
    if not inputs:
        raise ToolError(f"{cap.value} needs an input file")
    source = inputs[0]
    if cap is Capability.IMAGE_TO_VIDEO:
        return await registry.backend(model, ImageAnimator).image_to_video(recipe, source, out)
    if cap is Capability.UPSCALE:
        return await registry.backend(model, Upscaler).upscale(recipe, source, out)
    if cap is Capability.REMOVE_BACKGROUND:
        return await registry.backend(model, BackgroundRemover).remove_background(recipe, source, out)
    return await registry.backend(model, Editor).edit(recipe, source, out)

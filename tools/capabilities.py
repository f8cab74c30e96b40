"""Small capability protocols: one per kind of work, shared by local backends and providers.

Every call takes the :class:`~tools.recipe.Recipe` that describes the generation (the recipe *is* the
request, so whatever ran can be replayed) plus input files, and writes one output file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from pydantic import BaseModel

from tools.recipe import Recipe


class Generated(BaseModel):
    """What a backend produced: the file, what it cost, and who really ran it."""

    path: Path
    cost_usd: float = 0.0
    model_version: str
    provider_route: str


@runtime_checkable
class ImageGenerator(Protocol):
    """Text → image."""

    async def text_to_image(self, recipe: Recipe, out: Path) -> Generated:
        """Render the recipe's prompt to ``out`` (PNG)."""
        ...


@runtime_checkable
class ReferencedImageGenerator(Protocol):
    """Text + reference images (the product photo) → image that shows what the references show."""

    async def text_to_image_with(self, recipe: Recipe, references: Sequence[Path], out: Path) -> Generated:
        """Render the recipe's prompt to ``out`` (PNG) with ``references`` in the frame."""
        ...


@runtime_checkable
class ImageAnimator(Protocol):
    """Image → video, with the image as the first frame / reference."""

    async def image_to_video(self, recipe: Recipe, image: Path, out: Path) -> Generated:
        """Animate ``image`` into ``out`` (MP4) for the recipe's duration."""
        ...


@runtime_checkable
class VideoGenerator(Protocol):
    """Text → video."""

    async def text_to_video(self, recipe: Recipe, out: Path) -> Generated:
        """Render the recipe's prompt as a clip into ``out`` (MP4)."""
        ...


@runtime_checkable
class SpeechSynthesizer(Protocol):
    """Text → speech."""

    async def text_to_speech(self, recipe: Recipe, out: Path) -> Generated:
        """Speak the recipe's prompt (the line) into ``out`` (WAV)."""
        ...


@runtime_checkable
class MusicComposer(Protocol):
    """Text → music bed."""

    async def text_to_music(self, recipe: Recipe, out: Path) -> Generated:
        """Compose the recipe's prompt as a track of the recipe's duration into ``out``."""
        ...


@runtime_checkable
class SoundDesigner(Protocol):
    """Text → sound effect or ambience."""

    async def text_to_sound(self, recipe: Recipe, out: Path) -> Generated:
        """Render the recipe's prompt as a sound of the recipe's duration into ``out``."""
        ...


@runtime_checkable
class Upscaler(Protocol):
    """Image or video → larger image or video."""

    async def upscale(self, recipe: Recipe, source: Path, out: Path) -> Generated:
        """Resize ``source`` to the recipe's width/height."""
        ...


@runtime_checkable
class BackgroundRemover(Protocol):
    """Image → image with transparent background."""

    async def remove_background(self, recipe: Recipe, source: Path, out: Path) -> Generated:
        """Cut the subject out of ``source`` into an RGBA PNG."""
        ...


@runtime_checkable
class Editor(Protocol):
    """Image or video + instruction → edited image or video."""

    async def edit(self, recipe: Recipe, source: Path, out: Path) -> Generated:
        """Apply the recipe's prompt (the instruction) to ``source``."""
        ...

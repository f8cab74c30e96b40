"""Fakes injected in tests: backends that count calls and render small, fast media."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from tools.backends import local_backends as real_local_backends
from tools.capabilities import Generated
from tools.errors import ToolError
from tools.ffmpeg import run_ffmpeg
from tools.local.keyframes import LocalKeyframes
from tools.local.speech import LocalSpeech
from tools.recipe import Recipe

CALLS: Counter[str] = Counter()


class CountingKeyframes(LocalKeyframes):
    """The real local keyframe renderer, counting its calls."""

    async def text_to_image(self, recipe: Recipe, out: Path) -> Generated:
        CALLS["keyframe"] += 1
        return await super().text_to_image(recipe, out)


class QuickMotion:
    """A tiny solid-colour clip of the exact duration and fps: fast stand-in for camera moves."""

    fail_next = 0

    async def image_to_video(self, recipe: Recipe, image: Path, out: Path) -> Generated:
        CALLS["clip"] += 1
        if QuickMotion.fail_next:
            QuickMotion.fail_next -= 1
            raise ToolError("injected failure")
        fps, duration = recipe.fps or 30, recipe.duration_s or 1.0
        args = [
            "-f",
            "lavfi",
            "-i",
            f"color=c=0x336699:s=160x90:r={fps}",
            "-i",
            str(image),
            "-filter_complex",
            "[1:v]scale=160:90[k];[0:v][k]overlay,format=yuv420p",
            "-frames:v",
            str(round(duration * fps)),
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
        ]
        await run_ffmpeg(args, output=out)
        return Generated(path=out, model_version="fake", provider_route="local")


class CountingSpeech(LocalSpeech):
    """Real espeak-ng speech, counting its calls."""

    async def text_to_speech(self, recipe: Recipe, out: Path) -> Generated:
        CALLS["voice"] += 1
        return await super().text_to_speech(recipe, out)


def local_backends() -> dict[str, object]:
    """The real local backends, with counting keyframes and speech and quick clips in place."""
    return real_local_backends() | {
        "local/keyframe": CountingKeyframes(),
        "local/motion": QuickMotion(),
        "local/speech": CountingSpeech(),
    }

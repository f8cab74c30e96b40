"""The local music bed: an ambient pad per mood, pulsing at the brief's tempo, rendered by ffmpeg ($0).

A draft backend, not a music model: root, fifth and octave sine partials through a tremolo and a
low-pass, faded in and out. It keeps the offline cut scored; a catalog music model replaces it when a
provider is configured.
"""

from __future__ import annotations

from pathlib import Path

from tools.capabilities import Generated
from tools.errors import ToolError
from tools.ffmpeg import run_ffmpeg
from tools.recipe import Recipe

VERSION = "1"
RATE = 48_000
ROOTS = {
    "energetic": 110.0,
    "playful": 130.8,
    "bold": 98.0,
    "dramatic": 73.4,
    "calm": 87.3,
    "minimal": 92.5,
    "luxurious": 82.4,
    "warm": 98.0,
    "inspiring": 103.8,
    "trustworthy": 92.5,
}
"""Root frequency (Hz) of the pad per mood."""
DEFAULT_BPM = 90


def pad_graph(mood: str, bpm: int, seconds: float) -> str:
    """The lavfi graph of the pad: one tremolo pulse every two beats."""
    root = ROOTS.get(mood, ROOTS["inspiring"])
    expr = (
        f"0.22*sin(2*PI*{root}*t)+0.16*sin(2*PI*{root * 1.5:.2f}*t)+0.12*sin(2*PI*{root * 2:.2f}*t)"
        f"+0.05*sin(2*PI*{root * 3:.2f}*t)"
    )
    fade = min(1.5, seconds / 4)
    pulse = max(0.1, bpm / 120)
    return (
        f"aevalsrc='{expr}':s={RATE}:d={seconds:.3f},tremolo=f={pulse:.3f}:d=0.35,lowpass=f=1800,"
        f"afade=t=in:d={fade:.2f},afade=t=out:st={max(0.0, seconds - fade):.2f}:d={fade:.2f},"
        "aformat=channel_layouts=stereo"
    )


async def render_pad(mood: str, seconds: float, out: Path, bpm: int = DEFAULT_BPM) -> Path:
    """Write the pad as a 48 kHz stereo WAV."""
    if seconds <= 0:
        raise ToolError("a music bed needs a length above 0 s")
    return await run_ffmpeg(["-f", "lavfi", "-i", pad_graph(mood, bpm, seconds), "-c:a", "pcm_s16le"], output=out)


class LocalMusic:
    """The pad as a :class:`~tools.capabilities.MusicComposer`: mood and tempo come from the recipe."""

    async def text_to_music(self, recipe: Recipe, out: Path) -> Generated:
        """Render the bed for the recipe's mood (``extra["mood"]``), tempo (``extra["bpm"]``) and length."""
        bpm = int(recipe.extra.get("bpm", DEFAULT_BPM))
        path = await render_pad(recipe.extra.get("mood", "inspiring"), recipe.duration_s or 0.0, out, bpm)
        return Generated(path=path, model_version=VERSION, provider_route="local")

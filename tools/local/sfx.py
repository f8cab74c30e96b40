"""Local sound effects: filtered-noise ambiences and whooshes rendered by ffmpeg ($0).

A draft backend, not a sound model: each kind of sound the storyboard can ask for is a short lavfi
graph (rain is pink noise through a band-pass, surf is brown noise swelling slowly, a whoosh is a
noise burst with a fast fade). A catalog sound-effect model replaces it when a provider is configured.
"""

from __future__ import annotations

from pathlib import Path

from tools.capabilities import Generated
from tools.errors import ToolError
from tools.ffmpeg import run_ffmpeg
from tools.recipe import Recipe

VERSION = "1"
RATE = 48_000
SOURCES = {
    "rain": "anoisesrc=color=pink:amplitude=0.35,highpass=f=500,lowpass=f=7000",
    "surf": "anoisesrc=color=brown:amplitude=0.6,tremolo=f=0.15:d=0.85,lowpass=f=900",
    "wind": "anoisesrc=color=brown:amplitude=0.5,tremolo=f=0.3:d=0.6,bandpass=f=500:w=400",
    "city": "anoisesrc=color=brown:amplitude=0.5,lowpass=f=400,tremolo=f=0.5:d=0.3",
    "crowd": "anoisesrc=color=pink:amplitude=0.3,bandpass=f=1200:w=900,tremolo=f=7:d=0.4",
    "kitchen": "anoisesrc=color=white:amplitude=0.2,highpass=f=2500,tremolo=f=11:d=0.5",
    "nature": "anoisesrc=color=pink:amplitude=0.12,lowpass=f=3000,tremolo=f=0.4:d=0.4",
    "whoosh": "anoisesrc=color=pink:amplitude=0.6,bandpass=f=1500:w=1200",
}
"""lavfi source per kind of sound (``extra["sound"]`` of the recipe)."""


def sound_graph(kind: str, seconds: float) -> str:
    """The graph for one sound: its source, trimmed, faded, stereo at 48 kHz."""
    source = SOURCES.get(kind)
    if source is None:
        raise ToolError(f"the local sound backend has no {kind!r} sound; it makes {', '.join(sorted(SOURCES))}")
    fade_in = min(0.08 if kind == "whoosh" else 0.5, seconds / 3)
    fade_out = min(seconds * 0.6 if kind == "whoosh" else 0.6, seconds / 2)
    return (
        f"{source},atrim=0:{seconds:.3f},aresample={RATE},afade=t=in:d={fade_in:.2f},"
        f"afade=t=out:st={max(0.0, seconds - fade_out):.2f}:d={fade_out:.2f},aformat=channel_layouts=stereo"
    )


class LocalSound:
    """Filtered noise as a :class:`~tools.capabilities.SoundDesigner`."""

    async def text_to_sound(self, recipe: Recipe, out: Path) -> Generated:
        """Render the recipe's kind of sound (``extra["sound"]``) for its length."""
        seconds = recipe.duration_s or 0.0
        if seconds <= 0:
            raise ToolError("a sound effect needs a length above 0 s")
        graph = sound_graph(recipe.extra.get("sound", ""), seconds)
        path = await run_ffmpeg(["-f", "lavfi", "-i", graph, "-c:a", "pcm_s16le"], output=out)
        return Generated(path=path, model_version=VERSION, provider_route="local")

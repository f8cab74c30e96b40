"""The campaign's soundtrack: voiceover per scene, a music bed ducked under speech, loudness-normalised.

Mixed once per cut (every platform export reuses it). Loudness is two-pass EBU R128: the first pass
measures, the second applies ``loudnorm`` linearly to −14 LUFS integrated and −1 dBTP true peak.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel

from tools.errors import MediaError
from tools.ffmpeg import ffmpeg_call, run_ffmpeg

RATE = 48_000
TARGET_LUFS = -14.0
TARGET_TP = -1.0
MIX_TP = -1.5  # normalise with headroom: AAC encoding raises true peak by a few tenths of a dB
TARGET_LRA = 11.0
MAX_TEMPO = 1.25
BED_GAIN = 0.5
"""The music bed's level before ducking (lower and the peaky local voice caps linear loudnorm under −14 LUFS)."""


class VoiceClip(BaseModel):
    """A voiceover file and where its scene starts."""

    path: Path
    start_s: float
    duration_s: float
    scene_s: float
    """The scene's length: a line longer than its scene is sped up (up to 1.25×)."""


class Loudness(BaseModel):
    """An EBU R128 measurement."""

    integrated_lufs: float
    true_peak_dbtp: float
    lra: float
    threshold: float


class Effect(BaseModel):
    """A sound placed on the timeline: a scene's effect or ambience, or a clip's own (native) audio."""

    path: Path
    start_s: float
    duration_s: float
    gain: float = 0.35
    """Linear gain before ducking: ambience sits under the voice."""


def mix_graph(voices: list[VoiceClip], total_s: float, music: bool, effects: Sequence[Effect] = ()) -> str:
    """Voice lines at their scene starts; music and effects ducked under them by a sidechain compressor.

    Inputs are numbered voices first, then the music bed (when ``music``), then the effects.
    """
    parts = [f"anullsrc=r={RATE}:cl=stereo,atrim=0:{total_s:.3f}[base]"]
    for i, v in enumerate(voices):
        tempo = min(MAX_TEMPO, v.duration_s / v.scene_s) if v.duration_s > v.scene_s else 1.0
        parts.append(
            f"[{i}:a]aresample={RATE},aformat=channel_layouts=stereo,atempo={tempo:.4f},"
            f"adelay={round(v.start_s * 1000)}:all=1[v{i}]"
        )
    labels = "".join(f"[v{i}]" for i in range(len(voices)))
    parts.append(f"[base]{labels}amix=inputs={len(voices) + 1}:normalize=0:duration=first[speech]")
    under: list[str] = []
    m = len(voices)
    if music:
        parts.append(
            f"[{m}:a]aresample={RATE},aformat=channel_layouts=stereo,volume={BED_GAIN},atrim=0:{total_s:.3f}[bed]"
        )
        under.append("[bed]")
    first = m + (1 if music else 0)
    for j, e in enumerate(effects):
        parts.append(
            f"[{first + j}:a]aresample={RATE},aformat=channel_layouts=stereo,atrim=0:{e.duration_s:.3f},"
            f"volume={e.gain:.3f},adelay={round(e.start_s * 1000)}:all=1[e{j}]"
        )
        under.append(f"[e{j}]")
    if not under:
        parts.append("[speech]anull[mix]")
        return ";".join(parts)
    parts.append("[speech]asplit=2[speech_out][key]")
    mixed = f"amix=inputs={len(under)}:normalize=0:duration=longest," if len(under) > 1 else ""
    parts.append(f"{''.join(under)}{mixed}apad,atrim=0:{total_s:.3f}[under]")
    parts.append("[under][key]sidechaincompress=threshold=0.02:ratio=8:attack=20:release=350[ducked]")
    parts.append("[speech_out][ducked]amix=inputs=2:normalize=0:duration=first[mix]")
    return ";".join(parts)


def _inputs(voices: list[VoiceClip], music: Path | None, effects: Sequence[Effect] = ()) -> list[str]:
    args: list[str] = []
    for v in voices:
        args += ["-i", str(v.path)]
    if music is not None:
        args += ["-i", str(music)]
    for e in effects:
        args += ["-i", str(e.path)]
    return args


async def measure_loudness(args: list[str]) -> Loudness:
    """First loudnorm pass: measure the input described by ``args`` (inputs and a ``[mix]`` graph)."""
    code, _, stderr = await ffmpeg_call([*args, "-f", "null", "-"])
    text = stderr.decode(errors="replace")
    match = re.search(r"\{[^{}]*\"input_i\"[^{}]*\}", text, re.S)
    if code != 0 or match is None:
        raise MediaError(f"loudness measurement failed: {text.strip().splitlines()[-1:]}")
    data = json.loads(match.group(0))
    return Loudness(
        integrated_lufs=float(data["input_i"]),
        true_peak_dbtp=float(data["input_tp"]),
        lra=float(data["input_lra"]),
        threshold=float(data["input_thresh"]),
    )


async def render_soundtrack(
    voices: list[VoiceClip], total_s: float, out: Path, music: Path | None, effects: Sequence[Effect] = ()
) -> tuple[Path, Loudness]:
    """The final mix as a 48 kHz WAV at −14 LUFS / −1 dBTP (and what it measured before)."""
    graph = mix_graph(voices, total_s, music is not None, effects)
    inputs = _inputs(voices, music, effects)
    target = f"I={TARGET_LUFS}:TP={MIX_TP}:LRA={TARGET_LRA}"
    first = await measure_loudness(
        [*inputs, "-filter_complex", f"{graph};[mix]loudnorm={target}:print_format=json[o]", "-map", "[o]"]
    )
    if first.integrated_lufs < -70:  # silence: nothing to normalise
        norm = "anull"
    else:
        norm = (
            f"loudnorm={target}:measured_I={first.integrated_lufs}:measured_TP={first.true_peak_dbtp}:"
            f"measured_LRA={first.lra}:measured_thresh={first.threshold}:linear=true,aresample={RATE}"
        )
    await run_ffmpeg(
        [
            *inputs,
            "-filter_complex",
            f"{graph};[mix]{norm},atrim=0:{total_s:.3f}[o]",
            "-map",
            "[o]",
            "-c:a",
            "pcm_s16le",
            "-ar",
            str(RATE),
        ],
        output=out,
    )
    return out, first


async def ebur128(path: Path) -> Loudness:
    """Measure a finished file (integrated loudness and true peak) with ffmpeg's EBU R128 meter."""
    code, _, stderr = await ffmpeg_call(
        ["-i", str(path), "-map", "0:a:0", "-af", "ebur128=peak=true", "-f", "null", "-"]
    )
    summary = stderr.decode(errors="replace").rsplit("Summary:", 1)[-1]
    i = re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary)
    peak = re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    lra = re.search(r"LRA:\s+(-?[\d.]+) LU", summary)
    if code != 0 or i is None or peak is None:
        raise MediaError(f"could not measure the loudness of {path.name}")

    def number(m: re.Match[str] | None) -> float:
        return float("-inf") if m is None or m.group(1) == "-inf" else float(m.group(1))

    return Loudness(integrated_lufs=number(i), true_peak_dbtp=number(peak), lra=number(lra), threshold=0.0)

"""Benchmark: a 30 s, 4-scene campaign delivered to 4 platforms, against two baselines in the same run.

Run: ``uv run python bench/delivery.py``. Times (1) our whole finishing pipeline (soundtrack with
music and two-pass loudness, captions, grade, reframe, exports, QA, covers, contact sheets,
timeline), (2) bare ffmpeg encodes of the same four outputs (concatenate, scale/pad, encode: the
floor), and (3) a MoviePy assembly of the same inputs (concatenate, resize, voice placed, encoded
by MoviePy's own writer). Targets: ≤ 1.3× the bare encodes, faster than MoviePy.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.delivery.audio import VoiceClip
from tools.delivery.captions import Line
from tools.delivery.pipeline import Cut, deliver
from tools.delivery.render import (
    H264_EXPORT,
    Shot,
)
from tools.ffmpeg import run_ffmpeg
from tools.local.keyframes import LocalKeyframes
from tools.local.motion import LocalMotion
from tools.local.speech import LocalSpeech
from tools.platforms import PLATFORMS, Format
from tools.probe import probe
from tools.recipe import Capability, Recipe

TARGETS = ["tiktok", "youtube", "feed_square", "feed_portrait"]
SCENES = [
    (7.5, "Every trail starts with one step."),
    (7.5, "Made for runners who go further."),
    (7.5, "This is the trail shoe."),
    (7.5, "Go further, faster. Shop now."),
]
MASTER = Format(aspect_ratio="9:16", width=1080, height=1920)


async def inputs(folder: Path) -> Cut:
    """Four camera-move clips and four voice lines (made once, not timed)."""
    base = Recipe(
        capability=Capability.TEXT_TO_IMAGE,
        model_id="local/keyframe",
        model_version="1",
        provider_route="local",
        prompt="A trail shoe on a ridge. Tone: energetic.",
        width=1080,
        height=1920,
    )
    shots, voices, lines, start = [], [], [], 0.0
    for i, (seconds, line) in enumerate(SCENES):
        frame = await LocalKeyframes().text_to_image(base.model_copy(update={"seed": i}), folder / f"k{i}.png")
        clip = await LocalMotion().image_to_video(
            base.model_copy(update={"duration_s": seconds, "fps": 30, "camera_move": "push_in"}),
            frame.path,
            folder / f"c{i}.mp4",
        )
        voice = await LocalSpeech().text_to_speech(base.model_copy(update={"prompt": line}), folder / f"v{i}.wav")
        spoken = probe(voice.path).duration_s or 0.0
        shots.append(Shot(clip=clip.path, duration_s=seconds, size=(1080, 1920)))
        voices.append(VoiceClip(path=voice.path, start_s=start, duration_s=spoken, scene_s=seconds))
        lines.append(Line(text=line, start_s=start, duration_s=min(spoken, seconds)))
        start += seconds
    return Cut(name="bench", shots=shots, voices=voices, lines=lines, mood="calm", master=MASTER)


async def bare(cut: Cut, soundtrack: Path, folder: Path) -> None:
    """The same four outputs with nothing but concatenation, scale/pad and the encode."""
    n = len(cut.shots)
    for platform_id in TARGETS:
        fmt = PLATFORMS[platform_id].format
        graph = (
            "".join(f"[{i}:v]" for i in range(n)) + f"concat=n={n}:v=1:a=0,scale={fmt.width}:{fmt.height}:"
            f"force_original_aspect_ratio=decrease,pad={fmt.width}:{fmt.height}:(ow-iw)/2:(oh-ih)/2,"
            "format=yuv420p[v]"
        )
        args = [a for s in cut.shots for a in ("-i", str(s.clip))]
        await run_ffmpeg(
            [
                *args,
                "-i",
                str(soundtrack),
                "-filter_complex",
                graph,
                "-map",
                "[v]",
                "-map",
                f"{n}:a",
                *H264_EXPORT,
                "-c:a",
                "aac",
                "-b:a",
                "192k",
                "-t",
                f"{cut.duration_s}",
                "-movflags",
                "+faststart",
            ],
            output=folder / f"bare-{platform_id}.mp4",
        )


def moviepy(cut: Cut, folder: Path) -> None:
    """The same assembly in MoviePy: the approach of the most popular open-source short-video pipeline."""
    from moviepy import (
        AudioFileClip,
        ColorClip,
        CompositeAudioClip,
        CompositeVideoClip,
        VideoFileClip,
        concatenate_videoclips,
    )

    clips = [VideoFileClip(str(s.clip)).subclipped(0, s.duration_s) for s in cut.shots]
    joined = concatenate_videoclips(clips)
    voice = CompositeAudioClip([AudioFileClip(str(v.path)).with_start(v.start_s) for v in cut.voices])
    for platform_id in TARGETS:
        fmt = PLATFORMS[platform_id].format
        scale = min(fmt.width / joined.w, fmt.height / joined.h)
        fitted = joined.resized(scale).with_position("center")
        frame = CompositeVideoClip(
            [ColorClip((fmt.width, fmt.height), color=(0, 0, 0)).with_duration(joined.duration), fitted],
            size=(fmt.width, fmt.height),
        )
        frame.with_audio(voice.with_duration(joined.duration)).write_videofile(
            str(folder / f"moviepy-{platform_id}.mp4"),
            fps=30,
            codec="libx264",
            audio_codec="aac",
            preset="veryfast",
            threads=2,
            logger=None,
        )
    for clip in clips:
        clip.close()


def main() -> None:
    """Run the three and print times and ratios."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cut = asyncio.run(inputs(folder))
        started = time.perf_counter()
        delivery = asyncio.run(deliver(cut, TARGETS, folder / "ours"))
        ours = time.perf_counter() - started
        started = time.perf_counter()
        asyncio.run(bare(cut, delivery.soundtrack, folder))
        floor = time.perf_counter() - started
        started = time.perf_counter()
        moviepy(cut, folder)
        movie = time.perf_counter() - started
        passed = sum(p.qa.passed for p in delivery.platforms.values())
    print(f"30 s, 4 scenes, {len(TARGETS)} platforms ({', '.join(TARGETS)}); QA passed: {passed}/{len(TARGETS)}")
    print(f"  ours (full finishing pipeline): {ours:7.1f} s")
    print(f"  bare ffmpeg encodes           : {floor:7.1f} s   ours / bare    = {ours / floor:.2f}x (target ≤ 1.30)")
    print(f"  MoviePy assembly              : {movie:7.1f} s   ours / MoviePy = {ours / movie:.2f}x (target < 1.00)")


if __name__ == "__main__":
    main()

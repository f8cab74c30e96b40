"""A take's preview: its clip with its voiceover muxed in, so picture and voice play in one player."""

from __future__ import annotations

from pathlib import Path

from tools.ffmpeg import run_ffmpeg


async def take_preview(clip: Path, voice: Path | None, out: Path) -> Path:
    """``clip`` with ``voice`` as its audio (video stream copied; AAC audio, padded or cut to the clip).

    A preview already made for the same inputs is reused: its name carries both files' names.
    """
    if out.is_file():
        return out
    if voice is None:
        return await run_ffmpeg(["-i", str(clip), "-c", "copy", "-movflags", "+faststart"], output=out)
    return await run_ffmpeg(
        [
            "-i", str(clip), "-i", str(voice),
            "-map", "0:v:0", "-map", "1:a:0",
            "-c:v", "copy", "-c:a", "aac", "-b:a", "128k", "-af", "apad", "-shortest",
            "-movflags", "+faststart",
        ],
        output=out,
    )  # fmt: skip

"""Run the ffmpeg binary shipped by ``imageio-ffmpeg``."""

from __future__ import annotations

import asyncio
import uuid
from functools import lru_cache
from pathlib import Path

import imageio_ffmpeg

from tools.errors import MediaError

# Intermediate H.264 encode used for every clip the tools make (exports have their own settings).
H264_INTERMEDIATE = [
    "-c:v",
    "libx264",
    "-preset",
    "veryfast",
    "-crf",
    "18",
    "-pix_fmt",
    "yuv420p",
    "-movflags",
    "+faststart",
]


@lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    """Path of the bundled ffmpeg binary."""
    return str(imageio_ffmpeg.get_ffmpeg_exe())


async def ffmpeg_call(args: list[str], *, capture: bool = False) -> tuple[int, bytes, bytes]:
    """Run the ffmpeg binary with ``args``; return its exit code, stdout (when ``capture``) and stderr.

    Cancelling the awaiting task kills the process, so an abandoned stage leaves no encoder behind.
    """
    out = asyncio.subprocess.PIPE if capture else asyncio.subprocess.DEVNULL
    proc = await asyncio.create_subprocess_exec(
        ffmpeg_exe(), "-hide_banner", "-nostdin", *args, stdout=out, stderr=asyncio.subprocess.PIPE
    )
    try:
        stdout, stderr = await proc.communicate()
    except asyncio.CancelledError:
        proc.kill()
        await proc.wait()
        raise
    return proc.returncode or 0, stdout or b"", stderr


async def run_ffmpeg(args: list[str], *, output: Path) -> Path:
    """Run ffmpeg with ``args`` writing ``output``; raise :class:`MediaError` with its stderr tail.

    Output goes to a temporary name first and is renamed on success, so a crash never leaves a
    half-written file under the final name.
    """
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.stem}.{uuid.uuid4().hex[:8]}.partial{output.suffix}")
    try:
        code, _, stderr = await ffmpeg_call(["-loglevel", "error", "-y", *args, str(partial)])
    except asyncio.CancelledError:  # the stage was abandoned: leave no debris
        partial.unlink(missing_ok=True)
        raise
    if code != 0:
        partial.unlink(missing_ok=True)
        tail = stderr.decode(errors="replace").strip().splitlines()[-5:]
        raise MediaError(f"ffmpeg failed making {output.name}: {' | '.join(tail)}")
    partial.replace(output)
    return output


async def filter_video(source: Path, video_filter: str, output: Path) -> Path:
    """Re-encode ``source`` through one video filter chain, copying its audio."""
    return await run_ffmpeg(["-i", str(source), "-vf", video_filter, *H264_INTERMEDIATE, "-c:a", "copy"], output=output)


async def run_ffmpeg_outputs(args: list[str], outputs: list[Path]) -> list[Path]:
    """Run ffmpeg with several outputs: each ``"{output}"`` in ``args`` is the next output, written atomically."""
    partials = [o.with_name(f".{o.stem}.{uuid.uuid4().hex[:8]}.partial{o.suffix}") for o in outputs]
    slots = iter(partials)
    filled = [str(next(slots)) if a == "{output}" else a for a in args]
    for output in outputs:
        output.parent.mkdir(parents=True, exist_ok=True)
    try:
        code, _, stderr = await ffmpeg_call(["-loglevel", "error", "-y", *filled])
    except asyncio.CancelledError:
        for partial in partials:
            partial.unlink(missing_ok=True)
        raise
    if code != 0:
        for partial in partials:
            partial.unlink(missing_ok=True)
        tail = stderr.decode(errors="replace").strip().splitlines()[-5:]
        raise MediaError(f"ffmpeg failed making {', '.join(o.name for o in outputs)}: {' | '.join(tail)}")
    for partial, output in zip(partials, outputs, strict=True):
        partial.replace(output)
    return outputs


async def read_gray_frames(source: Path, video_filter: str, width: int, height: int, frames: int) -> bytes:
    """Up to ``frames`` 8-bit gray frames of ``source`` after ``video_filter`` (ending at ``width``×``height``)."""
    args = ["-loglevel", "error", "-i", str(source), "-vf", f"{video_filter},format=gray"]
    code, stdout, stderr = await ffmpeg_call([*args, "-frames:v", str(frames), "-f", "rawvideo", "-"], capture=True)
    if code != 0 or len(stdout) < width * height:
        tail = stderr.decode(errors="replace").strip().splitlines()[-3:]
        raise MediaError(f"ffmpeg could not read frames of {source.name}: {' | '.join(tail) or 'no frames'}")
    return stdout

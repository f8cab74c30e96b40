"""Camera-move clips from a keyframe, rendered by ffmpeg's zoompan at exact duration and fps."""

from __future__ import annotations

import asyncio
from enum import StrEnum
from pathlib import Path

from tools.capabilities import Generated
from tools.errors import ToolError
from tools.ffmpeg import H264_INTERMEDIATE, run_ffmpeg
from tools.local.keyframes import render_keyframe
from tools.recipe import Recipe

MODEL_ID = "local/motion"
VERSION = "1"


class CameraMove(StrEnum):
    """Camera moves the local backend can render."""

    PUSH_IN = "push_in"
    PULL_OUT = "pull_out"
    PAN_LEFT = "pan_left"
    PAN_RIGHT = "pan_right"
    DRIFT = "drift"
    STATIC = "static"


def zoompan_expr(move: CameraMove, frames: int) -> tuple[str, str, str]:
    """(zoom, x, y) zoompan expressions for a move over ``frames`` output frames."""
    p = f"(on/{max(frames - 1, 1)})"  # progress 0 → 1
    centre_x, centre_y = "iw/2-(iw/zoom/2)", "ih/2-(ih/zoom/2)"
    if move is CameraMove.PUSH_IN:
        return f"1+0.18*{p}", centre_x, centre_y
    if move is CameraMove.PULL_OUT:
        return f"1.18-0.18*{p}", centre_x, centre_y
    if move is CameraMove.PAN_LEFT:
        return "1.15", f"(iw-iw/zoom)*(1-{p})", centre_y
    if move is CameraMove.PAN_RIGHT:
        return "1.15", f"(iw-iw/zoom)*{p}", centre_y
    if move is CameraMove.DRIFT:
        # An arc across the frame with a slight zoom swell: reads as a slow orbit.
        return (
            f"1.12+0.04*sin(PI*{p})",
            f"(iw-iw/zoom)*(0.15+0.7*{p})",
            f"(ih-ih/zoom)*(0.5-0.4*sin(PI*{p}))",
        )
    return "1.03", centre_x, centre_y


class LocalMotion:
    """Animates a keyframe with a camera move: exact frame count, H.264 yuv420p."""

    async def image_to_video(self, recipe: Recipe, image: Path, out: Path) -> Generated:
        """Render the move named by ``recipe.camera_move`` over ``image``."""
        if not recipe.duration_s or recipe.duration_s <= 0:
            raise ToolError("a clip recipe needs a positive duration_s")
        fps = recipe.fps or 30
        width, height = recipe.width or 1080, recipe.height or 1920
        frames = round(recipe.duration_s * fps)
        try:
            move = CameraMove(recipe.camera_move or "static")
        except ValueError as exc:
            moves = ", ".join(m.value for m in CameraMove)
            raise ToolError(f"unknown camera move {recipe.camera_move!r}; use one of {moves}") from exc
        zoom, x, y = zoompan_expr(move, frames)
        vf = (
            f"scale={width}:{height}:force_original_aspect_ratio=increase,crop={width}:{height},"
            f"zoompan=z='{zoom}':x='{x}':y='{y}':d=1:s={width}x{height}:fps={fps},"
            "format=yuv420p,setsar=1"
        )
        args = [
            "-loop",
            "1",
            "-framerate",
            str(fps),
            "-i",
            str(image),
            "-vf",
            vf,
            "-frames:v",
            str(frames),
            "-r",
            str(fps),
            *H264_INTERMEDIATE,
        ]
        await run_ffmpeg(args, output=out)
        return Generated(path=out, model_version=VERSION, provider_route="local")

    async def text_to_video(self, recipe: Recipe, out: Path) -> Generated:
        """Draw a storyboard frame for the prompt, then animate it."""
        frame = out.with_suffix(".frame.png")
        await asyncio.to_thread(render_keyframe, recipe, frame)
        try:
            return await self.image_to_video(recipe, frame, out)
        finally:
            frame.unlink(missing_ok=True)

"""Reframing for another aspect: salient crop windows, the crop-or-fill rule, and crops in real exports."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.media_checks import video_frames
from tools.delivery.framing import Framing, best_window, grid_size, kept_share, resolve, saliency
from tools.delivery.pipeline import Cut, crop_windows
from tools.delivery.render import Shot, render_platforms
from tools.ffmpeg import run_ffmpeg
from tools.platforms import PLATFORMS, PORTRAIT, SQUARE, VERTICAL, WIDE, Format

SMALL_WIDE = Format(aspect_ratio="16:9", width=640, height=360)


def disc_frame(fmt: Format, centre: tuple[float, float], *, noise: bool = False) -> np.ndarray:
    """A gray frame at the saliency grid with a bright disc at ``centre`` (shares of width and height)."""
    cols, rows = grid_size(fmt)
    y, x = np.mgrid[0:rows, 0:cols]
    frame = 0.3 + 0.1 * x / cols
    if noise:
        frame = frame + np.random.default_rng(7).random((rows, cols)) * 0.15
    r = max(rows, cols) / 16
    frame[(x - centre[0] * cols) ** 2 + (y - centre[1] * rows) ** 2 < r * r] = 0.95
    return frame


@pytest.mark.parametrize("where", [0.15, 0.5, 0.85])
@pytest.mark.parametrize("target", [VERTICAL, SQUARE, PORTRAIT])
@pytest.mark.parametrize("noise", [False, True])
def test_the_crop_window_holds_the_subject(where: float, target: Format, noise: bool) -> None:
    window = best_window(saliency(disc_frame(WIDE, (where, 0.4), noise=noise)), WIDE, target)
    assert window.w * target.height == pytest.approx(window.h * target.width, rel=0.01), "the platform's aspect"
    assert window.x >= 0 and window.x + window.w <= WIDE.width and (window.y, window.h) == (0, WIDE.height)
    subject_x = where * WIDE.width
    assert window.x + 0.1 * window.w <= subject_x <= window.x + 0.9 * window.w


def test_a_wider_target_slides_down_a_tall_frame() -> None:
    window = best_window(saliency(disc_frame(VERTICAL, (0.5, 0.8))), VERTICAL, SQUARE)
    assert (window.x, window.w, window.h) == (0, 1080, 1080)
    assert window.y + 0.1 * window.h <= 0.8 * VERTICAL.height <= window.y + 0.9 * window.h


@pytest.mark.parametrize("frame", ["flat", "gradient"])
def test_a_frame_without_a_subject_is_cropped_in_the_centre(frame: str) -> None:
    cols, rows = grid_size(WIDE)
    pixels = np.full((rows, cols), 0.5) if frame == "flat" else 0.2 + 0.6 * np.mgrid[0:rows, 0:cols][1] / cols
    window = best_window(saliency(pixels), WIDE, VERTICAL)
    assert abs(window.x + window.w / 2 - WIDE.width / 2) <= 8


def test_auto_crops_only_when_most_of_the_frame_survives() -> None:
    assert resolve(Framing.AUTO, WIDE, WIDE) is None
    assert kept_share(WIDE, SQUARE) == pytest.approx(0.5625)
    assert resolve(Framing.AUTO, WIDE, SQUARE) is Framing.CROP
    assert resolve(Framing.AUTO, WIDE, VERTICAL) is Framing.FILL  # a 32% sliver: fit the whole picture
    assert resolve(Framing.AUTO, VERTICAL, PORTRAIT) is Framing.CROP
    assert resolve(Framing.CROP, WIDE, VERTICAL) is Framing.CROP  # asked for explicitly


async def box_clip(folder: Path, name: str, box_x: int, seconds: float) -> Path:
    """A dark 640×360 clip with a white box whose left edge is at ``box_x``."""
    source = f"color=c=0x202830:s=640x360:r=30:d={seconds},drawbox=x={box_x}:y=130:w=100:h=100:color=white:t=fill"
    return await run_ffmpeg(
        ["-f", "lavfi", "-i", source, "-c:v", "libx264", "-pix_fmt", "yuv420p"], output=folder / f"{name}.mp4"
    )


async def test_a_square_export_follows_the_subject_from_shot_to_shot(tmp_path: Path) -> None:
    shots = [
        Shot(clip=await box_clip(tmp_path, "left", 40, 1.0), duration_s=1.0, size=(640, 360)),
        Shot(clip=await box_clip(tmp_path, "right", 500, 1.0), duration_s=1.0, size=(640, 360)),
    ]
    silence = await run_ffmpeg(
        ["-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo", "-t", "2"], output=tmp_path / "a.wav"
    )
    cut = Cut(name="boxes", shots=shots, voices=[], lines=[], mood="bold", master=SMALL_WIDE)
    square = PLATFORMS["feed_square"]
    crops = await crop_windows(cut, [square])
    first, second = crops["feed_square"]
    assert first.x <= 40 and first.x + first.w >= 140, "the left box is inside the first window"
    assert second.x <= 500 and second.x + second.w >= 600, "the right box is inside the second window"
    out = tmp_path / "square.mp4"
    await render_platforms(shots, silence, [square], SMALL_WIDE, {"feed_square": out}, crops=crops)
    frames = video_frames(out)
    assert frames[0].shape[:2] == (1080, 1080)
    for index in (15, 45):  # mid-shot frames: the whole box is there (white pixels), full-bleed (no blurred fill)
        white = (frames[index].min(axis=2) > 230).mean()
        assert white == pytest.approx((100 / 360) ** 2, rel=0.15)

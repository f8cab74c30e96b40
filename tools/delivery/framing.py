"""Reframing a cut for another aspect ratio: crop to the salient region, or fit over a blurred fill.

A crop keeps the picture full-bleed but loses the sides (or top and bottom); it is chosen when it keeps
at least half of the frame and the subject fits, otherwise the whole picture is fitted over a blurred copy
of itself. The crop window is placed per shot where the picture's saliency is: spectral-residual saliency
(Hou & Zhang, CVPR 2007) of a few frames sampled from the shot, with a mild centre prior, computed with
numpy on ~100-pixel frames. The window stays still within a shot and glides across a crossfade.
"""

from __future__ import annotations

from enum import StrEnum
from fractions import Fraction
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel

from tools.ffmpeg import read_gray_frames
from tools.platforms import Format

CROP_MIN_KEPT = 0.5
"""``auto`` crops when the crop keeps at least this share of the frame; below it the picture is fitted."""
SAMPLES = 3
"""Frames sampled per shot for its saliency."""
GRID = 96
"""Long side of the saliency grid, in pixels."""
CENTRE_PRIOR = 0.35
"""Weight of the centre prior against the saliency (both normalised to a peak of 1)."""
DETAIL_FULL = 0.03
"""Std of a frame's high-pass detail (0..1 gray) at which its saliency counts in full."""


class Framing(StrEnum):
    """How a picture is brought to a different aspect ratio."""

    AUTO = "auto"
    CROP = "crop"
    FILL = "fill"


class Window(BaseModel, frozen=True):
    """A crop window in master-frame pixels."""

    x: int
    y: int
    w: int
    h: int


def _ratio(fmt: Format) -> Fraction:
    return Fraction(fmt.width, fmt.height)


def kept_share(master: Format, target: Format) -> float:
    """Share of the master frame a crop to ``target``'s aspect keeps (1.0 when the aspects match)."""
    a, b = _ratio(master), _ratio(target)
    return float(min(a / b, b / a))


def resolve(framing: Framing, master: Format, target: Format) -> Framing | None:
    """The framing a platform gets: ``None`` when the aspects match (a plain scale)."""
    if _ratio(master) == _ratio(target):
        return None
    if framing is Framing.AUTO:
        return Framing.CROP if kept_share(master, target) >= CROP_MIN_KEPT else Framing.FILL
    return framing


def grid_size(master: Format) -> tuple[int, int]:
    """Width and height of the saliency grid at the master's aspect."""
    if master.width >= master.height:
        return GRID, max(8, round(GRID * master.height / master.width))
    return max(8, round(GRID * master.width / master.height)), GRID


def _box3(a: NDArray[np.float64]) -> NDArray[np.float64]:
    padded = np.pad(a, 1, mode="edge")
    rows, cols = a.shape
    total = np.zeros_like(a)
    for i in range(3):
        for j in range(3):
            total += padded[i : i + rows, j : j + cols]
    return total / 9.0


def _blur(a: NDArray[np.float64], sigma: float) -> NDArray[np.float64]:
    """Separable Gaussian blur."""
    radius = max(1, int(3 * sigma))
    x = np.arange(-radius, radius + 1)
    kernel = np.exp(-(x**2) / (2 * sigma**2))
    kernel /= kernel.sum()
    padded = np.pad(a, radius, mode="edge")
    rows = np.apply_along_axis(lambda r: np.convolve(r, kernel, mode="valid"), 1, padded)
    return np.apply_along_axis(lambda c: np.convolve(c, kernel, mode="valid"), 0, rows)


def saliency(frame: NDArray[np.float64]) -> NDArray[np.float64]:
    """Spectral-residual saliency of a gray frame, normalised to a peak of 1 (all zeros for a flat frame)."""
    rows, cols = frame.shape
    mirrored = np.pad(frame, ((rows // 2, rows // 2), (cols // 2, cols // 2)), mode="reflect")  # no wrap-around edges
    spectrum = np.fft.fft2(mirrored)
    log_amplitude = np.log(np.abs(spectrum) + 1e-9)
    residual = log_amplitude - _box3(log_amplitude)
    whole = np.abs(np.fft.ifft2(np.exp(residual + 1j * np.angle(spectrum)))) ** 2
    mapped = whole[rows // 2 : rows // 2 + rows, cols // 2 : cols // 2 + cols]
    smooth = _blur(mapped, sigma=max(frame.shape) / 40)
    smooth -= smooth.min()
    peak = float(smooth.max())
    if peak <= 0:
        return np.zeros_like(frame)
    return smooth / peak * _detail(frame)


def _detail(frame: NDArray[np.float64]) -> float:
    """0..1: how much local detail the frame has; smooth gradients and flat frames have none to follow."""
    highpass = frame - _blur(frame, sigma=max(frame.shape) / 16)
    m = max(1, max(frame.shape) // 16)  # the blur's padding colours the border: leave it out
    return min(1.0, float(np.std(highpass[m:-m, m:-m])) / DETAIL_FULL)


def _centre_prior(rows: int, cols: int) -> NDArray[np.float64]:
    y, x = np.mgrid[0:rows, 0:cols]
    dy, dx = (y - (rows - 1) / 2) / rows, (x - (cols - 1) / 2) / cols
    return np.exp(-(dx**2 + dy**2) / (2 * 0.3**2))  # type: ignore[no-any-return]


def best_window(salient: NDArray[np.float64], master: Format, target: Format) -> Window:
    """The crop window of ``target``'s aspect, in master pixels, holding the most saliency."""
    rows, cols = salient.shape
    weight = salient + CENTRE_PRIOR * _centre_prior(rows, cols)
    if _ratio(target) < _ratio(master):  # narrower: keep the full height, slide across
        w = int(master.height * _ratio(target)) // 2 * 2
        profile, span, full, length = weight.sum(axis=0), w / master.width, master.width, w
    else:  # wider: keep the full width, slide down
        h = int(master.width / _ratio(target)) // 2 * 2
        profile, span, full, length = weight.sum(axis=1), h / master.height, master.height, h
    cells = max(1, min(len(profile), round(span * len(profile))))
    sums = np.convolve(profile, np.ones(cells), mode="valid")
    centre = (int(np.argmax(sums)) + cells / 2) / len(profile)  # as a share of the frame
    start = min(max(0, round(centre * full - length / 2)), full - length) // 2 * 2
    if _ratio(target) < _ratio(master):
        return Window(x=start, y=0, w=length, h=master.height)
    return Window(x=0, y=start, w=master.width, h=length)


async def shot_saliency(
    clip: Path, master: Format, seconds: float, size: tuple[int, int] | None
) -> NDArray[np.float64]:
    """Mean saliency of frames sampled across a shot, on the grid, as the shot appears in the master frame."""
    cols, rows = grid_size(master)
    cover = (
        ""
        if size == (master.width, master.height)
        else f"scale={master.width}:{master.height}:force_original_aspect_ratio=increase,"
        f"crop={master.width}:{master.height},"
    )
    rate = SAMPLES / max(seconds, 0.1)
    raw = await read_gray_frames(clip, f"{cover}fps={rate:.4f},scale={cols}:{rows}", cols, rows, SAMPLES)
    count = len(raw) // (cols * rows)
    frames = np.frombuffer(raw[: count * cols * rows], dtype=np.uint8).reshape(count, rows, cols).astype(np.float64)
    return np.mean([saliency(f / 255.0) for f in frames], axis=0)  # type: ignore[no-any-return]

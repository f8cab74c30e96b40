"""Brand QA of an export: colour distance from the kit palette (ΔE) and the logo on the end card.

ΔE is CIE76 (Euclidean distance in CIELAB, D65) between each sampled frame's dominant colours and the
nearest kit colour, weighted by how much of the frame each colour covers. The logo is found by
normalised cross-correlation of the logo (flattened on the card colour) over the last frame, at the
sizes a crop or a fill can give it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image
from pydantic import BaseModel

from tools.brand import BrandKit
from tools.delivery.endcard import LOGO_SHARE, logo_on, rgb
from tools.errors import MediaError
from tools.ffmpeg import ffmpeg_call

DELTA_E_FLAG = 25.0
"""Mean ΔE above this is flagged as off-palette (informational: scenes have their own colours)."""
LOGO_MATCH = 0.8
"""Correlation at or above which the logo counts as on the end card."""
SAMPLES = 8
QA_SHORT_SIDE = 120
"""Frames are compared at this short side."""

Array = NDArray[np.float64]


class BrandQA(BaseModel):
    """What the brand check measured on one export."""

    kit: str
    delta_e: float
    """Mean CIE76 ΔE of the sampled frames' dominant colours to the nearest kit colour."""
    delta_e_flag: float = DELTA_E_FLAG
    on_palette: bool
    logo_score: float
    """Best normalised cross-correlation of the logo on the last frame (1.0 is a perfect match)."""
    logo_found: bool


def srgb_to_lab(colours: Array) -> Array:
    """SRGB values in 0–255 (shape ``(..., 3)``) → CIELAB (D65)."""
    c = colours / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    m = np.array(
        [[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750], [0.0193339, 0.1191920, 0.9503041]]
    )
    xyz = lin @ m.T / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], axis=-1)


def dominant(frame: NDArray[np.uint8], k: int = 4) -> tuple[Array, Array]:
    """A frame's ``k`` dominant colours (median cut) and the share of pixels each covers."""
    quantized = Image.fromarray(np.ascontiguousarray(frame)).quantize(colors=k, method=Image.Quantize.MEDIANCUT)
    flat = quantized.getpalette() or []
    counts = quantized.getcolors() or []
    colours = np.array([flat[3 * i : 3 * i + 3] for _, i in counts if isinstance(i, int)], dtype=np.float64)
    shares = np.array([n for n, i in counts if isinstance(i, int)], dtype=np.float64)
    return colours, shares / shares.sum()


def palette_delta_e(frames: list[NDArray[np.uint8]], palette: list[str]) -> float:
    """Mean ΔE (CIE76) of the frames' dominant colours to the nearest palette colour, weighted by coverage."""
    kit = srgb_to_lab(np.array([rgb(c) for c in palette], dtype=np.float64))
    per_frame = []
    for frame in frames:
        colours, shares = dominant(frame)
        lab = srgb_to_lab(colours)
        nearest = np.linalg.norm(lab[:, None, :] - kit[None, :, :], axis=-1).min(axis=1)
        per_frame.append(float((nearest * shares).sum()))
    return float(np.mean(per_frame)) if per_frame else 0.0


def ncc(image: Array, template: Array) -> float:
    """Best zero-mean normalised cross-correlation of ``template`` over ``image`` (gray, float)."""
    th, tw = template.shape
    if th > image.shape[0] or tw > image.shape[1] or th < 4 or tw < 4:
        return 0.0
    t = template - template.mean()
    t_norm = float(np.sqrt((t * t).sum()))
    windows = np.lib.stride_tricks.sliding_window_view(image, (th, tw))
    numerator = np.einsum("ijkl,kl->ij", windows, t)
    integral = np.pad(image, ((1, 0), (1, 0))).cumsum(0).cumsum(1)
    squares = np.pad(image * image, ((1, 0), (1, 0))).cumsum(0).cumsum(1)

    def box(s: Array) -> Array:
        return s[th:, tw:] - s[:-th, tw:] - s[th:, :-tw] + s[:-th, :-tw]

    n = th * tw
    variance = box(squares) - box(integral) ** 2 / n
    denominator = np.sqrt(np.maximum(variance, 0.0)) * t_norm
    if t_norm == 0:
        return 0.0
    scores = np.where(denominator > 1e-6, numerator / np.maximum(denominator, 1e-6), 0.0)
    return float(scores.max())


def gray(frame: NDArray[np.uint8]) -> Array:
    """Luma of an RGB frame as float."""
    luma: Array = frame.astype(np.float64) @ np.array([0.299, 0.587, 0.114])
    return luma


def logo_score(frame: NDArray[np.uint8], kit: BrandKit) -> float:
    """How well the kit's logo matches somewhere on ``frame``, over the sizes reframing can give it."""
    short = min(frame.shape[:2])
    image = gray(frame)
    best = 0.0
    for share in np.linspace(LOGO_SHARE * 0.5, LOGO_SHARE * 1.15, 12):
        template = np.asarray(logo_on(kit, rgb(kit.colors[0]), max(4, round(short * share))))
        best = max(best, ncc(image, gray(template)))
    return best


def qa_size(width: int, height: int) -> tuple[int, int]:
    """The comparison size of a frame (even sides, short side :data:`QA_SHORT_SIDE`)."""
    scale = QA_SHORT_SIDE / min(width, height)
    return max(2, round(width * scale / 2) * 2), max(2, round(height * scale / 2) * 2)


async def read_rgb(source: Path, args: list[str], size: tuple[int, int], video_filter: str) -> list[NDArray[np.uint8]]:
    """RGB frames of ``source`` at ``size`` after ``video_filter`` (``args`` go before the input)."""
    w, h = size
    chain = f"{video_filter},scale={w}:{h}:flags=area,format=rgb24"
    cmd = ["-loglevel", "error", *args, "-i", str(source), "-vf", chain, "-f", "rawvideo", "-"]
    code, out, err = await ffmpeg_call(cmd, capture=True)
    if code != 0 or len(out) < w * h * 3:
        raise MediaError(f"ffmpeg could not read frames of {source.name}: {err.decode(errors='replace')[-200:]}")
    count = len(out) // (w * h * 3)
    data = np.frombuffer(out[: count * w * h * 3], dtype=np.uint8).reshape(count, h, w, 3)
    return list(data)


async def brand_qa(video: Path, kit: BrandKit, width: int, height: int, duration_s: float) -> BrandQA:
    """Measure an export against its kit: ΔE over :data:`SAMPLES` frames, the logo on its last frame."""
    size = qa_size(width, height)
    rate = f"fps={SAMPLES}/{max(duration_s, 0.1):.3f}"
    frames = (await read_rgb(video, [], size, rate))[:SAMPLES]
    last = (await read_rgb(video, ["-sseof", "-0.25"], size, "null"))[-1]
    delta = palette_delta_e(frames, kit.colors)
    score = logo_score(last, kit)
    return BrandQA(
        kit=kit.name,
        delta_e=round(delta, 2),
        on_palette=delta <= DELTA_E_FLAG,
        logo_score=round(score, 3),
        logo_found=score >= LOGO_MATCH,
    )

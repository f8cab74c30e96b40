"""Measurements on media files for assertions: audio loudness over time, frame pixels."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
from PIL import Image


def audio_rms(path: Path, start_s: float = 0.0, end_s: float | None = None) -> float:
    """RMS of the first audio stream between two times (samples normalised to ±1)."""
    chunks: list[np.ndarray] = []
    rate = 0
    first_time: float | None = None
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        for frame in container.decode(stream):
            rate = frame.sample_rate
            if first_time is None:
                first_time = float(frame.time or 0.0)
            data = frame.to_ndarray().astype(np.float64)
            if frame.format.name.startswith("s16"):
                data /= 32768.0
            channels = len(frame.layout.channels)
            if frame.format.is_planar:  # one row per channel
                chunks.append(data.reshape(channels, -1).mean(axis=0))
            else:  # packed: channels interleaved in one row
                chunks.append(data.reshape(-1, channels).mean(axis=1))
    samples = np.concatenate(chunks)
    # Honour the stream's start time: audio that starts late is silent before it.
    offset = round((first_time or 0.0) * rate)
    samples = np.concatenate([np.zeros(offset), samples]) if offset > 0 else samples[-offset:]
    window = samples[int(start_s * rate) : None if end_s is None else int(end_s * rate)]
    return float(np.sqrt(np.mean(window**2))) if window.size else 0.0


def video_frames(path: Path) -> list[np.ndarray]:
    """Every decoded video frame as RGB arrays (use on short clips only)."""
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


def mean_brightness(path: Path) -> float:
    """Mean pixel value of an image."""
    with Image.open(path) as image:
        return float(np.asarray(image.convert("L")).mean())

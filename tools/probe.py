"""Probe media files (PyAV) and images (Pillow) into :class:`~tools.recipe.MediaFacts`."""

from __future__ import annotations

from pathlib import Path

import av
from PIL import Image

from tools.errors import MediaError
from tools.recipe import MediaFacts

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp"}


def probe(path: Path) -> MediaFacts:
    """Facts about an image, audio or video file."""
    if not path.is_file():
        raise MediaError(f"{path} does not exist")
    size = path.stat().st_size
    if path.suffix.lower() in IMAGE_SUFFIXES:
        with Image.open(path) as image:
            return MediaFacts(width=image.width, height=image.height, size_bytes=size)
    try:
        with av.open(str(path)) as container:
            facts = MediaFacts(size_bytes=size)
            if container.duration is not None:
                facts.duration_s = round(container.duration / av.time_base, 4)
            if container.streams.video:
                video = container.streams.video[0]
                facts.width = video.codec_context.width
                facts.height = video.codec_context.height
                facts.video_codec = video.codec_context.name
                facts.video_profile = video.codec_context.profile
                facts.pixel_format = video.codec_context.pix_fmt
                rate = video.average_rate or video.base_rate
                facts.fps = float(rate) if rate else None
            if container.streams.audio:
                audio = container.streams.audio[0]
                facts.audio_codec = audio.codec_context.name
                facts.sample_rate = audio.codec_context.sample_rate
            return facts
    except av.error.FFmpegError as exc:
        raise MediaError(f"cannot read {path.name}: {exc}") from exc

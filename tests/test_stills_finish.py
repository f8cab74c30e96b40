"""Finishing stills: every preset framed, its text set inside the safe zone at AA contrast, under its limit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tools.delivery.stills import MIN_CONTRAST, StillText, contrast, finish_still
from tools.errors import MediaError
from tools.stills import STILLS


def busy_picture(path: Path, width: int = 1600, height: int = 1200) -> Path:
    """A noisy gradient: hard to compress and with light and dark areas for the text to fight."""
    rng = np.random.default_rng(7)
    x = np.linspace(0, 255, width)[None, :, None]
    y = np.linspace(0, 255, height)[:, None, None]
    pixels = np.clip(
        np.concatenate([x + 0 * y, y + 0 * x, 255 - x + 0 * y], axis=2) + rng.normal(0, 40, (height, width, 3)), 0, 255
    )
    Image.fromarray(pixels.astype(np.uint8)).save(path)
    return path


TEXT = StillText(headline="Go further on every trail", cta="Shop now")


@pytest.mark.parametrize("preset", sorted(STILLS))
def test_every_still_meets_its_platform(preset: str, tmp_path: Path) -> None:
    still = STILLS[preset]
    made = finish_still(busy_picture(tmp_path / "p.png"), still, TEXT, tmp_path / preset)
    assert made.passed, made.failures
    with Image.open(made.path) as image:
        assert image.size == (still.width, still.height)
        assert (image.format or "").lower() in {still.formats[0], "jpeg"}, "the preferred format, or JPEG to fit"
    assert made.path.stat().st_size <= still.max_kb * 1024
    assert len(made.qa.text_boxes) == 2 and all(c >= MIN_CONTRAST for c in made.qa.contrast)


def test_the_qa_catches_text_outside_the_safe_zone_and_a_file_over_the_limit(tmp_path: Path) -> None:
    still = STILLS["display_300x250"]
    made = finish_still(busy_picture(tmp_path / "p.png"), still, TEXT, tmp_path / "ad")
    moved = made.qa.model_copy(update={"text_boxes": [(0, 0, 50, 20)], "bytes": 200 * 1024})
    problems = moved.failures(still)
    assert any("safe zone" in p for p in problems) and any("150 KB limit" in p for p in problems)


def test_text_on_a_mid_grey_picture_gets_a_plate_for_contrast(tmp_path: Path) -> None:
    grey = tmp_path / "grey.png"
    Image.new("RGB", (1200, 1200), (128, 128, 128)).save(grey)
    assert contrast((255, 255, 255), (128, 128, 128)) < MIN_CONTRAST  # white on mid grey alone fails AA
    made = finish_still(grey, STILLS["instagram_feed_square"], TEXT, tmp_path / "sq")
    assert made.passed and min(made.qa.contrast) >= MIN_CONTRAST


def test_a_headline_too_long_for_a_skyscraper_says_so(tmp_path: Path) -> None:
    words = StillText(headline=" ".join(["Extraordinarily"] * 40))
    with pytest.raises(MediaError, match="shorten it"):
        finish_still(busy_picture(tmp_path / "p.png"), STILLS["display_160x600"], words, tmp_path / "sky")

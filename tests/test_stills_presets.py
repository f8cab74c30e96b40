"""Still presets: every size the issue names, each with its platform's published limit and a source."""

from __future__ import annotations

import pytest

from tools.stills import STILLS, still_named, stills_named

NAMED = {
    "instagram_feed_portrait": (1080, 1350),
    "instagram_feed_square": (1080, 1080),
    "instagram_story": (1080, 1920),
    "linkedin_image_ad": (1200, 627),
    "x_image": (1600, 900),
    "youtube_thumbnail": (1280, 720),
    "pinterest_pin": (1000, 1500),
    "display_300x250": (300, 250),
    "display_728x90": (728, 90),
    "display_160x600": (160, 600),
    "display_300x600": (300, 600),
    "display_970x250": (970, 250),
}


@pytest.mark.parametrize(("preset", "size"), sorted(NAMED.items()))
def test_each_named_still_has_its_size_a_limit_and_a_source(preset: str, size: tuple[int, int]) -> None:
    still = STILLS[preset]
    assert (still.width, still.height) == size
    assert still.max_kb > 0 and still.formats and still.source
    safe = still.safe
    assert 0 <= safe.left + safe.right < 0.5 and 0 <= safe.top + safe.bottom < 0.5, "room left for the text"


def test_display_ads_keep_googles_150_kb_and_thumbnails_2_mb() -> None:
    assert {STILLS[p].max_kb for p in STILLS if p.startswith("display_")} == {150}
    assert STILLS["youtube_thumbnail"].max_kb == 2048 and STILLS["linkedin_image_ad"].max_kb == 5120
    assert "facebook_feed" in STILLS


@pytest.mark.parametrize(
    ("phrase", "preset"),
    [
        ("launch stills: an Instagram feed image and a LinkedIn image ad", "instagram_feed_portrait"),
        ("a LinkedIn image ad", "linkedin_image_ad"),
        ("make a Pinterest version", "pinterest_pin"),
        ("banners: 300x250 and 728x90", "display_300x250"),
        ("a YouTube thumbnail", "youtube_thumbnail"),
        ("a leaderboard banner", "display_728x90"),
    ],
)
def test_marketers_names_for_stills_are_read(phrase: str, preset: str) -> None:
    assert still_named(phrase) == preset


def test_a_phrase_naming_no_still_reads_as_none() -> None:
    assert still_named("a 30 s TikTok video") is None


def test_a_brief_naming_several_stills_gets_them_all_in_order() -> None:
    brief = "launch stills: an Instagram feed image, a LinkedIn image ad and banners 300x250, 728x90"
    assert stills_named(brief) == ["instagram_feed_portrait", "linkedin_image_ad", "display_300x250", "display_728x90"]

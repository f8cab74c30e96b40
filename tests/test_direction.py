"""Direction: the brief's mood, setting and light reach the concept and every scene; redirects move it the
way they ask and keep the rest; the offline planner names the product and writes copy, not templates."""

from __future__ import annotations

import colorsys
import math
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from agent.briefs import parse_brief, parse_platforms
from agent.domain import Brief, Concept, Storyboard
from agent.planner import OfflinePlanner
from tools.catalog import load_catalog
from tools.platforms import PLATFORMS

LATTE = "An 8 s TikTok for our oat-milk latte, cosy autumn mood"
PLAYFUL_SWATCHES = {"bubblegum", "sky", "butter", "lime"}
PLANNER = OfflinePlanner(load_catalog())


def concept(text: str, feedback: list[str] | None = None) -> Concept:
    feedback = feedback or []
    return PLANNER.concept(parse_brief(text), feedback, len(feedback))


def board(text: str, feedback: list[str] | None = None) -> Storyboard:
    brief = parse_brief(text)
    return PLANNER.storyboard(brief, concept(text, feedback))


def _hsv(hex_value: str) -> tuple[float, float, float]:
    r, g, b = (int(hex_value.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    h, s, v = colorsys.rgb_to_hsv(r, g, b)
    return h * 360, s, v


def warmth(hexes: list[str]) -> float:
    """Mean closeness of the hues to orange (30°): 1 all orange, -1 all blue; greys count 0."""
    total = 0.0
    for h, s, _ in map(_hsv, hexes):
        if s >= 0.12:
            total += math.cos(math.radians(h - 30))
    return total / len(hexes)


def mean_hue_distance_from_orange(hexes: list[str]) -> float:
    """Degrees from orange to the saturation-weighted circular mean hue."""
    x = sum(s * math.cos(math.radians(h)) for h, s, _ in map(_hsv, hexes))
    y = sum(s * math.sin(math.radians(h)) for h, s, _ in map(_hsv, hexes))
    mean = math.degrees(math.atan2(y, x)) % 360
    d = abs(mean - 30) % 360
    return min(d, 360 - d)


def brightness(hexes: list[str]) -> float:
    return sum(v for _, _, v in map(_hsv, hexes)) / len(hexes)


def saturation(hexes: list[str]) -> float:
    return sum(s for _, s, _ in map(_hsv, hexes)) / len(hexes)


def visible(c: Concept) -> tuple[object, ...]:
    return (c.mood, c.mood_words, c.palette, c.style, c.setting, c.lighting)


# --- The brief's direction is read ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field", "expected"),
    [
        (LATTE, "mood_words", ["cosy", "autumn"]),
        (LATTE, "tone", "warm"),
        ("15 s ad for our tea, warm morning light", "light", "warm morning light"),
        ("15 s ad for our tea, warm morning light", "time_of_day", "morning"),
        ("15 s ad for our sneakers in the city at night", "time_of_day", "night"),
        ("15 s ad for our sneakers in the city at night", "setting", "in the city"),
        ("20 s ad for our trail shoe on a mountain trail, energetic", "setting", "on a mountain trail"),
        ("20 s ad for our night cream, minimalist studio, calm", "setting", "in a minimalist studio"),
        ("20 s ad for our night cream, minimalist studio, calm", "style", "minimalist"),
        ("20 s ad for our night cream, minimalist studio, calm", "tone", "calm"),
        ("20 s ad for our night cream, calm", "time_of_day", ""),
    ],
)
def test_the_brief_states_mood_setting_light_and_time(text: str, field: str, expected: object) -> None:
    assert getattr(parse_brief(text), field) == expected


def test_cosy_autumn_reaches_the_concept_and_every_scene_prompt() -> None:
    c = concept(LATTE)
    assert {"cosy", "autumn"} <= set(c.mood_words)
    assert "autumn" in c.logline.lower() and "cosy" in c.logline.lower()
    assert c.mood == "warm"
    assert warmth(c.palette_hex) > 0.8, f"an autumn palette is warm: {c.palette}"
    assert len(c.palette_hex) == len(c.palette)
    for scene in board(LATTE).scenes:
        assert "cosy" in scene.prompt and "autumn" in scene.prompt, scene.prompt


def test_stated_light_setting_and_time_reach_every_scene() -> None:
    text = "20 s TikTok for our trail shoe on a mountain trail at night, energetic"
    for scene in board(text).scenes:
        assert "mountain trail" in scene.prompt
        lighting = scene.prompt.split("Lighting:")[1].split(".")[0]
        assert "night" in lighting
    morning = board("20 s ad for our tea, warm morning light, calm")
    assert all("warm morning light" in s.lighting for s in morning.scenes)


# --- Redirects move the way they ask and keep the rest ---------------------------------------------


def test_warmer_and_more_playful_is_warmer_more_playful_and_still_cosy_autumn() -> None:
    before = concept(LATTE)
    after = concept(LATTE, ["make it warmer and more playful"])
    assert warmth(after.palette_hex) > warmth(before.palette_hex)
    assert mean_hue_distance_from_orange(after.palette_hex) < mean_hue_distance_from_orange(before.palette_hex)
    assert after.mood == "playful" and "playful" in after.mood_words
    assert {"cosy", "autumn"} <= set(after.mood_words)
    assert after.setting == before.setting
    assert not PLAYFUL_SWATCHES & set(after.palette), "not the stock playful palette"
    assert "pop-up" not in after.setting and "paper" not in after.setting
    for scene in board(LATTE, ["make it warmer and more playful"]).scenes:
        tone = scene.prompt.split("Tone:")[1]
        assert tone.strip().startswith("playful") and "cosy" in tone and "autumn" in tone


@pytest.mark.parametrize(
    ("redirect", "moved"),
    [
        ("make it warmer", lambda a, b: warmth(b) > warmth(a)),
        ("cooler", lambda a, b: warmth(b) < warmth(a)),
        ("make it darker", lambda a, b: brightness(b) < brightness(a)),
        ("brighter please", lambda a, b: brightness(b) > brightness(a)),
        ("calmer", lambda a, b: saturation(b) < saturation(a)),
        ("more playful", lambda a, b: saturation(b) > saturation(a)),
        ("too dark", lambda a, b: brightness(b) > brightness(a)),
        ("more blue", lambda a, b: warmth(b) < warmth(a)),
    ],
)
def test_palette_moves_the_way_the_redirect_asks(redirect: str, moved: Callable[[list[str], list[str]], bool]) -> None:
    before, after = concept(LATTE), concept(LATTE, [redirect])
    assert moved(before.palette_hex, after.palette_hex), (before.palette, after.palette)
    assert {"cosy", "autumn"} <= set(after.mood_words), "the brief's mood words are kept"
    assert after.setting == before.setting, "the setting was not mentioned"


@pytest.mark.parametrize(
    ("redirect", "mood", "word"),
    [
        ("more playful", "playful", "playful"),
        ("more premium", "luxurious", "premium"),
        ("calmer", "calm", "calm"),
        ("make it moodier", "dramatic", "moody"),
        ("more energetic", "energetic", "energetic"),
    ],
)
def test_tone_redirects_change_the_tone_and_mood_words(redirect: str, mood: str, word: str) -> None:
    after = concept(LATTE, [redirect])
    assert after.mood == mood
    assert word in after.mood_words and {"cosy", "autumn"} <= set(after.mood_words)
    assert all(f"Tone: {mood}" in s.prompt for s in board(LATTE, [redirect]).scenes)


def test_cooler_and_darker_change_the_light_too() -> None:
    assert "cool" in concept(LATTE, ["cooler"]).lighting
    dark = board(LATTE, ["make it darker"])
    assert all("low-key" in s.lighting for s in dark.scenes)


def test_a_redirect_keeps_what_it_does_not_mention() -> None:
    before = concept(LATTE)
    beach = concept(LATTE, ["set it on a beach"])
    assert beach.setting == "on a beach"
    assert (beach.mood, beach.palette, beach.mood_words) == (before.mood, before.palette, before.mood_words)
    animated = concept(LATTE, ["make it animated"])
    assert animated.style == "animated"
    assert (animated.mood, animated.palette, animated.setting) == (before.mood, before.palette, before.setting)
    later = concept(LATTE, ["set it on a beach", "make it warmer"])
    assert later.setting == "on a beach", "an earlier redirect is kept by the next one"


def test_less_of_something_takes_it_away() -> None:
    text = "15 s TikTok for our sunglasses, playful"
    less = concept(text, ["less playful"])
    assert less.mood != "playful" and "playful" not in less.mood_words
    assert saturation(less.palette_hex) < saturation(concept(text).palette_hex)


BRIEFS = [
    LATTE,
    "20 s TikTok for Lumen, a solar camping lantern, cosy",
    "20 s teaser for our trail shoe, TikTok and YouTube, energetic, budget $20",
    "15 s Reels ad for Northwind's new cold brew, energetic",
    "Make a 1 minute LinkedIn video for the Acme CRM aimed at small businesses, professional tone.",
    "20 s ad for our night cream, minimalist studio, calm",
    "3 s bumper for our energy drink on TikTok, bold",
    "something nice for instagram",
]
REDIRECTS = [
    "make it warmer",
    "cooler",
    "darker",
    "brighter",
    "more playful",
    "more premium",
    "calmer",
    "bolder",
    "simpler",
    "make it warmer and more playful",
    "more vibrant",
    "at night",
]


@pytest.mark.parametrize("text", BRIEFS)
def test_every_redirect_changes_something_visible(text: str) -> None:
    first = concept(text)
    for redirect in REDIRECTS:
        revised = concept(text, [redirect])
        assert visible(revised) != visible(first), f"{redirect!r} changed nothing"
        assert revised.palette != first.palette or redirect == "at night" or revised.mood != first.mood
        if redirect != "at night":  # asking for night again when it is night already is no new direction
            again = concept(text, [redirect, redirect])
            assert visible(again) != visible(revised), f"{redirect!r} asked twice changed nothing the second time"


def test_the_concept_keeps_its_revision_and_feedback() -> None:
    revised = PLANNER.concept(parse_brief(LATTE), ["warmer", "more playful"], 2)
    assert revised.revision == 2 and revised.feedback == ["warmer", "more playful"]
    assert PLANNER.concept(parse_brief(LATTE), ["warmer", "more playful"], 2) == revised, "replays the same"


def test_going_with_an_alternative_picks_the_one_the_card_numbers() -> None:
    vague = "something nice for instagram"
    first = concept(vague)
    assert first.alternatives
    # The card numbers the alternatives from 2 (1 is the concept itself).
    assert concept(vague, ["go with alternative 2"]).mood == first.alternatives[0].mood
    assert concept(vague, ["go with alternative 3"]).mood == first.alternatives[1].mood


# --- Product and brand -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "brand", "product"),
    [
        ("20 s TikTok for Lumen, a solar camping lantern, cosy", "Lumen", "solar camping lantern"),
        ("for Lumen — a solar camping lantern, 15 s", "Lumen", "solar camping lantern"),
        ("15 s reel for Northwind's new cold brew, energetic", "Northwind", "cold brew"),
        ("15 s TikTok promoting Bloom & Wild's spring bouquets", "Bloom & Wild", "spring bouquets"),
        ('A 10 s TikTok for "Aurora" face serum, luxurious', "Aurora", "face serum"),
        ("A 10 s TikTok for “Aurora” face serum", "Aurora", "face serum"),
        ("20 s Reels ad for Salt & Stone deodorant, calm", "Salt & Stone", "Salt & Stone deodorant"),
        ("30 s teaser for our trail shoe, TikTok and YouTube", "", "trail shoe"),
        ("20 s video for TikTok and YouTube about our new yoga mat", "", "yoga mat"),
        ("Make a 1 minute LinkedIn video for the Acme CRM aimed at small businesses", "Acme", "Acme CRM"),
        ("We are launching the Aurora desk lamp next month. Our audience is students.", "Aurora", "Aurora desk lamp"),
        ("Brand: Lumen\nProduct: solar lantern\n20 s TikTok", "Lumen", "solar lantern"),
        ("10 s square feed post for the summer sale on our sunglasses, playful", "", "sunglasses"),
        ("15 s ad targeting Gen Z gamers for our wireless controller on TikTok", "", "wireless controller"),
        ("A 25 second TikTok for our pet food brand, playful", "", "pet food"),
        ("20 s teaser for Lumen on TikTok", "Lumen", "Lumen"),
        ("Let's make a 15 s TikTok for Kettle & Co's new chai", "Kettle & Co", "chai"),
        ("A 30 s hero video for our website about our Orbit standing desk", "Orbit", "Orbit standing desk"),
        ("something nice for instagram", "", "our product"),
    ],
)
def test_the_product_and_brand_are_found(text: str, brand: str, product: str) -> None:
    brief = parse_brief(text)
    assert (brief.brand, brief.product) == (brand, product)


SEAMS = re.compile(r"\bthe (?:our|my|their|the|a|an)\b|\ba an\b|\ban a\b|\.,|,,", re.IGNORECASE)
NAMED = [
    ("20 s TikTok for Lumen, a solar camping lantern, cosy", "Lumen solar camping lantern"),
    ("for Northwind's new cold brew, 15 s reel", "Northwind cold brew"),
    ('A 10 s TikTok for "Aurora" face serum, luxurious', "Aurora face serum"),
    ("20 s Reels ad for Salt & Stone deodorant, calm", "Salt & Stone deodorant"),
    ("30 s teaser for our trail shoe", "trail shoe"),
]


@pytest.mark.parametrize(("text", "name"), NAMED)
def test_prompts_name_the_product_grammatically(text: str, name: str) -> None:
    c, b = concept(text), board(text)
    copy = [c.logline, c.key_message, *(s.prompt for s in b.scenes), *(s.description for s in b.scenes)]
    for line in copy:
        assert "our product" not in line and not SEAMS.search(line), line
    assert name in c.logline
    assert any(name in s.prompt for s in b.scenes)


def test_an_unnamed_product_is_still_grammatical() -> None:
    c, b = concept("we need a video"), board("we need a video")
    for line in [c.logline, c.title, *(s.prompt for s in b.scenes), *(s.voiceover for s in b.scenes)]:
        assert "our product" not in line and not SEAMS.search(line), line


def test_no_template_puts_an_article_before_a_placeholder() -> None:
    for path in (Path(__file__).parents[1] / "prompts").glob("*.txt"):
        assert not re.search(r"\b(?:the|a|an|our)\s+\{(?:product|brand|audience|mood)\}", path.read_text()), path


# --- Copy, not templates ------------------------------------------------------------------------------

VARIED = [
    LATTE,
    "20 s TikTok for Lumen, a solar camping lantern, cosy",
    "20 s teaser for our trail shoe, TikTok and YouTube, energetic, budget $20",
    "15 s Reels ad for Northwind's new cold brew, energetic",
    "Make a 1 minute LinkedIn video for the Acme CRM aimed at small businesses, professional tone.",
    "3 s bumper for our energy drink on TikTok, bold",
    "6 s square feed teaser for our trail shoe, energetic",
    "7.5 s teaser for our lip balm on TikTok",
    "10 s square feed post for the summer sale on our sunglasses, playful",
    "12 s watercolor style reel for our poetry book, calm",
    "15 s ad targeting Gen Z gamers for our wireless controller on TikTok, bold",
    "20 s 3d animated promo for our toy robot on YouTube Shorts, playful",
    "25 second TikTok for our pet food brand, playful",
    "30 s launch video for our smartwatch on TikTok, Reels and Shorts, energetic",
    "45 second video for our meal kit for YouTube and TikTok, warm and friendly",
    "A 90 second YouTube spot for our electric bike, inspiring, for commuters",
    "3 minute brand film for our outdoor jacket on YouTube, dramatic, cinematic",
    "something nice for instagram",
    "we need a video",
    "2 minute explainer for the Nova banking app on YouTube aimed at students, trustworthy",
]


@pytest.mark.parametrize("text", VARIED)
def test_no_voiceover_line_repeats_in_a_storyboard(text: str) -> None:
    lines = [s.voiceover.strip().lower() for s in board(text).scenes]
    assert len(set(lines)) == len(lines), lines


@pytest.mark.parametrize("text", VARIED)
def test_loglines_read_as_copy(text: str) -> None:
    logline = concept(text).logline
    for boilerplate in ("For a broad social audience", "scroll-stopping", "builds from", "one clear promise"):
        assert boilerplate not in logline
    assert not SEAMS.search(logline)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("20 s teaser for our trail shoe, TikTok and YouTube, energetic", "trail"),
        (LATTE, "café"),
        ("20 s TikTok for Lumen, a solar camping lantern", "campsite"),
        ("Portrait feed video, 12 seconds, for our new yoga mat, calm", "yoga studio"),
        ("Make a 1 minute LinkedIn video for the Acme CRM", "office"),
        ("15 s ad for our vitamin C serum, luxurious", "bathroom"),
        ("30 s ad for our electric bike", "bike lane"),
        ("15 s clip for our smartwatch, energetic", "run"),
        ("20 s ad for our sneakers, energetic", "street"),
        ("20 s ad for our trail shoe on a beach", "beach"),
    ],
)
def test_the_setting_fits_the_product_or_the_brief(text: str, where: str) -> None:
    c = concept(text)
    assert where in c.setting
    assert "rooftop" not in c.setting
    assert all(where in s.prompt for s in board(text).scenes)


# --- Formats ------------------------------------------------------------------------------------------


def test_instagram_portrait_feed_post_means_that_format_only() -> None:
    assert parse_platforms("Instagram portrait feed post 4:5, 15 s, for our candles") == ["feed_portrait"]
    assert parse_platforms("Instagram square post for our candles") == ["feed_square"]
    assert parse_platforms("TikTok and Instagram") == ["tiktok", "reels"]
    portrait = board("Instagram portrait feed post 4:5, 15 s, for our candles")
    assert (portrait.width, portrait.height) == (1080, 1350)


def test_website_is_a_16_9_web_format() -> None:
    assert parse_platforms("a 30 s hero video for our website") == ["website"]
    assert parse_platforms("for the landing page and YouTube") == ["website", "youtube"]
    assert parse_platforms("15 s ad for our web app on TikTok") == ["tiktok"]
    assert PLATFORMS["website"].format.aspect_ratio == "16:9"
    wide = board("a 30 s hero video for our website about our standing desk")
    assert (wide.width, wide.height, wide.master_aspect) == (1920, 1080, "16:9")


# --- Old checkpoints ------------------------------------------------------------------------------------


def test_briefs_and_concepts_saved_before_these_fields_still_load() -> None:
    old_brief = {
        "raw": "20 s ad for our shoe",
        "product": "shoe",
        "audience": "a broad social audience",
        "platforms": ["tiktok"],
        "tone": "inspiring",
        "style": "cinematic",
        "duration_s": 20,
    }
    brief = Brief.model_validate(old_brief)
    assert (brief.brand, brief.mood_words, brief.setting, brief.light, brief.time_of_day) == ("", [], "", "", "")
    old_concept = {
        "title": "Shoe: Start something",
        "logline": "x",
        "mood": "inspiring",
        "style": "cinematic",
        "palette": ["marigold"],
        "key_message": "Start something.",
    }
    loaded = Concept.model_validate(old_concept)
    assert loaded.mood_words == [] and loaded.setting == "" and loaded.palette_hex == []
    scenes = PLANNER.storyboard(brief, loaded).scenes
    assert all("Tone: inspiring" in s.prompt for s in scenes), "an old concept still plans"

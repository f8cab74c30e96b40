import pytest

from agent.briefs import BriefError, parse_brief, parse_duration, parse_platforms
from agent.domain import MAX_BRIEF_CHARS


def test_reads_the_design_example() -> None:
    brief = parse_brief("30 s teaser for our trail shoe, TikTok and Instagram, energetic, budget $20")
    assert brief.product == "trail shoe"
    assert brief.platforms == ["tiktok", "reels"]
    assert brief.tone == "energetic"
    assert brief.duration_s == 30
    assert brief.budget_usd == 20


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("a 15-second spot", 15), ("1 minute film", 60), ("90s cut", 90), ("2.5 min", 150), ("no length", None)],
)
def test_durations(text: str, seconds: float | None) -> None:
    assert parse_duration(text) == seconds


def test_platform_line_is_strict_and_mentions_are_ordered() -> None:
    assert parse_platforms("Platforms: YouTube Shorts, LinkedIn\nrest") == ["shorts", "linkedin"]
    assert parse_platforms("for linkedin, then youtube shorts and a square feed") == [
        "linkedin",
        "shorts",
        "feed_square",
    ]


def test_explicit_arguments_override_the_text() -> None:
    brief = parse_brief("30 s promo for our app on tiktok", platforms=["LinkedIn"], duration_s=12, budget_usd=5)
    assert (brief.platforms, brief.duration_s, brief.budget_usd) == (["linkedin"], 12, 5)


def test_defaults_when_the_brief_is_vague() -> None:
    brief = parse_brief("something nice for our candles")
    assert brief.platforms == ["tiktok"]
    assert brief.duration_s == 15
    assert brief.budget_usd is None
    assert brief.product == "candles"


def test_constraints_are_kept() -> None:
    brief = parse_brief("20 s ad for our tea, calm. No people on screen; avoid the colour red.")
    assert "No people on screen" in brief.constraints
    assert any("avoid the colour red" in c for c in brief.constraints)


@pytest.mark.parametrize(
    ("text", "kwargs", "says"),
    [
        ("", {}, "brief is empty"),
        ("   \n\t ", {}, "brief is empty"),
        ("x" * (MAX_BRIEF_CHARS + 1), {}, "limit is 20,000"),
        ("Platforms: myspace\n10 s ad", {}, "unknown platform 'myspace'"),
        ("10 s ad for our shoe", {"platforms": ["friendster"]}, "unknown platform 'friendster'"),
        ("0 s ad for our shoe", {}, "0 s cut is not possible"),
        ("a 3 hours film about our shoe", {}, "3 hour (10800 s) cut is not possible"),
        ("ad for our shoe", {"duration_s": 1}, "1 s cut is not possible"),
    ],
)
def test_bad_briefs_say_what_to_do(text: str, kwargs: dict[str, object], says: str) -> None:
    with pytest.raises(BriefError, match=says.replace("(", r"\(").replace(")", r"\)")):
        parse_brief(text, **kwargs)  # type: ignore[arg-type]

"""Words the offline copywriter writes with: a voice per mood and the phrasings it varies between.

Placeholders: ``{product}`` / ``{Product}`` (object / sentence start), ``{noun}`` (needs a named product),
``{audience}`` / ``{Audience}`` (needs a named audience), ``{moment}`` / ``{Moment}``, ``{moment2}``,
``{feeling}`` / ``{Feeling}``, ``{promise}``, ``{scene}``, ``{tagline}`` / ``{Tagline}``,
``{key_message}``, ``{seconds}``, ``{mood}`` / ``{a_mood}``, ``{style}``, ``{people}``, ``{ProductTitle}``.
"""

from __future__ import annotations

from typing import NamedTuple


class Voice(NamedTuple):
    """How a mood talks."""

    moments: tuple[str, str, str]
    """Everyday moments the product belongs to, each with its article."""
    feeling: str
    promise: str
    """A verb phrase: '<product> keeps up with you'."""
    scene: str
    """A plural noun phrase: 'made for fast starts and faster finishes'."""
    tags: tuple[str, str]


VOICES: dict[str, Voice] = {
    "energetic": Voice(
        ("a 6am start", "the busiest day of your week", "the last push before the weekend"),
        "unstoppable",
        "keeps up with you",
        "fast starts and faster finishes",
        ("HighEnergy", "MoveFast"),
    ),
    "calm": Voice(
        ("a slow Sunday morning", "the quiet before the day starts", "an evening with nowhere to be"),
        "unhurried",
        "gives you room to breathe",
        "quiet mornings and slow evenings",
        ("SlowLiving", "CalmMoments"),
    ),
    "luxurious": Voice(
        ("the moment before you walk in", "a night worth dressing up for", "the details nobody else notices"),
        "effortless",
        "makes every detail count",
        "evenings that deserve the best",
        ("Crafted", "TheDetails"),
    ),
    "playful": Voice(
        ("a Saturday with no plan", "the group chat at midnight", "the snack break you earned"),
        "delightfully extra",
        "makes ordinary days more fun",
        "days that need a little mischief",
        ("JustForFun", "PlayMore"),
    ),
    "dramatic": Voice(
        ("the city after dark", "the moment the lights go down", "a night you'll talk about"),
        "electric",
        "owns the moment",
        "nights that don't end early",
        ("AfterDark", "OwnTheNight"),
    ),
    "warm": Voice(
        ("a cosy morning in", "a slow coffee with someone you love", "coming home on a cold day"),
        "cosy",
        "makes any day feel cosier",
        "slow mornings and long talks",
        ("CosySeason", "FeelsLikeHome"),
    ),
    "bold": Voice(
        ("the first step nobody else takes", "the meeting you walk into first", "a room that needs shaking up"),
        "fearless",
        "goes all in",
        "people who go first",
        ("BeBold", "NoHalfMeasures"),
    ),
    "minimal": Voice(
        ("a clear desk on a Monday", "a morning without the noise", "the one thing you actually need"),
        "simple",
        "keeps only what matters",
        "days with less clutter",
        ("LessIsMore", "KeepItSimple"),
    ),
    "inspiring": Voice(
        ("day one of something new", "the moment you decide to start", "the view from the top"),
        "wide awake",
        "helps you start something",
        "first steps and big plans",
        ("StartSomething", "DayOne"),
    ),
    "trustworthy": Voice(
        ("the deadline that can't slip", "the day everything has to work", "the 5pm handover"),
        "steady",
        "just works",
        "teams that can't afford surprises",
        ("BuiltToLast", "Reliable"),
    ),
}

CAPTION_HOOKS: tuple[str, ...] = (
    "POV: it's {moment} and you're ready.",
    "Made for {moment}.",
    "Tell me you live for {moment} without telling me.",
    "{Audience}, this one's for you.",
    "Nobody talks about {moment} enough.",
    "Not just another {noun}.",
    "This is your sign to make {moment} count.",
    "{Feeling} from the first second.",
    "If {moment} is your thing, keep watching.",
    "Wait for the last second.",
    "Save this for {moment}.",
    "{seconds} seconds. Zero filler.",
    "Okay, {audience}: this is the one.",
    "Here's what {moment} should feel like.",
)
"""First lines: each fits any platform's preview."""

PRODUCT_LINES: tuple[str, ...] = (
    "{Product} {promise}.",
    "Meet {product}, made for {scene}.",
    "This is {product}, and it {promise}.",
    "Everything you want from a {noun}, nothing you don't.",
    "{Product}: {tagline}.",
    "Say hello to {product}.",
    "{Product} was built for {audience}.",
    "Small detail, big difference: {product}.",
    "One {noun}, made for {scene}.",
    "{Product}, now in motion.",
)
"""Second lines: every one names the product."""

PROMISES: tuple[str, ...] = ("{key_message}", "{Tagline}.")
"""Closing lines that carry the concept's promise (one per caption at most)."""

CTAS: dict[str, tuple[str, ...]] = {
    "tiktok": (
        "Follow for part two.",
        "Would you try it? Tell us in the comments.",
        "Save this for later.",
        "Send this to the friend who needs it.",
        "Stitch this with yours.",
    ),
    "reels": (
        "Link in bio.",
        "Save this for later.",
        "Tag someone who needs this.",
        "Tell us in the comments.",
        "Share it to your story.",
    ),
    "shorts": (
        "Subscribe for more.",
        "Watch it twice.",
        "Tell us in the comments.",
        "Save this for later.",
        "Share it with someone who needs it.",
    ),
    "linkedin": (
        "Tell us what you think in the comments.",
        "Share it with your team.",
        "Follow our page for what comes next.",
        "Worth a minute of your feed.",
        "Curious? The full story is on our page.",
    ),
}
CTAS["feed_square"] = CTAS["feed_portrait"] = CTAS["reels"]
CTAS["youtube"] = CTAS["shorts"]
CTAS["linkedin_square"] = CTAS["linkedin"]

TITLES: tuple[str, ...] = (
    "{ProductTitle}: {Tagline}",
    "{Tagline} with {product}",
    "Meet {product}, made for {scene}",
    "{ProductTitle} in {seconds} seconds",
    "Why {audience} reach for {product}",
    "This is {product}",
)

DESCRIPTION_OPENINGS: tuple[str, ...] = (
    "{key_message} Made for {scene}.",
    "{Product} {promise}. {key_message}",
    "Meet {product}. {key_message}",
)
DESCRIPTION_MIDDLES: tuple[str, ...] = (
    "This {seconds}-second film shows {product} at its best: {moment}, {moment2} and everything in between.",
    "In {seconds} seconds: {moment}, {moment2}, and {product} right in the middle of it.",
    "We shot it {mood} and {style}, because that is how {moment} should feel.",
)
DESCRIPTION_CLOSES: dict[str, tuple[str, ...]] = {
    "youtube": (
        "Subscribe for more, and tell us in the comments where you'd take it.",
        "Like it? Share it with someone who needs it, and subscribe for the next one.",
        "Tell us in the comments: what would you use it for?",
    ),
    "shorts": (
        "Subscribe for more Shorts like this.",
        "Tell us in the comments where you'd take it.",
        "Share it with someone who needs it.",
    ),
}

LINKEDIN_HOOKS: tuple[str, ...] = (
    "{Tagline}. That is the whole idea behind {product}.",
    "Introducing {product}: made for {scene}.",
    "We made a {seconds}-second film about {moment}, and about {product}.",
    "For {audience}, {moment} is where it counts.",
    "What should {moment} feel like? We think: {feeling}.",
)
LINKEDIN_CONTEXT: tuple[str, ...] = (
    "{Product} {promise}. We built it for {people} who want {scene} without compromise.",
    "For {people}, it comes down to {moment} and {moment2}: {product} {promise}.",
    "Every choice behind {product} starts with one question: does it make {moment} better for {people}?",
)
LINKEDIN_FILM: tuple[str, ...] = (
    "Our new {seconds}-second film tells that story in {a_mood}, {style} style. "
    "The message we want you to leave with is simple: {key_message}",
    "The film is {seconds} seconds long, shot {mood} and {style}, and it ends on one line: {key_message}",
    "We kept the film to {seconds} seconds and one promise: {key_message}",
)
LINKEDIN_CLOSES: tuple[str, ...] = (
    "Watch it and tell us in the comments: what does {moment} look like for you?",
    "If it fits your team, share it with them. We'd love to hear what you think.",
    "Follow our page to see what comes next, and tell us what you would change.",
)

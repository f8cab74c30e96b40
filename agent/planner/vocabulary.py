"""Words the offline planner writes with, keyed by mood and scene purpose."""

from __future__ import annotations

from agent.domain import ScenePurpose

TAGLINE_CHOICES: dict[str, tuple[str, ...]] = {
    "energetic": ("Go further, faster", "Keep moving", "Built for the fast lane"),
    "calm": ("Breathe easy", "Find your quiet", "Slow down, softly"),
    "luxurious": ("Made to be noticed", "Quietly exceptional", "Nothing less"),
    "playful": ("Seriously fun", "Play it your way", "Joy, on repeat"),
    "dramatic": ("Own the night", "Every moment, heightened", "Made for the big moment"),
    "warm": ("Feels like home", "Stay a little longer", "Made with warmth"),
    "bold": ("No half measures", "Go all in", "Loud and clear"),
    "minimal": ("Only what matters", "Less, but better", "Simply right"),
    "inspiring": ("Start something", "Made for what's next", "Begin anywhere"),
    "trustworthy": ("Built to be relied on", "Work, made simple", "Confidence, built in"),
}
"""Taglines per mood; a campaign's is picked by its product, so two briefs rarely share one."""
TAGLINES: dict[str, str] = {mood: lines[0] for mood, lines in TAGLINE_CHOICES.items()}
"""The first tagline per mood (a concept's own tagline is the part of its title after ': ')."""
TURNS: dict[str, str] = {
    "energetic": "the pace picks up",
    "calm": "everything slows down",
    "luxurious": "every detail catches the light",
    "playful": "the day gets a little sillier",
    "dramatic": "the moment comes alive",
    "warm": "the whole moment softens",
    "bold": "nothing is held back",
    "minimal": "nothing else is needed",
    "inspiring": "something new begins",
    "trustworthy": "the work simply gets done",
}
"""How the story turns in a logline, per mood."""
ENVIRONMENTS: dict[str, str] = {
    "energetic": "on a sunlit city rooftop with long shadows",
    "calm": "by a quiet lakeside",
    "luxurious": "in a minimalist marble studio",
    "playful": "in a colourful pop-up set with paper props",
    "dramatic": "on a rain-slick street under neon signs",
    "warm": "in a sunlit kitchen with linen and wood",
    "bold": "in a graphic studio set with hard shadows",
    "minimal": "in a seamless white studio",
    "inspiring": "in an open landscape",
    "trustworthy": "in a bright modern office with glass walls",
}
"""Where a film is set when neither the brief nor the product says (with the preposition)."""
SEASON_DETAILS: dict[str, str] = {
    "autumn": "autumn leaves drifting past",
    "winter": "frost on the windows",
    "spring": "spring blossom in the air",
    "summer": "summer heat haze",
    "festive": "festive lights twinkling",
}
TIME_LIGHT: dict[str, str] = {
    "dawn": "first light, soft and pale",
    "sunrise": "low sunrise light",
    "morning": "soft morning light",
    "midday": "bright midday sun",
    "afternoon": "warm afternoon light",
    "golden hour": "golden hour backlight",
    "sunset": "sunset glow",
    "dusk": "dusk, fading blue light",
    "evening": "warm evening light",
    "night": "night, pools of lamplight",
}
TIME_PHRASES: dict[str, str] = {
    "dawn": "at dawn",
    "sunrise": "at sunrise",
    "morning": "in the morning",
    "midday": "at midday",
    "afternoon": "in the afternoon",
    "golden hour": "at golden hour",
    "sunset": "at sunset",
    "dusk": "at dusk",
    "evening": "in the evening",
    "night": "at night",
}
LIGHTING: dict[str, str] = {
    "energetic": "golden hour backlight with lens flare",
    "calm": "soft diffused light",
    "luxurious": "low-key lighting with specular highlights",
    "playful": "bright high-key lighting",
    "dramatic": "night, low-key lighting with a neon rim light",
    "warm": "soft warm light",
    "bold": "hard directional light with deep shadows",
    "minimal": "soft high-key studio light",
    "inspiring": "clear light with a warm rim light",
    "trustworthy": "bright even daylight",
}
REALISM: dict[str, str] = {
    "animated": "stylized animation, clean shapes",
    "3d": "stylized 3D render, soft global illumination",
    "anime": "anime cel shading",
    "illustrated": "illustrated, visible brush texture",
    "watercolor": "watercolor illustration",
    "stop-motion": "stop-motion miniature look",
}
PHOTOREAL = "photoreal, natural textures, shallow depth of field, 35mm film grain"
STYLE_NEGATIVES: dict[str, str] = {
    "photoreal": "cartoon, illustration, 3d render, plastic look, ",
    "stylized": "photographic noise, uncanny realism, ",
}

# purpose → (shot type, camera move for lively moods, camera move for quiet moods)
SHOTS: dict[ScenePurpose, tuple[str, str, str]] = {
    ScenePurpose.HOOK: ("wide establishing shot", "push_in", "drift"),
    ScenePurpose.STORY: ("medium shot", "pan_right", "pan_right"),
    ScenePurpose.BENEFIT: ("medium close-up", "pan_left", "drift"),
    ScenePurpose.PRODUCT: ("close-up hero shot", "drift", "push_in"),
    ScenePurpose.DETAIL: ("macro detail shot", "push_in", "push_in"),
    ScenePurpose.CTA: ("medium shot", "pull_out", "pull_out"),
}
LIVELY = {"energetic", "playful", "bold", "dramatic"}
MOVE_WORDS: dict[str, str] = {
    "push_in": "slow push-in",
    "pull_out": "smooth pull-out",
    "pan_left": "lateral pan left",
    "pan_right": "lateral pan right",
    "drift": "orbit-like drift around the subject",
    "static": "locked-off static frame",
}
ARCS: dict[int, tuple[ScenePurpose, ...]] = {
    3: (ScenePurpose.HOOK, ScenePurpose.PRODUCT, ScenePurpose.CTA),
    4: (ScenePurpose.HOOK, ScenePurpose.STORY, ScenePurpose.PRODUCT, ScenePurpose.CTA),
    5: (ScenePurpose.HOOK, ScenePurpose.STORY, ScenePurpose.PRODUCT, ScenePurpose.DETAIL, ScenePurpose.CTA),
    6: (
        ScenePurpose.HOOK,
        ScenePurpose.STORY,
        ScenePurpose.BENEFIT,
        ScenePurpose.PRODUCT,
        ScenePurpose.DETAIL,
        ScenePurpose.CTA,
    ),
}
# Relative screen time per purpose: the story and product beats get the most.
WEIGHTS: dict[ScenePurpose, float] = {
    ScenePurpose.HOOK: 0.8,
    ScenePurpose.STORY: 1.2,
    ScenePurpose.BENEFIT: 1.0,
    ScenePurpose.PRODUCT: 1.2,
    ScenePurpose.DETAIL: 0.9,
    ScenePurpose.CTA: 0.9,
}
WORDS_PER_SECOND = 2.3

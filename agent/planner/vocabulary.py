"""Words the offline planner writes with, keyed by mood and scene purpose."""

from __future__ import annotations

from agent.domain import ScenePurpose

TAGLINES: dict[str, str] = {
    "energetic": "Go further, faster",
    "calm": "Breathe easy",
    "luxurious": "Made to be noticed",
    "playful": "Seriously fun",
    "dramatic": "Own the night",
    "warm": "Feels like home",
    "bold": "No half measures",
    "minimal": "Only what matters",
    "inspiring": "Start something",
    "trustworthy": "Built to be relied on",
}
ENVIRONMENTS: dict[str, str] = {
    "energetic": "a sunlit city rooftop with long shadows",
    "calm": "a quiet lakeside at first light",
    "luxurious": "a minimalist marble studio",
    "playful": "a colourful pop-up set with paper props",
    "dramatic": "a rain-slick street under neon signs",
    "warm": "a sunlit kitchen with linen and wood",
    "bold": "a graphic studio set with hard shadows",
    "minimal": "a seamless white studio",
    "inspiring": "an open landscape at sunrise",
    "trustworthy": "a bright modern office with glass walls",
}
LIGHTING: dict[str, str] = {
    "energetic": "golden hour backlight with lens flare",
    "calm": "soft diffused morning light",
    "luxurious": "low-key lighting with specular highlights",
    "playful": "bright high-key lighting",
    "dramatic": "night, low-key lighting with a neon rim light",
    "warm": "warm window light",
    "bold": "hard directional light with deep shadows",
    "minimal": "soft high-key studio light",
    "inspiring": "sunrise with a warm rim light",
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

"""Words and names the offline intent parser understands."""

from __future__ import annotations

ORDINALS = {
    "first": 1,
    "1st": 1,
    "one": 1,
    "second": 2,
    "2nd": 2,
    "two": 2,
    "third": 3,
    "3rd": 3,
    "three": 3,
    "fourth": 4,
    "4th": 4,
    "four": 4,
    "fifth": 5,
    "5th": 5,
    "five": 5,
    "sixth": 6,
    "6th": 6,
    "six": 6,
}
# Longest names first when matching; values are catalog ids.
MODEL_NAMES = {
    "kling 2.5 turbo pro": "kling-2.5-turbo-pro",
    "kling pro": "kling-2.5-turbo-pro",
    "kling": "kling-2.5-turbo",
    "veo 3.1 fast": "veo-3.1-fast",
    "veo fast": "veo-3.1-fast",
    "veo 3.1": "veo-3.1",
    "veo 3": "veo-3.1",
    "veo": "veo-3.1",
    "sora 2 pro": "sora-2-pro",
    "sora pro": "sora-2-pro",
    "sora 2": "sora-2",
    "sora": "sora-2",
    "hailuo": "hailuo-02",
    "minimax": "hailuo-02",
    "runway gen-4": "runway-gen4-turbo",
    "gen-4": "runway-gen4-turbo",
    "gen4": "runway-gen4-turbo",
    "runway": "runway-gen4-turbo",
    "aleph": "runway-aleph",
    "wan 2.5": "wan-2.5",
    "wan": "wan-2.5",
    "luma ray": "luma-ray-2",
    "luma": "luma-ray-2",
    "ray 2": "luma-ray-2",
    "pika": "pika-2.2",
    "flux pro": "flux-2-pro",
    "flux 2 pro": "flux-2-pro",
    "flux schnell": "flux-schnell",
    "schnell": "flux-schnell",
    "flux": "flux-schnell",
    "gpt image": "gpt-image-1",
    "gpt-image": "gpt-image-1",
    "imagen": "imagen-4",
    "seedream": "seedream-4",
    "nano banana": "nano-banana",
    "ideogram": "ideogram-v3",
    "midjourney": "midjourney-v7",
    "qwen": "qwen-image-edit",
    "topaz": "topaz-video-upscale",
    "elevenlabs": "elevenlabs-multilingual-v2",
    "eleven labs": "elevenlabs-multilingual-v2",
    "openai voice": "openai-gpt-4o-mini-tts",
    "openai tts": "openai-gpt-4o-mini-tts",
}
QUALITY_WORDS = (
    r"final quality|quality tier|high quality|best quality|top quality|premium models?|pro models?|"
    r"full quality|the good models?|production quality"
)
FAST_WORDS = (
    r"draft (mode|quality)|fast tier|fast models?|cheaper models?|cheaper|budget models?|save money|"
    r"drafts? only"
)
SCENE_ALIASES = {
    "opening": 1,
    "intro": 1,
    "hook": 1,
    "first shot": 1,
    "first scene": 1,
    "start": 1,
}
LAST_SCENE = (
    r"\b(ending|end card|final shot|last shot|last scene|final scene|outro|the cta|call to action|"
    r"closing shot)\b"
)

"""Replicate: the prediction-create body, its headers and the ``input`` of each model we route.

Sources:
- body and headers: replicate/replicate-python-beta 2.0.0-beta.4 (commit 48e138a, 2025-12-18),
  ``src/replicate/types/models/prediction_create_params.py`` (``input`` required; ``stream``, ``webhook``,
  ``webhook_events_filter``; ``Prefer`` and ``Cancel-After`` headers).
- ``Prefer: wait=N`` with N in 1–60 and ``Cancel-After`` durations: replicate-python ``prediction.py``
  and Replicate's prediction-deadline changelog (providers.md §2.1, [V: RP, RD-DL]).
- model inputs: each model's published version schema (providers.md §2.5, [V: RD-M]); where that page
  gives a default but no range or choices, only the type is checked here.
"""

from __future__ import annotations

from typing import Any

BODY: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["input"],
    "properties": {
        "input": {"type": "object"},
        "stream": {"type": "boolean"},
        "webhook": {"type": "string"},
        "webhook_events_filter": {
            "type": "array",
            "items": {"enum": ["start", "output", "logs", "completed"]},
        },
    },
}
HEADERS: dict[str, Any] = {
    "type": "object",
    "properties": {
        "prefer": {"type": "string", "pattern": r"^wait(=([1-9]|[1-5][0-9]|60))?$"},
        "cancel-after": {"type": "string", "pattern": r"^(?=.)(\d+h)?(\d+m)?(\d+(\.\d+)?s)?$"},
    },
}
INPUTS: dict[str, dict[str, Any]] = {
    "black-forest-labs/flux-schnell": {
        "type": "object",
        "additionalProperties": False,
        "required": ["prompt"],
        "properties": {
            "prompt": {"type": "string"},
            "aspect_ratio": {"enum": ["1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3", "9:16", "9:21"]},
            "num_outputs": {"type": "integer", "minimum": 1, "maximum": 4},
            "num_inference_steps": {"type": "integer", "minimum": 1, "maximum": 4},
            "seed": {"type": "integer"},
            "output_format": {"enum": ["webp", "jpg", "png"]},
            "output_quality": {"type": "integer"},
            "disable_safety_checker": {"type": "boolean"},
            "go_fast": {"type": "boolean"},
            "megapixels": {"enum": ["1", "0.25"]},
        },
    },
    "wan-video/wan-2.5-i2v": {
        "type": "object",
        "additionalProperties": False,
        "required": ["image", "prompt"],
        "properties": {
            "image": {"type": "string"},
            "prompt": {"type": "string"},
            "resolution": {"type": "string"},
            "duration": {"type": "integer"},
            "seed": {"type": "integer"},
            "audio": {"type": "string"},
            "negative_prompt": {"type": "string"},
            "enable_prompt_expansion": {"type": "boolean"},
        },
    },
}

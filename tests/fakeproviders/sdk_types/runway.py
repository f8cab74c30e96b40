"""Runway: create bodies for the task endpoints our adapter calls, keyed by endpoint and ``model``.

Source: runwayml/sdk-python 5.13.0 (commit c604e0e, 2026-07-27), ``src/runwayml/types/``
``image_to_video_create_params.py`` (class ``Gen4Turbo``; duration 2–10 as documented on ``Gen4_5``) and
``video_to_video_create_params.py`` (class ``Variant0``, model ``aleph2``). Wire names are the SDK's
``PropertyInfo`` aliases (camelCase). ``MODELS`` lists every model literal those unions accept, so an id
the SDK dropped (``gen4_aleph``) is refused, and a routed one we have no schema for fails loudly.
"""

from __future__ import annotations

from typing import Any

VERSION = "2024-11-06"
_URI = {"type": "string", "minLength": 1}
_MODERATION = {
    "type": "object",
    "additionalProperties": False,
    "properties": {"publicFigureThreshold": {"enum": ["auto", "low"]}},
}
_RANGE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["end_seconds", "start_seconds"],
    "properties": {"end_seconds": {"type": "integer"}, "start_seconds": {"type": "integer"}},
}

MODELS = {
    "v1/image_to_video": [
        "gen4.5",
        "gen4_turbo",
        "veo3.1",
        "veo3.1_fast",
        "happyhorse_1_0",
        "seedance2",
        "seedance2_fast",
        "seedance2_mini",
        "gemini_omni_flash",
        "veo3",
    ],
    "v1/video_to_video": ["aleph2", "seedance2", "seedance2_fast", "seedance2_mini", "gemini_omni_flash"],
}
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("v1/image_to_video", "gen4_turbo"): {
        "type": "object",
        "additionalProperties": False,
        "required": ["model", "promptImage", "ratio"],
        "properties": {
            "model": {"const": "gen4_turbo"},
            "promptImage": {
                "anyOf": [
                    _URI,
                    {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["position", "uri"],
                            "properties": {"position": {"const": "first"}, "uri": _URI},
                        },
                    },
                ]
            },
            "ratio": {"enum": ["1280:720", "720:1280", "1104:832", "832:1104", "960:960", "1584:672"]},
            "contentModeration": _MODERATION,
            "duration": {"type": "integer", "minimum": 2, "maximum": 10},
            "promptText": {"type": "string", "minLength": 1, "maxLength": 1000},
            "seed": {"type": "integer"},
        },
    },
    ("v1/video_to_video", "aleph2"): {
        "type": "object",
        "additionalProperties": False,
        "required": ["model", "videoUri"],
        "properties": {
            "model": {"const": "aleph2"},
            "videoUri": _URI,
            "contentModeration": _MODERATION,
            "keyframes": {
                "type": "array",
                "maxItems": 5,
                "items": {
                    "anyOf": [
                        {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["seconds", "uri"],
                            "properties": {"seconds": {"type": "number"}, "uri": _URI, "range": _RANGE},
                        },
                        {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["at", "uri"],
                            "properties": {
                                "at": {"type": "number", "minimum": 0, "maximum": 1},
                                "uri": _URI,
                                "range": _RANGE,
                            },
                        },
                    ]
                },
            },
            "promptText": {"type": "string", "minLength": 1},
            "ratio": {"type": "string"},
            "seed": {"type": "integer"},
            "targetAspectRatio": {"enum": ["16:9", "4:3", "3:2", "1:1", "2:3", "3:4", "9:16", "21:9"]},
        },
    },
}

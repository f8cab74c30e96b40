"""Gemini Developer API: the Veo ``models/{model}:predictLongRunning`` body.

Source: googleapis/python-genai 2.19.0 (commit 6680718, 2026-08-21), ``google/genai/models.py``
``_GenerateVideosParameters_to_mldev``, ``_GenerateVideosConfig_to_mldev``, ``_Image_to_mldev``,
``_Video_to_mldev`` and ``_VideoGenerationReferenceImage_to_mldev`` (the wire names the SDK writes in
Gemini-API mode, which refuses ``seed``, ``fps``, ``generate_audio``, ``gcs_uri`` and the other Vertex-only
options before sending), and ``google/genai/types.py`` ``GenerateVideosConfig`` (aspect ratio 16:9|9:16,
person generation dont_allow|allow_adult, resolution 720p|1080p; 4k from the Veo 3.1 docs, providers.md
§5.1 [V: GG-D]). Model ids: the SDK's tests, less the -preview ids retired on 2026-10-22.
"""

from __future__ import annotations

from typing import Any

MODELS = ("veo-3.1-lite-generate-001", "veo-2.0-generate-001")
_IMAGE = {
    "type": "object",
    "additionalProperties": False,
    "properties": {"bytesBase64Encoded": {"type": "string"}, "mimeType": {"type": "string"}},
}
PREDICT_LONG_RUNNING: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["instances"],
    "properties": {
        "instances": {
            "type": "array",
            "minItems": 1,
            "maxItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "prompt": {"type": "string"},
                    "image": _IMAGE,
                    "lastFrame": _IMAGE,
                    "referenceImages": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": {"image": _IMAGE, "referenceType": {"enum": ["ASSET", "STYLE"]}},
                        },
                    },
                    "video": {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {
                            "uri": {"type": "string"},
                            "encodedVideo": {"type": "string"},
                            "encoding": {"type": "string"},
                        },
                    },
                },
            },
        },
        "parameters": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "sampleCount": {"type": "integer"},
                "durationSeconds": {"type": "integer"},
                "aspectRatio": {"enum": ["16:9", "9:16"]},
                "resolution": {"enum": ["720p", "1080p", "4k"]},
                "personGeneration": {"enum": ["dont_allow", "allow_adult"]},
                "negativePrompt": {"type": "string"},
                "enhancePrompt": {"type": "boolean"},
            },
        },
        "webhookConfig": {"type": "object"},
    },
}

"""Black Forest Labs: the FLUX.2 create body (``POST /v1/flux-2-pro`` and its siblings).

Source: black-forest-labs/blackforest (BFL's official Python client), ``src/bfl/_models.py`` class
``Flux2Params`` at commit f7ba31b (unknown fields forbidden; prompt required; ``input_image`` … ``_8``;
width/height ≥ 64 with width×height ≤ 2048×2048; ``safety_tolerance`` 0–7; ``output_format``
jpeg|png|webp; ``transparent_bg`` needs png or webp), and ``src/blackforest/types/inputs/flux_pro_2.py``
at commit ec37e4f for width/height in multiples of 16.
"""

from __future__ import annotations

from typing import Any

MAX_PIXELS = 2048 * 2048
_TEXT = {"type": ["string", "null"]}
_SIDE = {"type": ["integer", "null"], "minimum": 64, "multipleOf": 16}

FLUX2: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["prompt"],
    "properties": {
        "prompt": {"type": "string"},
        "input_image": _TEXT,
        **{f"input_image_{n}": _TEXT for n in range(2, 9)},
        "seed": {"type": ["integer", "null"]},
        "width": _SIDE,
        "height": _SIDE,
        "safety_tolerance": {"type": "integer", "minimum": 0, "maximum": 7},
        "output_format": {"enum": ["jpeg", "png", "webp"]},
        "prompt_upsampling": {"type": ["boolean", "null"]},
        "transparent_bg": {"type": "boolean"},
        "webhook_url": _TEXT,
        "webhook_secret": _TEXT,
    },
}
BODIES = {"flux-2-pro": FLUX2, "flux-2-max": FLUX2}


def rules(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The client's cross-field checks, as 422 items: the 4 MP ceiling and transparency needing alpha."""
    found = []
    width, height = body.get("width"), body.get("height")
    if isinstance(width, int) and isinstance(height, int) and width * height > MAX_PIXELS:
        found.append({"loc": ["body"], "msg": f"width*height exceeds {MAX_PIXELS} pixels", "type": "value_error"})
    if body.get("transparent_bg") and body.get("output_format", "jpeg") not in ("png", "webp"):
        found.append(
            {"loc": ["body", "transparent_bg"], "msg": "requires output_format png or webp", "type": "value_error"}
        )
    return found

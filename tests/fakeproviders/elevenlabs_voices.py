"""Fake ElevenLabs ``GET /v2/voices``: query checked against elevenlabs-openapi.json, answers in its own shape.

The query's names and types are held to the operation's ``parameters`` (an unknown name or a page size
over 100 is a 400 the fake records in ``state.rejected``), and every page it serves validates against
``GetVoicesV2ResponseModel``, so the adapter is parsed against what the real API sends.
"""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakeproviders.common import FakeState, log_request
from tests.fakeproviders.spec import _spec

SPEC = "elevenlabs-openapi.json"
PREMADE = "https://storage.googleapis.com/eleven-public-prod/premade/voices"


def _voice(voice_id: str, name: str, description: str, **labels: str) -> dict[str, Any]:
    return {
        "voice_id": voice_id,
        "name": name,
        "category": "premade",
        "labels": labels,
        "description": description,
        "preview_url": f"{PREMADE}/{voice_id}/preview.mp3",
        "available_for_tiers": [],
        "high_quality_base_model_ids": ["eleven_multilingual_v2"],
    }


VOICES: list[dict[str, Any]] = [
    _voice("21m00Tcm4TlvDq8ikWAM", "Rachel", "Matter-of-fact, calm.", gender="female", accent="american",
           age="young", descriptive="calm", use_case="narrative_story"),
    _voice("JBFqnCBsd6RMkjVDRZzb", "George", "Warm British storyteller.", gender="male", accent="british",
           age="middle_aged", descriptive="warm", use_case="narrative_story"),
    _voice("Xb7hH8MSUJpSbSDYk0k2", "Alice", "Clear, engaging British educator.", gender="female", accent="british",
           age="middle_aged", descriptive="confident", use_case="informative_educational"),
    _voice("nPczCjzI2devNBz1zQrb", "Brian", "Deep, resonant and comforting.", gender="male", accent="american",
           age="middle_aged", descriptive="deep", use_case="social_media"),
    _voice("XrExE9yKIg1WjnnlVkGX", "Matilda", "Warm, friendly and upbeat.", gender="female", accent="american",
           age="middle_aged", descriptive="warm", use_case="informative_educational"),
]  # fmt: skip


def query_problems(request: Request) -> list[str]:
    """Every way the query breaks the operation's ``parameters`` (names, integer and boolean types)."""
    document, _ = _spec(SPEC)
    declared = {p["name"]: p for p in document["paths"]["/v2/voices"]["get"]["parameters"] if p["in"] == "query"}
    problems = []
    for name, value in request.query_params.multi_items():
        if name not in declared:
            problems.append(f"{name}: not a query parameter of GET /v2/voices")
            continue
        kind = declared[name]["schema"].get("type")
        if kind == "integer" and not value.isdigit():
            problems.append(f"{name}: {value!r} is not an integer")
        if kind == "boolean" and value not in ("true", "false"):
            problems.append(f"{name}: {value!r} is not a boolean")
    size = request.query_params.get("page_size", "10")
    if size.isdigit() and not 1 <= int(size) <= 100:
        problems.append(f"page_size: {size} is over 100 ('Can not exceed 100')")
    return problems


def response_problems(body: Any) -> list[str]:
    """Every way a page breaks ``GetVoicesV2ResponseModel``."""
    _, registry = _spec(SPEC)
    schema = {"$ref": "spec#/components/schemas/GetVoicesV2ResponseModel"}
    return [e.message[:200] for e in Draft202012Validator(schema, registry=registry).iter_errors(body)]


def _matches(voice: dict[str, Any], search: str) -> bool:
    text = " ".join([voice["name"], voice["description"], voice["category"], *voice["labels"].values()]).lower()
    return search.lower() in text


def routes(state: FakeState) -> list[Route]:
    """The voice list route, for the fake ElevenLabs host."""

    async def voices(request: Request) -> Response:
        await log_request(state, request)
        if not request.headers.get("xi-api-key"):
            return JSONResponse({"detail": {"status": "invalid_api_key", "message": "Invalid API key"}}, 401)
        problems = query_problems(request)
        if problems:
            state.rejected.append({"path": request.url.path, "problems": problems})
            return JSONResponse({"detail": [{"msg": p} for p in problems]}, status_code=400)
        search = request.query_params.get("search") or ""
        found = [v for v in VOICES if not search or _matches(v, search)]
        size = int(request.query_params.get("page_size", "10"))
        start = int(request.query_params.get("next_page_token") or 0)
        page = found[start : start + size]
        more = start + size < len(found)
        body = {
            "voices": page,
            "has_more": more,
            "total_count": len(found),
            "next_page_token": str(start + size) if more else None,
        }
        assert not response_problems(body), response_problems(body)
        return JSONResponse(body)

    return [Route("/v2/voices", voices, methods=["GET"])]

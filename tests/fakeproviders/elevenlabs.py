"""Fake ElevenLabs text-to-speech (providers.md §4), every request checked against ElevenLabs' OpenAPI spec."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakeproviders import elevenlabs_voices as voices
from tests.fakeproviders.common import FakeState, log_request, mp3
from tests.fakeproviders.spec import operation_problems

SPEC = "elevenlabs-openapi.json"
TTS = "/v1/text-to-speech/{voice_id}"


def app(state: FakeState) -> Starlette:
    """The fake API host."""

    async def tts(request: Request) -> Response:
        entry = await log_request(state, request)
        if not request.headers.get("xi-api-key"):
            return JSONResponse(
                {"detail": {"status": "invalid_api_key", "message": "Invalid API key"}}, status_code=401
            )
        if state.next_fault() == "429":
            return JSONResponse(
                {"detail": {"status": "too_many_concurrent_requests", "message": "Too many"}}, status_code=429
            )
        problems = operation_problems(
            SPEC, TTS, body=entry["body"], query=entry["query"], path_params=dict(request.path_params)
        )
        state.checked.append(TTS)
        if problems:  # FastAPI's HTTPValidationError, the 422 the spec declares
            state.rejected.append({"path": TTS, "problems": problems})
            return JSONResponse({"detail": problems}, status_code=422)
        return Response(mp3(), media_type="audio/mpeg")

    return Starlette(routes=[Route("/v1/text-to-speech/{voice_id}", tts, methods=["POST"]), *voices.routes(state)])

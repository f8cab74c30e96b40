"""Fake ElevenLabs text-to-speech (providers.md §4)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakeproviders import elevenlabs_voices as voices
from tests.fakeproviders.common import FakeState, log_request, mp3


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
        if not (entry["body"] or {}).get("text"):
            return JSONResponse(
                {"detail": [{"loc": ["body", "text"], "msg": "field required", "type": "missing"}]}, status_code=422
            )
        return Response(mp3(), media_type="audio/mpeg")

    return Starlette(routes=[Route("/v1/text-to-speech/{voice_id}", tts, methods=["POST"]), *voices.routes(state)])

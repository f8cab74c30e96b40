"""Fake Gemini API Veo long-running operations (providers.md §5)."""

from __future__ import annotations

import time
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakeproviders.common import FORBIDDEN, FakeState, log_request, mp4


def app(state: FakeState) -> Starlette:
    """The fake API host."""

    def denied(request: Request) -> Response | None:
        if not request.headers.get("x-goog-api-key"):
            return JSONResponse(
                {"error": {"code": 403, "message": "API key missing", "status": "PERMISSION_DENIED"}}, status_code=403
            )
        return None

    async def predict(request: Request) -> Response:
        entry = await log_request(state, request)
        if (refused := denied(request)) is not None:
            return refused
        body = entry["body"] or {}
        if "seed" in (body.get("parameters") or {}):
            return JSONResponse(
                {"error": {"code": 400, "message": "seed is not supported", "status": "INVALID_ARGUMENT"}},
                status_code=400,
            )
        model = request.path_params["model"]
        prompt = str(body["instances"][0].get("prompt"))
        job = state.schedule(model, "video", body, moderated=FORBIDDEN in prompt)
        return JSONResponse({"name": f"models/{model}/operations/{job.id}"})

    def operation(job_id: str) -> dict[str, Any]:
        job = state.jobs[job_id]
        name = f"models/{job.path}/operations/{job.id}"
        if job.phase(time.monotonic()) != "done":
            return {"name": name, "metadata": {}}
        if job.moderated:
            result: dict[str, Any] = {
                "raiMediaFilteredCount": 1,
                "raiMediaFilteredReasons": ["The prompt violates our usage guidelines."],
            }
        else:
            uri = f"{state.base_url}/v1beta/files/{job.id}:download?alt=media"
            result = {"generatedSamples": [{"video": {"uri": uri}}]}
        return {"name": name, "done": True, "response": {"generateVideoResponse": result}}

    async def poll(request: Request) -> Response:
        await log_request(state, request)
        if (refused := denied(request)) is not None:
            return refused
        return JSONResponse(operation(request.path_params["op"]))

    async def download(request: Request) -> Response:
        await log_request(state, request)
        if (refused := denied(request)) is not None:
            return refused
        job = state.jobs[request.path_params["fid"].removesuffix(":download")]
        seconds = float((job.params.get("parameters") or {}).get("durationSeconds", 8))
        return Response(mp4(seconds), media_type="video/mp4")

    return Starlette(
        routes=[
            Route("/v1beta/models/{model}:predictLongRunning", predict, methods=["POST"]),
            Route("/v1beta/models/{model}/operations/{op}", poll, methods=["GET"]),
            Route("/v1beta/files/{fid}", download, methods=["GET"]),
        ]
    )

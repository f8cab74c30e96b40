"""Fake Gemini API Veo long-running operations (providers.md §5), checked against google-genai's wire names.

No spec is reachable; the body comes from :mod:`tests.fakeproviders.sdk_types.gemini`. A refused body gets
google.rpc.Status 400 ``INVALID_ARGUMENT``, worded as the API words an unknown or invalid field.
"""

from __future__ import annotations

import time
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakeproviders.checks import Problem, problems
from tests.fakeproviders.common import FORBIDDEN, FakeState, log_request, mp4
from tests.fakeproviders.sdk_types import gemini as types


def status(code: int, message: str, name: str) -> Response:
    """A google.rpc.Status error body."""
    return JSONResponse({"error": {"code": code, "message": message, "status": name}}, status_code=code)


def wording(item: Problem) -> str:
    """One problem as the Gemini API words it."""
    field = ".".join(str(p) for p in item["loc"][1:-1] if not isinstance(p, int))
    if item["type"] == "extra_forbidden":
        return f"Invalid JSON payload received. Unknown name \"{item['loc'][-1]}\" at '{field}': Cannot find field."
    where = ".".join(str(p) for p in item["loc"][1:])
    return f"Invalid value at '{where}': {item['msg']}"


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
        model = request.path_params["model"]
        if model not in types.MODELS:
            return status(404, f"models/{model} is not found for API version v1beta", "NOT_FOUND")
        body = entry["body"]
        found = problems(types.PREDICT_LONG_RUNNING, body)
        state.checked.append(f"{model}:predictLongRunning")
        if found:
            state.rejected.append({"path": f"{model}:predictLongRunning", "problems": found})
            return status(400, "\n".join(wording(p) for p in found), "INVALID_ARGUMENT")
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

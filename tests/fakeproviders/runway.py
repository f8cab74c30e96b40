"""Fake Runway tasks API (providers.md §6), every create checked against the runwayml SDK's request types.

No spec is reachable; the bodies come from :mod:`tests.fakeproviders.sdk_types.runway`. A refused body is
answered as Runway does: 400 ``{"error": "Validation of body failed", "issues": [{path, message, code}]}``.
"""

from __future__ import annotations

import time
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakeproviders.checks import Problem, problems
from tests.fakeproviders.common import FORBIDDEN, FakeState, file_route, log_request, mp4
from tests.fakeproviders.sdk_types import runway as types
from tests.fakeproviders.uploads import missing, runway_routes


def check(endpoint: str, body: object) -> list[Problem]:
    """The body against the SDK type its ``model`` selects (an unknown model is one problem at ``model``)."""
    model = body.get("model") if isinstance(body, dict) else None
    if model not in types.MODELS[endpoint]:
        return [{"loc": ["body", "model"], "msg": f"Invalid enum value {model!r}", "type": "invalid_enum_value"}]
    schema = types.BODIES.get((endpoint, str(model)))
    if schema is None:
        return [{"loc": ["body", "model"], "msg": f"the fake has no request type for {model}", "type": "unchecked"}]
    return problems(schema, body)


def app(state: FakeState) -> Starlette:
    """The fake API host."""

    def denied(request: Request) -> Response | None:
        if request.headers.get("x-runway-version") != types.VERSION:
            return JSONResponse({"error": "Missing or invalid X-Runway-Version header"}, status_code=400)
        if not request.headers.get("authorization", "").startswith("Bearer "):
            return JSONResponse({"error": "Unauthorized"}, status_code=401)
        return None

    async def create(request: Request) -> Response:
        entry = await log_request(state, request)
        if (refused := denied(request)) is not None:
            return refused
        body = entry["body"] or {}
        endpoint = request.url.path.lstrip("/")
        found = check(endpoint, body)
        state.checked.append(endpoint)
        if found:
            state.rejected.append({"path": endpoint, "problems": found})
            issues = [{"path": p["loc"][1:], "message": p["msg"], "code": p["type"]} for p in found]
            return JSONResponse({"error": "Validation of body failed", "issues": issues}, status_code=400)
        if lost := missing(state, body):  # a runway:// URI whose upload never arrived
            return JSONResponse({"error": f"Invalid asset: {lost[0]} was not found"}, status_code=400)
        job = state.schedule(request.url.path, "video", body, moderated=FORBIDDEN in str(body.get("promptText")))
        return JSONResponse({"id": job.id})

    def task(job_id: str) -> dict[str, Any]:
        job = state.jobs[job_id]
        phase = job.phase(time.monotonic())
        base: dict[str, Any] = {"id": job.id, "createdAt": "2026-11-20T00:00:00Z"}
        if job.cancelled:
            return base | {"status": "CANCELLED"}
        if phase == "queued":
            return base | {"status": "THROTTLED"}
        if phase == "running":
            return base | {"status": "RUNNING", "progress": 0.5}
        if job.moderated:
            return base | {"status": "FAILED", "failure": "Input text was flagged", "failureCode": "SAFETY.INPUT.TEXT"}
        url = state.add_file(mp4(float(job.params.get("duration", 5))), "video/mp4", ".mp4")
        return base | {"status": "SUCCEEDED", "output": [url]}

    async def get(request: Request) -> Response:
        await log_request(state, request)
        if (refused := denied(request)) is not None:
            return refused
        return JSONResponse(task(request.path_params["tid"]))

    async def delete(request: Request) -> Response:
        await log_request(state, request)
        state.jobs[request.path_params["tid"]].cancelled = True
        return Response(status_code=204)

    return Starlette(
        routes=[
            file_route(state),
            *runway_routes(state),
            Route("/v1/image_to_video", create, methods=["POST"]),
            Route("/v1/video_to_video", create, methods=["POST"]),
            Route("/v1/tasks/{tid}", get, methods=["GET"]),
            Route("/v1/tasks/{tid}", delete, methods=["DELETE"]),
        ]
    )

"""Fake Black Forest Labs API (providers.md §7), every create checked against BFL's client request types.

No spec is reachable; the bodies come from :mod:`tests.fakeproviders.sdk_types.bfl`. A refused body gets
the API's FastAPI 422, ``{"detail": [{loc, msg, type}]}``; an endpoint with no request type here, a 404.
"""

from __future__ import annotations

import time

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakeproviders.checks import problems
from tests.fakeproviders.common import FORBIDDEN, FakeState, file_route, log_request, png, redirect
from tests.fakeproviders.sdk_types import bfl as types


def app(state: FakeState) -> Starlette:
    """The fake API host."""

    async def create(request: Request) -> Response:
        entry = await log_request(state, request)
        if not request.headers.get("x-key"):
            return JSONResponse({"detail": "Not authenticated"}, status_code=401)
        model = request.path_params["model"]
        if model not in types.BODIES:
            return JSONResponse({"detail": "Not Found"}, status_code=404)
        body = entry["body"]
        found = problems(types.BODIES[model], body)
        found += types.rules(body) if isinstance(body, dict) and not found else []
        state.checked.append(model)
        if found:
            state.rejected.append({"path": model, "problems": found})
            return JSONResponse({"detail": found}, status_code=422)
        job = state.schedule(request.url.path, "image", body, moderated=FORBIDDEN in str(body.get("prompt")))
        polling_url = state.follow_up(f"{state.base_url}/v1/get_result?id={job.id}")
        return JSONResponse({"id": job.id, "polling_url": polling_url, "cost": 3})

    async def result(request: Request) -> Response:
        await log_request(state, request)
        if not request.headers.get("x-key"):
            return JSONResponse({"detail": "Not authenticated"}, status_code=401)
        if state.redirect_status_to:
            return redirect(request, state.redirect_status_to)
        job = state.jobs.get(request.query_params.get("id", ""))
        if job is None:
            return JSONResponse({"id": request.query_params.get("id"), "status": "Task not found"})
        if job.phase(time.monotonic()) != "done":
            return JSONResponse({"id": job.id, "status": "Pending", "progress": 0.5})
        if job.moderated:
            return JSONResponse({"id": job.id, "status": "Request Moderated"})
        width, height = int(job.params.get("width", 1024)), int(job.params.get("height", 1024))
        sample = state.add_file(png(width // 4, height // 4, "FAKE bfl"), "image/png", ".png")
        return JSONResponse(
            {"id": job.id, "status": "Ready", "result": {"sample": sample, "seed": job.params.get("seed")}}
        )

    return Starlette(
        routes=[
            file_route(state),
            Route("/v1/get_result", result, methods=["GET"]),
            Route("/v1/{model}", create, methods=["POST"]),
        ]
    )

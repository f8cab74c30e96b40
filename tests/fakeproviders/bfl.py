"""Fake Black Forest Labs API (providers.md §7)."""

from __future__ import annotations

import time

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakeproviders.common import FORBIDDEN, FakeState, file_route, log_request, png, redirect


def app(state: FakeState) -> Starlette:
    """The fake API host."""

    async def create(request: Request) -> Response:
        entry = await log_request(state, request)
        if not request.headers.get("x-key"):
            return JSONResponse({"detail": "Not authenticated"}, status_code=401)
        body = entry["body"] or {}
        width, height = int(body.get("width", 1024)), int(body.get("height", 1024))
        if width % 16 or height % 16:
            return JSONResponse(
                {"detail": [{"loc": ["body", "width"], "msg": "must be a multiple of 16"}]}, status_code=422
            )
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

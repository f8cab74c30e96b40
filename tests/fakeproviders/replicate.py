"""Fake Replicate predictions API (providers.md §2), every create checked against Replicate's request types.

No spec is reachable, so the body, headers and model inputs come from :mod:`tests.fakeproviders.sdk_types.replicate`
(replicate-python-beta's request types and the models' published input schemas).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakeproviders.checks import Problem, loc_text, problems
from tests.fakeproviders.common import (
    FORBIDDEN,
    FakeJob,
    FakeState,
    fault_response,
    file_route,
    log_request,
    mp4,
    png,
    redirect,
)
from tests.fakeproviders.sdk_types import replicate as types
from tests.fakeproviders.uploads import missing, replicate_routes


def prediction(state: FakeState, job: FakeJob) -> dict[str, Any]:
    """The prediction object in its current state."""
    phase = job.phase(time.monotonic())
    status = {"queued": "starting", "running": "processing", "done": "succeeded"}[phase]
    output: Any = None
    error = None
    if job.cancelled:
        status = "canceled"
    elif phase == "done" and job.moderated:
        status, error = "failed", "NSFW content detected. Try running it again, or try a different prompt."
    elif phase == "done":
        if job.kind == "image":
            output = [state.add_file(png(512, 512, "FAKE replicate"), "image/png", ".png")]
        else:
            output = state.add_file(mp4(float(job.params.get("duration", 5))), "video/mp4", ".mp4")
    url = state.follow_up(f"{state.base_url}/v1/predictions/{job.id}")
    return {
        "id": job.id,
        "model": job.path,
        "version": "dp-fake",
        "input": job.params,
        "logs": "",
        "output": output,
        "error": error,
        "status": status,
        "data_removed": False,
        "created_at": "2026-11-20T00:00:00Z",
        "metrics": {"predict_time": 0.1},
        "urls": {"get": url, "cancel": f"{url}/cancel", "web": f"https://replicate.com/p/{job.id}"},
    }


def check(model: str, body: object, headers: Mapping[str, str]) -> list[Problem]:
    """The body, the ``Prefer``/``Cancel-After`` headers, and the model's ``input``."""
    found = problems(types.BODY, body)
    sent = {name: headers[name] for name in types.HEADERS["properties"] if name in headers}
    found += problems(types.HEADERS, sent, "header")
    if isinstance(body, dict) and isinstance(body.get("input"), dict):
        found += [{**p, "loc": ["body", "input", *p["loc"][1:]]} for p in problems(types.INPUTS[model], body["input"])]
    return found


def app(state: FakeState) -> Starlette:
    """The fake API host."""

    def denied(request: Request) -> Response | None:
        if not request.headers.get("authorization", "").startswith("Bearer "):
            return JSONResponse(
                {"title": "Unauthenticated", "detail": "You did not pass a valid token", "status": 401}, status_code=401
            )
        return None

    async def create(request: Request) -> Response:
        entry = await log_request(state, request)
        if (refused := denied(request)) is not None:
            return refused
        fault = state.next_fault()
        faulted = fault_response(state, fault, body={"detail": "Request was throttled. Your rate limit resets in ~1s."})
        if faulted is not None:
            return faulted
        path = f"{request.path_params['owner']}/{request.path_params['name']}"
        if path not in types.INPUTS:
            detail = f"The requested model {path} was not found (or the fake has no input schema for it)"
            return JSONResponse({"title": "Not found", "detail": detail, "status": 404}, status_code=404)
        body = entry["body"]
        found = check(path, body, request.headers)
        state.checked.append(path)
        if found:  # RFC 7807 problem details, as Replicate answers an invalid input
            state.rejected.append({"path": path, "problems": found})
            detail = "\n".join(f"- {loc_text(p)}: {p['msg']}" for p in found)
            return JSONResponse({"title": "Input validation failed", "detail": detail, "status": 422}, status_code=422)
        params = body["input"]
        if lost := missing(state, params):  # an uploaded file URL whose bytes never arrived
            return JSONResponse(
                {"title": "Input validation failed", "detail": f"- input: cannot read {lost[0]}", "status": 422},
                status_code=422,
            )
        kind = "image" if "flux" in path else "video"
        job = state.schedule(path, kind, params, moderated=FORBIDDEN in str(params.get("prompt")))
        return JSONResponse(prediction(state, job), status_code=201, headers={"Preference-Applied": "wait=5"})

    async def get(request: Request) -> Response:
        await log_request(state, request)
        if (refused := denied(request)) is not None:
            return refused
        if state.redirect_status_to:
            return redirect(request, state.redirect_status_to)
        job = state.jobs.get(request.path_params["pid"])
        if job is None:
            return JSONResponse({"title": "Not found", "detail": "Not found", "status": 404}, status_code=404)
        return JSONResponse(prediction(state, job))

    async def cancel(request: Request) -> Response:
        await log_request(state, request)
        job = state.jobs[request.path_params["pid"]]
        job.cancelled = True
        return JSONResponse(prediction(state, job))

    return Starlette(
        routes=[
            file_route(state),
            *replicate_routes(state),
            Route("/v1/models/{owner}/{name}/predictions", create, methods=["POST"]),
            Route("/v1/predictions/{pid}/cancel", cancel, methods=["POST"]),
            Route("/v1/predictions/{pid}", get, methods=["GET"]),
        ]
    )

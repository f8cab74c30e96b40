"""Fake fal.ai queue (providers.md §1, §10c)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakeproviders import fal_billing
from tests.fakeproviders.common import (
    FORBIDDEN,
    FakeState,
    fault_response,
    file_route,
    log_request,
    mp3,
    mp4,
    png,
    redirect,
)
from tests.fakeproviders.spec import fal_known, fal_problems
from tests.fakeproviders.uploads import fal_routes, missing
from tools.providers.fal import ROUTES, app_path
from tools.recipe import Capability

POLICY = [
    {
        "loc": ["body", "prompt"],
        "msg": "The content was flagged by the content checker",
        "type": "content_policy_violation",
    }
]


def _seconds(value: Any) -> float:
    return float(str(value).rstrip("s")) if value is not None else 5.0


def _urls(state: FakeState, app: str, request_id: str) -> dict[str, str]:
    base = f"{state.base_url}/{app}/requests/{request_id}"
    return {
        "request_id": request_id,
        "response_url": state.follow_up(base),
        "status_url": state.follow_up(f"{base}/status"),
        "cancel_url": state.follow_up(f"{base}/cancel"),
    }


def output(state: FakeState, capability: Capability, params: dict[str, Any]) -> dict[str, Any]:
    """The model output JSON for a finished job."""
    if capability is Capability.UPSCALE and "video_url" in params:
        return {"video": {"url": state.add_file(mp4(2.0, 360, 640), "video/mp4", ".mp4"), "content_type": "video/mp4"}}
    if capability in (Capability.TEXT_TO_IMAGE, Capability.IMAGE_EDIT, Capability.UPSCALE):
        size = params.get("image_size") if isinstance(params.get("image_size"), dict) else {}
        width, height = int(size.get("width", 512)), int(size.get("height", 512))
        image = {
            "url": state.add_file(png(width, height, "FAKE fal"), "image/png", ".png"),
            "content_type": "image/png",
            "width": width,
            "height": height,
        }
        if capability is Capability.UPSCALE:
            return {"image": image}
        return {
            "images": [image],
            "seed": params.get("seed", 42),
            "has_nsfw_concepts": [False],
            "prompt": params.get("prompt"),
        }
    if capability in (Capability.TEXT_TO_SPEECH, Capability.TEXT_TO_MUSIC, Capability.TEXT_TO_SOUND):
        return {"audio": {"url": state.add_file(mp3(), "audio/mpeg", ".mp3"), "content_type": "audio/mpeg"}}
    seconds = _seconds(params.get("duration"))
    return {"video": {"url": state.add_file(mp4(seconds), "video/mp4", ".mp4"), "content_type": "video/mp4"}}


def app(state: FakeState) -> Starlette:
    """The fake queue host."""

    def auth_error(request: Request) -> Response | None:
        if not request.headers.get("authorization", "").startswith("Key "):
            return JSONResponse({"detail": "Missing or invalid credentials"}, status_code=401)
        return None

    async def submit(request: Request) -> Response:
        entry = await log_request(state, request)
        if (denied := auth_error(request)) is not None:
            return denied
        path = request.path_params["model"]
        if not fal_known(path) or path not in ROUTES:
            return JSONResponse({"detail": f"Application '{path}' not found"}, status_code=404)
        capability = ROUTES[path][0]
        body = entry["body"] or {}
        fault = state.next_fault()
        if fault == "accept-500":
            state.schedule(path, capability.value, body)  # the job exists (and bills), but the answer is an error
        if (faulted := fault_response(state, fault, body={"detail": "Too many requests"})) is not None:
            return faulted
        problems = fal_problems(path, body)
        state.checked.append(path)
        if problems:
            state.rejected.append({"path": path, "problems": problems})
            return JSONResponse({"detail": problems}, status_code=422, headers={"X-Fal-Retryable": "false"})
        if lost := missing(state, body):  # an uploaded file URL whose bytes never arrived
            detail = [
                {"loc": ["body"], "msg": f"Failed to download the file: {lost[0]}", "type": "file_download_error"}
            ]
            return JSONResponse({"detail": detail}, status_code=422)
        text = str(body.get("prompt") or body.get("text") or "")
        flagged = FORBIDDEN in text
        if flagged and state.moderate_at == "submit":
            return JSONResponse({"detail": POLICY}, status_code=422)
        job = state.schedule(path, capability.value, body, moderated=flagged)
        if fault == "drop":
            await asyncio.sleep(3600)  # accepted, but the answer never arrives
        payload = {"status": "IN_QUEUE", "queue_position": 0, **_urls(state, app_path(path), job.id)}
        return JSONResponse(payload, headers={"x-fal-request-id": job.id})

    async def status(request: Request) -> Response:
        await log_request(state, request)
        if (denied := auth_error(request)) is not None:
            return denied
        if state.redirect_status_to:
            return redirect(request, state.redirect_status_to)
        if state.status_faults and state.status_faults.pop(0) == "503":
            return JSONResponse({"detail": "Service Unavailable"}, status_code=503)
        job = state.jobs.get(request.path_params["rid"])
        if job is None:
            return JSONResponse({"detail": "Request not found"}, status_code=404)
        urls = _urls(state, app_path(job.path), job.id)
        phase = job.phase(time.monotonic())
        if phase == "queued":
            return JSONResponse({"status": "IN_QUEUE", "queue_position": 0, **urls})
        if phase == "running":
            return JSONResponse(
                {
                    "status": "IN_PROGRESS",
                    "logs": [
                        {"message": "working", "level": "INFO", "source": "USER", "timestamp": "2026-11-20T00:00:00Z"}
                    ],
                    **urls,
                }
            )
        at_status = job.moderated and state.moderate_at == "status"
        return JSONResponse(
            {
                "status": "COMPLETED",
                "logs": [],
                "metrics": {"inference_time": state.latency_s},
                "error": POLICY[0]["msg"] if at_status else None,
                "error_type": "content_policy_violation" if at_status else None,
                **urls,
            }
        )

    async def result(request: Request) -> Response:
        await log_request(state, request)
        if (denied := auth_error(request)) is not None:
            return denied
        job = state.jobs.get(request.path_params["rid"])
        if job is None:
            return JSONResponse({"detail": "Request not found"}, status_code=404)
        if job.phase(time.monotonic()) != "done":
            return JSONResponse({"detail": "Request is still in progress"}, status_code=400)
        if job.moderated:  # fal reports a content-policy rejection on the result GET
            return JSONResponse({"detail": POLICY}, status_code=422, headers={"X-Fal-Retryable": "false"})
        return JSONResponse(output(state, Capability(job.kind), job.params))

    async def cancel(request: Request) -> Response:
        await log_request(state, request)
        job = state.jobs.get(request.path_params["rid"])
        if job is None:
            return JSONResponse({"status": "NOT_FOUND"}, status_code=404)
        if job.phase(time.monotonic()) == "done":
            return JSONResponse({"status": "ALREADY_COMPLETED"}, status_code=400)
        job.cancelled = True
        return JSONResponse({"status": "CANCELLATION_REQUESTED"}, status_code=202)

    async def pricing(request: Request) -> Response:
        """fal's Platform API: ``GET /v1/models/pricing?endpoint_id=…`` (1–50 ids)."""
        await log_request(state, request)
        if (denied := auth_error(request)) is not None:
            return denied
        ids = request.query_params.getlist("endpoint_id")
        if not 1 <= len(ids) <= 50:
            return JSONResponse({"detail": "endpoint_id takes 1 to 50 ids"}, status_code=422)
        prices = [
            {"endpoint_id": e, "unit_price": state.prices[e][0], "unit": state.prices[e][1], "currency": "USD"}
            for e in ids
            if e in state.prices
        ]
        return JSONResponse({"prices": prices, "next_cursor": None, "has_more": False})

    return Starlette(
        routes=[
            file_route(state),
            *fal_routes(state),
            Route("/v1/models/pricing", pricing, methods=["GET"]),
            fal_billing.route(state),
            Route("/{owner}/{alias}/requests/{rid}/status", status, methods=["GET"]),
            Route("/{owner}/{alias}/requests/{rid}/cancel", cancel, methods=["PUT"]),
            Route("/{owner}/{alias}/requests/{rid}", result, methods=["GET"]),
            Route("/{model:path}", submit, methods=["POST"]),
        ]
    )

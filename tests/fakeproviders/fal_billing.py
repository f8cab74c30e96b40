"""Fake fal Platform API billing events: one event per job the fake billed, priced from ``FakeState.prices``.

``GET /v1/models/billing-events`` with fal's filters (``endpoint_id`` 1–50, ``start``, exclusive ``end``,
``limit``, ``cursor``). What a job costs is ``unit_price`` × its units, as fal bills them (whole megapixels
of 1024², seconds, images, thousands of characters); set a price that differs from the catalog's and the
ledger disagrees. A job whose endpoint has no price is not billed yet. Pages hold at most :data:`PAGE`
events, so clients must follow ``next_cursor``.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakeproviders.common import FakeJob, FakeState, log_request

PAGE = 2


def _units(job: FakeJob, unit: str) -> float:
    params: dict[str, Any] = job.params
    if unit in ("megapixel", "megapixels"):
        size = params.get("image_size") if isinstance(params.get("image_size"), dict) else {}
        return float(math.ceil(int(size.get("width", 1024)) * int(size.get("height", 1024)) / 1024**2 - 1e-9))
    if unit in ("second", "seconds", "video_second"):
        return float(math.ceil(float(str(params.get("duration", 5)).rstrip("s"))))
    if unit in ("1000 characters", "1k_chars"):
        return len(str(params.get("text") or params.get("prompt") or "")) / 1000
    return float(params.get("num_images", 1))


def _stamp(job: FakeJob) -> dt.datetime:
    """The wall-clock moment the job finished (the fake schedules on the monotonic clock)."""
    return dt.datetime.now(dt.UTC) - dt.timedelta(seconds=time.monotonic() - job.end)


def _moment(value: str | None, default: dt.datetime) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00")) if value else default


def events(state: FakeState) -> list[dict[str, Any]]:
    """Every billing event the fake would list, oldest first."""
    found = []
    for job in sorted(state.billed(), key=lambda j: j.end):
        if job.path not in state.prices:
            continue
        unit_price, unit = state.prices[job.path]
        units = _units(job, unit)
        cost = round(units * unit_price, 9)
        found.append(
            {
                "request_id": job.id,
                "endpoint_id": job.path,
                "timestamp": _stamp(job).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "output_units": units,
                "unit_price": unit_price,
                "percent_discount": 0,
                "cost_subtotal": cost,
                "cost_discount": 0,
                "cost_total": cost,
                "cost_estimate_nano_usd": round(cost * 1e9),
            }
        )
    return found


def route(state: FakeState) -> Route:
    """``GET /v1/models/billing-events``."""

    async def billing_events(request: Request) -> Response:
        await log_request(state, request)
        if not request.headers.get("authorization", "").startswith("Key "):
            return JSONResponse({"detail": "Admin API key required"}, status_code=401)
        query = request.query_params
        ids = query.getlist("endpoint_id")
        if len(ids) > 50:
            return JSONResponse({"detail": "endpoint_id takes 1 to 50 ids"}, status_code=422)
        now = dt.datetime.now(dt.UTC)
        start = _moment(query.get("start"), now - dt.timedelta(days=1))
        end = _moment(query.get("end"), now)
        if end - start > dt.timedelta(days=90):
            return JSONResponse({"detail": "the date range is capped at 90 days"}, status_code=422)
        listed = [
            e
            for e in events(state)
            if (not ids or e["endpoint_id"] in ids) and start <= _moment(e["timestamp"], now) < end
        ]
        offset = int(query.get("cursor") or 0)
        size = min(int(query.get("limit") or PAGE), PAGE)
        more = offset + size < len(listed)
        return JSONResponse(
            {
                "billing_events": listed[offset : offset + size],
                "next_cursor": str(offset + size) if more else None,
                "has_more": more,
            }
        )

    return Route("/v1/models/billing-events", billing_events, methods=["GET"])

"""The one place an HTTP client is constructed."""

from __future__ import annotations

import httpx

TIMEOUT = httpx.Timeout(60.0, connect=15.0)
LIMITS = httpx.Limits(max_connections=64, max_keepalive_connections=32)


def make_client(transport: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncClient:
    """The shared async client for every provider (tests pass a transport)."""
    return httpx.AsyncClient(
        timeout=TIMEOUT,
        limits=LIMITS,
        transport=transport,
        follow_redirects=True,
        headers={"User-Agent": "campaign-studio/0.1"},
    )

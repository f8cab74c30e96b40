"""The one place an HTTP client is constructed, and the URL facts every caller compares."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx

TIMEOUT = httpx.Timeout(60.0, connect=15.0)
LIMITS = httpx.Limits(max_connections=64, max_keepalive_connections=32)
DEFAULT_PORTS = {"http": 80, "https": 443}

RequestHook = Callable[[httpx.Request], Awaitable[None]]


def make_client(
    transport: httpx.AsyncBaseTransport | None = None, *, guard: RequestHook | None = None
) -> httpx.AsyncClient:
    """The shared async client for every provider (tests pass a transport).

    Redirects are never followed by the client: a redirect could carry a key to another host, so the
    few callers that follow one (result downloads) do it by hand. ``guard`` sees every request first.
    """
    return httpx.AsyncClient(
        timeout=TIMEOUT,
        limits=LIMITS,
        transport=transport,
        follow_redirects=False,
        headers={"User-Agent": "campaign-studio/0.1"},
        event_hooks={"request": [guard]} if guard else None,
    )


def origin(url: str | httpx.URL) -> str:
    """``scheme://host:port`` with the default port spelled out (the unit a key is scoped to)."""
    parsed = httpx.URL(str(url))
    port = parsed.port or DEFAULT_PORTS.get(parsed.scheme, 0)
    return f"{parsed.scheme}://{parsed.host}:{port}"


def on_https_domain(url: str | httpx.URL, domains: tuple[str, ...]) -> bool:
    """Whether ``url`` is https on one of ``domains`` or a subdomain of one."""
    parsed = httpx.URL(str(url))
    host = parsed.host.lower()
    return parsed.scheme == "https" and any(host == d or host.endswith(f".{d}") for d in domains)

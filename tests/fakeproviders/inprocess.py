"""Fake providers served in-process: ``httpx.ASGITransport`` per host, no sockets, no threads.

Each fake gets an https origin of its own (``https://fal.fake``), so the production checks run unchanged:
the key guard scopes each key to its configured host, and result downloads accept that host because it
is the configured one (any other host must still be public https). A request to a host nobody registered
raises :class:`~tests.netguard.NetworkBlocked` at once, the way the socket guard does.

ASGITransport buffers whole answers and enforces no timeouts, so tests of a dropped or hanging answer
keep using :class:`~tests.fakeproviders.common.FakeServer`.
"""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from tests.fakeproviders.common import FakeState
from tests.netguard import NetworkBlocked
from tools._http import origin


class FakeHost:
    """One fake app at one origin; the same ``url``/``state`` surface as ``FakeServer``."""

    def __init__(self, app: Starlette, state: FakeState, url: str) -> None:
        self.url = url.rstrip("/")
        self.state = state
        state.base_url = self.url
        self.transport = httpx.ASGITransport(app=app)


class FakeNet(httpx.AsyncBaseTransport):
    """Routes each request to the fake registered at its origin."""

    def __init__(self, *hosts: FakeHost) -> None:
        self.hosts = {origin(h.url): h for h in hosts}
        # each fake's presigned storage answers at storage.<host> (tests/fakeproviders/uploads.py)
        self.hosts |= {origin(h.url.replace("://", "://storage.", 1)): h for h in hosts}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """The answer of the fake at the request's origin."""
        host = self.hosts.get(origin(request.url))
        if host is None:
            raise NetworkBlocked(f"no fake provider at {request.url.host}; in-process tests reach only fakes")
        return await host.transport.handle_async_request(request)

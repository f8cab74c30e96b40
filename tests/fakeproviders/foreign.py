"""A host nobody configured: it logs whatever reaches it (to count keys that leaked) and serves nothing."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakeproviders.common import FakeState, log_request


def app(state: FakeState) -> Starlette:
    """Every path, every method: logged, then 404."""

    async def anything(request: Request) -> Response:
        await log_request(state, request)
        return JSONResponse({"detail": "not here"}, status_code=404)

    methods = ["GET", "POST", "PUT", "DELETE", "HEAD"]
    return Starlette(routes=[Route("/{path:path}", anything, methods=methods)])

"""Serve persisted chat element files to their owner only (anyone else gets a 404, not a hint)."""

from __future__ import annotations

from typing import Annotated, Any

from chainlit.auth import get_current_user
from chainlit.server import app
from chainlit.user import PersistedUser
from fastapi import Depends, HTTPException
from fastapi.responses import FileResponse
from fastapi.routing import APIRoute

from ui.web.history import FILES_ROUTE, LocalFiles


def mount(files: LocalFiles) -> None:
    """Add ``GET /studio/files/<user id>/...`` ahead of Chainlit's catch-all page route."""

    async def serve(object_key: str, current: Annotated[Any, Depends(get_current_user)]) -> FileResponse:
        if not isinstance(current, PersistedUser) or not object_key.startswith(f"{current.id}/"):
            raise HTTPException(status_code=404, detail="Not found")
        try:
            path = files.path(object_key)
        except ValueError as exc:
            raise HTTPException(status_code=404, detail="Not found") from exc
        if not path.is_file():
            raise HTTPException(status_code=404, detail="Not found")
        return FileResponse(path)

    route = APIRoute(f"{FILES_ROUTE}/{{object_key:path}}", serve, methods=["GET"])
    app.router.routes.insert(0, route)

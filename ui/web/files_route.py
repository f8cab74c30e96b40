"""Serve persisted chat element files to their owner only (anyone else gets a 404, not a hint)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from chainlit.auth import get_current_user
from chainlit.server import app
from chainlit.user import PersistedUser
from fastapi import Depends, FastAPI, HTTPException
from fastapi.responses import FileResponse
from fastapi.routing import APIRoute

from ui.web.history import FILES_ROUTE, LocalFiles

FORBIDDEN = ("\\", "%", "\x00")
"""Never in a decoded key: backslashes, leftover (double) encoding, NUL bytes."""


def owned_file(root: Path, user_id: str, object_key: str) -> Path | None:
    """The file ``object_key`` names if it lies inside ``<root>/<user_id>/`` once resolved, else None.

    ``root`` must already be resolved. Symlinks are followed (strictly) before the check, so a link that
    points at another user's folder, or out of ``root``, is refused like a missing file.
    """
    parts = object_key.split("/")
    if any(c in object_key for c in FORBIDDEN) or any(p in ("", ".", "..") for p in parts):
        return None
    if len(parts) < 2 or parts[0] != user_id:
        return None
    own = root / user_id
    try:
        path = (root / object_key).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):  # missing, a symlink loop, a bad name
        return None
    if not path.is_relative_to(own) or path == own or not path.is_file():
        return None
    return path


def mount(files: LocalFiles, target: FastAPI = app) -> APIRoute:
    """Add ``GET /studio/files/<user id>/...`` ahead of Chainlit's catch-all page route."""

    async def serve(object_key: str, current: Annotated[Any, Depends(get_current_user)]) -> FileResponse:
        path = owned_file(files.root, current.id, object_key) if isinstance(current, PersistedUser) else None
        if path is None:
            raise HTTPException(status_code=404, detail="Not found")
        return FileResponse(path)

    route = APIRoute(f"{FILES_ROUTE}/{{object_key:path}}", serve, methods=["GET"], dependency_overrides_provider=target)
    target.router.routes.insert(0, route)
    return route

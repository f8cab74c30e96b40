"""Chat history for the sidebar: Chainlit's SQLAlchemy data layer on the app's own SQLite database.

Threads, messages and elements live in ``studio.db`` beside the LangGraph checkpoints, so a campaign
and its conversation are backed up, moved and deleted together. Element files (keyframes, clips,
finals shown in chat) are kept under ``<data>/ui/files/<user id>/`` and served only to their owner.
"""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path
from typing import Any

from chainlit.data.sql_alchemy import SQLAlchemyDataLayer
from chainlit.data.storage_clients.base import BaseStorageClient
from chainlit.element import Element

FILES_ROUTE = "/studio/files"

# The columns Chainlit 2.x's SQLAlchemyDataLayer reads and writes (chainlit/data/sql_alchemy.py).
SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    "id" TEXT PRIMARY KEY,
    "identifier" TEXT NOT NULL UNIQUE,
    "metadata" TEXT NOT NULL DEFAULT '{}',
    "createdAt" TEXT
);
CREATE TABLE IF NOT EXISTS threads (
    "id" TEXT PRIMARY KEY,
    "createdAt" TEXT,
    "name" TEXT,
    "userId" TEXT REFERENCES users("id") ON DELETE CASCADE,
    "userIdentifier" TEXT,
    "tags" TEXT,
    "metadata" TEXT
);
CREATE TABLE IF NOT EXISTS steps (
    "id" TEXT PRIMARY KEY,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "threadId" TEXT NOT NULL REFERENCES threads("id") ON DELETE CASCADE,
    "parentId" TEXT,
    "command" TEXT,
    "modes" TEXT,
    "streaming" BOOLEAN NOT NULL DEFAULT 0,
    "waitForAnswer" BOOLEAN,
    "isError" BOOLEAN,
    "metadata" TEXT,
    "tags" TEXT,
    "input" TEXT,
    "output" TEXT,
    "createdAt" TEXT,
    "start" TEXT,
    "end" TEXT,
    "generation" TEXT,
    "showInput" TEXT,
    "defaultOpen" BOOLEAN,
    "autoCollapse" BOOLEAN,
    "language" TEXT,
    "icon" TEXT
);
CREATE INDEX IF NOT EXISTS steps_thread ON steps ("threadId");
CREATE TABLE IF NOT EXISTS elements (
    "id" TEXT PRIMARY KEY,
    "threadId" TEXT REFERENCES threads("id") ON DELETE CASCADE,
    "type" TEXT,
    "url" TEXT,
    "chainlitKey" TEXT,
    "name" TEXT NOT NULL,
    "display" TEXT,
    "objectKey" TEXT,
    "size" TEXT,
    "page" INTEGER,
    "language" TEXT,
    "forId" TEXT,
    "mime" TEXT,
    "props" TEXT,
    "autoPlay" BOOLEAN,
    "playerConfig" TEXT
);
CREATE TABLE IF NOT EXISTS feedbacks (
    "id" TEXT PRIMARY KEY,
    "forId" TEXT NOT NULL,
    "threadId" TEXT NOT NULL REFERENCES threads("id") ON DELETE CASCADE,
    "value" INTEGER NOT NULL,
    "comment" TEXT
);
"""


def create_schema(database: Path) -> None:
    """Create the history tables if they are missing (idempotent)."""
    database.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(database, timeout=30) as conn:
        conn.execute("PRAGMA journal_mode=WAL")  # shared with the checkpointer, which wants WAL too
        conn.executescript(SCHEMA)


class LocalFiles(BaseStorageClient):
    """Element files on local disk, keyed ``<user id>/<element id>/<name>``; URLs go through an owner check."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def path(self, object_key: str) -> Path:
        """Where ``object_key`` lives; refuses keys that climb out of the root."""
        path = (self.root / object_key).resolve()
        if not path.is_relative_to(self.root) or path == self.root:
            raise ValueError(f"bad object key {object_key!r}")
        return path

    async def upload_file(
        self,
        object_key: str,
        data: bytes | str,
        mime: str = "application/octet-stream",
        overwrite: bool = True,
        content_disposition: str | None = None,
    ) -> dict[str, Any]:
        """Write the element's bytes; returns the key and its owner-checked URL."""
        path = self.path(object_key)
        if path.exists() and not overwrite:
            return {"object_key": object_key, "url": await self.get_read_url(object_key)}
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(data.encode() if isinstance(data, str) else data)
        tmp.replace(path)
        return {"object_key": object_key, "url": await self.get_read_url(object_key)}

    async def delete_file(self, object_key: str) -> bool:
        """Remove one element file."""
        path = self.path(object_key)
        existed = path.exists()
        path.unlink(missing_ok=True)
        return existed

    async def get_read_url(self, object_key: str) -> str:
        """A URL the files route serves to the key's owner only."""
        return f"{FILES_ROUTE}/{object_key}"

    async def close(self) -> None:
        """Nothing to close."""


class StudioDataLayer(SQLAlchemyDataLayer):
    """Chainlit's SQLAlchemy data layer, storing a video's player settings as JSON text.

    Chainlit 2.12 binds ``playerConfig`` as a dict, which SQLite refuses: the element row (a take, a final)
    would be lost from the chat history.
    """

    async def create_element(self, element: Element) -> None:
        """Store the element, its player settings (if any) as JSON."""
        config = getattr(element, "player_config", None)
        if config is not None and not isinstance(config, str):
            element = copy.copy(element)  # the live element keeps its dict for the browser
            element.player_config = json.dumps(config)  # type: ignore[attr-defined]
        await super().create_element(element)


def data_layer(database: Path, files: LocalFiles) -> SQLAlchemyDataLayer:
    """Chainlit's SQLAlchemy data layer over ``database``, with element files in ``files``."""
    create_schema(database)
    return StudioDataLayer(conninfo=f"sqlite+aiosqlite:///{database}", storage_provider=files)

"""Which user owns which campaign, and which chat thread it lives in (a table in the app database).

Every method runs its SQLite call in a worker thread: the chat history layer writes to the same file
from the event loop, and a blocking call here would hold the loop while it waits for that writer.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS studio_campaign_owners (
    campaign_id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    thread_id TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS studio_owner_thread ON studio_campaign_owners (owner, thread_id);
"""


class Owners:
    """Campaign ownership; every lookup is scoped to the asking user."""

    def __init__(self, database: Path) -> None:
        self.database = database
        database.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as conn:
            conn.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.database, timeout=30)
        try:
            with conn:
                yield conn
        finally:
            conn.close()

    def _claim(self, campaign_id: str, owner: str, thread_id: str) -> None:
        """Record a new campaign as ``owner``'s, living in chat thread ``thread_id``."""
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO studio_campaign_owners (campaign_id, owner, thread_id) VALUES (?, ?, ?)",
                (campaign_id, owner, thread_id),
            )

    def _owns(self, owner: str, campaign_id: str) -> bool:
        """Whether ``campaign_id`` is ``owner``'s."""
        with self._connect() as conn:
            row = conn.execute(
                "SELECT 1 FROM studio_campaign_owners WHERE campaign_id = ? AND owner = ?", (campaign_id, owner)
            ).fetchone()
        return row is not None

    def _in_thread(self, owner: str, thread_id: str) -> list[str]:
        """``owner``'s campaigns started in ``thread_id``, oldest first."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT campaign_id FROM studio_campaign_owners WHERE owner = ? AND thread_id = ? ORDER BY rowid",
                (owner, thread_id),
            ).fetchall()
        return [r[0] for r in rows]

    def _of(self, owner: str) -> list[tuple[str, str]]:
        """``owner``'s campaigns as (campaign id, thread id), newest first."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT campaign_id, thread_id FROM studio_campaign_owners WHERE owner = ? ORDER BY rowid DESC",
                (owner,),
            ).fetchall()
        return [(r[0], r[1]) for r in rows]

    async def claim(self, campaign_id: str, owner: str, thread_id: str) -> None:
        """Record a new campaign as ``owner``'s, living in chat thread ``thread_id``."""
        await asyncio.to_thread(self._claim, campaign_id, owner, thread_id)

    async def owns(self, owner: str, campaign_id: str) -> bool:
        """Whether ``campaign_id`` is ``owner``'s."""
        return await asyncio.to_thread(self._owns, owner, campaign_id)

    async def in_thread(self, owner: str, thread_id: str) -> list[str]:
        """``owner``'s campaigns started in ``thread_id``, oldest first."""
        return await asyncio.to_thread(self._in_thread, owner, thread_id)

    async def of(self, owner: str) -> list[tuple[str, str]]:
        """``owner``'s campaigns as (campaign id, thread id), newest first."""
        return await asyncio.to_thread(self._of, owner)

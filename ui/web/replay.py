"""Checkpoint re-posts for reopened threads.

Chainlit does not keep buttons on stored messages, so reopening a thread re-posts the pending checkpoint
(with its buttons) after the history. Chainlit also runs ``on_chat_resume`` again whenever a resumed tab's
socket reconnects, and each reopen would otherwise stack another copy. So everything a reopen posts is
tagged, and the next reopen first removes the tagged messages nothing has happened after.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from chainlit.types import ThreadDict

MARK = "replay"
_replaying: ContextVar[bool] = ContextVar("studio_replaying", default=False)


@contextmanager
def replaying() -> Iterator[None]:
    """Tag what is posted inside this block (and the tasks it starts) as a re-post."""
    token = _replaying.set(True)
    try:
        yield
    finally:
        _replaying.reset(token)


def metadata() -> dict[str, Any] | None:
    """Step metadata for a message or step posted now: the re-post mark inside ``replaying()``."""
    return {"studio": MARK} if _replaying.get() else None


def _marked(step: dict[str, Any]) -> bool:
    meta = step.get("metadata") or {}
    if isinstance(meta, str):  # the SQL data layer hands it back as stored text
        try:
            meta = json.loads(meta)
        except ValueError:
            return False
    return isinstance(meta, dict) and meta.get("studio") == MARK


def drop_trailing(thread: ThreadDict) -> list[str]:
    """Remove the re-posts at the end of ``thread`` (in place) and return their step ids.

    A re-post something happened after (a click, a message, a later stage) stays: it is history now.
    """
    steps: list[Any] = list(thread.get("steps") or [])
    stale: set[str] = set()
    for step in reversed(steps):
        if not _marked(step):
            break
        stale.add(str(step["id"]))
    if stale:
        thread["steps"] = [s for s in steps if str(s["id"]) not in stale]
        elements: list[Any] = list(thread.get("elements") or [])
        thread["elements"] = [e for e in elements if e.get("forId") not in stale]
    return sorted(stale)

"""Progress events from nodes, delivered through LangGraph's ``custom`` stream mode."""

from __future__ import annotations

from collections.abc import Callable

from langgraph.config import get_stream_writer
from pydantic import BaseModel


class Progress(BaseModel):
    """One step of work done in a stage."""

    stage: str
    done: int
    total: int
    label: str = ""


ProgressHandler = Callable[[Progress], None]
"""Where a front end receives progress events."""


def report(stage: str, done: int, total: int, label: str = "") -> None:
    """Emit a progress event; silently nothing when no one is streaming."""
    try:
        writer = get_stream_writer()
    except RuntimeError:  # called outside a running graph (e.g. directly from a test)
        return
    writer(Progress(stage=stage, done=done, total=total, label=label).model_dump())

"""Which campaign and scene a generation belongs to, carried by a context variable.

The agent sets it around each generation; the job runner reads it for the ledger and job store.
"""

from __future__ import annotations

from contextvars import ContextVar

from pydantic import BaseModel


class JobContext(BaseModel, frozen=True):
    """Campaign and scene of the work being done."""

    campaign_id: str = "adhoc"
    scene: int | None = None
    resubmit_unknown: bool = False
    """Allow a new submit when an earlier one's outcome is unknown and cannot be looked up."""


current: ContextVar[JobContext] = ContextVar("studio_job_context", default=JobContext())  # noqa: B039

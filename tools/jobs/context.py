"""Which campaign and scene a generation belongs to: passed with every job, never ambient.

A provider job always runs for a campaign, so its budget and ledger apply; there is no default.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class JobContext(BaseModel, frozen=True):
    """Campaign and scene of the work being done."""

    campaign_id: str = Field(min_length=1)
    scene: int | None = None
    resubmit_unknown: bool = False
    """Allow a new submit when an earlier one's outcome is unknown and cannot be looked up."""

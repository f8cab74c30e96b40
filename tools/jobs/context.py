"""Which campaign and scene a generation belongs to, carried by a context variable.

The agent sets it around each generation; the job runner reads it for the ledger and job store.
There is no default: a provider job outside a campaign would escape every budget, so it is refused.
"""

from __future__ import annotations

from contextvars import ContextVar, Token

from pydantic import BaseModel, Field


class JobContext(BaseModel, frozen=True):
    """Campaign and scene of the work being done."""

    campaign_id: str = Field(min_length=1)
    scene: int | None = None
    resubmit_unknown: bool = False
    """Allow a new submit when an earlier one's outcome is unknown and cannot be looked up."""


class NoJobContext(RuntimeError):
    """A provider job was started outside any campaign."""


class CurrentJob:
    """The job context of the running task; reading it where none was set is an error, not ``adhoc``."""

    def __init__(self) -> None:
        self._var: ContextVar[JobContext] = ContextVar("studio_job_context")

    def get(self) -> JobContext:
        """The context set by the caller; raises :class:`NoJobContext` when there is none."""
        try:
            return self._var.get()
        except LookupError:
            raise NoJobContext(
                "a provider job was started outside a campaign: set tools.jobs.context.current to the "
                "campaign's JobContext first, so its budget and ledger apply"
            ) from None

    def set(self, context: JobContext) -> Token[JobContext]:
        """Make ``context`` current for this task (and the tasks it starts)."""
        return self._var.set(context)

    def reset(self, token: Token[JobContext]) -> None:
        """Restore what was current before the matching :meth:`set`."""
        self._var.reset(token)


current = CurrentJob()

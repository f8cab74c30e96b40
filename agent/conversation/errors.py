"""One mapping from what can go wrong in a turn to what the marketer is told, for every front end."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from agent.briefs import BriefError
from agent.checkpoints import InvalidDecision
from agent.copywriting import CopyContextError, CopyError
from agent.production import ReplayRefused
from agent.service import CampaignNotFound, NoVoices
from tools.errors import ToolError
from tools.jobs.lease import CampaignBusy
from tools.providers.base import ProviderError
from tools.providers.http import OutcomeUnknown


class UserError(BaseModel):
    """A failure explained: ``refused`` changed nothing; ``stopped`` kept the campaign at its last checkpoint."""

    kind: Literal["refused", "stopped"]
    message: str

    @property
    def exit_code(self) -> int:
        """2 for bad input (nothing changed), 1 for work that stopped."""
        return 2 if self.kind == "refused" else 1


REFUSED: tuple[type[BaseException], ...] = (
    BriefError,
    InvalidDecision,
    CampaignNotFound,
    CampaignBusy,
    ReplayRefused,
    CopyError,
    CopyContextError,
    NoVoices,
)
STOPPED: tuple[type[BaseException], ...] = (ToolError, ProviderError, OutcomeUnknown)


def explain(error: BaseException) -> UserError | None:
    """The message for a known failure, or None for a bug (which front ends let surface)."""
    if isinstance(error, REFUSED):
        return UserError(kind="refused", message=str(error))
    if isinstance(error, STOPPED):
        return UserError(
            kind="stopped",
            message=f"{error}. The campaign is saved at its last checkpoint; fix the cause and resume it.",
        )
    return None

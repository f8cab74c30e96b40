"""Post copy from chat: the copywriter's output as a message, saved with the deliverables."""

from __future__ import annotations

from pathlib import Path

from agent.conversation.messages import CopyWritten
from agent.intents.schema import Intent
from agent.service import CampaignService
from agent.state import CampaignState

FOLDER = Path("exports") / "copy"


def saved(folder: Path) -> list[Path]:
    """The copy files already written for a campaign."""
    return sorted((folder / FOLDER).glob("*.md")) if (folder / FOLDER).is_dir() else []


async def write(service: CampaignService, state: CampaignState, intent: Intent) -> CopyWritten:
    """Write the copy the turn asks for (placeholder until the copywriter lands)."""
    raise NotImplementedError

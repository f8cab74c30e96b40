"""Post copy from a turn ("write 3 TikTok captions with hashtags"): written, saved with the deliverables."""

from __future__ import annotations

from pathlib import Path

from agent.conversation.messages import CopyWritten
from agent.conversation.views import platform_label
from agent.copywriting import copy_request, write_copy
from agent.copywriting.store import copy_dir, markdown
from agent.intents.schema import CopyKind, Intent
from agent.service import CampaignService
from agent.state import CampaignState

DEFAULT_KIND = {"youtube": CopyKind.TITLE_DESCRIPTION, "linkedin": CopyKind.POST, "linkedin_square": CopyKind.POST}
"""What a platform's copy is when the turn does not say (captions elsewhere)."""


def saved(folder: Path) -> list[Path]:
    """The readable copy files already written for a campaign."""
    target = copy_dir(folder)
    return sorted(target.glob("*.md")) if target.is_dir() else []


async def write(service: CampaignService, state: CampaignState, intent: Intent) -> CopyWritten:
    """Write what the turn asks for, for the platform it names (else the campaign's first), and save it."""
    platforms = state.brief.platforms if state.brief else []
    platform = intent.platform or (platforms[0] if platforms else "tiktok")
    kind = intent.copy_kind or DEFAULT_KIND.get(platform, CopyKind.CAPTIONS)
    request = copy_request(platform, kind, intent.count)
    folder = service.settings.campaign_dir(state.campaign_id)
    async with service.leases.hold(state.campaign_id):  # the report and zip may be rebuilt: one writer
        fresh = await service.state(state.campaign_id)
        copy = await write_copy(fresh, folder, request, service.context.llm)
    files = [copy_dir(folder) / f"{copy.stem}{ext}" for ext in (".md", ".json")]
    return CopyWritten(
        platform=copy.platform,
        label=f"{copy.label} · {platform_label(copy.platform)}",
        text=markdown(copy),
        files=[f for f in files if f.is_file()],
        writer=copy.writer,
    )

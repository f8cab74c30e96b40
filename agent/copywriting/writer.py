"""The one entry point: write post copy for a campaign, save it with the deliverables, refresh report and zip."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from pathlib import Path

from agent.copywriting.context import copy_context
from agent.copywriting.models import CopyRequest, PostCopy
from agent.copywriting.offline import write_offline
from agent.copywriting.store import save_copy
from agent.llm.settings import LLMSettings
from agent.state import CampaignState

_LOCKS: defaultdict[Path, asyncio.Lock] = defaultdict(asyncio.Lock)
"""One writer at a time per campaign folder in this process (the report and zip are rebuilt whole)."""


def publish(state: CampaignState, folder: Path, copy: PostCopy) -> PostCopy:
    """Save the copy; when the campaign already has a report, rebuild it and the zip to include the copy."""
    from agent.finishing import write_report_and_zip  # finishing reads the copy folder: imported late, no cycle

    save_copy(copy, folder)
    if state.delivery is not None or (folder / "report.html").is_file():
        write_report_and_zip(state, folder)
    return copy


async def write_copy(
    state: CampaignState, folder: Path, request: CopyRequest, llm: LLMSettings | None = None
) -> PostCopy:
    """Write post copy from the campaign's concept and brief, and save it with the deliverables.

    Args:
        state: The campaign's current state (``await service.state(campaign_id)``); it needs a concept.
        folder: The campaign folder (``service.settings.campaign_dir(campaign_id)``).
        request: Platform, kind and count (:func:`agent.copywriting.copy_request` checks user input).
        llm: The LLM to write with (``service.context.llm``); ``None`` or unconfigured: the offline writer.

    Returns:
        The copy as saved in ``exports/copy/<platform>-<kind>.md`` and ``.json``. A delivered (or finished
        and waiting) campaign's ``report.html`` and zip are rebuilt with it; before delivery, finishing
        picks it up.

    Raises:
        CopyContextError: The campaign has no concept yet.
    """
    ctx = copy_context(state)
    if llm is not None and llm.configured:
        from agent.copywriting.llm import write_with_llm  # the openai client loads only when an LLM is used

        copy = await write_with_llm(ctx, request, llm)
    else:
        copy = write_offline(ctx, request)
    async with _LOCKS[folder.resolve()]:
        return await asyncio.to_thread(publish, state, folder, copy)

"""Run-time context handed to every node (``context_schema``): settings and the planner."""

from __future__ import annotations

from dataclasses import dataclass, field

from openai import AsyncOpenAI

from agent.llm.planner import LLMPlanner
from agent.llm.settings import LLMSettings
from agent.planner import OfflinePlanner
from agent.settings import Settings
from memory.store import ChromaMemory
from tools.catalog import Catalog, load_catalog


def make_planner(settings: Settings, catalog: Catalog, llm: LLMSettings) -> OfflinePlanner:
    """The LLM planner when one is configured, else the offline planner."""
    if not llm.configured:
        return OfflinePlanner(catalog, variations=settings.variations, voice=settings.voice)
    assert llm.api_key is not None
    client = AsyncOpenAI(
        api_key=llm.api_key.get_secret_value(), base_url=llm.base_url, timeout=llm.timeout_s, max_retries=1
    )
    return LLMPlanner(catalog, client, llm.model, variations=settings.variations, voice=settings.voice)


@dataclass(kw_only=True)
class Context:
    """What nodes need that is not campaign state."""

    settings: Settings = field(default_factory=Settings)
    catalog: Catalog = field(default_factory=load_catalog)
    llm: LLMSettings = field(default_factory=LLMSettings)
    planner: OfflinePlanner | None = None
    memory: ChromaMemory | None = None
    """Outcome memory; None when disabled (``STUDIO_MEMORY=0``)."""

    async def aclose(self) -> None:
        """Close the planner's connections."""
        if self.planner is not None:
            await self.planner.aclose()

    def get_planner(self) -> OfflinePlanner:
        """The planner in use (chosen once per context)."""
        if self.planner is None:
            self.planner = make_planner(self.settings, self.catalog, self.llm)
        return self.planner

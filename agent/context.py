"""Run-time context handed to every node (``context_schema``): settings, backends and the planner."""

from __future__ import annotations

from dataclasses import dataclass, field

from agent.llm.client import make_client
from agent.llm.planner import LLMPlanner
from agent.llm.settings import LLMSettings
from agent.planner import OfflinePlanner
from agent.settings import Settings
from memory.store import ChromaMemory
from tools.backends import Backends
from tools.catalog import Catalog, load_catalog
from tools.routes import Routes


def make_planner(settings: Settings, catalog: Catalog, llm: LLMSettings, routes: Routes) -> OfflinePlanner:
    """The LLM planner when one is configured, else the offline planner; ``routes`` shape the model choices."""
    if not llm.configured:
        return OfflinePlanner(catalog, routes=routes, variations=settings.variations, voice=settings.voice)
    return LLMPlanner(
        catalog,
        make_client(llm),
        llm.model,
        routes=routes,
        variations=settings.variations,
        voice=settings.voice,
        token_field=llm.token_limit_field,
    )


@dataclass(kw_only=True)
class Context:
    """What nodes need that is not campaign state."""

    settings: Settings = field(default_factory=Settings)
    catalog: Catalog = field(default_factory=load_catalog)
    llm: LLMSettings = field(default_factory=LLMSettings)
    backends: Backends = field(default_factory=Backends)
    """The tool layer of this process: local backends, provider routes and the job runner."""
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
            self.planner = make_planner(self.settings, self.catalog, self.llm, self.backends.routes)
        return self.planner

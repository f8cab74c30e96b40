"""What the chat app shares across sessions: one campaign service, the intent parser, ownership.

Opened once per server process (on startup) and closed on shutdown. Each signed-in user gets the
same graph, planner and provider session but their own memory workspace; nothing of one campaign is
kept on these shared objects (recalls travel with the campaign's own call), so nothing crosses accounts.
"""

from __future__ import annotations

from contextlib import AsyncExitStack
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel

from agent.intents.parser import IntentParser, make_intent_parser
from agent.llm.settings import LLMSettings
from agent.service import CampaignService, open_memory
from agent.settings import Settings
from memory.store import ChromaMemory
from tools.platforms import load_presets
from tools.providers.settings import ProviderSettings
from ui.web.accounts import LOCAL_USER, login_enabled
from ui.web.owners import Owners


class Status(BaseModel):
    """Planner and provider status for the settings panel and the welcome message."""

    planner: str
    providers: list[str]
    login: bool

    def providers_line(self) -> str:
        """'fal, openai configured' or the local-backends note."""
        if not self.providers:
            return "none configured: every model runs on the local draft backends ($0, labelled local)"
        return ", ".join(self.providers) + " configured; other models run locally"


class Workspace:
    """Process-wide resources of the chat app."""

    def __init__(self, settings: Settings, service: CampaignService, parser: IntentParser, stack: AsyncExitStack):
        self.settings = settings
        self.service = service
        self.parser = parser
        self.owners = Owners(settings.database)
        self.platforms = load_presets()
        self._stack = stack
        self._memories: dict[str, ChromaMemory | None] = {}

    @classmethod
    async def open(cls, settings: Settings | None = None) -> Workspace:
        """Open the campaign service and the intent parser."""
        settings = settings or Settings()
        stack = AsyncExitStack()
        service = await stack.enter_async_context(CampaignService.open(settings))
        service.context.get_planner()  # made once, before any per-user copy of the context, and closed with it
        parser = make_intent_parser(LLMSettings())
        stack.push_async_callback(parser.aclose)
        return cls(settings, service, parser, stack)

    async def aclose(self) -> None:
        """Close the service and the parser."""
        await self._stack.aclose()

    @property
    def files(self) -> Path:
        """Where the chat's element files and uploads live."""
        return self.settings.home / "ui"

    def memory(self, user: str) -> ChromaMemory | None:
        """``user``'s memory workspace (the shared default one without login)."""
        if user not in self._memories:
            workspace = None if user == LOCAL_USER else f"user:{user}"
            self._memories[user] = open_memory(self.settings, workspace)
        return self._memories[user]

    def service_for(self, user: str) -> CampaignService:
        """The campaign service remembering into ``user``'s workspace."""
        return self.service.for_workspace(self.memory(user))

    @cached_property
    def status(self) -> Status:
        """What is configured (fixed for the life of the server process)."""
        return Status(
            planner=self.service.context.get_planner().describe(),
            providers=ProviderSettings().configured(),
            login=login_enabled(self.settings.home),
        )

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

from agent.conversation.turns import Conversation
from agent.conversation.views import PLATFORM_LABELS
from agent.service import CampaignService, open_memory
from agent.settings import Settings
from ui.web.accounts import LOCAL_USER, login_enabled
from ui.web.owners import Owners


class Status(BaseModel):
    """Planner and provider status for the settings panel, the welcome message and the footer."""

    planner: str
    providers: list[str]
    login: bool

    def providers_line(self) -> str:
        """'fal, openai configured' or the local-backends note."""
        if not self.providers:
            return "none configured: every model runs on the local draft backends ($0, labelled local)"
        return ", ".join(self.providers) + " configured; other models run locally"

    def footer(self) -> str:
        """The line under the message box: who plans, and what to check (instead of 'LLMs can make mistakes')."""
        if self.planner.startswith("offline"):
            return "Planned by the offline planner (rules and the model catalog, no LLM). Check each card."
        return f"Planned by the {self.planner}. LLMs can make mistakes: check each card."


class Workspace:
    """Process-wide resources of the chat app."""

    def __init__(self, settings: Settings, service: CampaignService, base: Conversation, stack: AsyncExitStack):
        self.settings = settings
        self.service = service
        self.parser = base.parser
        """The intent parser every chat session's conversation shares (one LLM client for the process)."""
        self.owners = Owners(settings.database)
        self.platforms = dict(PLATFORM_LABELS)
        """Platform id → label, for the settings panel."""
        self._stack = stack
        self._services: dict[str, CampaignService] = {}

    @classmethod
    async def open(cls, settings: Settings | None = None) -> Workspace:
        """Open the campaign service and the intent parser (the one the core makes for these settings)."""
        settings = settings or Settings()
        stack = AsyncExitStack()
        service = await stack.enter_async_context(CampaignService.open(settings))
        service.context.get_planner()  # made once, before any per-user copy of the context, and closed with it
        base = await stack.enter_async_context(Conversation.open(service))
        return cls(settings, service, base, stack)

    async def aclose(self) -> None:
        """Close the service and the parser."""
        await self._stack.aclose()

    @property
    def files(self) -> Path:
        """Where the chat's element files and uploads live."""
        return self.settings.home / "ui"

    def service_for(self, user: str) -> CampaignService:
        """The campaign service remembering into ``user``'s memory workspace (the shared one without login)."""
        if user not in self._services:
            workspace = None if user == LOCAL_USER else f"user:{user}"
            self._services[user] = self.service.for_workspace(
                open_memory(self.settings, workspace, llm=self.service.context.llm), workspace
            )
        return self._services[user]

    @cached_property
    def status(self) -> Status:
        """What is configured (fixed for the life of the server process)."""
        return Status(
            planner=self.service.context.get_planner().describe(),
            providers=self.service.providers.backends.routes.providers,
            login=login_enabled(self.settings.home),
        )

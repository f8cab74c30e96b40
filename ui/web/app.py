"""Chainlit entry point (``studio ui`` runs this file): wires chat events to the conversation."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import Any

import chainlit as cl
from chainlit.config import config_translation_dir
from chainlit.data import get_data_layer
from chainlit.input_widget import MultiSelect, NumberInput, Switch, TextInput
from chainlit.types import ThreadDict

from agent.settings import Settings
from ui.web import files_route, replay, wording
from ui.web.accounts import load, login_enabled, users_file, verify
from ui.web.chat import Prefs, WebChat, guarded, post, say, set_prefs, user
from ui.web.history import LocalFiles, data_layer
from ui.web.welcome import unfinished, welcome_card
from ui.web.workspace import Workspace

SETTINGS = Settings()
LOGIN = login_enabled(SETTINGS.home)
FILES = LocalFiles(SETTINGS.home / "ui" / "files")
_workspace: Workspace | None = None
HISTORY_WAIT_S = 10.0


def workspace() -> Workspace:
    """The process-wide workspace (opened on app start-up)."""
    assert _workspace is not None, "the workspace opens on app start-up"
    return _workspace


@cl.on_app_startup
async def open_workspace() -> None:
    """Open the campaign service once per server process."""
    global _workspace
    _workspace = await Workspace.open(SETTINGS)
    await asyncio.to_thread(wording.write, Path(config_translation_dir), _workspace.status.footer())


@cl.on_app_shutdown
async def close_workspace() -> None:
    """Close it on shutdown (checkpoints are already on disk)."""
    if _workspace is not None:
        await _workspace.aclose()


if LOGIN:

    @cl.password_auth_callback
    async def login(username: str, password: str) -> cl.User | None:
        """Check the users file (read on every login, so `studio user add` needs no restart)."""
        if await asyncio.to_thread(verify, load(users_file(SETTINGS.home)), username, password):
            return cl.User(identifier=username, metadata={"provider": "credentials"})
        return None

    @cl.data_layer
    def history() -> Any:
        """Threads and messages in the app database, for the history sidebar."""
        return data_layer(SETTINGS.database, FILES)

    files_route.mount(FILES)


async def settings_panel(ws: Workspace) -> None:
    """Platforms, budget, auto-approve, and what is configured."""
    status = ws.status
    platforms = {label: pid for pid, label in ws.platforms.items()}
    values = await cl.ChatSettings(
        [
            MultiSelect(
                id="platforms",
                label="Platforms",
                items=platforms,
                initial=[],
                description="Used when the brief names none.",
            ),
            NumberInput(
                id="budget_usd",
                label="Budget (USD)",
                initial=None,
                description="Used when the brief names none; 0 means no budget.",
            ),
            Switch(id="auto_approve", label="Auto-approve cheap stages", initial=False),
            NumberInput(
                id="auto_under_usd",
                label="…when the next step costs at most (USD)",
                initial=0.5,
                description="Keyframe picks are never automatic.",
            ),
            TextInput(id="planner", label="Planner", initial=status.planner, disabled=True),
            TextInput(id="providers", label="Providers", initial=status.providers_line(), disabled=True),
        ]
    ).send()
    store_prefs(values)


def store_prefs(values: dict[str, Any]) -> None:
    """Keep the panel's values for this chat."""
    budget = values.get("budget_usd")
    set_prefs(
        Prefs(
            platforms=list(values.get("platforms") or []),
            budget_usd=float(budget) if budget else None,  # the panel shows 0 for "not set"
            auto_approve=bool(values.get("auto_approve")),
            auto_under_usd=float(values.get("auto_under_usd") or 0),
        )
    )


@cl.on_settings_update
async def settings_updated(values: dict[str, Any]) -> None:
    """The marketer changed the settings panel."""
    store_prefs(values)


@cl.on_chat_start
async def chat_start() -> None:
    """Settings panel, what is configured, example briefs, and (without login) campaigns to continue."""
    ws = workspace()
    await settings_panel(ws)
    waiting = []
    if not ws.status.login:  # with accounts, the history sidebar reopens campaigns in their own chats
        ids = [campaign_id for campaign_id, _ in await ws.owners.of(user())]
        waiting = unfinished(await asyncio.to_thread(ws.service_for(user()).campaigns, ids))  # reads manifests
    await post(welcome_card(ws.status, waiting))


@cl.on_chat_resume
async def chat_resume(thread: ThreadDict) -> None:
    """Reopened from the history sidebar: continue the thread's campaign at its checkpoint.

    Chainlit sends the stored history to the browser after this callback returns, and that replaces
    what is on screen; so the checkpoint is re-posted from a task that waits until the history is sent.
    """
    ws = workspace()
    await settings_panel(ws)
    stale = replay.drop_trailing(thread)  # an earlier reopen's copy, nothing done since
    if stale and (layer := get_data_layer()) is not None:
        for step_id in stale:
            await layer.delete_step(step_id)
    campaigns = await ws.owners.in_thread(user(), thread["id"])
    if campaigns:
        task = asyncio.create_task(_continue_after_history(ws, campaigns[-1], _history_sent()))
        _background.add(task)
        task.add_done_callback(_background.discard)


_background: set[asyncio.Task[None]] = set()


def _history_sent() -> asyncio.Event:
    """An event set once this session's emitter has sent the restored thread to the browser."""
    emitter = cl.context.emitter
    send = emitter.resume_thread
    sent = asyncio.Event()

    async def resume_thread(thread: ThreadDict) -> Any:
        try:
            return await send(thread)
        finally:
            sent.set()

    setattr(emitter, "resume_thread", resume_thread)  # noqa: B010 (instance-level: this session only)
    return sent


async def _continue_after_history(ws: Workspace, campaign_id: str, sent: asyncio.Event) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(sent.wait(), HISTORY_WAIT_S)
    with replay.replaying():
        chat = WebChat(ws)
        await guarded(chat.reopen(campaign_id, f"Welcome back — continuing **{await title(chat, campaign_id)}**."))


async def title(chat: WebChat, campaign_id: str) -> str:
    """The campaign's title (its id until a concept names it)."""
    found = await asyncio.to_thread(chat.service.campaigns, [campaign_id])
    return found[0].title if found else campaign_id


@cl.on_message
async def message(msg: cl.Message) -> None:
    """Briefs, answers in your own words, and uploads."""
    files = [(Path(e.path), e.name) for e in msg.elements if e.path is not None]
    await guarded(WebChat(workspace()).on_message(msg.content or "", files))


@cl.action_callback("press")
async def press(action: cl.Action) -> None:
    """A button on a checkpoint or a delivered campaign: the core's press."""
    await guarded(WebChat(workspace()).on_press(action.payload))


@cl.action_callback("starter")
async def starter(action: cl.Action) -> None:
    """An example brief from the welcome."""
    await guarded(WebChat(workspace()).on_starter(str(action.payload.get("brief", ""))))


@cl.action_callback("continue")
async def continue_campaign(action: cl.Action) -> None:
    """Continue a campaign from an earlier chat (no-login mode): its approved history, then its checkpoint."""
    chat = WebChat(workspace())
    campaign_id = str(action.payload.get("campaign_id", ""))
    if not await chat.owned(campaign_id):
        await say("That campaign is not in your workspace.")
        return
    await guarded(chat.reopen(campaign_id, f"Continuing **{await title(chat, campaign_id)}**."))

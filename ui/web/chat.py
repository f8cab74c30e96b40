"""The chat's side of a conversation: Chainlit events in, turns to the conversation core, its messages out.

There is no turn logic here: a message, a button press, an upload or a reopened chat is handed to
:class:`agent.conversation.turns.Conversation` (``turn``, ``history``), and its typed messages are laid
out by :mod:`ui.web.cards`. This module adds only what belongs to the chat: who is signed in, which
campaign a chat works on (and that it is theirs), uploads, progress steps, and updating a keyframe
message in place when a pick is saved.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import chainlit as cl
from chainlit.data import get_data_layer
from chainlit.element import Element
from chainlit.user import PersistedUser
from pydantic import BaseModel, Field, ValidationError

from agent.conversation.errors import explain
from agent.conversation.messages import Message, PickSaved, Shown, StartOptions, Turn, TurnResult
from agent.conversation.turns import AutoApprove, Conversation
from agent.conversation.views import ConceptView, Option, Press
from agent.state import ReferenceImage
from ui.web import cards, replay, swatches
from ui.web.accounts import LOCAL_USER
from ui.web.cards import Card, Media
from ui.web.progress import LiveStep
from ui.web.uploads import UploadRejected, keep
from ui.web.workspace import Workspace

NOT_YOURS = "That campaign is not in your workspace."


class Prefs(BaseModel):
    """The chat settings panel's values."""

    platforms: list[str] = Field(default_factory=list)
    budget_usd: float | None = None
    auto_approve: bool = False
    auto_under_usd: float = 0.5

    def auto(self) -> AutoApprove | None:
        """The core's auto-approve setting for these values."""
        return AutoApprove(under_usd=self.auto_under_usd) if self.auto_approve else None

    def start(self) -> StartOptions:
        """What a new campaign takes from the panel (used when the brief names none)."""
        return StartOptions(platforms=self.platforms or None, budget_usd=self.budget_usd)


def user() -> str:
    """The signed-in user's name, or the local user when login is off."""
    current = cl.user_session.get("user")
    return str(current.identifier) if current is not None else LOCAL_USER


def prefs() -> Prefs:
    """This chat's settings."""
    value = cl.user_session.get("prefs")
    return value if isinstance(value, Prefs) else Prefs()


def set_prefs(value: Prefs) -> None:
    """Keep the panel's values; the next turn builds its conversation with them."""
    cl.user_session.set("prefs", value)
    cl.user_session.set("conversation", None)


async def say(text: str) -> None:
    """A plain assistant message."""
    await cl.Message(content=text, metadata=replay.metadata()).send()


def element(media: Media) -> cl.Image | cl.Video | cl.Audio | cl.File:
    """A Chainlit element for one media item; a video plays in a player shaped like the clip."""
    path = str(media.path)
    if media.kind == "image":
        return cl.Image(path=path, name=media.name, display="inline", size="medium")
    if media.kind == "video":
        return cl.Video(path=path, name=media.name, display="inline", player_config=cards.player_config(media))
    if media.kind == "audio":
        return cl.Audio(path=path, name=media.name, display="inline")
    return cl.File(path=path, name=media.name, display="inline")


def actions(card: Card) -> list[cl.Action]:
    """The card's buttons as Chainlit actions."""
    return [
        cl.Action(name=b.action, payload=b.payload, label=b.label, tooltip=b.tooltip, icon=b.icon)
        for b in card.all_buttons()
    ]


@dataclass
class Posted:
    """A message posted under a key, kept so a saved pick can update it in place."""

    message: cl.Message
    options: list[Option]
    elements: list[Element]


def _posted() -> dict[str, Posted]:
    held = cl.user_session.get("posted")
    if not isinstance(held, dict):
        held = {}
        cl.user_session.set("posted", held)
    return held


async def post(card: Card) -> None:
    """Send a card as a message with its media and buttons, then its parts as their own messages."""
    message = cl.Message(content=card.text, actions=actions(card), metadata=replay.metadata())
    await message.send()
    elements: list[Element] = [element(m) for m in card.media]
    for shown in elements:  # one at a time: Chainlit shows them in the order they arrive (v1 before v2)
        await shown.send(for_id=message.id)
    if card.key is not None:
        _posted()[card.key] = Posted(message=message, options=card.options, elements=elements)
    for part in card.parts:
        await post(part)


async def update(key: str, card: Card) -> None:
    """Rewrite a posted message's text, buttons and image names ('… · picked' marks the pick, see studio.css).

    The images are not uploaded again: an element already sent is only re-announced under its new name.
    """
    held = _posted()[key]
    message = held.message
    await message.remove_actions()
    message.content = card.text
    message.actions = actions(card)
    await message.update()
    for shown, media in zip(held.elements, card.media, strict=False):
        if shown.name != media.name:
            shown.name = media.name
            await shown.send(for_id=message.id)
    held.options = card.options


async def own_thread() -> None:
    """Record the chat thread's user before its first card's files are stored.

    Chainlit files an element under its thread's user; when the thread row is written after the first
    element (a new chat whose first card has an image: the concept's palette strip), that file lands under
    ``unknown/`` and its owner can no longer fetch it after a reload. The upsert is idempotent.
    """
    current = cl.user_session.get("user")
    layer = get_data_layer()
    if layer is not None and isinstance(current, PersistedUser):
        await layer.update_thread(cl.context.session.thread_id, user_id=current.id)


async def name_thread(name: str) -> None:
    """Name the chat after ``name`` (Chainlit names a chat begun by a button after the button's action)."""
    thread_id = cl.context.session.thread_id
    if (layer := get_data_layer()) is not None:
        await layer.update_thread(thread_id, name=name)
    await cl.context.emitter.emit("first_interaction", {"interaction": name, "thread_id": thread_id})


async def guarded(action: Awaitable[None]) -> None:
    """Run a chat action, turning known failures into one clear message each (nothing is lost)."""
    try:
        await action
    except Exception as exc:
        explained = explain(exc)
        if explained is None:
            raise
        if explained.kind == "refused":
            await say(f"**Not done:** {explained.message}")
        else:
            await say(f"**Stopped:** {explained.message} Say “resume”, or reopen this chat later.")


class WebChat:
    """One chat session's events for the signed-in user, handed to the conversation core."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.user = user()
        self.service = ws.service_for(self.user)

    @property
    def conversation(self) -> Conversation:
        """This chat session's conversation (rebuilt when the settings panel changes)."""
        held = cl.user_session.get("conversation")
        if isinstance(held, Conversation):
            return held
        made = Conversation(self.service, self.ws.parser, working=LiveStep, auto=prefs().auto())
        cl.user_session.set("conversation", made)
        return made

    @property
    def campaign_id(self) -> str | None:
        """The campaign this chat is working on."""
        value = cl.user_session.get("campaign_id")
        return value if isinstance(value, str) else None

    async def owned(self, campaign_id: str) -> bool:
        """Whether the campaign is the signed-in user's."""
        return await self.ws.owners.owns(self.user, campaign_id)

    # -- events -----------------------------------------------------------------------------------------

    async def on_message(self, text: str, files: list[tuple[Path, str]]) -> None:
        """A chat turn: uploads are checked and kept; the text goes to the core."""
        references = await self._accept(files)
        turn = Turn(text=text, references=references, start=prefs().start())
        await self.turn(self.campaign_id, turn)

    async def on_press(self, payload: dict[str, Any]) -> None:
        """A button: the core's own press, checked against the signed-in user first."""
        try:
            press = Press.model_validate(payload)
        except ValidationError:
            await say("That button is out of date; use the options on the latest message.")
            return
        await self.turn(press.campaign_id, Turn(press=press))

    async def on_starter(self, brief: str) -> None:
        """An example brief pressed on the welcome: shown as the marketer's message, then started."""
        await cl.Message(content=brief, type="user_message", author=self.user).send()
        try:
            await self.turn(None, Turn(text=brief, start=prefs().start()))
        finally:
            await name_thread(brief)

    async def reopen(self, campaign_id: str, note: str) -> None:
        """A reopened or continued campaign: what was approved, then where it stands (a cut step runs again)."""
        if not await self.owned(campaign_id):
            await say(NOT_YOURS)
            return
        cl.user_session.set("campaign_id", campaign_id)
        await say(note)
        result = await self.conversation.history(campaign_id)
        await self.show(result)
        if result.status not in ("waiting", "delivered", "cancelled"):
            await say("Picking up the step that did not finish.")
            await self.show(await self.conversation.resume(campaign_id))

    # -- turns ------------------------------------------------------------------------------------------

    async def turn(self, campaign_id: str | None, turn: Turn) -> None:
        """Hand a turn on ``campaign_id`` (the user's own) to the core and show what it returns."""
        if campaign_id is not None and not await self.owned(campaign_id):
            await say(NOT_YOURS)
            return
        result = await self.conversation.turn(campaign_id, turn)
        if result.campaign_id is not None and result.campaign_id != campaign_id:  # a campaign this turn started
            await self.ws.owners.claim(result.campaign_id, self.user, cl.context.session.thread_id)
            await own_thread()
            cl.user_session.set("references", [])
        if result.campaign_id is not None:
            cl.user_session.set("campaign_id", result.campaign_id)
        await self.show(result)

    async def show(self, result: TurnResult) -> None:
        """Post a turn's messages in order; a saved pick updates the keyframe messages in place."""
        for message in result.messages:
            if isinstance(message, PickSaved) and message.scene and result.campaign_id:
                updates = cards.pick_updates(result.campaign_id, message, {k: p.options for k, p in _posted().items()})
                for key, changed in updates.items():
                    await update(key, changed)
                continue
            shown = self.card(message)
            if shown is not None:
                await post(shown)

    def card(self, message: Message) -> Card | None:
        """The card for a message; the concept's also shows its palette as colour blocks."""
        shown = cards.card(message)
        if shown is not None and isinstance(message, Shown) and isinstance(message.view.body, ConceptView):
            concept = message.view.body
            path = swatches.strip(concept.swatches, self.ws.files / "swatches")
            if path is not None:
                shown.media.insert(0, Media(kind="image", path=path, name=f"palette: {', '.join(concept.palette)}"))
        return shown

    async def _accept(self, files: list[tuple[Path, str]]) -> list[ReferenceImage]:
        kept: list[ReferenceImage] = list(cl.user_session.get("references") or [])
        folder = self.ws.files / "references" / self.user
        for path, name in files:
            try:
                ref = await asyncio.to_thread(keep, path, name, folder)  # decoding stays off the loop
            except UploadRejected as exc:
                await say(f"**Not done:** {exc}")
                continue
            kept.append(ref)
            await say(f"Kept {name} as a reference ({ref.width}×{ref.height}, palette {' '.join(ref.palette)}).")
        cl.user_session.set("references", kept)
        return kept

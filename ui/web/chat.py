"""The conversation: briefs start campaigns, buttons and free text answer checkpoints.

Waiting at a checkpoint holds nothing open: the checkpoint is a LangGraph interrupt persisted in the
database, the buttons carry the campaign and stage they answer, and any later click or message (in
this session, after a reload, or after a server restart) picks the campaign up from the database.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import chainlit as cl
from pydantic import BaseModel, Field

from agent.briefs import BriefError
from agent.checkpoints import Checkpoint, InvalidDecision
from agent.domain import Decision, DecisionKind, Stage
from agent.intents.decide import ASPECT_PLATFORMS, Reply, to_decision
from agent.intents.schema import Action, ChatContext
from agent.service import CampaignNotFound, CampaignService, Outcome
from agent.state import ReferenceImage
from tools.errors import ToolError
from tools.jobs.lease import CampaignBusy
from tools.jobs.runner import SubmitOutcomeUnknown
from tools.providers.base import ProviderError
from ui.cli.decisions import chat_context
from ui.web import replay
from ui.web.accounts import LOCAL_USER
from ui.web.cards import NEXT_LABEL, Button, Card, Media, Money, checkpoint_card, stage_estimate
from ui.web.progress import LiveStep
from ui.web.uploads import UploadRejected, keep
from ui.web.workspace import Workspace

RUNNING = {
    None: "Planning the concept",
    Stage.CONCEPT: "Breaking it into scenes",
    Stage.STORYBOARD: "Making keyframes",
    Stage.KEYFRAMES: "Animating clips and recording the voiceover",
    Stage.TAKES: "Finishing and exporting per platform",
    Stage.FINAL: "Delivering",
    Stage.DERIVATIVE: "Making the new version",
}
AUTO_STAGES = (Stage.CONCEPT, Stage.STORYBOARD, Stage.TAKES, Stage.FINAL)
VERSION_SHORTCUTS = {"linkedin": "LinkedIn 16:9", "feed_square": "Square 1:1", "tiktok": "TikTok 9:16"}


class Prefs(BaseModel):
    """The chat settings panel's values."""

    platforms: list[str] = Field(default_factory=list)
    budget_usd: float | None = None
    auto_approve: bool = False
    auto_under_usd: float = 0.5


def user() -> str:
    """The signed-in user's name, or the local user when login is off."""
    current = cl.user_session.get("user")
    return str(current.identifier) if current is not None else LOCAL_USER


def prefs() -> Prefs:
    """This chat's settings."""
    value = cl.user_session.get("prefs")
    return value if isinstance(value, Prefs) else Prefs()


async def say(text: str) -> None:
    """A plain assistant message."""
    await cl.Message(content=text, metadata=replay.metadata()).send()


def element(media: Media) -> cl.Image | cl.Video | cl.Audio | cl.File:
    """A Chainlit element for one media item."""
    path = str(media.path)
    if media.kind == "image":
        return cl.Image(path=path, name=media.name, display="inline", size="medium")
    if media.kind == "video":
        return cl.Video(path=path, name=media.name, display="inline")
    if media.kind == "audio":
        return cl.Audio(path=path, name=media.name, display="inline")
    return cl.File(path=path, name=media.name, display="inline")


async def post(card: Card, action: str = "decide") -> None:
    """Send a card as a message with its media and buttons, then its parts as their own messages."""
    actions = [
        cl.Action(name=action, payload=b.payload, label=b.label, tooltip=b.tooltip, icon=b.icon) for b in card.buttons
    ]
    elements = [element(m) for m in card.media]
    await cl.Message(content=card.text, elements=elements, actions=actions, metadata=replay.metadata()).send()
    for part in card.parts:
        await post(part, action)


def money(service: CampaignService, campaign_id: str, stage: Stage | None, budget: float | None, board: Any) -> Money:
    """Spent, reserved and left, from the ledger; the next stage's estimate from the storyboard."""
    lines = service.ledger(campaign_id)
    estimate = stage_estimate(board, stage) if stage else None
    return Money(
        next_label=NEXT_LABEL.get(stage) if stage else None,
        next_estimate_usd=estimate,
        spent_usd=sum(line.charged_usd for line in lines),
        reserved_usd=sum(line.reserved_usd for line in lines),
        budget_usd=budget,
    )


class Conversation:
    """One chat session's handling of briefs, buttons and messages for the signed-in user."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.user = user()
        self.service = ws.service_for(self.user)

    # -- campaigns --------------------------------------------------------------------------------

    @property
    def campaign_id(self) -> str | None:
        """The campaign this chat is working on."""
        value = cl.user_session.get("campaign_id")
        return value if isinstance(value, str) else None

    async def _owned(self, campaign_id: str) -> bool:
        return await self.ws.owners.owns(self.user, campaign_id)

    async def start(self, brief: str, references: list[ReferenceImage]) -> None:
        """Start a campaign from a brief and show its first checkpoint."""
        p = prefs()
        async with LiveStep(RUNNING[None]) as live:
            outcome = await self.service.start(
                brief, platforms=p.platforms or None, budget_usd=p.budget_usd, references=references, on_progress=live
            )
        thread_id = cl.context.session.thread_id
        await self.ws.owners.claim(outcome.campaign_id, self.user, thread_id)
        cl.user_session.set("campaign_id", outcome.campaign_id)
        cl.user_session.set("references", [])
        await say(f"Campaign **{outcome.campaign_id}** started. Planner: {self.ws.status.planner}.")
        await self.show(outcome)

    async def show(self, outcome: Outcome) -> None:
        """Show where a campaign stands; auto-approve cheap stages when the settings say so."""
        while outcome.checkpoint is not None:
            cp = outcome.checkpoint
            state = await self.service.state(cp.campaign_id)
            budget = state.brief.budget_usd if state.brief else state.budget_usd
            figures = money(self.service, cp.campaign_id, cp.stage, budget, state.storyboard)
            await post(checkpoint_card(cp, figures))
            auto = self._auto_approval(cp, figures)
            if auto is None:
                return
            await say(auto)
            outcome = await self._run(cp.stage, cp.campaign_id, Decision(kind=DecisionKind.APPROVE))
        await self._finished(outcome)

    def _auto_approval(self, cp: Checkpoint, figures: Money) -> str | None:
        p = prefs()
        if not p.auto_approve or cp.stage not in AUTO_STAGES or cp.content.get("blocked"):
            return None
        estimate = figures.next_estimate_usd or 0.0
        if estimate > p.auto_under_usd:
            return None
        return f"Auto-approved the {cp.stage.value} (next step ≈ ${estimate:.2f}, under ${p.auto_under_usd:.2f})."

    async def _finished(self, outcome: Outcome) -> None:
        if outcome.status == "cancelled":
            await say("Campaign cancelled. Everything made so far stays on disk. Write a new brief to start again.")
            return
        state = await self.service.state(outcome.campaign_id)
        media: list[Media] = []
        lines = [f"### Delivered · {outcome.campaign_id}", "| platform | file | QA |", "|---|---|---|"]
        for platform, asset in sorted(state.exports.items()):
            lines.append(f"| {platform} | {Path(asset.path).name} | passed |")
            media += [Media(kind="video", path=Path(asset.path), name=f"{platform} final")]
            media += [Media(kind="file", path=Path(asset.path), name=Path(asset.path).name)]
        for d in state.derivatives:
            verdict = "passed" if d.qa_passed else "**failed — not shipped**"
            for asset in d.exports:
                lines.append(f"| {d.platform} ({d.how}) | {Path(asset.path).name} | {verdict} |")
                if d.qa_passed:
                    media += [Media(kind="video", path=Path(asset.path), name=f"{d.platform} version")]
                    media += [Media(kind="file", path=Path(asset.path), name=Path(asset.path).name)]
        bundle = outcome.folder / f"{outcome.campaign_id}.zip"
        if bundle.is_file():
            media.append(Media(kind="file", path=bundle, name=bundle.name))
        spent = money(self.service, outcome.campaign_id, None, state.brief.budget_usd if state.brief else None, None)
        lines += ["", spent.line(), "Ask for another version (“make a LinkedIn version”, “a 7-second square cut”)."]
        buttons = [
            Button(label=f"{label} version", icon="plus", payload={"campaign_id": outcome.campaign_id, "platform": pid})
            for pid, label in VERSION_SHORTCUTS.items()
            if pid not in state.exports and pid not in {d.platform for d in state.derivatives}
        ]
        await post(Card(text="\n".join(lines), media=media, buttons=buttons), action="version")

    async def _run(self, stage: Stage, campaign_id: str, decision: Decision) -> Outcome:
        async with LiveStep(RUNNING[stage]) as live:
            return await self.service.decide(campaign_id, decision, on_progress=live)

    async def decide(self, cp: Checkpoint, decision: Decision) -> None:
        """Answer the pending checkpoint ``cp`` and show what comes next."""
        cl.user_session.set("picks", {})
        cl.user_session.set("awaiting", None)
        await self.show(await self._run(cp.stage, cp.campaign_id, decision))

    async def derive(self, campaign_id: str, platform: str, duration_s: float | None) -> None:
        """Offer another version of a delivered campaign."""
        async with LiveStep("Pricing the new version") as live:
            outcome = await self.service.derive(campaign_id, platform, duration_s, on_progress=live)
        await self.show(outcome)

    async def resume(self, campaign_id: str, *, note: str) -> None:
        """Pick a campaign up where it stopped (re-running a step a crash cut short)."""
        cl.user_session.set("campaign_id", campaign_id)
        await say(note)
        async with LiveStep("Picking up where it stopped") as live:
            outcome = await self.service.resume(campaign_id, on_progress=live)
        await self.show(outcome)

    # -- buttons ------------------------------------------------------------------------------------

    async def on_button(self, payload: dict[str, Any]) -> None:
        """A checkpoint button: checked against the owner and the pending stage, then applied."""
        campaign_id = str(payload.get("campaign_id", ""))
        if not await self._owned(campaign_id):
            await say("That campaign is not in your workspace.")
            return
        cp = (await self.service.status(campaign_id)).checkpoint
        if cp is None or cp.stage.value != payload.get("stage"):
            await say("That checkpoint has already been answered; use the buttons on the latest message.")
            return
        cl.user_session.set("campaign_id", campaign_id)
        kind = DecisionKind(payload["kind"])
        if kind is DecisionKind.PICK:
            await self._pick(cp, int(payload["scene"]), str(payload["asset_id"]), int(payload["variation"]))
        elif kind is DecisionKind.REDIRECT:
            cl.user_session.set("awaiting", "redirect")
            where = "the concept" if cp.stage is Stage.CONCEPT else "a scene (“scene 2 darker”) or the concept"
            await say(f"What should change? Write it in your next message; name {where}.")
        else:
            scene = payload.get("scene")
            decision = Decision(kind=kind, scene=scene, strategy=payload.get("strategy"))
            await self.decide(cp, decision)

    async def _pick(self, cp: Checkpoint, scene: int, asset_id: str, variation: int) -> None:
        await self._add_picks(cp, {scene: asset_id}, f"Picked scene {scene} · v{variation}.")

    async def _add_picks(self, cp: Checkpoint, new: dict[int, str], said: str) -> None:
        """Collect picks across clicks and messages; send them once every scene has one."""
        picks: dict[int, str] = dict(cl.user_session.get("picks") or {}) | new
        cl.user_session.set("picks", picks)
        missing = [int(s) for s in cp.content["keyframes"] if int(s) not in picks]
        if missing:
            await say(f"{said} Still to pick: scene {', '.join(map(str, missing))}.")
            return
        await say("Picked " + ", ".join(f"scene {s} → {a}" for s, a in sorted(picks.items())) + ".")
        await self.decide(cp, Decision(kind=DecisionKind.PICK, picks=picks))

    async def on_version(self, payload: dict[str, Any]) -> None:
        """A 'another version' shortcut under a delivered campaign."""
        campaign_id = str(payload.get("campaign_id", ""))
        if not await self._owned(campaign_id):
            await say("That campaign is not in your workspace.")
            return
        await self.derive(campaign_id, str(payload["platform"]), None)

    # -- messages -----------------------------------------------------------------------------------

    async def on_message(self, text: str, files: list[tuple[Path, str]]) -> None:
        """A chat turn: uploads are checked and kept; text starts a campaign or answers the checkpoint."""
        references = await self._accept(files)
        text = text.strip()
        campaign_id = self.campaign_id
        outcome = await self.service.status(campaign_id) if campaign_id else None
        if outcome is None or outcome.status == "cancelled":
            await self._brief(text, references)
        elif outcome.checkpoint is not None:
            await self._at_checkpoint(outcome.checkpoint, text)
        elif outcome.status == "delivered":
            await self._after_delivery(outcome, text, references)
        else:  # a step was cut short (crash, provider error): run it again
            await self.resume(outcome.campaign_id, note="Picking up the step that did not finish.")

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

    async def _brief(self, text: str, references: list[ReferenceImage]) -> None:
        if not text:
            if references:
                await say("Now describe the campaign: product, platforms, length, tone and budget.")
            return
        await self.start(text, references)

    async def _at_checkpoint(self, cp: Checkpoint, text: str) -> None:
        if not text:
            return
        if cl.user_session.get("awaiting") == "redirect":
            intent = await self.ws.parser.parse(text, chat_context(cp))
            target: dict[str, Any] = {"feedback": text}
            if cp.stage is Stage.CONCEPT or (intent.target is not None and intent.target.value == "concept"):
                target["target"] = Stage.CONCEPT
            elif intent.scene is not None:
                target["scene"] = intent.scene
            await self.decide(cp, Decision(kind=DecisionKind.REDIRECT, **target))
            return
        intent = await self.ws.parser.parse(text, chat_context(cp))
        if intent.action is Action.NEW_BRIEF:
            await say("That reads like a new brief. Finish or cancel this campaign first, or start a New Chat.")
            return
        answer = to_decision(intent, cp)
        if isinstance(answer, Decision) and answer.kind is DecisionKind.PICK:
            await self._add_picks(cp, answer.picks, "Noted.")
        elif isinstance(answer, Decision):
            await self.decide(cp, answer)
        else:
            await self._reply(answer, cp)

    async def _reply(self, reply: Reply, cp: Checkpoint | None) -> None:
        if reply.derive_platform and cp is not None and cp.stage is Stage.FINAL:
            await say(reply.text)
            await self.decide(cp, Decision(kind=DecisionKind.APPROVE))
            await self.derive(cp.campaign_id, reply.derive_platform, reply.derive_duration_s)
        elif reply.derive_platform:
            await say("Other versions come after the final files are approved; ask again at that point.")
        elif reply.memory_query is not None:
            await self._recall(reply.memory_query)
        else:
            await say(reply.text)

    async def _after_delivery(self, outcome: Outcome, text: str, references: list[ReferenceImage]) -> None:
        if not text:
            return
        intent = await self.ws.parser.parse(text, ChatContext(stage=None))
        if intent.action is Action.DERIVATIVE:
            platform = intent.platform or ASPECT_PLATFORMS.get(intent.aspect_ratio or "")
            if platform is None:
                platform = next(iter(outcome.exports), "tiktok") if intent.duration_s else None
            if platform is None:
                await say("Which platform or format should the new version be for?")
                return
            await self.derive(outcome.campaign_id, platform, intent.duration_s)
        elif intent.action is Action.MEMORY:
            await self._recall(intent.feedback)
        elif intent.action is Action.NEW_BRIEF:
            await self.start(text, references)
        else:
            await say(
                f"{outcome.campaign_id} is {outcome.status}. Ask for another version, ask the memory, "
                "or write a new brief to start another campaign."
            )

    async def _recall(self, query: str) -> None:
        memory = self.service.context.memory
        found = await asyncio.to_thread(memory.search, query, k=5) if memory is not None and query else []
        if not found:
            await say("Nothing remembered yet for that in your workspace.")
            return
        lines = [
            "### What worked before",
            "| match | model | seed | approved | rejected | scene |",
            "|---|---|---|---|---|---|",
        ]
        media: list[Media] = []
        for r in found:
            rec = r.record
            lines.append(
                f"| {r.similarity:.2f} | {rec.model_id} | {rec.seed} | {rec.approvals} | {rec.rejections} "
                f"| {rec.description[:60]} |"
            )
            if rec.thumbnail and Path(rec.thumbnail).is_file():
                media.append(Media(kind="image", path=Path(rec.thumbnail), name=f"{rec.model_id} seed {rec.seed}"))
        await post(Card(text="\n".join(lines), media=media))


async def guarded(action: Any) -> None:
    """Run a chat action, turning known failures into one clear message each (nothing is lost)."""
    try:
        await action
    except (BriefError, InvalidDecision, CampaignNotFound, CampaignBusy) as exc:
        await say(f"**Not done:** {exc}")
    except (ToolError, ProviderError, SubmitOutcomeUnknown) as exc:
        await say(
            f"**Stopped:** {exc}. The campaign is saved at its last checkpoint; fix the cause and say “resume”, "
            "or reopen this chat later."
        )

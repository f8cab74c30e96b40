"""The conversation core: given a campaign and a turn, decide what happens and what to show.

Every front end (the terminal, the chat workspace, a future API) hands its turns here and renders the
messages it gets back; none of them holds turn logic of its own. A turn is read against the pending
checkpoint: an option pressed, or free text through the intent parser. Navigation is never feedback,
questions change nothing, a version request at the final asks before it approves anything, and picks,
a pending redirect and an open question are saved as they happen (:mod:`agent.conversation.drafts`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from agent.briefs import BriefQuestion
from agent.checkpoints import ORDER, Checkpoint
from agent.conversation import answers, copy, voices
from agent.conversation.asked import SHORT, Asked
from agent.conversation.cards import NEXT_LABEL, checkpoint_view, keyframes_view, platform_file, stage_estimate
from agent.conversation.drafts import Confirmation, Draft, Drafts
from agent.conversation.errors import REFUSED
from agent.conversation.messages import (
    Delivered,
    PickSaved,
    Recalled,
    Said,
    Shown,
    StartOptions,
    Turn,
    TurnResult,
)
from agent.conversation.views import (
    CheckpointView,
    DeliveredView,
    Money,
    Option,
    Press,
    platform_label,
)
from agent.domain import Decision, DecisionKind, Stage
from agent.intents.decide import ASPECT_PLATFORMS, Reply, to_decision
from agent.intents.parser import IntentParser, make_intent_parser
from agent.intents.schema import Action, ChatContext, Destination, Intent
from agent.progress import ProgressHandler
from agent.service import CampaignService, Outcome
from agent.state import CampaignState
from tools.delivery.preview import take_preview

Working = Callable[[str], AbstractAsyncContextManager[ProgressHandler | None]]
"""A front end's way to show long work: ``async with working("Making keyframes") as on_progress: …``."""

RUNNING = {
    None: "Reading the brief and planning the concept",
    Stage.CONCEPT: "Breaking it into scenes",
    Stage.STORYBOARD: "Making keyframes",
    Stage.KEYFRAMES: "Animating clips and recording the voiceover",
    Stage.TAKES: "Finishing and exporting per platform",
    Stage.FINAL: "Delivering",
    Stage.DERIVATIVE: "Making the new version",
}
AUTO_STAGES = (Stage.CONCEPT, Stage.STORYBOARD, Stage.TAKES, Stage.FINAL)
VERSION_SHORTCUTS = ("linkedin", "feed_square", "tiktok")
BRAND_ONLY_WORDS = 9
"""A turn this short that names a brand only selects it ('use the Acme brand')."""
GATED = (Stage.CONCEPT, Stage.STORYBOARD, Stage.KEYFRAMES, Stage.TAKES)
"""Checkpoints one can go back to."""


class AutoApprove(BaseModel):
    """Approve without asking: ``every`` checkpoint (first variation of each scene), or cheap ones only."""

    every: bool = False
    under_usd: float | None = None
    """Approve the concept, storyboard, takes and final when the next step costs at most this much."""


@asynccontextmanager
async def quietly(label: str) -> AsyncIterator[ProgressHandler | None]:
    """Work with no progress display."""
    yield None


class Conversation:
    """One marketer's conversation with the studio, over one campaign service."""

    def __init__(
        self,
        service: CampaignService,
        parser: IntentParser,
        *,
        working: Working = quietly,
        auto: AutoApprove | None = None,
    ) -> None:
        self.service = service
        self.parser = parser
        self.working = working
        self.auto = auto or AutoApprove()
        self.drafts = Drafts(service.settings.home)
        self.asked: Asked | None = None
        self.brand: str | None = None
        """A brand asked for before the brief ('use the Acme brand'): the next campaign uses its kit."""
        """The brief waiting on the marketer's answer about its length or budget (kept for this chat only)."""

    @classmethod
    @asynccontextmanager
    async def open(
        cls, service: CampaignService, *, working: Working = quietly, auto: AutoApprove | None = None
    ) -> AsyncIterator[Conversation]:
        """A conversation over ``service`` with the intent parser its settings ask for (closed on exit)."""
        parser = make_intent_parser(service.context.llm, [m.id for m in service.context.catalog.models])
        try:
            yield cls(service, parser, working=working, auto=auto)
        finally:
            await parser.aclose()

    # -- entry points ---------------------------------------------------------------------------

    async def turn(self, campaign_id: str | None, turn: Turn) -> TurnResult:
        """Handle one turn on ``campaign_id`` (None: no campaign yet, so text is a brief).

        A turn that cannot be applied (a decision that does not fit, a busy campaign, a bad brief) changes
        nothing and comes back as one "Not done" message; work that stopped (a provider failure) raises, so
        the front end can say the campaign is saved at its last checkpoint.
        """
        outcome: Outcome | None = None
        try:
            outcome = await self.service.status(campaign_id) if campaign_id else None
            if outcome is None or outcome.status == "cancelled":
                return await self._without_campaign(turn)
            if outcome.checkpoint is not None:
                return await self._at_checkpoint(outcome, outcome.checkpoint, turn)
            if outcome.status == "delivered":
                return await self._after_delivery(outcome, turn)
            return await self.resume(outcome.campaign_id)
        except REFUSED as exc:
            result = TurnResult(campaign_id=campaign_id, status=outcome.status if outcome else None)
            result.said(f"Not done: {exc}", "refused")
            return result

    async def start(self, brief: str, options: StartOptions | None = None, turn: Turn | None = None) -> TurnResult:
        """Start a campaign from a brief and show its first checkpoint."""
        options = options or StartOptions()
        references = turn.references if turn else []
        self.asked = None
        question: BriefQuestion | None = None
        async with self.working(RUNNING[None]) as on_progress:
            try:
                outcome = await self.service.start(
                    brief,
                    platforms=options.platforms,
                    duration_s=options.duration_s,
                    budget_usd=options.budget_usd,
                    brand=options.brand,
                    references=references,
                    on_progress=on_progress,
                )
            except BriefQuestion as asked:  # not a failure: the step ends, the question is asked
                question = asked
        if question is not None:
            self.asked = Asked(brief=brief, options=options, field=question.field, references=references)
            asking = TurnResult()
            asking.said(str(question), "question")
            return asking
        result = TurnResult(campaign_id=outcome.campaign_id)
        result.said(f"Campaign {outcome.campaign_id} started. Planner: {self.planner()}.", "done")
        return await self._present(outcome, result)

    async def resume(self, campaign_id: str) -> TurnResult:
        """Pick a campaign up where it stopped (re-running a step a crash cut short) and show it."""
        async with self.working("Picking up where it stopped") as on_progress:
            outcome = await self.service.resume(campaign_id, on_progress)
        return await self._present(outcome, TurnResult(campaign_id=campaign_id))

    async def show(self, campaign_id: str) -> TurnResult:
        """Where a campaign stands, shown again without running anything."""
        outcome = await self.service.status(campaign_id)
        return await self._present(outcome, TurnResult(campaign_id=campaign_id), auto=False)

    async def history(self, campaign_id: str) -> TurnResult:
        """What was approved so far (concept, storyboard, picks), then where it stands: for a reopened chat."""
        state = await self.service.state(campaign_id)
        result = TurnResult(campaign_id=campaign_id)
        approved = {d.stage for d in state.decisions if d.decision.kind in (DecisionKind.APPROVE, DecisionKind.PICK)}
        if state.concept is not None and Stage.CONCEPT in approved:
            result.said(f"Approved concept: {state.concept.title} — {state.concept.logline}", "done")
        if state.storyboard is not None and Stage.STORYBOARD in approved:
            scenes = "; ".join(f"{s.index}. {s.description}" for s in state.storyboard.scenes)
            result.said(f"Approved storyboard ({state.storyboard.duration_s:g} s): {scenes}", "done")
        if state.picks and Stage.KEYFRAMES in approved:
            result.messages.append(PickSaved(scene=0, variation=0, keyframes=keyframes_view(state, dict(state.picks))))
        shown = await self.show(campaign_id)
        result.status = shown.status
        result.messages += shown.messages
        return result

    def planner(self) -> str:
        """Which planner is active, in words."""
        return self.service.context.get_planner().describe()

    # -- no campaign yet ------------------------------------------------------------------------

    async def _without_campaign(self, turn: Turn) -> TurnResult:
        text = turn.text.strip()
        if self.asked is not None:
            answered = self.asked.answered(text)
            if answered is not None:
                asked = self.asked
                return await self.start(asked.brief, answered, turn.model_copy(update={"references": asked.references}))
            if len(text.split()) < SHORT:
                reminding = TurnResult()
                reminding.said(self.asked.reminder(), "question")
                return reminding
        if not text:
            result = TurnResult()
            if turn.references:
                result.said("Now describe the campaign: product, platforms, length, tone and budget.", "question")
            return result
        intent = await self.parser.parse(text, ChatContext(stage=None))
        if intent.action is Action.HELP:
            result = TurnResult()
            result.said(
                "Describe a campaign to start: the product, the platforms, the length, the tone and a budget, "
                "e.g. “15 s TikTok for our oat-milk latte, cosy autumn mood, budget $20”."
            )
            return result
        brand = turn.start.brand or intent.brand or self.brand
        if intent.brand and intent.action is not Action.NEW_BRIEF and len(text.split()) < BRAND_ONLY_WORDS:
            self.brand = intent.brand
            return self._brand_chosen(intent.brand)
        return await self.start(text, turn.start.model_copy(update={"brand": brand}), turn)

    def _brand_chosen(self, name: str) -> TurnResult:
        result = TurnResult()
        kit = self.service.brands.find(name)
        if kit is None:
            result.said(
                f"There is no brand kit called {name} in your workspace (add one with studio brand add). "
                f"The campaign you describe next is filed under {name} in memory."
            )
        else:
            result.said(
                f"Brand kit {kit.name} selected: its colours, font, logo end card, tone and banned words apply to "
                "the campaign you describe next."
            )
        return result

    # -- at a checkpoint ------------------------------------------------------------------------

    async def _at_checkpoint(self, outcome: Outcome, cp: Checkpoint, turn: Turn) -> TurnResult:
        draft = self.drafts.load(cp.campaign_id, cp.stage)
        if turn.press is not None:
            return await self._pressed(cp, draft, turn.press)
        text = turn.text.strip()
        if not text:
            return TurnResult(campaign_id=cp.campaign_id, status=outcome.status)
        intent = await self.parser.parse(text, self._context(cp))
        if draft.confirm is not None:
            confirmed = await self._answer_confirmation(cp, draft, intent)
            if confirmed is not None:
                return confirmed
        if intent.brand and intent.action in (Action.REDIRECT, Action.CLARIFY):
            result = TurnResult(campaign_id=cp.campaign_id, status=outcome.status)
            result.said(
                f"A brand kit applies from the start of a campaign: start a new chat with the brief and "
                f"'use the {intent.brand} brand'. Nothing changed here."
            )
            return result
        if draft.awaiting == "redirect" and intent.action not in FREE_ACTIONS:
            return await self._redirect_with(cp, intent, text)
        return await self._intent(cp, draft, intent)

    def _context(self, cp: Checkpoint) -> ChatContext:
        board = cp.content.get("storyboard") or {}
        keyframes = cp.content.get("keyframes", {})
        scenes = len(board.get("scenes", [])) or len(keyframes) or len(cp.content.get("clips", {}))
        variations = max((len(v) for v in keyframes.values()), default=0)
        texts = [f"{s.get('description', '')} {s.get('shot_type', '')}" for s in board.get("scenes", [])]
        return ChatContext(stage=cp.stage, scenes=scenes, variations=variations, scene_texts=texts)

    async def _pressed(self, cp: Checkpoint, draft: Draft, press: Press) -> TurnResult:
        result = TurnResult(campaign_id=cp.campaign_id, status="waiting")
        if press.campaign_id != cp.campaign_id or press.stage is not cp.stage:
            result.said("That checkpoint has already been answered; use the options on the latest card.", "refused")
            return result
        if press.kind == DecisionKind.PICK:
            assert press.scene is not None and press.asset_id is not None
            return await self._add_picks(cp, draft, {press.scene: press.asset_id}, press.variation)
        if press.kind == DecisionKind.REDIRECT:
            draft.awaiting = "redirect"
            self.drafts.save(cp.campaign_id, draft)
            where = "the concept" if cp.stage is Stage.CONCEPT else "a scene (“scene 2 darker”) or the concept"
            result.said(f"What should change? Write it in your next message; name {where}.", "question")
            return result
        return await self.decide(
            cp, Decision(kind=DecisionKind(press.kind), scene=press.scene, strategy=press.strategy)
        )

    async def _add_picks(self, cp: Checkpoint, draft: Draft, new: dict[int, str], variation: int | None) -> TurnResult:
        """Save picks as they come; send them once every scene has one."""
        draft.picks |= new
        self.drafts.save(cp.campaign_id, draft)
        state = await self.service.state(cp.campaign_id)
        view = keyframes_view(state, draft.picks)
        if view.unpicked:
            result = TurnResult(campaign_id=cp.campaign_id, status="waiting")
            scene = next(reversed(new))
            number = variation or next((g.picked for g in view.groups if g.scene == scene), None) or 0
            result.messages.append(PickSaved(scene=scene, variation=number, keyframes=view))
            result.said(f"Saved. Still to pick: scene {', '.join(map(str, view.unpicked))}.")
            return result
        picked = ", ".join(f"scene {g.scene} → v{g.picked}" for g in view.groups)
        result = await self.decide(cp, Decision(kind=DecisionKind.PICK, picks=draft.picks))
        result.messages.insert(0, Said(text=f"Picked {picked}.", tone="done"))
        return result

    async def _redirect_with(self, cp: Checkpoint, intent: Intent, text: str) -> TurnResult:
        """The wording a pressed Redirect… waited for."""
        decision: dict[str, Any] = {"feedback": intent.feedback or text}
        if cp.stage is Stage.CONCEPT or (intent.target is not None and intent.target.value == "concept"):
            decision["target"] = Stage.CONCEPT
        elif intent.scene is not None:
            decision["scene"] = intent.scene
        return await self.decide(cp, Decision(kind=DecisionKind.REDIRECT, **decision))

    async def _intent(self, cp: Checkpoint, draft: Draft, intent: Intent) -> TurnResult:
        result = TurnResult(campaign_id=cp.campaign_id, status="waiting")
        action = intent.action
        if action is Action.NAVIGATE:
            return await self._navigate(cp, draft, intent.destination)
        if action in (Action.QUESTION, Action.HELP):
            state = await self.service.state(cp.campaign_id)
            view = self._view(cp, state, draft)
            if action is Action.HELP:
                result.said(answers.help_text(view))
            else:
                assert intent.topic is not None
                result.said(answers.answer(intent.topic, state, view.money, self.catalog, scene=intent.scene))
            return result
        if action is Action.COPY:
            return await self._copy(cp.campaign_id, intent, result)
        if action is Action.DECLINE:
            result.said(f"OK, nothing changed. {cp.question}")
            return result
        if action is Action.NEW_BRIEF:
            result.said("That reads like a new brief. Finish or cancel this campaign first, or start a new chat.")
            return result
        if action is Action.MEMORY:
            return await self._recall(intent.feedback, result)
        if action in (Action.DERIVATIVE, Action.VOICEOVER):
            return await self._offer(cp, draft, intent, result)
        answer = to_decision(intent, cp)
        if isinstance(answer, Reply):
            if answer.memory_query is not None:
                return await self._recall(answer.memory_query, result)
            result.said(answer.text, "question" if answer.text.endswith("?") else "info")
            return result
        if answer.kind is DecisionKind.PICK:
            return await self._add_picks(cp, draft, answer.picks, None)
        return await self.decide(cp, answer)

    async def _offer(self, cp: Checkpoint, draft: Draft, intent: Intent, result: TurnResult) -> TurnResult:
        """Something to offer and confirm before it is done: another version, or a voice to hear first."""
        if intent.action is Action.VOICEOVER:
            return await voices.offer(self, cp, draft, intent)
        return self._version_request(cp, draft, intent, result)

    def _version_request(self, cp: Checkpoint, draft: Draft, intent: Intent, result: TurnResult) -> TurnResult:
        """A version asked for before delivery: at the final, ask before approving anything."""
        platform = intent.platform or ASPECT_PLATFORMS.get(intent.aspect_ratio or "")
        if cp.stage is not Stage.FINAL:
            result.said("Other versions come after the final files are approved; ask again at that point.")
            return result
        if platform is None and intent.duration_s is None:
            result.said("Which platform or format should the new version be for?", "question")
            return result
        platform = platform or next(iter(cp.content.get("exports", {})), "tiktok")
        length = f"{intent.duration_s:g}-second " if intent.duration_s else ""
        question = f"Approve these final files and make the {length}{platform_label(platform)} version?"
        draft.confirm = Confirmation(
            action="approve_then_derive", question=question, platform=platform, duration_s=intent.duration_s
        )
        self.drafts.save(cp.campaign_id, draft)
        result.said(question + " (yes / no)", "question")
        return result

    async def _answer_confirmation(self, cp: Checkpoint, draft: Draft, intent: Intent) -> TurnResult | None:
        """A yes carries out what was asked; a no drops it; anything else drops it and is read as itself."""
        confirm = draft.confirm
        assert confirm is not None
        draft.confirm = None
        self.drafts.save(cp.campaign_id, draft)
        if intent.action is Action.DECLINE or intent.action is Action.CANCEL:
            result = TurnResult(campaign_id=cp.campaign_id, status="waiting")
            result.said(f"OK, nothing approved. {cp.question}")
            return result
        if confirm.action == "voice":
            return await voices.confirmed(self, cp, confirm, intent)
        if intent.action is not Action.APPROVE:
            return None
        if confirm.action == "start_over":
            return await self.decide(cp, Decision(kind=DecisionKind.BACK, target=Stage.CONCEPT, restart=True))
        assert confirm.platform is not None
        approved = await self.decide(cp, Decision(kind=DecisionKind.APPROVE))
        if approved.status != "delivered":
            return approved
        version = await self.derive(cp.campaign_id, confirm.platform, confirm.duration_s)
        approved.messages += version.messages
        approved.status = version.status
        return approved

    async def _navigate(self, cp: Checkpoint, draft: Draft, destination: Destination | None) -> TurnResult:
        result = TurnResult(campaign_id=cp.campaign_id, status="waiting")
        state = await self.service.state(cp.campaign_id)
        if destination is Destination.START:
            question = "Start over with a fresh concept from the brief? Everything made so far stays in the history."
            draft.confirm = Confirmation(action="start_over", question=question)
            self.drafts.save(cp.campaign_id, draft)
            result.said(question + " (yes / no)", "question")
            return result
        target = self._destination(cp.stage, state, destination)
        if not isinstance(target, Stage):  # a Stage is a str too: test for it first
            result.said(target)
            return result
        navigated = await self.decide(cp, Decision(kind=DecisionKind.BACK, target=target))
        navigated.messages.insert(0, Said(text=kept_summary(state, target)))
        return navigated

    @staticmethod
    def _destination(stage: Stage, state: CampaignState, destination: Destination | None) -> Stage | str:
        """The checkpoint to go back to, or why there is none."""
        if stage is Stage.DERIVATIVE:
            return "This is a version offer: choose a way to make it, or cancel it to keep the delivered files."
        if destination in (None, Destination.PREVIOUS):
            if stage is Stage.CONCEPT:
                if state.previous_concept is not None and state.storyboard is None:
                    return Stage.CONCEPT
                return "Nothing to undo: this is the first concept. Redirect it, or approve it."
            return GATED[ORDER.index(stage) - 1]
        target = Stage(destination.value)
        if ORDER.index(target) >= ORDER.index(stage):
            return f"We're at the {stage.value} checkpoint; going back reaches only earlier ones ({_earlier(stage)})."
        return target

    # -- after delivery -------------------------------------------------------------------------

    async def _after_delivery(self, outcome: Outcome, turn: Turn) -> TurnResult:
        result = TurnResult(campaign_id=outcome.campaign_id, status=outcome.status)
        press = turn.press
        if press is not None and press.kind == "version" and press.platform:
            return await self.derive(outcome.campaign_id, press.platform, None)
        text = turn.text.strip()
        if not text:
            return result
        intent = await self.parser.parse(text, ChatContext(stage=None))
        if intent.action is Action.DERIVATIVE:
            platform = intent.platform or ASPECT_PLATFORMS.get(intent.aspect_ratio or "")
            if platform is None and intent.duration_s:
                platform = next(iter(outcome.exports), "tiktok")
            if platform is None:
                result.said("Which platform or format should the new version be for?", "question")
                return result
            return await self.derive(outcome.campaign_id, platform, intent.duration_s)
        if intent.action is Action.COPY:
            return await self._copy(outcome.campaign_id, intent, result)
        if intent.action is Action.MEMORY:
            return await self._recall(intent.feedback, result)
        if intent.action is Action.QUESTION and intent.topic is not None:
            state = await self.service.state(outcome.campaign_id)
            money = self.money(outcome.campaign_id, None, state)
            result.said(answers.answer(intent.topic, state, money, self.catalog, scene=intent.scene))
            return result
        if intent.action is Action.NEW_BRIEF:
            return await self.start(text, turn.start, turn)
        result.said(
            f"{outcome.campaign_id} is delivered. Ask for another version (“make a LinkedIn version”), post copy "
            "(“write 3 TikTok captions”), ask the memory, or write a new brief to start another campaign."
        )
        return result

    async def derive(self, campaign_id: str, platform: str, duration_s: float | None) -> TurnResult:
        """Offer another version of a delivered campaign, priced."""
        async with self.working("Pricing the new version") as on_progress:
            outcome = await self.service.derive(campaign_id, platform, duration_s, on_progress=on_progress)
        return await self._present(outcome, TurnResult(campaign_id=campaign_id))

    # -- doing and showing ----------------------------------------------------------------------

    async def decide(self, cp: Checkpoint, decision: Decision) -> TurnResult:
        """Answer the pending checkpoint and show what comes next.

        Approving the keyframes sends the picks saved so far, with the first variation for any scene left.
        """
        draft = self.drafts.load(cp.campaign_id, cp.stage)
        if decision.kind is DecisionKind.APPROVE and cp.stage is Stage.KEYFRAMES and draft.picks:
            state = await self.service.state(cp.campaign_id)
            picks = {scene: variations[0].id for scene, variations in state.keyframes.items()} | draft.picks
            decision = Decision(kind=DecisionKind.PICK, picks=picks)
        self.drafts.clear(cp.campaign_id, cp.stage)
        label = (
            f"Going back to the {decision.target.value}"
            if decision.kind is DecisionKind.BACK and decision.target
            else RUNNING[cp.stage]
        )
        async with self.working(label) as on_progress:
            outcome = await self.service.decide(cp.campaign_id, decision, on_progress=on_progress)
        result = TurnResult(campaign_id=cp.campaign_id)
        if decision.model is not None and decision.scene is not None:
            result.said(await self._model_switched(cp.campaign_id, decision.scene, decision.model), "done")
        return await self._present(outcome, result)

    async def _model_switched(self, campaign_id: str, scene: int, model_id: str) -> str:
        state = await self.service.state(campaign_id)
        spec = self.catalog.get(model_id)
        assert state.storyboard is not None
        choice = next(
            (c for c in state.storyboard.scene(scene).models if model_id in (c.model_id, c.preferred_model_id)), None
        )
        local = choice is not None and choice.model_id.startswith("local/")
        where = " — as a local draft ($0) until a key for its provider is set" if local else ""
        return f"Scene {scene} now uses {spec.name}{where}."

    async def _present(self, outcome: Outcome, result: TurnResult, *, auto: bool = True) -> TurnResult:
        """Show where the campaign stands; approve on its own where the auto-approve settings say so."""
        while outcome.checkpoint is not None:
            cp = outcome.checkpoint
            state = await self.service.state(cp.campaign_id)
            previews = await self._previews(state) if cp.stage is Stage.TAKES else {}
            view = self._view(cp, state, self.drafts.load(cp.campaign_id, cp.stage), previews)
            result.messages.append(Shown(view=view))
            reason = self._auto_reason(cp, view) if auto else None
            if reason is None:
                result.status = "waiting"
                result.campaign_id = cp.campaign_id
                return result
            result.said(reason, "done")
            async with self.working(RUNNING[cp.stage]) as on_progress:
                outcome = await self.service.decide(cp.campaign_id, Decision(kind=DecisionKind.APPROVE), on_progress)
        result.status = outcome.status
        result.campaign_id = outcome.campaign_id
        if outcome.status == "cancelled":
            result.said("Campaign cancelled. Everything made so far stays on disk. Write a new brief to start again.")
        elif outcome.status == "delivered":
            result.messages.append(Delivered(view=await self.delivered(outcome.campaign_id)))
        return result

    def _auto_reason(self, cp: Checkpoint, view: CheckpointView) -> str | None:
        if cp.content.get("blocked"):
            return None
        if self.auto.every and cp.stage is not Stage.DERIVATIVE:
            return f"Auto-approved the {cp.stage.value}."
        limit = self.auto.under_usd
        if limit is None or cp.stage not in AUTO_STAGES:
            return None
        estimate = view.money.next_estimate_usd or 0.0
        if estimate > limit:
            return None
        return f"Auto-approved the {cp.stage.value} (next step ≈ ${estimate:.2f}, under ${limit:.2f})."

    def _view(
        self, cp: Checkpoint, state: CampaignState, draft: Draft, previews: dict[int, Path] | None = None
    ) -> CheckpointView:
        money = self.money(cp.campaign_id, cp.stage, state)
        return checkpoint_view(cp, state, self.catalog, money, picks=draft.picks, previews=previews)

    async def _previews(self, state: CampaignState) -> dict[int, Path]:
        """Each take's clip with its voiceover muxed in (made once per clip and voice)."""
        folder = self.service.settings.campaign_dir(state.campaign_id) / "previews"
        made: dict[int, Path] = {}
        for scene, clip in sorted(state.clips.items()):
            voice = state.voiceovers.get(scene)
            name = f"s{scene}-{Path(clip.path).stem}-{Path(voice.path).stem if voice else 'silent'}.mp4"
            voice_path = Path(voice.path) if voice else None
            made[scene] = await take_preview(Path(clip.path), voice_path, folder / name)
        return made

    @property
    def catalog(self) -> Any:
        """The model catalog the campaign plans from."""
        return self.service.context.catalog

    def money(self, campaign_id: str, stage: Stage | None, state: CampaignState) -> Money:
        """Spent, reserved and left from the ledger; the next step's estimate from the storyboard."""
        lines = self.service.ledger(campaign_id)
        budget = state.brief.budget_usd if state.brief else state.budget_usd
        return Money(
            next_label=NEXT_LABEL.get(stage) if stage else None,
            next_estimate_usd=stage_estimate(state.storyboard, stage) if stage else None,
            plan_estimate_usd=state.storyboard.estimated_cost_usd if state.storyboard else None,
            spent_usd=sum(line.charged_usd for line in lines),
            reserved_usd=sum(line.reserved_usd for line in lines),
            budget_usd=budget,
        )

    async def delivered(self, campaign_id: str) -> DeliveredView:
        """A delivered campaign's files, versions, report and bundle, and the version shortcuts."""
        state = await self.service.state(campaign_id)
        folder = self.service.settings.campaign_dir(campaign_id)
        files = [platform_file(p, a) for p, a in sorted(state.exports.items())]
        for d in state.derivatives:
            files += [platform_file(d.platform, a, qa_passed=d.qa_passed, how=d.how) for a in d.exports]
        have = {f.platform for f in files}
        report, bundle = folder / "report.html", folder / f"{campaign_id}.zip"
        return DeliveredView(
            campaign_id=campaign_id,
            title=state.concept.title if state.concept else campaign_id,
            files=files,
            report=report if report.is_file() else None,
            bundle=bundle if bundle.is_file() else None,
            copy_files=copy.saved(folder),
            money=self.money(campaign_id, None, state),
            options=[
                Option(
                    label=f"{platform_label(p)} version",
                    press=Press(campaign_id=campaign_id, kind="version", platform=p),
                    icon="plus",
                )
                for p in VERSION_SHORTCUTS
                if p not in have
            ],
        )

    async def _recall(self, query: str, result: TurnResult) -> TurnResult:
        found = await self.service.recall(query) if query else []
        if not found:
            result.said("Nothing remembered yet for that in your workspace.")
        else:
            result.messages.append(Recalled.of(query, found))
        return result

    async def _copy(self, campaign_id: str, intent: Intent, result: TurnResult) -> TurnResult:
        state = await self.service.state(campaign_id)
        written = await copy.write(self.service, state, intent)
        result.messages.append(written)
        return result


FREE_ACTIONS = (Action.NAVIGATE, Action.QUESTION, Action.HELP, Action.COPY, Action.CANCEL, Action.MEMORY)
"""Actions read as themselves even while a redirect waits for its wording."""


def _earlier(stage: Stage) -> str:
    return ", ".join(s.value for s in GATED if ORDER.index(s) < ORDER.index(stage)) or "none"


def kept_summary(state: CampaignState, target: Stage) -> str:
    """What going back keeps, and what a change there would redo."""
    kept = []
    if target is Stage.CONCEPT and state.storyboard is not None:
        kept.append(f"the storyboard ({len(state.storyboard.scenes)} scenes, seeds and model choices)")
    if state.picks and ORDER.index(target) < ORDER.index(Stage.TAKES):
        kept.append(f"keyframe picks for scene {', '.join(map(str, sorted(state.picks)))}")
    if state.clips and ORDER.index(target) < ORDER.index(Stage.FINAL):
        kept.append(f"{len(state.clips)} take(s)")
    said = f"Back at the {target.value}."
    if kept:
        said += " Kept: " + "; ".join(kept) + "."
    redo = {
        Stage.CONCEPT: "A concept change redrafts the storyboard (keeping seeds and your model choices) and redoes "
        "the media; approving it as it is keeps everything.",
        Stage.STORYBOARD: "Approving as it is regenerates nothing; a scene you change is redone, and only that scene.",
        Stage.KEYFRAMES: "Your picks stand; a new pick re-animates only that scene.",
        Stage.TAKES: "Approving re-exports nothing that did not change.",
    }
    return f"{said} {redo.get(target, '')}".strip()

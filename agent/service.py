"""Campaign service: start, answer, resume and inspect campaigns. Front ends talk only to this."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import uuid
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import openai
from langchain_core.runnables import RunnableConfig
from langgraph.types import Command
from pydantic import BaseModel

from agent.brands import brand_board, brand_concept
from agent.checkpoints import Checkpoint, InvalidDecision, validate
from agent.context import Context, make_planner
from agent.conversation.listing import list_campaigns
from agent.conversation.views import CampaignSummary
from agent.domain import Brief, Concept, Decision, PlanOutcome, Storyboard
from agent.graph import Graph, open_graph
from agent.intents.schema import VoiceRequest
from agent.llm.settings import LLMSettings
from agent.manifest import MANIFEST, write_manifest
from agent.planner.references import assign_references
from agent.pricing import CatalogCheck, check_catalog, load_check, save_check, with_live_prices
from agent.pricing import NoFalKey as NoFalKey  # re-exported for front ends
from agent.production import ReplayQuote, ReplayRefused, job_context, replay_recipe, run_cost, usd
from agent.progress import Progress, ProgressHandler
from agent.reconcile import Reconciliation as Reconciliation  # re-exported for front ends
from agent.reconcile import Status as Status  # re-exported for front ends
from agent.reconcile import reconcile as reconcile_ledger
from agent.settings import Settings
from agent.state import BrandStore, CampaignState, DeriveRequest, ReferenceImage
from agent.voices import offers
from agent.voices.offers import NoVoices as NoVoices  # re-exported for front ends
from memory.embeddings import OpenAIEmbedder, default_embedder
from memory.settings import MemorySettings
from memory.store import ChromaMemory, Embedder, Recall, open_client
from tools.brand import BrandKit
from tools.catalog import Catalog, load_catalog
from tools.errors import UnknownModelError
from tools.jobs.lease import Leases, LeaseSettings
from tools.jobs.ledger import BudgetExceeded, LedgerLine
from tools.jobs.session import ProviderSession, provider_session
from tools.platforms import UnknownPlatformError, resolve_platform
from tools.providers.base import ProviderError as ProviderError  # re-exported for front ends
from tools.providers.settings import ProviderSettings
from tools.recipe import Asset, sha256_file
from tools.routes import LOCAL, Routes
from tools.voices import Voice

log = logging.getLogger(__name__)


def voice_words(voice: Voice) -> set[str]:
    """The words a voice search matches: its id, name, traits and description, lower case."""
    return set(re.findall(r"[\w+-]+", f"{voice.id} {voice.name} {voice.traits()} {voice.description}".lower()))


class CampaignNotFound(LookupError):
    """No campaign with that id in this data folder."""


class Outcome(BaseModel):
    """Where a campaign stands after a turn: waiting at a checkpoint, delivered or cancelled."""

    campaign_id: str
    status: str
    checkpoint: Checkpoint | None = None
    folder: Path
    exports: dict[str, Path] = {}

    @property
    def manifest(self) -> Path:
        """The campaign's manifest file."""
        return self.folder / MANIFEST


class Replayed(BaseModel):
    """A replay's file, and whether it matches the original byte for byte."""

    path: Path
    sha256: str
    original_sha256: str
    cost_usd: float

    @property
    def identical(self) -> bool:
        """Same bytes as the original."""
        return self.sha256 == self.original_sha256


def sweep_partials(folder: Path) -> list[Path]:
    """Delete the half-written ``*.partial*`` files a killed run left in ``folder`` (symlinks not followed)."""
    swept: list[Path] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not (Path(root) / d).is_symlink()]
        for name in files:
            path = Path(root) / name
            if ".partial" in path.suffixes and not path.is_symlink():
                path.unlink(missing_ok=True)
                swept.append(path)
    if swept:
        log.info("swept %d partial file(s) from %s", len(swept), folder)
    return swept


class Plan(BaseModel):
    """A concept and storyboard drafted from a brief, with nothing generated or saved."""

    planner: str
    """Who made the plan: "llm" only when the LLM wrote both the concept and the storyboard, else "offline"."""
    planners: dict[str, str]
    """Which planner wrote each part (``brief``, ``concept``, ``storyboard``), with the reason for any fallback."""
    description: str
    """The planner in words, for people."""
    brief: Brief
    concept: Concept
    storyboard: Storyboard


async def plan_campaign(
    brief_text: str,
    *,
    platforms: list[str] | None = None,
    duration_s: float | None = None,
    budget_usd: float | None = None,
    settings: Settings | None = None,
    provider_settings: ProviderSettings | None = None,
    llm: LLMSettings | None = None,
    on_progress: ProgressHandler | None = None,
    references: list[ReferenceImage] | None = None,
    brand: str | None = None,
    workspace: str | None = None,
) -> Plan:
    """Concept, storyboard and cost estimate only; configured providers shape the routing, nothing is saved.

    No job store or client is opened: the routes the providers' settings give are enough to plan and price.

    Raises :class:`agent.briefs.BriefError` for a brief that cannot be planned (a
    :class:`agent.briefs.BriefQuestion` when its length or budget reads two ways). A ``brand`` with a kit in
    ``workspace`` holds the plan to the kit.
    """
    kit = find_kit(settings or Settings(), brand, workspace)
    catalog = current_catalog(settings or Settings())
    routes = Routes.configured(provider_settings or ProviderSettings(), catalog)
    planner = make_planner(settings or Settings(), catalog, llm or LLMSettings(), routes)
    try:
        parsed = await planner.read_brief(
            brief_text, platforms=platforms, duration_s=duration_s, budget_usd=budget_usd, on_progress=on_progress
        )
        concept = await planner.draft_concept(parsed, [])
        concept = brand_concept(concept, kit) if kit else concept
        board = await planner.draft_storyboard(parsed, concept)
        board = assign_references(board, references or [], parsed, catalog, routes)
        board = brand_board(board, kit) if kit else board
    finally:
        await planner.aclose()
    parts = {"brief": brief_reader(parsed), "concept": concept.planner, "storyboard": board.planner}
    made_by = "llm" if all(p.startswith("llm") for p in parts.values()) else "offline"
    return Plan(
        planner=made_by, planners=parts, description=planner.describe(), brief=parsed, concept=concept, storyboard=board
    )


async def check_prices(
    settings: Settings | None = None,
    provider_settings: ProviderSettings | None = None,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> tuple[CatalogCheck, Path]:
    """``studio catalog check``: fal's live prices against the catalog, saved with today's date.

    Raises :class:`NoFalKey` without ``FAL_KEY``; estimates then use the fresher price
    (:func:`current_catalog`).
    """
    settings = settings or Settings()
    check = await check_catalog(provider_settings or ProviderSettings(), load_catalog(), transport=transport)
    return check, save_check(check, settings.home)


def brand_store(settings: Settings, workspace: str | None = None) -> BrandStore:
    """The brand kits of one workspace (``None``: the shared one, the CLI's)."""
    return BrandStore(settings.home, workspace)


def find_kit(settings: Settings, brand: str | None, workspace: str | None = None) -> BrandKit | None:
    """The workspace's kit called ``brand``, if it has one (a brand without a kit only steers memory)."""
    return brand_store(settings, workspace).find(brand) if brand else None


def current_catalog(settings: Settings) -> Catalog:
    """The catalog, with the prices of the last ``studio catalog check`` where they are fresher."""
    return with_live_prices(load_catalog(), load_check(settings.home))


def brief_reader(brief: Brief) -> str:
    """Who read the brief, in the words ``Plan.planners`` uses: ``rules``, ``llm (model)`` or the fallback."""
    run = brief.run
    if run is None:
        return "rules"
    if run.outcome is PlanOutcome.FALLBACK:
        return f"rules (LLM reader failed: {'; '.join(run.errors)})"
    return f"llm ({run.model})"


def open_memory(
    settings: Settings,
    workspace: str | None = None,
    memory_settings: MemorySettings | None = None,
    llm: LLMSettings | None = None,
) -> ChromaMemory | None:
    """The outcome memory for this data folder (or the Chroma server ``CHROMA_HOST`` names).

    ``workspace`` overrides ``STUDIO_WORKSPACE``: the chat app gives each signed-in user their own.
    """
    if not settings.memory:
        return None
    memory_settings = memory_settings or MemorySettings()
    return ChromaMemory(
        open_client(memory_settings, settings.home),
        make_embedder(memory_settings, llm or LLMSettings()),
        workspace=workspace or memory_settings.workspace,
        threshold=memory_settings.threshold,
    )


def make_embedder(memory_settings: MemorySettings, llm: LLMSettings) -> Embedder:
    """MiniLM offline, or OpenAI embeddings when asked for and configured."""
    if memory_settings.embeddings == "openai":
        if llm.api_key is None:
            raise ValueError(
                "STUDIO_EMBEDDINGS=openai needs OPENAI_API_KEY or STUDIO_LLM_API_KEY (and a base URL for other servers)"
            )
        client = openai.OpenAI(api_key=llm.api_key.get_secret_value(), base_url=llm.base_url, max_retries=2)
        return OpenAIEmbedder(client, memory_settings.openai_model)
    return default_embedder()


def new_campaign_id(product: str) -> str:
    """A readable, unique id: product slug plus random hex."""
    slug = re.sub(r"[^a-z0-9]+", "-", product.lower()).strip("-")[:32] or "campaign"
    return f"{slug}-{uuid.uuid4().hex[:6]}"


class CampaignService:
    """Runs the campaign graph on one thread per campaign, persisted in SQLite."""

    def __init__(
        self, graph: Graph, context: Context, providers: ProviderSession, leases: Leases, workspace: str | None = None
    ) -> None:
        self.workspace = workspace
        """Whose brand kits this service sees (``None``: the shared workspace)."""
        self.graph = graph
        self.context = context
        self.providers = providers
        self.leases = leases
        """One process (and one turn) per campaign: every call that advances a campaign holds its lease."""

    @classmethod
    @asynccontextmanager
    async def open(
        cls,
        settings: Settings | None = None,
        provider_settings: ProviderSettings | None = None,
        *,
        lease_settings: LeaseSettings | None = None,
        llm: LLMSettings | None = None,
        local: Mapping[str, object] | None = None,
        **session: Any,
    ) -> AsyncIterator[CampaignService]:
        """Open the checkpoint database and the provider session: this process's one tool layer.

        Configured keys become provider routes; ``local`` replaces local draft backends by model id
        (tests pass fakes). Every setting is read here, once, and passed down.
        """
        settings = settings or Settings()
        llm = llm or LLMSettings()
        catalog = current_catalog(settings)
        session.setdefault("catalog", catalog)
        async with (
            provider_session(settings.jobs_database, provider_settings, local=local, **session) as providers,
            open_graph(settings.database) as graph,
        ):
            leases = Leases(providers.ledger.db, lease_settings)
            memory = open_memory(settings, llm=llm)
            context = Context(settings=settings, llm=llm, catalog=catalog, backends=providers.backends, memory=memory)
            service = cls(graph, context, providers, leases)
            try:
                yield service
            finally:
                await service.context.aclose()

    def for_workspace(self, memory: ChromaMemory | None, workspace: str | None = None) -> CampaignService:
        """The same graph and provider session, remembering into ``memory`` and using ``workspace``'s brand kits."""
        context = replace(self.context, memory=memory)
        return CampaignService(self.graph, context, self.providers, self.leases, workspace)

    @property
    def brands(self) -> BrandStore:
        """This workspace's brand kits."""
        return brand_store(self.settings, self.workspace)

    @property
    def settings(self) -> Settings:
        """The active settings."""
        return self.context.settings

    @staticmethod
    def _config(campaign_id: str) -> RunnableConfig:
        return {"configurable": {"thread_id": campaign_id}}

    async def start(
        self,
        brief_text: str,
        *,
        platforms: list[str] | None = None,
        duration_s: float | None = None,
        budget_usd: float | None = None,
        brand: str | None = None,
        references: list[ReferenceImage] | None = None,
        on_progress: ProgressHandler | None = None,
    ) -> Outcome:
        """Start a campaign; runs until the first checkpoint. Bad briefs raise before anything is saved.

        The planner reads the brief first (the LLM, cross-checked by the rules, when one is configured); a
        length or budget that reads two ways raises :class:`agent.briefs.BriefQuestion` to ask about.
        """
        brief = await self.context.get_planner().read_brief(
            brief_text, platforms=platforms, duration_s=duration_s, budget_usd=budget_usd, on_progress=on_progress
        )
        campaign_id = new_campaign_id(brief.product)
        state = CampaignState(
            campaign_id=campaign_id,
            brief=brief,
            brief_text=brief_text,
            platforms=platforms or [],
            duration_s=duration_s,
            budget_usd=budget_usd,
            brand=brand,
            kit=find_kit(self.settings, brand, self.workspace),
            references=references or [],
        )
        async with self.leases.hold(campaign_id):
            self.providers.ledger.set_budget(campaign_id, brief.budget_usd)
            return await self._run(campaign_id, state, on_progress)

    async def decide(self, campaign_id: str, decision: Decision, on_progress: ProgressHandler | None = None) -> Outcome:
        """Answer the pending checkpoint. A decision that does not fit is refused before anything changes."""
        async with self.leases.hold(campaign_id):
            state, pending = await self._snapshot(campaign_id)
            if pending is None:
                raise InvalidDecision(f"campaign {campaign_id} is not waiting for a decision (status: {state.status})")
            validate(pending.stage, decision, state)
            return await self._run(campaign_id, Command(resume=decision.model_dump(mode="json")), on_progress)

    async def derive(
        self,
        campaign_id: str,
        platform: str,
        duration_s: float | None = None,
        on_progress: ProgressHandler | None = None,
    ) -> Outcome:
        """Offer a derivative of a delivered campaign for another platform or length (stops at its checkpoint)."""
        async with self.leases.hold(campaign_id):
            return await self._derive(campaign_id, platform, duration_s, on_progress)

    async def _derive(
        self, campaign_id: str, platform: str, duration_s: float | None, on_progress: ProgressHandler | None
    ) -> Outcome:
        state, pending = await self._snapshot(campaign_id)
        if pending is not None or state.status != "delivered":
            raise InvalidDecision(
                f"campaign {campaign_id} is {state.status}: approve the final files first, then ask for other versions"
            )
        try:
            target = resolve_platform(platform)
        except UnknownPlatformError as exc:
            raise InvalidDecision(str(exc)) from exc
        if duration_s is not None and not target.min_s <= duration_s <= target.max_s:
            raise InvalidDecision(
                f"{target.label} takes {target.min_s:g}–{target.max_s:g} s; {duration_s:g} s will not fit"
            )
        request = DeriveRequest(platform=target.id, duration_s=duration_s)
        return await self._run(campaign_id, {"derive_request": request}, on_progress)

    async def resume(self, campaign_id: str, on_progress: ProgressHandler | None = None) -> Outcome:
        """Pick a campaign up where it stopped: at its checkpoint, or re-running a node a crash cut short.

        Holding the campaign's lease, it first sweeps the partial files a killed run left in its folder.
        """
        async with self.leases.hold(campaign_id):
            state, pending, unfinished = await self._read(campaign_id)
            sweep_partials(self.settings.campaign_dir(campaign_id))
            if pending is None and unfinished:
                return await self._run(campaign_id, None, on_progress)
            return self._outcome(state, pending)

    async def quote_replay(self, campaign_id: str, asset_id: str) -> ReplayQuote:
        """What replaying an asset would cost, against its campaign's budget (nothing is spent)."""
        state = await self.state(campaign_id)
        return self._quote(state, self._replayable(state, asset_id))

    async def replay(
        self, campaign_id: str, asset_id: str, out: Path | None = None, *, agreed_usd: float = 0.0
    ) -> Replayed:
        """Run an asset's recipe again as a new job of its campaign: its lease, its budget, its ledger.

        ``agreed_usd`` is what the user agreed to spend; a dearer replay, or one past the budget, is
        refused with :class:`ReplayRefused` before anything is submitted.
        """
        async with self.leases.hold(campaign_id):
            state = await self.state(campaign_id)
            asset = self._replayable(state, asset_id)
            quote = self._quote(state, asset)
            quote.check()
            if quote.cost_usd > agreed_usd + 1e-9:
                raise ReplayRefused(
                    f"replaying {asset_id} costs {usd(quote.cost_usd)}, more than the {usd(agreed_usd)} agreed to. "
                    "Nothing was submitted."
                )
            hashes = asset.recipe.reference_asset_hashes
            inputs = tuple(Path(a.path) for a in state.all_assets() if a.sha256 in hashes)
            target = out or Path(asset.path).with_name(f"replay-{Path(asset.path).name}")
            backends = self.providers.backends
            recipe = asset.recipe if backends.route(asset.recipe.model_id) == LOCAL else replay_recipe(asset.recipe)
            job = job_context(self.settings, campaign_id, asset.scene_index)
            try:
                made = await backends.run(recipe, target, job, inputs)
            except BudgetExceeded as exc:
                raise ReplayRefused(f"replay refused: {exc}. Nothing was submitted.") from exc
        return Replayed(
            path=made.path, sha256=sha256_file(made.path), original_sha256=asset.sha256, cost_usd=made.cost_usd
        )

    def _replayable(self, state: CampaignState, asset_id: str) -> Asset:
        asset = state.find(asset_id)
        if asset is None:
            raise ReplayRefused(
                f"no asset {asset_id!r} in {state.campaign_id}; list them with: studio assets {state.campaign_id}"
            )
        if not self.providers.backends.available(asset.recipe.model_id):
            raise ReplayRefused(
                f"asset {asset_id} was made by {asset.recipe.model_id}, which nothing runs here: "
                "configure that provider's key to replay it"
            )
        return asset

    def _quote(self, state: CampaignState, asset: Asset) -> ReplayQuote:
        try:
            cost = run_cost(self.context.catalog, self.providers.backends.routes, asset.recipe)
        except UnknownModelError as exc:
            raise ReplayRefused(f"asset {asset.id}: {exc}") from exc
        ledger, campaign_id = self.providers.ledger, state.campaign_id
        return ReplayQuote(
            campaign_id=campaign_id,
            asset_id=asset.id,
            model_id=asset.recipe.model_id,
            cost_usd=cost,
            budget_usd=ledger.budget(campaign_id),
            committed_usd=ledger.committed(campaign_id),
        )

    def speech_routes(self) -> list[str]:
        """Speech routes whose voices can be listed here: configured providers first, then ``local``."""
        listed = self.providers.backends.voices
        return sorted(listed, key=lambda route: (route == LOCAL, route))

    async def voices(self, route: str | None = None, search: str | None = None) -> tuple[str, list[Voice]]:
        """``studio voices``: a speech route's voices (the first configured provider's, else espeak-ng's).

        ``search`` keeps the voices whose id, name, traits or description hold every one of its words.
        Raises :class:`NoVoices` for a route this process cannot list.
        """
        routes = self.speech_routes()
        chosen = route or routes[0]
        if chosen not in routes:
            raise NoVoices(f"no voice list for {chosen!r} here; listed routes: {', '.join(routes)}")
        listed = await offers.route_voices(self.providers.backends, chosen, None)
        words = (search or "").lower().split()
        return chosen, [
            v for v in listed if all(w in f"{v.id} {v.name} {v.traits()} {v.description}".lower() for w in words)
        ]

    async def rank_voices(self, campaign_id: str, request: VoiceRequest, top: int = 3) -> offers.Ranked:
        """The campaign's speech route and its ``top`` voices for ``request``; nothing changes."""
        state = await self.state(campaign_id)
        if state.storyboard is None:
            raise NoVoices("voices are chosen for the storyboard's voiceovers: approve the concept first")
        language = state.brief.language if state.brief else None
        return await offers.ranked(self.providers.backends, state.storyboard, request, language, top)

    async def preview_voice(self, campaign_id: str, voice: Voice) -> offers.Preview:
        """The campaign's first voiceover line spoken in ``voice`` by its own speech route (charged to it)."""
        async with self.leases.hold(campaign_id):
            state = await self.state(campaign_id)
            assert state.storyboard is not None
            return await offers.preview(
                self.providers.backends, self.context.catalog, self.settings, campaign_id, state.storyboard, voice
            )

    async def status(self, campaign_id: str) -> Outcome:
        """Where a campaign stands, without running anything."""
        state, pending = await self._snapshot(campaign_id)
        return self._outcome(state, pending)

    async def state(self, campaign_id: str) -> CampaignState:
        """The campaign's full state."""
        return (await self._snapshot(campaign_id))[0]

    def ledger(self, campaign_id: str, by: str = "campaign_id") -> list[LedgerLine]:
        """Money reserved and charged for a campaign, grouped by campaign, scene or model."""
        return self.providers.ledger.totals(campaign_id, by)

    async def reconcile(
        self,
        campaign_id: str,
        provider_settings: ProviderSettings | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> Reconciliation:
        """The ledger against what each provider says it billed (fal by request id; the rest say why not)."""
        await self.state(campaign_id)  # a clear error for an unknown id
        providers = self.providers
        settings = provider_settings or ProviderSettings()
        return await reconcile_ledger(campaign_id, providers.ledger, providers.store, settings, transport=transport)

    async def recall(self, query: str, k: int = 5, brand: str | None = None) -> list[Recall]:
        """What the memory holds for ``query`` (searched off the event loop); empty when memory is off."""
        memory = self.context.memory
        if memory is None or not query.strip():
            return []
        return await asyncio.to_thread(memory.search, query, k=k, brand=brand)

    def campaigns(self, ids: list[str] | None = None) -> list[CampaignSummary]:
        """Campaigns in the data folder (or just ``ids``), newest first, with their title and stage."""
        found = list_campaigns(self.settings.home)
        return found if ids is None else [c for c in found if c.campaign_id in ids]

    def campaign_ids(self) -> list[str]:
        """Campaigns in this data folder, newest first."""
        home = self.settings.home
        if not home.is_dir():
            return []
        folders = [p for p in home.iterdir() if (p / MANIFEST).is_file()]
        return [p.name for p in sorted(folders, key=lambda p: p.stat().st_mtime, reverse=True)]

    async def _snapshot(self, campaign_id: str) -> tuple[CampaignState, Checkpoint | None]:
        state, pending, _ = await self._read(campaign_id)
        return state, pending

    async def _read(self, campaign_id: str) -> tuple[CampaignState, Checkpoint | None, bool]:
        """State, the pending checkpoint, and whether a step is still to run (a crash cut it short)."""
        snapshot = await self.graph.aget_state(self._config(campaign_id))
        if not snapshot.values:
            known = ", ".join(self.campaign_ids()[:5]) or "none yet"
            raise CampaignNotFound(
                f"no campaign {campaign_id!r} in {self.settings.home}; known campaigns: {known}. "
                "Check the id, or set STUDIO_HOME to the data folder it was created in."
            )
        state = CampaignState.model_validate(snapshot.values)
        pending = Checkpoint.model_validate(snapshot.interrupts[0].value) if snapshot.interrupts else None
        return state, pending, bool(snapshot.next)

    async def _run(self, campaign_id: str, command: Any, on_progress: ProgressHandler | None) -> Outcome:
        async for mode, chunk in self.graph.astream(
            command, self._config(campaign_id), context=self.context, stream_mode=["custom", "updates"]
        ):
            if mode == "custom" and on_progress is not None:
                on_progress(Progress.model_validate(chunk))
        state, pending = await self._snapshot(campaign_id)
        write_manifest(state, self.settings.campaign_dir(campaign_id), pending.stage if pending else None)
        return self._outcome(state, pending)

    def _outcome(self, state: CampaignState, pending: Checkpoint | None) -> Outcome:
        return Outcome(
            campaign_id=state.campaign_id,
            status="waiting" if pending else state.status,
            checkpoint=pending,
            folder=self.settings.campaign_dir(state.campaign_id),
            exports={p: Path(a.path) for p, a in state.exports.items()},
        )

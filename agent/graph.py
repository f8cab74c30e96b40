"""The campaign graph, with ``builder`` exported so callers choose the persistence.

brief → concept ─[approve]→ storyboard ─[approve]→ keyframes ─[pick]→ takes ─[approve]→ finish
─[approve]→ learn; redirects go through ``revise`` to the stage they name.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph

from agent.context import Context
from agent.nodes import delivery, derivatives, gates, media, planning
from agent.state import CampaignState

# Types the checkpointer may rebuild from msgpack (anything else is refused on load).
STATE_TYPES: list[tuple[str, str]] = [
    ("agent.state", "CampaignState"),
    ("agent.state", "DecisionRecord"),
    ("agent.state", "DeriveRequest"),
    ("agent.state", "DerivativeOffer"),
    ("agent.state", "Derivative"),
    ("agent.state", "ReferenceImage"),
    ("tools.delivery.pipeline", "Delivery"),
    ("tools.delivery.pipeline", "PlatformDelivery"),
    ("tools.delivery.qa", "QAReport"),
    ("tools.delivery.qa", "QACheck"),
    ("tools.delivery.brandqa", "BrandQA"),
    ("tools.brand", "BrandKit"),
    ("tools.brand", "KitFile"),
    ("tools.delivery.audio", "Loudness"),
    ("tools.delivery.render", "Transition"),
    ("tools.delivery.framing", "Framing"),
    ("tools.delivery.framing", "Window"),
    ("pathlib", "PosixPath"),
    ("agent.domain", "Brief"),
    ("agent.domain", "Concept"),
    ("agent.domain", "ReferenceRole"),
    ("agent.domain", "SceneReference"),
    ("agent.domain", "ConceptOption"),
    ("agent.domain", "PlannerRun"),
    ("agent.domain", "PlanOutcome"),
    ("agent.domain", "RecallNote"),
    ("agent.domain", "Scene"),
    ("agent.domain", "ScenePurpose"),
    ("agent.domain", "ModelChoice"),
    ("agent.domain", "MusicBrief"),
    ("agent.domain", "Storyboard"),
    ("agent.domain", "Decision"),
    ("agent.domain", "DecisionKind"),
    ("agent.domain", "Stage"),
    ("tools.recipe", "Asset"),
    ("tools.recipe", "AssetKind"),
    ("tools.recipe", "AssetStatus"),
    ("tools.recipe", "Recipe"),
    ("tools.recipe", "MediaFacts"),
    ("tools.recipe", "Capability"),
    ("tools.catalog", "Tier"),
    ("agent.blocking", "Blocked"),
    ("agent.blocking", "Alternative"),
]


Graph = CompiledStateGraph[CampaignState, Context, CampaignState, CampaignState]


def entry(state: CampaignState) -> str:
    """New campaigns start at intake; a derivative request on a delivered one goes to the offer."""
    return "offer_derivative" if state.derive_request is not None else "intake"


def build() -> StateGraph[CampaignState, Context, CampaignState, CampaignState]:
    """The uncompiled graph."""
    graph = StateGraph(CampaignState, context_schema=Context)
    graph.add_node("intake", planning.intake)
    graph.add_node("concept", planning.concept)
    graph.add_node("approve_concept", gates.approve_concept)
    graph.add_node("storyboard", planning.storyboard)
    graph.add_node("approve_storyboard", gates.approve_storyboard)
    graph.add_node("revise", planning.revise)
    graph.add_node("keyframes", media.keyframes)
    graph.add_node("pick_keyframes", gates.pick_keyframes)
    graph.add_node("motion", media.motion)
    graph.add_node("approve_takes", gates.approve_takes)
    graph.add_node("finish", delivery.finish)
    graph.add_node("approve_final", gates.approve_final)
    graph.add_node("learn", delivery.learn)
    graph.add_node("cancelled", delivery.cancelled)
    graph.add_node("offer_derivative", derivatives.offer_derivative)
    graph.add_node("approve_derivative", derivatives.approve_derivative)
    graph.add_node("derive", derivatives.derive)
    graph.add_conditional_edges(START, entry, ["intake", "offer_derivative"])
    graph.add_edge("offer_derivative", "approve_derivative")
    graph.add_edge("derive", END)
    graph.add_edge("intake", "concept")
    graph.add_edge("concept", "approve_concept")
    graph.add_edge("storyboard", "approve_storyboard")
    graph.add_edge("keyframes", "pick_keyframes")
    graph.add_edge("motion", "approve_takes")
    graph.add_edge("finish", "approve_final")
    graph.add_edge("learn", END)
    graph.add_edge("cancelled", END)
    return graph


builder = build()


def serializer() -> JsonPlusSerializer:
    """Checkpoint serializer that only rebuilds the campaign's own types."""
    return JsonPlusSerializer(allowed_msgpack_modules=STATE_TYPES)


@asynccontextmanager
async def open_graph(database: Path) -> AsyncIterator[Graph]:
    """The compiled graph with its SQLite checkpointer open for the duration of the block."""
    database.parent.mkdir(parents=True, exist_ok=True)
    async with AsyncSqliteSaver.from_conn_string(str(database)) as saver:
        saver.serde = serializer()
        # Now, not lazily on the first campaign: setup switches the file to WAL, which needs the database
        # to itself and fails at once ("database is locked") if the chat history is writing to it.
        await saver.setup()
        yield builder.compile(checkpointer=saver)

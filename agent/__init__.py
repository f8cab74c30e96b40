"""The campaign agent: graph, nodes, planner, and the public face front ends talk to.

Front ends (``ui/``) use only the public modules: :mod:`agent.conversation` (turns, typed views, messages,
errors), :mod:`agent.service`, :mod:`agent.settings`, and the data models in :mod:`agent.domain`,
:mod:`agent.state` and :mod:`agent.progress`. Importing this package loads nothing heavy: the graph
(LangGraph), the memory (Chroma) and the LLM client load when a command needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agent.graph import builder, open_graph
    from agent.service import CampaignService

__all__ = ["CampaignService", "builder", "open_graph"]


def __getattr__(name: str) -> Any:
    """Load the exported names on first use."""
    if name in ("builder", "open_graph"):
        from agent import graph

        return getattr(graph, name)
    if name == "CampaignService":
        from agent.service import CampaignService

        return CampaignService
    raise AttributeError(f"module 'agent' has no attribute {name!r}")

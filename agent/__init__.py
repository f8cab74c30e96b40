"""The campaign agent: graph, nodes, planner and the service front ends talk to."""

from agent.graph import builder, open_graph
from agent.service import CampaignService

__all__ = ["CampaignService", "builder", "open_graph"]

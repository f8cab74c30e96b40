"""Planners turn a brief into a concept and a storyboard. The offline planner needs no LLM."""

from agent.planner.offline import OfflinePlanner

__all__ = ["OfflinePlanner"]

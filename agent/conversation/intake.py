"""Checking a brief before anything is opened or saved, for front ends that want to refuse early."""

from __future__ import annotations

from agent.briefs import parse_brief
from agent.conversation.messages import StartOptions


def check_brief(text: str, options: StartOptions | None = None) -> None:
    """Raise :class:`agent.briefs.BriefError` (a ``ValueError``) with what to fix, or return for a good brief."""
    options = options or StartOptions()
    parse_brief(text, platforms=options.platforms, duration_s=options.duration_s, budget_usd=options.budget_usd)

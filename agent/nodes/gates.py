"""Approval gates: each node calls ``interrupt()`` exactly once and routes on the decision.

A gate does nothing before its interrupt, so re-running it on resume costs nothing. Paid work
happens only in the nodes these gates route to.
"""

from __future__ import annotations

from typing import Any, Literal

from langgraph.types import Command, interrupt

from agent.checkpoints import checkpoint, validate
from agent.domain import Decision, DecisionKind, Stage
from agent.state import CampaignState, DecisionRecord


def ask(state: CampaignState, stage: Stage, content: dict[str, Any]) -> tuple[Decision, dict[str, Any]]:
    """Pause at ``stage`` until the marketer answers; return the validated decision and its record."""
    if state.blocked:
        content = content | {"blocked": {str(i): b.model_dump(mode="json") for i, b in state.blocked.items()}}
    answer = interrupt(checkpoint(state, stage, content).model_dump(mode="json"))
    decision = answer if isinstance(answer, Decision) else Decision.model_validate(answer)
    validate(stage, decision, state)
    record = DecisionRecord(stage=stage, decision=decision)
    return decision, {"decisions": [*state.decisions, record], "status": "producing"}


def _back(decision: Decision, update: dict[str, Any]) -> Command[Any]:
    """A redirect, regenerate or going back: hand it to the revise node (or cancel)."""
    if decision.kind is DecisionKind.CANCEL:
        return Command(goto="cancelled", update=update)
    return Command(goto="revise", update=update | {"pending": decision})


def approve_concept(state: CampaignState) -> Command[Literal["storyboard", "concept", "revise", "cancelled"]]:
    """Gate 1: the concept."""
    assert state.concept is not None
    decision, update = ask(state, Stage.CONCEPT, {"concept": state.concept.model_dump(mode="json")})
    if decision.kind is DecisionKind.APPROVE:
        return Command(goto="storyboard", update=update)
    if decision.kind in (DecisionKind.CANCEL, DecisionKind.BACK):
        return _back(decision, update)
    return Command(goto="concept", update=update | {"concept_feedback": [*state.concept_feedback, decision.feedback]})


def approve_storyboard(state: CampaignState) -> Command[Literal["keyframes", "revise", "cancelled"]]:
    """Gate 2: scenes, models, seeds and the cost estimate; nothing is generated before this."""
    assert state.storyboard is not None
    decision, update = ask(state, Stage.STORYBOARD, {"storyboard": state.storyboard.model_dump(mode="json")})
    if decision.kind is DecisionKind.APPROVE:
        return Command(goto="keyframes", update=update)
    return _back(decision, update)


def pick_keyframes(state: CampaignState) -> Command[Literal["motion", "revise", "cancelled"]]:
    """Gate 3: pick one keyframe variation per scene (approve = first variation where none is picked)."""
    content = {
        "keyframes": {str(k): [a.model_dump(mode="json") for a in v] for k, v in sorted(state.keyframes.items())},
        "picks": {str(k): v for k, v in state.picks.items()},
    }
    decision, update = ask(state, Stage.KEYFRAMES, content)
    if decision.kind in (DecisionKind.PICK, DecisionKind.APPROVE):
        picks = dict(state.picks) | decision.picks
        for scene, variations in state.keyframes.items():
            picks.setdefault(scene, variations[0].id)
        return Command(goto="motion", update=update | {"picks": picks})
    return _back(decision, update)


def approve_takes(state: CampaignState) -> Command[Literal["finish", "revise", "cancelled"]]:
    """Gate 4: clips and voiceover per scene."""
    content = {
        "clips": {str(k): a.model_dump(mode="json") for k, a in sorted(state.clips.items())},
        "voiceovers": {str(k): a.model_dump(mode="json") for k, a in sorted(state.voiceovers.items())},
    }
    decision, update = ask(state, Stage.TAKES, content)
    if decision.kind is DecisionKind.APPROVE:
        return Command(goto="finish", update=update)
    return _back(decision, update)


def approve_final(state: CampaignState) -> Command[Literal["learn", "revise", "cancelled"]]:
    """Gate 5: the per-platform files."""
    content = {"exports": {p: a.model_dump(mode="json") for p, a in sorted(state.exports.items())}}
    decision, update = ask(state, Stage.FINAL, content)
    if decision.kind is DecisionKind.APPROVE:
        return Command(goto="learn", update=update)
    return _back(decision, update)

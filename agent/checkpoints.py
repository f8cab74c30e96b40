"""What each approval checkpoint shows, which decisions fit it, and their validation."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from agent.domain import Decision, DecisionKind, Stage
from agent.state import CampaignState
from tools.catalog import load_catalog

ORDER = [Stage.CONCEPT, Stage.STORYBOARD, Stage.KEYFRAMES, Stage.TAKES, Stage.FINAL, Stage.DERIVATIVE]
STRATEGIES = ("reframe", "crop", "fill", "regenerate")
"""Derivative strategies: reframe (free, the offer's framing), crop or fill (free, chosen), regenerate (paid)."""
_GATE = frozenset({DecisionKind.APPROVE, DecisionKind.REDIRECT, DecisionKind.REGENERATE, DecisionKind.CANCEL})
ALLOWED: dict[Stage, frozenset[DecisionKind]] = {
    Stage.CONCEPT: frozenset({DecisionKind.APPROVE, DecisionKind.REDIRECT, DecisionKind.CANCEL, DecisionKind.BACK}),
    Stage.STORYBOARD: _GATE | {DecisionKind.BACK},
    Stage.KEYFRAMES: frozenset(DecisionKind),
    Stage.TAKES: _GATE | {DecisionKind.BACK},
    Stage.FINAL: _GATE | {DecisionKind.BACK},
    Stage.DERIVATIVE: frozenset({DecisionKind.APPROVE, DecisionKind.CANCEL}),
}
QUESTIONS: dict[Stage, str] = {
    Stage.CONCEPT: "Approve the concept, or redirect it with feedback.",
    Stage.STORYBOARD: "Approve the storyboard and its cost estimate, or redirect a scene or the concept.",
    Stage.KEYFRAMES: "Pick a variation for each scene, or redirect/regenerate a scene.",
    Stage.TAKES: "Approve the clips and voiceover, or redirect/regenerate a scene.",
    Stage.FINAL: "Approve the platform files, or redirect/regenerate a scene.",
    Stage.DERIVATIVE: "Approve with a strategy: reframe the existing media (free: crop to the subject or fit over "
    "a blurred fill) or regenerate the shots (priced).",
}


class InvalidDecision(ValueError):
    """A decision that does not fit the pending checkpoint; the message says what would."""


class Checkpoint(BaseModel):
    """The interrupt payload: which stage is waiting, what it shows, and what may be answered."""

    campaign_id: str
    stage: Stage
    question: str
    allowed: list[DecisionKind]
    content: dict[str, Any]


def checkpoint(state: CampaignState, stage: Stage, content: dict[str, Any]) -> Checkpoint:
    """Build the payload for a stage."""
    return Checkpoint(
        campaign_id=state.campaign_id,
        stage=stage,
        question=QUESTIONS[stage],
        allowed=sorted(ALLOWED[stage], key=list(DecisionKind).index),
        content=content,
    )


def validate(stage: Stage, decision: Decision, state: CampaignState) -> None:
    """Raise :class:`InvalidDecision` unless ``decision`` can be applied at ``stage``."""
    allowed = ALLOWED[stage]
    if decision.kind not in allowed:
        names = ", ".join(sorted(k.value for k in allowed))
        raise InvalidDecision(
            f"'{decision.kind.value}' does not fit the {stage.value} checkpoint; answer one of: {names}"
        )
    if decision.target is not None and ORDER.index(decision.target) > ORDER.index(stage):
        raise InvalidDecision(
            f"cannot redirect to {decision.target.value} from the {stage.value} checkpoint: "
            "a redirect goes to this stage or an earlier one"
        )
    scenes = {s.index for s in state.storyboard.scenes} if state.storyboard else set()
    if decision.scene is not None and decision.scene not in scenes:
        span = f"1–{max(scenes)}" if scenes else "none yet"
        raise InvalidDecision(f"there is no scene {decision.scene}; scenes are {span}")
    if decision.kind is DecisionKind.REGENERATE and stage is Stage.STORYBOARD and decision.scene is None:
        raise InvalidDecision("say which scene to regenerate")
    if decision.kind is DecisionKind.PICK:
        _validate_picks(decision, state)
    if decision.kind is DecisionKind.BACK:
        _validate_back(decision, stage, state)
    if decision.strategy is not None and decision.strategy not in STRATEGIES:
        raise InvalidDecision(
            f"unknown strategy {decision.strategy!r}: choose reframe, crop or fill (free) or regenerate (paid)"
        )
    if decision.kind in (DecisionKind.APPROVE, DecisionKind.PICK) and state.blocked and stage in ORDER[2:]:
        blocked = ", ".join(f"scene {b.scene} ({b.kind}: {b.reason})" for b in state.blocked.values())
        raise InvalidDecision(
            f"cannot go on while {blocked} is blocked: redirect it with new wording, switch its model, or cancel"
        )
    if decision.model is not None or decision.voice is not None:
        _validate_switch(decision, state)
    if decision.reject_recall:
        assert state.storyboard is not None and decision.scene is not None
        if state.storyboard.scene(decision.scene).recalled is None:
            raise InvalidDecision(f"scene {decision.scene} has no recalled recipe to reject")


def _validate_switch(decision: Decision, state: CampaignState) -> None:
    """A model switch names a model that can do one of the scene's jobs; a voice needs a storyboard."""
    if decision.voice is not None and state.storyboard is None:
        raise InvalidDecision("a voice is chosen for the storyboard's voiceovers: approve the concept first")
    if decision.model is None:
        return
    catalog = load_catalog()
    try:
        spec = catalog.get(decision.model or "")
    except KeyError as exc:
        raise InvalidDecision(str(exc)) from exc
    assert state.storyboard is not None and decision.scene is not None
    used = {c.capability for c in state.storyboard.scene(decision.scene).models}
    if not used & set(spec.capabilities):
        raise InvalidDecision(
            f"{spec.name} cannot replace any of scene {decision.scene}'s models "
            f"({', '.join(sorted(c.value for c in used))})"
        )
    if not spec.official_api:
        raise InvalidDecision(f"{spec.name} has no official API, so it cannot be run; pick another model")


def _validate_back(decision: Decision, stage: Stage, state: CampaignState) -> None:
    assert decision.target is not None
    if decision.target is Stage.DERIVATIVE or decision.target is Stage.FINAL:
        raise InvalidDecision("go back to the concept, storyboard, keyframes or takes")
    undo_rewrite = stage is Stage.CONCEPT and state.previous_concept is not None and state.storyboard is None
    if decision.target is stage and not decision.restart and not undo_rewrite:
        raise InvalidDecision(f"this is the {stage.value} checkpoint already; approve it, or say what to change")
    if decision.restart and decision.target is not Stage.CONCEPT:
        raise InvalidDecision("starting over goes back to a fresh concept")


def _validate_picks(decision: Decision, state: CampaignState) -> None:
    for scene, asset_id in decision.picks.items():
        options = [a.id for a in state.keyframes.get(scene, [])]
        if not options:
            raise InvalidDecision(f"scene {scene} has no variations to pick from")
        if asset_id not in options:
            raise InvalidDecision(f"{asset_id!r} is not a variation of scene {scene}; choose one of {options}")
    missing = sorted(set(state.keyframes) - set(state.picks) - set(decision.picks))
    if missing:
        raise InvalidDecision(f"pick a variation for every scene; still missing: {missing}")

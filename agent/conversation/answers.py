"""Answers to questions about a campaign, with figures, and help that lists what the card offers."""

from __future__ import annotations

from agent.conversation.views import CheckpointView, DerivativeView, KeyframesView, Money
from agent.domain import DecisionKind, Stage, Storyboard
from agent.intents.schema import Topic
from agent.state import CampaignState
from tools.catalog import Catalog


def answer(topic: Topic, state: CampaignState, money: Money, catalog: Catalog, *, scene: int | None = None) -> str:
    """The answer to a question, from the plan and the ledger."""
    if topic is Topic.COST:
        return _cost(state.storyboard, money)
    if topic is Topic.SPENT:
        reserved = f", and ${money.reserved_usd:.2f} is reserved for jobs still running" if money.reserved_usd else ""
        return f"Spent so far: ${money.spent_usd:.2f}{reserved}."
    if topic is Topic.LEFT:
        if money.left_usd is None:
            return f"No budget is set for this campaign; ${money.spent_usd:.2f} spent so far."
        return f"${money.left_usd:.2f} of the ${money.budget_usd:g} budget is left (spent ${money.spent_usd:.2f})."
    if topic in (Topic.MODELS, Topic.WHY_MODEL):
        return _models(state.storyboard, catalog, scene, why=topic is Topic.WHY_MODEL)
    return _status(state)


def _cost(board: Storyboard | None, money: Money) -> str:
    if board is None:
        return (
            "There is no storyboard yet, so nothing is priced: approve the concept and the storyboard shows the cost."
        )
    parts = []
    if money.next_label and money.next_estimate_usd is not None:
        parts.append(f"The {money.next_label} will cost about ${money.next_estimate_usd:.2f}.")
    parts.append(f"The whole plan is estimated at ${board.estimated_cost_usd:.2f} with the models it runs now")
    if abs(board.provider_cost_usd - board.estimated_cost_usd) > 0.005:
        parts[-1] += f", ${board.provider_cost_usd:.2f} with the preferred provider models"
    parts[-1] += "."
    if money.budget_usd is not None:
        parts.append(f"Budget ${money.budget_usd:g}, ${money.spent_usd:.2f} spent.")
    return " ".join(parts)


def _models(board: Storyboard | None, catalog: Catalog, scene: int | None, *, why: bool) -> str:
    if board is None:
        return "Models are chosen in the storyboard, which comes after the concept is approved."
    if scene is not None and not board.has_scene(scene):
        return f"There is no scene {scene}; the storyboard has scenes 1–{len(board.scenes)}."
    scenes = [board.scene(scene)] if scene is not None else board.scenes
    lines = []
    for s in scenes:
        cells = []
        for c in s.models:
            shown = c.preferred_model_id or c.model_id
            try:
                name = catalog.get(shown).name
            except LookupError:
                name = shown
            local = f" (run as a local draft, $0: no key for {name})" if c.preferred_model_id else ""
            reason = f" — {c.reason}" if why else ""
            cells.append(f"{c.capability.value.replace('_', ' ')}: {name}{local}{reason}")
        lines.append(f"Scene {s.index}: " + "; ".join(cells))
    return "\n".join(lines)


def _status(state: CampaignState) -> str:
    if state.status == "delivered":
        return f"The campaign is delivered: {len(state.exports)} platform file(s)."
    made = sum(len(v) for v in state.keyframes.values())
    return (
        f"Status: {state.status}. Scenes: {len(state.storyboard.scenes) if state.storyboard else 0}, "
        f"keyframes made: {made}, picks: {len(state.picks)}, clips: {len(state.clips)}, "
        f"platform files: {len(state.exports)}."
    )


HINTS: dict[DecisionKind, str] = {
    DecisionKind.APPROVE: "approve it (“looks good”)",
    DecisionKind.REDIRECT: "redirect it in your own words (“warmer and more playful”, “scene 2 darker”)",
    DecisionKind.REGENERATE: "regenerate a scene (“regenerate scene 2”)",
    DecisionKind.CANCEL: "cancel the campaign",
}


def help_text(view: CheckpointView) -> str:
    """What this checkpoint's card offers, and nothing it does not."""
    allowed = {o.press.kind for o in view.options}
    lines = [f"At the {view.stage.value} checkpoint you can:"]
    if isinstance(view.body, KeyframesView):
        lines.append("- pick a variation per scene (the Pick buttons, or “1=2 2=1”, “the second one for scene 1”)")
    if isinstance(view.body, DerivativeView):
        lines.append("- choose how to make the version: " + ", ".join(s.label.lower() for s in view.body.strategies))
    lines += [f"- {HINTS[k]}" for k in HINTS if k in allowed and not isinstance(view.body, DerivativeView)]
    if view.stage is Stage.STORYBOARD or view.stage is Stage.KEYFRAMES or view.stage is Stage.TAKES:
        lines.append("- switch a scene's model (“use Kling for scene 2”)")
    if view.stage is not Stage.CONCEPT and view.stage is not Stage.DERIVATIVE:
        lines.append("- go back to an earlier checkpoint (“go back to the concept”, “undo”) — later work is kept")
    if view.stage is Stage.FINAL:
        lines.append("- ask for another version (“make a LinkedIn version”): I'll ask before approving these files")
    lines.append("- ask about money or models (“what will this cost?”, “which models are we using?”)")
    if view.stage is not Stage.DERIVATIVE:
        lines.append("- ask for post copy (“write 3 TikTok captions with hashtags”)")
    return "\n".join(lines)

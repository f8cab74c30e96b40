"""Planning nodes: free and fast, they run before any gate."""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from langgraph.runtime import Runtime
from langgraph.types import Command

from agent.brands import brand_board, brand_concept
from agent.briefs import parse_brief
from agent.context import Context
from agent.domain import Decision, DecisionKind, ReferenceRole, Stage, Storyboard
from agent.llm.planner import LLMPlanner
from agent.planner.offline import priced
from agent.planner.references import assign_references
from agent.planner.soundtrack import resound, revise_music, switch_music_model
from agent.recall import apply_recalls, outcome_records, planner_recalls
from agent.state import CampaignState
from memory.records import Outcome
from tools.recipe import AssetStatus, Capability


def intake(state: CampaignState) -> dict[str, Any]:
    """Keep the brief the service read (the planner's reading), or parse it by rule (explicit overrides win)."""
    if state.brief is not None:
        return {"status": "planning"}
    brief = parse_brief(
        state.brief_text,
        platforms=state.platforms or None,
        duration_s=state.duration_s,
        budget_usd=state.budget_usd,
    )
    return {"brief": brief, "status": "planning"}


async def concept(state: CampaignState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Write (or rewrite, with feedback) the concept; a new concept retires everything built on the old."""
    assert state.brief is not None
    revision = state.concept.revision + 1 if state.concept else 0
    written = await runtime.context.get_planner().draft_concept(state.brief, state.concept_feedback, revision)
    if state.kit is not None:
        written = brand_concept(written, state.kit)
    retired = [a.model_copy(update={"status": AssetStatus.SUPERSEDED}) for a in state.current_assets()]
    return {
        "concept": written,
        "previous_concept": state.concept,
        "carried": state.storyboard or state.carried,
        "storyboard": None,
        "keyframes": {},
        "picks": {},
        "clips": {},
        "voiceovers": {},
        "music": None,
        "sounds": {},
        "exports": {},
        "stale": [],
        "pending": None,
        "history": [*state.history, *retired],
    }


async def storyboard(state: CampaignState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Break the approved concept into scenes with models, seeds and a cost estimate.

    Coming back to an unchanged concept keeps the storyboard as it was; after a concept rewrite the new
    storyboard keeps the old one's seeds and the marketer's model choices (see :func:`carry_over`).
    """
    assert state.brief is not None and state.concept is not None
    if state.storyboard is not None:
        return {}
    planner = runtime.context.get_planner()
    memory = runtime.context.memory
    recalls: list[str] = []  # this campaign's, handed to the call: the planner is shared by every user
    if memory is not None and isinstance(planner, LLMPlanner):
        recalls = await asyncio.to_thread(planner_recalls, memory, state.brief.raw, state.brand)
    board = await planner.draft_storyboard(state.brief, state.concept, recalls)
    if memory is not None:
        board = await asyncio.to_thread(
            apply_recalls, board, memory, runtime.context.catalog, runtime.context.backends.routes, state.brand
        )
    if state.references:
        context = runtime.context
        board = assign_references(board, state.references, state.brief, context.catalog, context.backends.routes)
        names = ", ".join(r.name for r in state.references)
        painter = next((r.name for r in state.references if r.role is not ReferenceRole.PRODUCT), None)
        paints = (
            f"the local draft paints with the palette of {painter}" if painter else "product scenes show the product"
        )
        note = f"Reference images ({names}) are recorded in every keyframe recipe; {paints}."
        board = board.model_copy(update={"notes": [*board.notes, note]})
    if state.carried is not None:
        board = carry_over(board, state.carried, chosen_models(state), planner)
    if state.kit is not None:
        board = brand_board(board, state.kit)
    return {"storyboard": board, "carried": None}


def chosen_models(state: CampaignState) -> dict[int, str]:
    """The model the marketer last chose per scene ("use Veo for scene 2"), from the decision log."""
    chosen: dict[int, str] = {}
    for record in state.decisions:
        if record.decision.model and record.decision.scene:
            chosen[record.decision.scene] = record.decision.model
    return chosen


def carry_over(board: Storyboard, old: Storyboard, models: dict[int, str], planner: Any) -> Storyboard:
    """Keep the old storyboard's seeds and the marketer's model choices on the scenes both boards have."""
    old_seeds = {s.index: s.seed for s in old.scenes}
    scenes = [s.model_copy(update={"seed": old_seeds[s.index]}) if s.index in old_seeds else s for s in board.scenes]
    board = board.model_copy(update={"scenes": scenes, "voices": {**board.voices, **old.voices}})
    kept = [i for i in models if any(s.index == i for s in board.scenes)]
    for index in kept:
        board, _ = planner.switch_model(board, index, models[index])
    said = [f"seeds of scene {', '.join(str(i) for i in sorted(old_seeds) if board.has_scene(i))}"]
    said += [f"the {route} voice {voice} (your choice)" for route, voice in sorted(old.voices.items())]
    said += [f"scene {i} on {models[i]} (your choice)" for i in kept]
    return board.model_copy(update={"notes": [*board.notes, "Kept from the previous storyboard: " + "; ".join(said)]})


async def revise(
    state: CampaignState, runtime: Runtime[Context]
) -> Command[
    Literal[
        "concept", "approve_concept", "approve_storyboard", "pick_keyframes", "approve_takes", "keyframes", "motion"
    ]
]:
    """Apply a pending redirect, regenerate, model switch or recall rejection; keep everything else."""
    decision = state.pending
    assert decision is not None and state.brief and state.concept
    if decision.kind is DecisionKind.BACK:
        return go_back(state, decision)
    assert state.storyboard is not None
    if decision.voice is not None:
        return set_voice(state, decision)
    if decision.target is Stage.CONCEPT:
        return Command(
            goto="concept", update={"concept_feedback": [*state.concept_feedback, decision.feedback], "pending": None}
        )
    if decision.sound:
        return _resound(state, runtime, decision)
    planner = runtime.context.get_planner()
    scenes = [decision.scene] if decision.scene else [s.index for s in state.storyboard.scenes]
    board, switched = state.storyboard, None
    if decision.reject_recall and decision.scene is not None:
        board = await _reject_recall(state, runtime, decision.scene)
        switched = Capability.TEXT_TO_IMAGE
    if decision.model is not None and decision.scene is not None:
        board, switched = planner.switch_model(board, decision.scene, decision.model)
    if decision.feedback or decision.kind is DecisionKind.REGENERATE:
        for index in scenes:
            board = planner.revise_scene(
                board,
                state.brief,
                state.concept,
                index,
                decision.feedback,
                new_seed=decision.kind is DecisionKind.REGENERATE,
            )
    if state.kit is not None:
        board = brand_board(board, state.kit)
    update: dict[str, Any] = {
        "storyboard": board,
        "pending": None,
        "blocked": {k: v for k, v in state.blocked.items() if k not in scenes},
    }
    if not state.keyframes:  # nothing produced yet: show the revised storyboard again
        return Command(goto="approve_storyboard", update=update)
    pictures_changed = switched in (None, Capability.TEXT_TO_IMAGE) or bool(decision.feedback)
    pictures = scenes if pictures_changed else []
    clips = scenes if pictures_changed or switched is Capability.IMAGE_TO_VIDEO else []
    voices = [
        i
        for i in scenes
        if board.scene(i).voiceover != state.storyboard.scene(i).voiceover or switched is Capability.TEXT_TO_SPEECH
    ]
    await _remember_rejections(state, runtime, pictures, clips, decision.feedback or "regenerated")
    goto: Literal["keyframes", "motion"] = "keyframes" if pictures else "motion"
    return Command(goto=goto, update=update | retire(state, pictures=pictures, clips=clips, voices=voices))


def _resound(state: CampaignState, runtime: Runtime[Context], decision: Decision) -> Command[Any]:
    """Redirect the music bed or one scene's sound; pictures, clips and voices are kept.

    The soundtrack is remade with the takes: before them the revised plan is shown again at its
    checkpoint; after them only the changed bed or sound is generated.
    """
    board, concept = state.storyboard, state.concept
    assert board is not None and concept is not None
    catalog, routes = runtime.context.catalog, runtime.context.backends.routes
    if decision.scene is not None and board.has_scene(decision.scene):
        scene = board.scene(decision.scene)
        if decision.model is not None and scene.sound:  # another sound model for the scene's effect
            board, _ = runtime.context.get_planner().switch_model(board, scene.index, decision.model)
        elif decision.model is None:
            scene, _ = resound(scene, decision.feedback, catalog, routes)
            board = board.model_copy(update={"scenes": [scene if s.index == scene.index else s for s in board.scenes]})
    elif decision.model is not None:
        board = board.model_copy(update={"music": switch_music_model(board, decision.model, catalog, routes)})
    else:
        board = revise_music(board, concept, decision.feedback, catalog, routes)
    update: dict[str, Any] = {"storyboard": priced(board), "pending": None}
    if not state.keyframes:
        return Command(goto="approve_storyboard", update=update)
    if not state.clips:
        return Command(goto="pick_keyframes", update=update)
    return Command(goto="motion", update=update)


def set_voice(state: CampaignState, decision: Decision) -> Command[Any]:
    """Speak the campaign with the chosen voice: only the voiceovers already made are redone (clips are kept).

    Before there are voiceovers the storyboard just records it, and the same checkpoint is shown again.
    """
    assert state.storyboard is not None and decision.voice and decision.voice_route
    board = state.storyboard
    note = f"Voice for the {decision.voice_route} route: {decision.voice} (chosen in chat)."
    notes = [n for n in board.notes if not n.startswith(f"Voice for the {decision.voice_route} route:")]
    board = board.model_copy(
        update={"voices": {**board.voices, decision.voice_route: decision.voice}, "notes": [*notes, note]}
    )
    update: dict[str, Any] = {"storyboard": board, "pending": None}
    if not state.voiceovers:
        return Command(goto=GATES[state.decisions[-1].stage], update=update)
    voices = sorted(state.voiceovers)
    return Command(goto="motion", update=update | retire(state, pictures=[], clips=[], voices=voices))


GATES: dict[Stage, Literal["approve_concept", "approve_storyboard", "pick_keyframes", "approve_takes"]] = {
    Stage.CONCEPT: "approve_concept",
    Stage.STORYBOARD: "approve_storyboard",
    Stage.KEYFRAMES: "pick_keyframes",
    Stage.TAKES: "approve_takes",
}


def go_back(state: CampaignState, decision: Decision) -> Command[Any]:
    """Return to an earlier checkpoint with everything made so far kept; the nodes after it redo only what changes.

    'Start over' drafts a fresh concept from the brief (nothing carried); 'undo' at the concept brings back
    the concept the last rewrite replaced.
    """
    assert decision.target is not None
    if decision.restart:
        return Command(
            goto="concept", update={"pending": None, "concept_feedback": [], "storyboard": None, "carried": None}
        )
    update: dict[str, Any] = {"pending": None}
    if decision.target is Stage.CONCEPT and state.previous_concept is not None and not state.storyboard:
        update |= {
            "concept": state.previous_concept,
            "previous_concept": None,
            "concept_feedback": state.concept_feedback[:-1],
        }
    return Command(goto=GATES[decision.target], update=update)


async def _reject_recall(state: CampaignState, runtime: Runtime[Context], index: int) -> Storyboard:
    """Put back the plan's own keyframe model, seed and guidance, and remember the recall was refused."""
    assert state.storyboard is not None
    scene = state.storyboard.scene(index)
    note = scene.recalled
    if note is None:
        return state.storyboard
    board, _ = runtime.context.get_planner().switch_model(state.storyboard, index, note.previous_model_id)
    restored = board.scene(index).model_copy(
        update={"seed": note.previous_seed, "guidance": note.previous_guidance, "recalled": None}
    )
    memory = runtime.context.memory
    if memory is not None:
        await asyncio.to_thread(memory.mark, note.recipe_hash, Outcome.REJECTED, "recall rejected by the marketer")
    scenes = [restored if s.index == index else s for s in board.scenes]
    return board.model_copy(update={"scenes": scenes})


async def _remember_rejections(
    state: CampaignState, runtime: Runtime[Context], pictures: list[int], clips: list[int], feedback: str
) -> None:
    memory = runtime.context.memory
    if memory is None:
        return
    rejected = [a for i in pictures for a in state.keyframes.get(i, [])]
    rejected += [state.clips[i] for i in clips if i in state.clips]
    records = outcome_records(state, rejected, Outcome.REDIRECTED, feedback, workspace=memory.workspace)
    await asyncio.to_thread(memory.record, records)


def retire(state: CampaignState, *, pictures: list[int], clips: list[int], voices: list[int]) -> dict[str, Any]:
    """Move the named scenes' keyframes, clips and voiceovers to history as rejected.

    Exports are superseded: they contain the old scenes.
    """
    old = [a for i in pictures for a in state.keyframes.get(i, [])]
    old += [state.clips[i] for i in clips if i in state.clips]
    old += [state.voiceovers[i] for i in voices if i in state.voiceovers]
    old += [state.sounds[i] for i in clips if i in state.sounds]
    rejected = [a.model_copy(update={"status": AssetStatus.REJECTED}) for a in old]
    superseded = [a.model_copy(update={"status": AssetStatus.SUPERSEDED}) for a in state.exports.values()]
    return {
        "keyframes": {k: v for k, v in state.keyframes.items() if k not in pictures},
        "picks": {k: v for k, v in state.picks.items() if k not in pictures},
        "clips": {k: v for k, v in state.clips.items() if k not in clips},
        "voiceovers": {k: v for k, v in state.voiceovers.items() if k not in voices},
        "sounds": {k: v for k, v in state.sounds.items() if k not in clips},
        "exports": {},
        "stale": sorted(set(state.stale) | set(pictures) | set(clips) | set(voices)),
        "history": [*state.history, *rejected, *superseded],
    }

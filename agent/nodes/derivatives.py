"""Derivatives of a delivered campaign: 'make a LinkedIn version', 'a 7-second square cut'.

Two strategies, priced at a checkpoint: reframe the existing media (free), or regenerate the kept
shots from their locked recipes at the new frame (paid; the picked keyframe is the reference, so it
holds even for models that ignore seeds). The cut adapts to the new length: the lowest-priority scenes
are dropped first, then the rest are re-timed to add up exactly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from langgraph.runtime import Runtime
from langgraph.types import Command

from agent.checkpoints import checkpoint, validate
from agent.context import Context
from agent.domain import Decision, DecisionKind, ScenePurpose, Stage
from agent.finishing import build_cut, write_report_and_zip
from agent.planner.scenes import split_duration
from agent.production import clip_recipe, describe, job_context, produce
from agent.progress import report
from agent.state import CampaignState, DecisionRecord, Derivative, DerivativeOffer
from tools.delivery.framing import Framing, kept_share, resolve
from tools.delivery.pipeline import deliver
from tools.platforms import PLATFORMS, Format
from tools.recipe import Asset, AssetKind, AssetStatus, Capability, Recipe

MIN_SCENE_S = 1.0
DROP_ORDER = (ScenePurpose.DETAIL, ScenePurpose.BENEFIT, ScenePurpose.STORY, ScenePurpose.HOOK, ScenePurpose.PRODUCT)


def adapt(scenes: list[tuple[int, ScenePurpose, float]], target_s: float) -> tuple[list[tuple[int, float]], list[int]]:
    """Kept scenes with new lengths summing exactly to ``target_s``, and the scenes dropped."""
    kept = list(scenes)
    dropped: list[int] = []
    for purpose in DROP_ORDER:
        while len(kept) * MIN_SCENE_S > target_s and any(p is purpose for _, p, _ in kept) and len(kept) > 1:
            victim = next(s for s in kept if s[1] is purpose)
            kept.remove(victim)
            dropped.append(victim[0])
    shrink = target_s < sum(d for *_, d in kept) * 0.6 and len(kept) > 2
    while shrink and any(p in DROP_ORDER[:3] for _, p, _ in kept):  # a much shorter cut keeps the essentials
        victim = next(s for s in kept if s[1] in DROP_ORDER[:3])
        kept.remove(victim)
        dropped.append(victim[0])
        shrink = target_s < sum(d for *_, d in kept) * 0.6 and len(kept) > 2
    lengths = split_duration(target_s, tuple(p for _, p, _ in kept), [d for *_, d in kept])
    return [(i, length) for (i, _, _), length in zip(kept, lengths, strict=True)], dropped


def offer_derivative(state: CampaignState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Price both strategies and plan the adapted cut (nothing is spent here)."""
    request, board = state.derive_request, state.storyboard
    assert request is not None and board is not None
    platform = PLATFORMS[request.platform]
    target = request.duration_s or board.duration_s
    kept, dropped = adapt([(s.index, s.purpose, s.duration_s) for s in board.scenes], target)
    catalog = runtime.context.catalog
    cost, notes = 0.0, []
    for index, seconds in kept:
        clip = state.clips[index]
        spec = catalog.get(clip.recipe.model_id)
        cost += spec.estimate(seconds=spec.billed_seconds(seconds)) if not spec.local else 0.0
        if not spec.honours_seed:
            notes.append(f"{spec.name} ignores seeds: the picked keyframe is sent as the reference image instead")
    note = "; ".join(dict.fromkeys(notes)) or "same models, same seeds, picked keyframes as the reference"
    master = Format(aspect_ratio=board.master_aspect, width=board.width, height=board.height)
    framing = resolve(Framing.AUTO, master, platform.format)
    offer = DerivativeOffer(
        platform=platform.id,
        duration_s=target,
        scenes=kept,
        dropped=dropped,
        framing=framing.value if framing else None,
        kept_share=round(kept_share(master, platform.format), 3),
        regenerate_usd=round(cost, 4),
        regenerate_note=note,
    )
    return {"status": "waiting", "derivative_offer": offer}


def approve_derivative(state: CampaignState) -> Command[Literal["derive", "__end__"]]:
    """Gate: choose reframe (free: crop or fill) or regenerate (paid), or cancel."""
    assert state.derivative_offer is not None
    from langgraph.types import interrupt

    answer = interrupt(
        checkpoint(state, Stage.DERIVATIVE, {"offer": state.derivative_offer.model_dump(mode="json")}).model_dump(
            mode="json"
        )
    )
    decision = answer if isinstance(answer, Decision) else Decision.model_validate(answer)
    validate(Stage.DERIVATIVE, decision, state)
    update: dict[str, Any] = {
        "decisions": [*state.decisions, DecisionRecord(stage=Stage.DERIVATIVE, decision=decision)]
    }
    if decision.kind is DecisionKind.CANCEL:
        return Command(
            goto="__end__", update=update | {"derive_request": None, "derivative_offer": None, "status": "delivered"}
        )
    return Command(goto="derive", update=update | {"derive_strategy": decision.strategy or "reframe"})


async def derive(state: CampaignState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Make the derivative with the chosen strategy, deliver it with QA, and link it to its sources."""
    offer, board = state.derivative_offer, state.storyboard
    assert offer is not None and board is not None
    platform = PLATFORMS[offer.platform]
    root = runtime.context.settings.campaign_dir(state.campaign_id)
    folder = root / "exports" / "derivatives" / f"{offer.platform}-{offer.duration_s:g}s-{state.derive_strategy}"
    scenes = [(board.scene(i), seconds) for i, seconds in offer.scenes]
    if state.derive_strategy == "regenerate":
        clips = await _regenerate(state, runtime, scenes, platform.format, folder)
        master = platform.format
    else:
        clips = state.clips
        master = Format(aspect_ratio=board.master_aspect, width=board.width, height=board.height)
    cut = build_cut(state, scenes, clips, master, interpolate=runtime.context.settings.interpolate)
    if state.derive_strategy in (Framing.CROP, Framing.FILL):
        cut = cut.model_copy(update={"framing": Framing(state.derive_strategy)})
    delivery = await deliver(
        cut, [offer.platform], folder, lambda done, total, label: report("derivative", done, total, label)
    )
    item = delivery.platforms[offer.platform]
    strategy = "regenerate" if state.derive_strategy == "regenerate" else "reframe"
    sources = [clips[s.index].id for s, _ in scenes]
    original = {a.id for a in state.clips.values()}
    recipe = Recipe(
        capability=Capability.VIDEO_EDIT,
        model_id="local/assembly",
        model_version="2",
        provider_route="local",
        aspect_ratio=platform.format.aspect_ratio,
        width=platform.format.width,
        height=platform.format.height,
        duration_s=offer.duration_s,
        fps=platform.fps,
        extra=item.recipe_extra() | {"strategy": strategy} | (state.kit.recipe_extra() if state.kit else {}),
    )
    export = describe(recipe, item.video, kind=AssetKind.EXPORT, platform=offer.platform, parents=tuple(sources))
    if not item.qa.passed:
        export = export.model_copy(update={"status": AssetStatus.REJECTED})
    made = Derivative(
        platform=offer.platform,
        duration_s=offer.duration_s,
        strategy=strategy,
        framing=item.framing.value if item.framing else None,
        exports=[export, *(c for c in clips.values() if c.id not in original)],
        source_asset_ids=sources,
        qa_passed=item.qa.passed,
    )
    update: dict[str, Any] = {
        "derivatives": [*state.derivatives, made],
        "derive_request": None,
        "derivative_offer": None,
        "derive_strategy": None,
        "status": "delivered",
    }
    write_report_and_zip(state.model_copy(update=update), root)
    return update


async def _regenerate(
    state: CampaignState, runtime: Runtime[Context], scenes: list[tuple[Any, float]], frame: Format, folder: Path
) -> dict[int, Asset]:
    """Each kept shot again from its locked recipe at the new frame; the picked keyframe is the reference."""
    board = state.storyboard
    assert board is not None
    reframed = board.model_copy(
        update={"master_aspect": frame.aspect_ratio, "width": frame.width, "height": frame.height}
    )
    clips: dict[int, Asset] = {}
    for done, (scene, seconds) in enumerate(scenes, start=1):
        keyframe = next(a for a in state.keyframes[scene.index] if a.id == state.picks[scene.index])
        recipe = clip_recipe(
            runtime.context.catalog,
            runtime.context.backends.routes,
            reframed,
            scene.model_copy(update={"duration_s": seconds}),
            keyframe,
        )
        out = folder / "clips" / f"s{scene.index}-{recipe.digest()[:8]}.mp4"
        job = job_context(runtime.context.settings, state.campaign_id, scene.index)
        clips[scene.index] = await produce(
            runtime.context.backends,
            recipe,
            out,
            kind=AssetKind.CLIP,
            job=job,
            scene=scene.index,
            inputs=(Path(keyframe.path),),
            parents=(keyframe.id,),
        )
        report("derivative", done, len(scenes) + 2, f"scene {scene.index} · regenerated")
    return clips

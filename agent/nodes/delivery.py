"""Delivery: per-platform exports, outcomes, and closing a cancelled campaign."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from langgraph.runtime import Runtime

from agent.context import Context
from agent.finishing import build_cut, write_report_and_zip
from agent.production import describe, job_context, produce
from agent.progress import report as report_progress
from agent.recall import outcome_records
from agent.state import CampaignState
from memory.records import Outcome
from tools.delivery.pipeline import PlatformDelivery, deliver
from tools.platforms import PLATFORMS, Format
from tools.recipe import Asset, AssetKind, AssetStatus, Capability, Recipe

EXPORT_MODEL = "local/assembly"


async def finish(state: CampaignState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Soundtrack, captions and one QA-checked MP4 per platform, with covers, contact sheets, timeline, report."""
    board, brief = state.storyboard, state.brief
    assert board is not None and brief is not None
    root = runtime.context.settings.campaign_dir(state.campaign_id)
    master = Format(aspect_ratio=board.master_aspect, width=board.width, height=board.height)
    clips = await upscale_small(state, runtime, master)
    cut = build_cut(
        state,
        [(s, s.duration_s) for s in board.scenes],
        clips,
        master,
        interpolate=runtime.context.settings.interpolate,
    )
    delivery = await deliver(
        cut,
        brief.platforms,
        root / "exports",
        lambda done, total, label: report_progress("exports", done, total, label),
    )
    per_scene = [(state.clips[i], state.voiceovers.get(i), state.sounds.get(i)) for i in sorted(state.clips)]
    takes = [a for row in per_scene for a in row if a]
    parents = tuple(a.id for a in [*takes, *([state.music] if state.music else [])])
    exports = {p: export_asset(state, d, board.duration_s, parents) for p, d in delivery.platforms.items()}
    upscaled = {i: c for i, c in clips.items() if c.id != state.clips[i].id}
    update: dict[str, Any] = {"exports": exports, "delivery": delivery, "status": "waiting", "upscaled": upscaled}
    write_report_and_zip(state.model_copy(update=update), root)
    return update


async def upscale_small(state: CampaignState, runtime: Runtime[Context], master: Format) -> dict[int, Asset]:
    """Clips smaller than the master frame go through the catalog's upscaler (Topaz when routed, else Lanczos)."""
    backends = runtime.context.backends
    model = "topaz-video-upscale" if backends.available("topaz-video-upscale") else "local/upscale"
    spec = runtime.context.catalog.get(model)
    root = runtime.context.settings.campaign_dir(state.campaign_id)
    clips = dict(state.clips)
    for index, clip in state.clips.items():
        if index in state.upscaled:
            clips[index] = state.upscaled[index]
            continue
        width, height = clip.media.width or master.width, clip.media.height or master.height
        if width >= master.width and height >= master.height:
            continue
        factor = max(master.width / width, master.height / height)
        recipe = Recipe(
            capability=Capability.UPSCALE,
            model_id=spec.id,
            model_version=spec.version,
            provider_route=backends.route(spec.id),
            width=master.width,
            height=master.height,
            duration_s=clip.media.duration_s,
            reference_asset_hashes=(clip.sha256,),
            parent_asset_id=clip.id,
            extra={"upscale_factor": f"{min(4.0, factor):.2f}"} | (state.kit.recipe_extra() if state.kit else {}),
        )
        job = job_context(runtime.context.settings, state.campaign_id, index)
        clips[index] = await produce(
            backends,
            recipe,
            root / "clips" / f"s{index}-up-{recipe.digest()[:8]}.mp4",
            kind=AssetKind.CLIP,
            job=job,
            scene=index,
            inputs=(Path(clip.path),),
            parents=(clip.id,),
        )
    return clips


def export_asset(state: CampaignState, item: PlatformDelivery, duration_s: float, parents: tuple[str, ...]) -> Asset:
    """An export as an asset; one that failed QA is marked rejected (reported, not shipped)."""
    platform = PLATFORMS[item.platform]
    fmt = platform.format
    recipe = Recipe(
        capability=Capability.VIDEO_EDIT,
        model_id=EXPORT_MODEL,
        model_version="2",
        provider_route="local",
        aspect_ratio=fmt.aspect_ratio,
        width=fmt.width,
        height=fmt.height,
        duration_s=duration_s,
        fps=platform.fps,
        reference_asset_hashes=tuple(state.clips[i].sha256 for i in sorted(state.clips)),
        extra=item.recipe_extra() | (state.kit.recipe_extra() if state.kit else {}),
    )
    asset = describe(recipe, item.video, kind=AssetKind.EXPORT, platform=item.platform, parents=parents)
    return asset if item.qa.passed else asset.model_copy(update={"status": AssetStatus.REJECTED})


async def learn(state: CampaignState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Mark what was approved and file it in memory; rejected and superseded assets stay in history."""
    approved = AssetStatus.APPROVED
    keyframes = {
        i: [a.model_copy(update={"status": approved}) if a.id == state.picks.get(i) else a for a in v]
        for i, v in state.keyframes.items()
    }
    clips = {i: a.model_copy(update={"status": approved}) for i, a in state.clips.items()}
    memory = runtime.context.memory
    if memory is not None:
        winners = [a for v in keyframes.values() for a in v if a.status is approved] + list(clips.values())
        records = outcome_records(state, winners, Outcome.APPROVED, workspace=memory.workspace)
        await asyncio.to_thread(memory.record, records)
    update: dict[str, Any] = {
        "keyframes": keyframes,
        "clips": clips,
        "voiceovers": {i: a.model_copy(update={"status": approved}) for i, a in state.voiceovers.items()},
        "exports": {
            p: a.model_copy(update={"status": approved}) if a.status is not AssetStatus.REJECTED else a
            for p, a in state.exports.items()
        },
        "status": "delivered",
    }
    write_report_and_zip(state.model_copy(update=update), runtime.context.settings.campaign_dir(state.campaign_id))
    return update


def cancelled(state: CampaignState) -> dict[str, Any]:
    """Stop the campaign; everything produced so far stays on disk and in the manifest."""
    return {"status": "cancelled", "pending": None}

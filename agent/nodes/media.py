"""Paid (or slow) production nodes. They only run after a gate approved them."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from langgraph.runtime import Runtime

from agent.blocking import Alternative, Blocked, alternatives, guarded
from agent.context import Context
from agent.domain import Scene
from agent.production import (
    clip_recipe,
    job_context,
    keyframe_recipe,
    local_instead,
    music_recipe,
    produce,
    reference_inputs,
    sound_recipe,
    voice_recipe,
)
from agent.progress import report
from agent.state import CampaignState
from tools.backends import Backends
from tools.catalog import Catalog
from tools.jobs.context import JobContext
from tools.jobs.ledger import BudgetExceeded
from tools.providers.base import ModerationRejected
from tools.recipe import Asset, AssetKind, AssetStatus, Recipe

T = TypeVar("T")
log = logging.getLogger(__name__)
Job = Callable[[], Awaitable[Asset | Blocked]]


async def gather_limited(stage: str, jobs: Sequence[tuple[str, Callable[[], Awaitable[T]]]], limit: int) -> list[T]:
    """Run jobs concurrently, at most ``limit`` at a time, reporting progress as each finishes.

    The first failure cancels the other jobs and is raised as itself.
    """
    gate = asyncio.Semaphore(limit)
    done = 0

    async def one(label: str, job: Callable[[], Awaitable[T]]) -> T:
        nonlocal done
        async with gate:
            result = await job()
        done += 1
        report(stage, done, len(jobs), label)
        return result

    report(stage, 0, len(jobs), "starting")
    try:
        async with asyncio.TaskGroup() as group:  # one failure cancels (and awaits) the rest
            tasks = [group.create_task(one(label, job)) for label, job in jobs]
    except BaseExceptionGroup as failed:
        raise failed.exceptions[0] from None
    return [task.result() for task in tasks]


def _folder(runtime: Runtime[Context], state: CampaignState, sub: str) -> Path:
    return runtime.context.settings.campaign_dir(state.campaign_id) / sub


def _job(state: CampaignState, runtime: Runtime[Context], scene: int) -> JobContext:
    return job_context(runtime.context.settings, state.campaign_id, scene)


def _guard(runtime: Runtime[Context], scene: Scene, recipe: Recipe, run: Callable[[], Awaitable[Asset]]) -> Job:
    catalog = runtime.context.catalog

    def estimate(model_id: str) -> float:
        return catalog.get(model_id).estimate_recipe(recipe)

    def options() -> list[Alternative]:
        return alternatives(catalog, recipe.capability, recipe.model_id, estimate, runtime.context.backends.available)

    return partial(
        guarded,
        run,
        scene=scene.index,
        capability=recipe.capability,
        model_id=recipe.model_id,
        prompt=recipe.prompt,
        options=options,
    )


def _split(made: list[Asset | Blocked]) -> tuple[list[Asset], dict[int, Blocked]]:
    """Assets made, and the scenes that got nothing of some kind (one good variation is enough)."""
    assets = [m for m in made if isinstance(m, Asset)]
    produced = {(a.scene_index, a.recipe.capability) for a in assets}
    blocked = {m.scene: m for m in made if isinstance(m, Blocked) and (m.scene, m.capability) not in produced}
    return assets, blocked


async def keyframes(state: CampaignState, runtime: Runtime[Context]) -> dict[str, Any]:
    """N variations for every scene that has none (all at first, redirected ones later), concurrently."""
    board, catalog = state.storyboard, runtime.context.catalog
    backends = runtime.context.backends
    routes = backends.routes
    assert board is not None
    todo = [s for s in board.scenes if s.index not in state.keyframes]
    folder = _folder(runtime, state, "keyframes")
    jobs: list[tuple[str, Job]] = []
    for scene in todo:
        for v in range(1, board.variations + 1):
            palette = state.concept.palette_hex if state.concept else []
            recipe = keyframe_recipe(catalog, routes, board, scene, v, state.references, palette)
            out = folder / f"s{scene.index}-v{v}-{recipe.digest()[:8]}.png"
            run = partial(
                produce,
                backends,
                recipe,
                out,
                kind=AssetKind.KEYFRAME,
                job=_job(state, runtime, scene.index),
                scene=scene.index,
                variation=v,
                inputs=tuple(reference_inputs(recipe, state.references)),
            )
            jobs.append((f"scene {scene.index} · variation {v}", _guard(runtime, scene, recipe, run)))
    made, blocked = _split(await gather_limited("keyframes", jobs, runtime.context.settings.concurrency))
    frames = dict(state.keyframes)
    for asset in made:
        assert asset.scene_index is not None
        frames.setdefault(asset.scene_index, []).append(asset)
    return {"keyframes": frames, "blocked": dict(state.blocked) | blocked, "status": "waiting"}


async def _or_local(
    backends: Backends, catalog: Catalog, recipe: Recipe, out: Path, *, kind: AssetKind, job: JobContext
) -> Asset:
    """Music and sound are never worth blocking the cut: a refused request falls back to the local draft."""
    try:
        return await produce(backends, recipe, out, kind=kind, job=job, scene=job.scene)
    except (ModerationRejected, BudgetExceeded) as refused:
        log.warning("%s refused (%s); the local draft backend makes it instead", recipe.model_id, refused)
        local = local_instead(catalog, recipe)
        return await produce(backends, local, out.with_stem(f"{out.stem}-local"), kind=kind, job=job, scene=job.scene)


def _sound_jobs(state: CampaignState, runtime: Runtime[Context]) -> list[tuple[str, Job]]:
    """The music bed and scene sounds the storyboard asks for that are missing or out of date."""
    board, catalog, backends = state.storyboard, runtime.context.catalog, runtime.context.backends
    assert board is not None
    folder = _folder(runtime, state, "sound")
    jobs: list[tuple[str, Job]] = []
    if board.music is not None:
        recipe = music_recipe(catalog, backends.routes, board)
        if state.music is None or state.music.recipe.digest() != recipe.digest():
            out = folder / f"music-{recipe.digest()[:8]}.wav"
            job = job_context(runtime.context.settings, state.campaign_id, None)
            jobs.append(
                ("music bed", partial(_or_local, backends, catalog, recipe, out, kind=AssetKind.MUSIC, job=job))
            )
    for scene in board.scenes:
        if not scene.sound:
            continue
        recipe = sound_recipe(catalog, backends.routes, scene)
        have = state.sounds.get(scene.index)
        if have is None or have.recipe.digest() != recipe.digest():
            out = folder / f"s{scene.index}-{recipe.digest()[:8]}.wav"
            run = partial(
                _or_local, backends, catalog, recipe, out, kind=AssetKind.SOUND, job=_job(state, runtime, scene.index)
            )
            jobs.append((f"scene {scene.index} · sound", run))
    return jobs


async def motion(state: CampaignState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Animate each picked keyframe (seed locked) and voice each scene that lacks a take."""
    board, catalog = state.storyboard, runtime.context.catalog
    backends = runtime.context.backends
    routes = backends.routes
    assert board is not None
    clips_dir, voice_dir = _folder(runtime, state, "clips"), _folder(runtime, state, "voice")
    picked = {i: next(a for a in state.keyframes[i] if a.id == asset_id) for i, asset_id in state.picks.items()}
    keyframes = {
        i: [
            a.model_copy(update={"status": AssetStatus.PICKED if a.id == state.picks.get(i) else AssetStatus.DRAFT})
            for a in variations
        ]
        for i, variations in state.keyframes.items()
    }
    jobs: list[tuple[str, Job]] = []
    for scene in board.scenes:
        job = _job(state, runtime, scene.index)
        if scene.index not in state.clips:
            frame = picked[scene.index]
            recipe = clip_recipe(catalog, routes, board, scene, frame)
            out = clips_dir / f"s{scene.index}-{recipe.digest()[:8]}.mp4"
            run = partial(
                produce,
                backends,
                recipe,
                out,
                kind=AssetKind.CLIP,
                job=job,
                scene=scene.index,
                inputs=(Path(frame.path),),
                parents=(frame.id,),
            )
            jobs.append((f"scene {scene.index} · clip", _guard(runtime, scene, recipe, run)))
        if scene.index not in state.voiceovers and scene.voiceover.strip():
            recipe = voice_recipe(catalog, routes, board, scene)
            out = voice_dir / f"s{scene.index}-{recipe.digest()[:8]}.wav"
            run = partial(produce, backends, recipe, out, kind=AssetKind.VOICEOVER, job=job, scene=scene.index)
            jobs.append((f"scene {scene.index} · voiceover", _guard(runtime, scene, recipe, run)))
    jobs += _sound_jobs(state, runtime)
    made, blocked = _split(await gather_limited("takes", jobs, runtime.context.settings.concurrency))
    clips, voices = dict(state.clips), dict(state.voiceovers)
    new_music = next((a for a in made if a.kind is AssetKind.MUSIC), None)
    new_sounds = {a.scene_index: a for a in made if a.kind is AssetKind.SOUND and a.scene_index is not None}
    old = [state.music] if new_music is not None and state.music is not None else []
    old += [state.sounds[i] for i in new_sounds if i in state.sounds]
    superseded = [a.model_copy(update={"status": AssetStatus.SUPERSEDED}) for a in old]
    music = new_music or (state.music if board.music is not None else None)
    kept = {i: a for i, a in state.sounds.items() if board.has_scene(i) and board.scene(i).sound}
    for asset in made:
        if asset.kind in (AssetKind.CLIP, AssetKind.VOICEOVER):
            assert asset.scene_index is not None
            (clips if asset.kind is AssetKind.CLIP else voices)[asset.scene_index] = asset
    return {
        "keyframes": keyframes,
        "clips": clips,
        "voiceovers": voices,
        "music": music,
        "sounds": kept | new_sounds,
        "history": [*state.history, *superseded],
        "stale": [],
        "blocked": dict(state.blocked) | blocked,
        "status": "waiting",
    }

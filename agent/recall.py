"""Memory in the campaign: pre-fill scenes from approved recipes, and file outcomes as they happen."""

from __future__ import annotations

from collections.abc import Iterable

from agent.domain import RecallNote, Storyboard
from agent.planner import models as routing
from agent.state import CampaignState
from memory.records import Outcome, OutcomeRecord
from memory.store import ChromaMemory
from tools.catalog import Catalog
from tools.recipe import Asset, AssetKind, Capability
from tools.routes import Routes

REMEMBERED = (AssetKind.KEYFRAME, AssetKind.CLIP)


def scene_text(description: str, prompt: str) -> str:
    """The text recalls are matched on: the same shape as a record's embedded text."""
    return f"{description}\n{prompt}"


def planner_recalls(memory: ChromaMemory, brief_text: str, brand: str | None, k: int = 5) -> list[str]:
    """The approved recipes like this brief, as lines for the planner's prompt (one campaign's, never shared)."""
    found = memory.search(brief_text, k=k, brand=brand, positive_only=True)
    return [
        f"- {r.record.description}: {r.record.model_id}, seed {r.record.seed}, approved "
        f"{r.record.approvals}x, rejected {r.record.rejections}x"
        for r in found
    ]


def apply_recalls(
    board: Storyboard, memory: ChromaMemory, catalog: Catalog, routes: Routes, brand: str | None
) -> Storyboard:
    """Pre-fill each scene's keyframe model, seed and guidance from the best approved match, and say so."""
    scenes = []
    notes = []
    for scene in board.scenes:
        found = memory.recall(
            scene_text(scene.description, scene.prompt), capability=Capability.TEXT_TO_IMAGE.value, brand=brand, k=1
        )
        if not found:
            scenes.append(scene)
            continue
        best = found[0].record
        spec = catalog.get(best.model_id)
        if not (spec.local or routes.available(spec.id)):
            notes.append(
                f"Scene {scene.index}: remembered {spec.name} (seed {best.seed}) but no provider for it is "
                "configured; kept the plan's own choice."
            )
            scenes.append(scene)
            continue
        current = scene.choice(Capability.TEXT_TO_IMAGE)
        note = RecallNote(
            model_id=spec.id,
            model_name=spec.name,
            seed=best.seed,
            guidance=best.guidance,
            approvals=best.approvals,
            rejections=best.rejections,
            similarity=found[0].similarity,
            source=best.description,
            campaign_title=best.campaign_title,
            recipe_hash=best.recipe_hash,
            previous_model_id=current.model_id,
            previous_seed=scene.seed,
            previous_guidance=scene.guidance,
        )
        work = routing.Work(scene.duration_s, board.variations, board.width * board.height / 1e6, 0)
        choice = routing.finalize(
            routing.Preference(
                Capability.TEXT_TO_IMAGE, spec, note.describe(), routing.unit_cost(spec, Capability.TEXT_TO_IMAGE, work)
            ),
            catalog,
            routes,
        )
        models = [choice if c.capability is Capability.TEXT_TO_IMAGE else c for c in scene.models]
        scenes.append(
            scene.model_copy(
                update={
                    "models": models,
                    "seed": best.seed if best.seed is not None else scene.seed,
                    "guidance": best.guidance if best.guidance is not None else scene.guidance,
                    "recalled": note,
                }
            )
        )
        notes.append(f"Scene {scene.index}: {note.describe()}.")
    return board.model_copy(update={"scenes": scenes, "notes": [*board.notes, *notes]})


def outcome_records(
    state: CampaignState, assets: Iterable[Asset], outcome: Outcome, feedback: str = "", *, workspace: str
) -> list[OutcomeRecord]:
    """Records for keyframes and clips, described by the storyboard they were made from."""
    if state.storyboard is None:
        return []
    frames = {a.id: a for a in state.all_assets() if a.kind is AssetKind.KEYFRAME}
    records = []
    for asset in assets:
        if asset.kind not in REMEMBERED or asset.scene_index is None:
            continue
        scene = state.storyboard.scene(asset.scene_index)
        recipe = asset.recipe
        thumb = asset.path if asset.kind is AssetKind.KEYFRAME else frames.get(recipe.parent_asset_id or "", asset).path
        records.append(
            OutcomeRecord(
                recipe_hash=recipe.digest(),
                description=scene.description,
                prompt=recipe.prompt,
                negative_prompt=recipe.negative_prompt,
                capability=recipe.capability.value,
                model_id=recipe.model_id,
                model_version=recipe.model_version,
                provider_route=recipe.provider_route,
                seed=recipe.seed,
                guidance=recipe.guidance,
                aspect_ratio=recipe.aspect_ratio or "",
                duration_s=recipe.duration_s,
                used_reference=bool(recipe.reference_asset_hashes),
                cost_usd=asset.cost_usd,
                outcome=outcome,
                feedback=feedback,
                campaign_id=state.campaign_id,
                campaign_title=state.concept.title if state.concept else "",
                brand=state.brand or "",
                workspace=workspace,
                thumbnail=thumb,
            )
        )
    return records

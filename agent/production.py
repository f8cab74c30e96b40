"""Recipes for each scene's media, and turning a recipe into a probed, hashed :class:`Asset`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel

from agent.domain import ModelChoice, ReferenceRole, Scene, Storyboard
from agent.settings import Settings
from agent.state import ReferenceImage
from tools.backends import Backends
from tools.catalog import Catalog
from tools.jobs.context import JobContext
from tools.probe import probe
from tools.recipe import Asset, AssetKind, Capability, Recipe, sha256_file
from tools.routes import LOCAL, Routes

_PREFIX = {
    AssetKind.KEYFRAME: "kf",
    AssetKind.CLIP: "clip",
    AssetKind.VOICEOVER: "vo",
    AssetKind.EXPORT: "exp",
    AssetKind.MUSIC: "mus",
    AssetKind.SOUND: "sfx",
}
WHOOSH_S = 1.0


def _recipe(catalog: Catalog, routes: Routes, scene: Scene, capability: Capability, **fields: object) -> Recipe:
    return _from_choice(catalog, routes, scene.choice(capability), capability, scene.brand, **fields)


def _from_choice(
    catalog: Catalog,
    routes: Routes,
    choice: ModelChoice,
    capability: Capability,
    brand: dict[str, str],
    **fields: object,
) -> Recipe:
    """The recipe for one storyboard choice: its priced options, the brand kit and the given fields."""
    spec = catalog.get(choice.model_id)
    extra = fields.pop("extra", {})
    assert isinstance(extra, dict)
    extra = {**spec.option_values(choice.options), **brand, **extra}  # what is sent, and priced
    return Recipe(
        capability=capability,
        model_id=spec.id,
        model_version=spec.version,
        provider_route=routes.route(spec.id),
        extra=extra,
        **fields,
    )


def keyframe_recipe(
    catalog: Catalog,
    routes: Routes,
    board: Storyboard,
    scene: Scene,
    variation: int,
    references: Sequence[ReferenceImage] = (),
    palette: Sequence[str] = (),
) -> Recipe:
    """Recipe for one keyframe variation: the scene seed plus the variation number.

    Reference images are recorded by hash; the first non-product one's palette is carried for backends that use it.
    The scene's own references (the product in a product scene) are listed in ``extra["reference_inputs"]``
    and go to the model as input files; a provider model then runs its image-edit endpoint. On-screen text
    is not drawn into keyframes: delivery burns it once.
    """
    extra: dict[str, str] = {}
    if scene.references:
        extra["reference_inputs"] = ",".join(r.sha256 for r in scene.references)
    painters = [r for r in references if r.role is not ReferenceRole.PRODUCT and r.palette]
    if painters:  # a style (or character, logo) reference's colours; the product's own would camouflage it
        extra["palette"] = ",".join(painters[0].palette)
    elif palette:  # the concept's own colours, so a local draft shows the palette the marketer approved
        extra["palette"] = ",".join(palette)
    recipe = _recipe(
        catalog,
        routes,
        scene,
        Capability.TEXT_TO_IMAGE,
        prompt=scene.prompt,
        negative_prompt=scene.negative_prompt,
        seed=scene.seed + variation - 1,
        guidance=scene.guidance,
        aspect_ratio=board.master_aspect,
        width=board.width,
        height=board.height,
        reference_asset_hashes=tuple(r.sha256 for r in references),
        extra=extra,
    )
    spec = catalog.get(recipe.model_id)
    if scene.references and not spec.local and Capability.IMAGE_EDIT in spec.capabilities:
        recipe = recipe.model_copy(update={"capability": Capability.IMAGE_EDIT})
    return recipe


def reference_inputs(recipe: Recipe, references: Sequence[ReferenceImage]) -> list[Path]:
    """The files a keyframe recipe names as its reference inputs, in the recipe's order."""
    by_hash = {r.sha256: Path(r.path) for r in references}
    wanted = [h for h in recipe.extra.get("reference_inputs", "").split(",") if h]
    return [by_hash[h] for h in wanted if h in by_hash]


def clip_recipe(catalog: Catalog, routes: Routes, board: Storyboard, scene: Scene, keyframe: Asset) -> Recipe:
    """Recipe for a scene's clip: the picked keyframe as reference, its seed locked."""
    return _recipe(
        catalog,
        routes,
        scene,
        Capability.IMAGE_TO_VIDEO,
        prompt=scene.prompt,
        negative_prompt=scene.negative_prompt,
        seed=keyframe.recipe.seed,
        guidance=scene.guidance,
        aspect_ratio=board.master_aspect,
        width=board.width,
        height=board.height,
        duration_s=scene.duration_s,
        fps=board.fps,
        camera_move=scene.camera_move,
        reference_asset_hashes=(keyframe.sha256,),
        parent_asset_id=keyframe.id,
    )


def voice_recipe(catalog: Catalog, routes: Routes, board: Storyboard, scene: Scene, voice: str | None = None) -> Recipe:
    """Recipe for a scene's voiceover line, in the voice chosen for its speech route (or ``voice``)."""
    route = routes.route(scene.choice(Capability.TEXT_TO_SPEECH).model_id)
    return _recipe(
        catalog,
        routes,
        scene,
        Capability.TEXT_TO_SPEECH,
        prompt=scene.voiceover,
        voice=voice or board.voice_for(route),
        seed=scene.seed,
    )


def music_recipe(catalog: Catalog, routes: Routes, board: Storyboard) -> Recipe:
    """Recipe for the campaign's music bed: the brief's prompt, mood and tempo, the cut's length."""
    music = board.music
    if music is None:
        raise ValueError("this storyboard has no music bed")
    extra = {"mood": music.mood, "bpm": str(music.tempo_bpm)} | ({"lyrics": music.lyrics} if music.lyrics else {})
    return _from_choice(
        catalog,
        routes,
        music.model,
        Capability.TEXT_TO_MUSIC,
        board.scenes[0].brand,
        prompt=music.prompt,
        seed=board.scenes[0].seed,
        duration_s=music.duration_s,
        extra=extra,
    )


def sound_recipe(catalog: Catalog, routes: Routes, scene: Scene) -> Recipe:
    """Recipe for a scene's sound effect or ambience (a whoosh is one second; ambience fills the scene)."""
    seconds = WHOOSH_S if scene.sound_kind == "whoosh" else scene.duration_s
    return _recipe(
        catalog,
        routes,
        scene,
        Capability.TEXT_TO_SOUND,
        prompt=scene.sound,
        seed=scene.seed,
        duration_s=seconds,
        extra={"sound": scene.sound_kind},
    )


def local_instead(catalog: Catalog, recipe: Recipe) -> Recipe:
    """The same request on the capability's local draft backend (after a provider refused it)."""
    local = catalog.local_for(recipe.capability)
    return recipe.model_copy(update={"model_id": local.id, "model_version": local.version, "provider_route": LOCAL})


def job_context(settings: Settings, campaign_id: str, scene: int | None) -> JobContext:
    """The job context for work on a campaign's scene, carrying the run's ``--resubmit-unknown`` choice."""
    return JobContext(campaign_id=campaign_id, scene=scene, resubmit_unknown=settings.resubmit_unknown)


REPLAY_MARK = "replay"
"""Recipe ``extra`` key naming one replay run. No adapter or local backend reads it: it only makes the
runner's idempotency key new, so a replay is a fresh job (and a fresh charge), not the original's result."""


def replay_recipe(recipe: Recipe) -> Recipe:
    """``recipe`` marked as a new run of itself; the request the backend sends is unchanged."""
    return recipe.model_copy(update={"extra": {**recipe.extra, REPLAY_MARK: uuid.uuid4().hex[:12]}})


def run_cost(catalog: Catalog, routes: Routes, recipe: Recipe) -> float:
    """What running ``recipe`` here costs: nothing on a local backend, else the catalog's estimate."""
    if routes.route(recipe.model_id) == LOCAL:
        return 0.0
    return catalog.get(recipe.model_id).estimate_recipe(recipe)


def usd(amount: float) -> str:
    """Dollars, with sub-cent amounts still visible."""
    return f"${amount:.2f}" if amount == 0 or amount >= 0.01 else f"${amount:.4f}"


class ReplayRefused(ValueError):
    """A replay that cannot run: unknown asset, no backend for its model, or past the campaign's budget."""


class ReplayQuote(BaseModel):
    """What replaying one asset would cost, against what is left of its campaign's budget."""

    campaign_id: str
    asset_id: str
    model_id: str
    cost_usd: float
    budget_usd: float | None
    committed_usd: float

    @property
    def left_usd(self) -> float | None:
        """Budget not yet reserved or charged; None without a budget."""
        return None if self.budget_usd is None else max(0.0, self.budget_usd - self.committed_usd)

    @property
    def question(self) -> str:
        """The consent question shown before a paid replay."""
        left = "no budget set" if self.left_usd is None else f"of {usd(self.left_usd)} left"
        return f"Replay asset {self.asset_id} on {self.model_id} for {usd(self.cost_usd)} {left}?"

    def check(self) -> None:
        """Raise :class:`ReplayRefused` when the replay does not fit the budget."""
        left = self.left_usd
        if left is not None and self.cost_usd > left + 1e-9:
            raise ReplayRefused(
                f"replay refused: asset {self.asset_id} on {self.model_id} costs {usd(self.cost_usd)} but only "
                f"{usd(left)} of campaign {self.campaign_id}'s {usd(self.budget_usd or 0)} budget is left. "
                "Nothing was submitted."
            )


async def produce(
    backends: Backends,
    recipe: Recipe,
    out: Path,
    *,
    kind: AssetKind,
    job: JobContext,
    scene: int | None = None,
    variation: int | None = None,
    platform: str | None = None,
    inputs: tuple[Path, ...] = (),
    parents: tuple[str, ...] = (),
) -> Asset:
    """Run ``recipe`` into ``out`` (as part of ``job``'s campaign and scene) and describe the result."""
    generated = await backends.run(recipe, out, job, inputs)
    return describe(
        recipe,
        generated.path,
        kind=kind,
        scene=scene,
        variation=variation,
        platform=platform,
        parents=parents,
        cost=generated.cost_usd,
    )


def describe(
    recipe: Recipe,
    path: Path,
    *,
    kind: AssetKind,
    scene: int | None = None,
    variation: int | None = None,
    platform: str | None = None,
    parents: tuple[str, ...] = (),
    cost: float = 0.0,
) -> Asset:
    """An asset record for a file already on disk."""
    parts = [_PREFIX.get(kind, kind.value)]
    if scene is not None:
        parts.append(f"s{scene}")
    if variation is not None:
        parts.append(f"v{variation}")
    if platform is not None:
        parts.append(platform)
    parts.append(recipe.digest()[:8])
    return Asset(
        id="-".join(parts),
        kind=kind,
        path=str(path),
        sha256=sha256_file(path),
        media=probe(path),
        recipe=recipe,
        cost_usd=cost,
        scene_index=scene,
        variation=variation,
        platform=platform,
        parent_ids=parents,
    )

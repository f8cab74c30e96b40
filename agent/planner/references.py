"""Product references to product scenes: which scenes show the product, and a model that takes the photo.

Applied after any planner (offline or LLM) has routed the storyboard, so both route the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from agent.domain import Brief, ReferenceRole, Scene, ScenePurpose, SceneReference, Storyboard
from agent.planner import models as routing
from agent.planner.offline import priced
from agent.state import ReferenceImage
from tools.catalog import Catalog, ModelSpec
from tools.recipe import Capability
from tools.routes import Routes

KEYFRAME = Capability.TEXT_TO_IMAGE
LOCAL_COMPOSITE = "local/keyframe"
"""The local draft backend cuts the product out of the photo and composites it (see tools/local/keyframes)."""
PRODUCT_PURPOSES = (ScenePurpose.PRODUCT, ScenePurpose.DETAIL, ScenePurpose.CTA)
PREFERRED = ("nano-banana-edit", "seedream-4", "flux-kontext", "gpt-image-1", "qwen-image-edit", "ideogram-character")
"""Reference-capable image models, best first for keeping a product exact."""


def shows_product(scene: Scene, product: str) -> bool:
    """A product, detail or call-to-action shot, or one whose description names the product."""
    named = product.strip().lower()
    return scene.purpose in PRODUCT_PURPOSES or bool(named and named in scene.description.lower())


def takes_references(spec: ModelSpec, routes: Routes) -> bool:
    """Whether the model receives a reference image as input where it would run."""
    if spec.local:
        return spec.id == LOCAL_COMPOSITE
    route = routes.by_model.get(spec.id)
    if route is not None:
        return Capability.IMAGE_EDIT in route.endpoints
    return any(r.capability is Capability.IMAGE_EDIT for r in spec.routes)


def reference_model(catalog: Catalog, routes: Routes) -> ModelSpec | None:
    """The best reference-capable image model: a configured one when any is, else the first in the catalog."""
    known = {m.id: m for m in catalog.models}
    candidates = [known[i] for i in PREFERRED if i in known and takes_references(known[i], routes)]
    runnable = [m for m in candidates if routes.available(m.id)]
    found = runnable or candidates
    return found[0] if found else None


def assign_references(
    board: Storyboard, references: Sequence[ReferenceImage], brief: Brief, catalog: Catalog, routes: Routes
) -> Storyboard:
    """Put the product references on every product scene and its keyframe on a model that takes them."""
    products = [r for r in references if r.role is ReferenceRole.PRODUCT]
    if not products:
        return board
    given = [SceneReference(name=r.name, sha256=r.sha256, role=r.role) for r in products]
    spec = reference_model(catalog, routes)
    megapixels = board.width * board.height / 1_000_000
    scenes, notes = [], []
    for scene in board.scenes:
        if not shows_product(scene, brief.product):
            scenes.append(scene)
            continue
        choice = scene.choice(KEYFRAME)
        current = catalog.get(choice.preferred_model_id or choice.model_id)
        if not takes_references(current, routes) and spec is not None:
            work = routing.Work(scene.duration_s, board.variations, megapixels, 0)
            cost = routing.unit_cost(spec, Capability.IMAGE_EDIT, work)
            reason = f"{spec.name}: takes the product photo as its reference, so the product stays exact"
            choice = routing.finalize(routing.Preference(KEYFRAME, spec, reason, cost), catalog, routes)
            scene = scene.model_copy(
                update={"models": [choice if c.capability is KEYFRAME else c for c in scene.models]}
            )
        scenes.append(scene.model_copy(update={"references": given}))
        notes.append(reference_note(scene, given, choice.model_id, choice.preferred_model_id, catalog, routes))
    return priced(board.model_copy(update={"scenes": scenes, "notes": [*board.notes, *notes]}))


def reference_note(
    scene: Scene,
    given: Sequence[SceneReference],
    model_id: str,
    preferred: str | None,
    catalog: Catalog,
    routes: Routes,
) -> str:
    """'Scene 3 (product): shoe.png (product) → Nano Banana Edit via fal', or the warning that it cannot."""
    names = ", ".join(f"{r.name} ({r.role.value})" for r in given)
    spec = catalog.get(model_id)
    head = f"Scene {scene.index} ({scene.purpose.value}): {names} →"
    if not takes_references(spec, routes):
        return f"{head} {spec.name}, which cannot take references: the product will not be exact."
    if spec.local:
        later = f"; {catalog.get(preferred).name} takes it when a provider is configured" if preferred else ""
        return f"{head} local draft, the product cut out of the photo and composited{later}."
    return f"{head} {spec.name} via {routes.route(model_id)}."

"""Model routing: pick catalog models by strength, tier and budget; run locally when unconfigured."""

from __future__ import annotations

from typing import NamedTuple

from agent.domain import ModelChoice, ScenePurpose
from agent.planner.scenes import is_stylized
from agent.planner.vocabulary import LIVELY
from tools.catalog import Catalog, ModelSpec, Tier
from tools.recipe import Capability
from tools.routes import Routes


class Preference(NamedTuple):
    """The model a scene should use for one capability, why, and what it would cost."""

    capability: Capability
    spec: ModelSpec
    reason: str
    cost: float


def video_strength(purpose: ScenePurpose, duration_s: float, style: str, mood: str) -> str:
    """The catalog strength that matters most for a scene's motion."""
    if duration_s > 8:
        return "long motion"
    if is_stylized(style) or mood == "playful":
        return "stylized"
    if purpose in (ScenePurpose.PRODUCT, ScenePurpose.DETAIL):
        return "camera realism"
    if purpose is ScenePurpose.HOOK and mood in LIVELY:
        return "quick creative"
    if purpose is ScenePurpose.STORY:
        return "human motion"
    return "budget"


def routable(catalog: Catalog, routes: Routes, capability: Capability, aspect: str | None) -> list[ModelSpec]:
    """Priced, officially reachable, non-local models for a capability.

    Models a configured provider can run here come first: when any can, only those are offered, so
    the plan never prefers a model that would silently fall back to a local draft. Aspect-compatible
    models are preferred when there are any.
    """
    models = [m for m in catalog.for_capability(capability) if not m.local and m.official_api and m.price is not None]
    runnable = [m for m in models if routes.available(m.id)]
    models = runnable or models
    if aspect:
        fitting = [m for m in models if not m.aspect_ratios or aspect in m.aspect_ratios]
        models = fitting or models
    return models


class Work(NamedTuple):
    """How much of each unit one scene needs."""

    duration_s: float
    images: int
    megapixels: float
    chars: int


def unit_cost(spec: ModelSpec, capability: Capability, work: Work) -> float:
    """Estimated cost of one scene's work on ``spec``."""
    if capability in (Capability.IMAGE_TO_VIDEO, Capability.TEXT_TO_VIDEO):
        return spec.estimate(seconds=spec.billed_seconds(work.duration_s))
    if capability is Capability.TEXT_TO_SPEECH:
        return spec.estimate(chars=work.chars)
    if capability in (Capability.TEXT_TO_MUSIC, Capability.TEXT_TO_SOUND):
        return spec.estimate(seconds=work.duration_s)
    return spec.estimate(images=work.images, megapixels=work.megapixels)


def choose(
    catalog: Catalog,
    routes: Routes,
    capability: Capability,
    *,
    tier: Tier,
    strength: str,
    aspect: str | None,
    cost_of: dict[str, float],
) -> tuple[ModelSpec, str]:
    """The preferred model for a capability and the reason, before availability is considered."""
    candidates = routable(catalog, routes, capability, aspect)
    in_tier = [m for m in candidates if m.tier is tier] or candidates
    strong = [m for m in in_tier if strength in m.strengths]
    if strong:
        best = min(strong, key=lambda m: cost_of[m.id])
        return best, f"{best.name}: {tier.value} tier, strong at {strength}"
    best = min(in_tier, key=lambda m: cost_of[m.id])
    return best, f"{best.name}: cheapest {tier.value}-tier {capability.value.replace('_', ' ')}"


def finalize(preference: Preference, catalog: Catalog, routes: Routes) -> ModelChoice:
    """Turn a preference into what will run: the model itself if configured, else the local backend."""
    capability, spec, reason, cost = preference
    if routes.available(spec.id):
        return ModelChoice(
            capability=capability, model_id=spec.id, tier=spec.tier, reason=reason, estimated_cost_usd=cost
        )
    local = catalog.local_for(capability)
    return ModelChoice(
        capability=capability,
        model_id=local.id,
        tier=Tier.DRAFT,
        reason=f"{reason}; no provider configured for it, so the local draft backend runs ($0)",
        estimated_cost_usd=0.0,
        preferred_model_id=spec.id,
        preferred_cost_usd=cost,
    )

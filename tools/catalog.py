"""The model catalog: a data file (``catalog.json``) of every model the planner may choose."""

from __future__ import annotations

import json
import math
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field

from tools.errors import UnknownModelError
from tools.recipe import Capability, Recipe

CATALOG_PATH = Path(__file__).with_name("catalog.json")


class Tier(StrEnum):
    """Quality tier: drafts are local, fast is cheap and quick, quality is the final look."""

    DRAFT = "draft"
    FAST = "fast"
    QUALITY = "quality"


class PriceUnit(StrEnum):
    """What a model's price is charged per."""

    IMAGE = "image"
    MEGAPIXEL = "megapixel"
    SECOND = "second"
    KILO_CHARS = "1k_chars"


class Price(BaseModel):
    """A published (or flagged-unverified) price with its source."""

    amount_usd: float
    unit: PriceUnit
    source: str
    as_of: str
    verified: bool


class Route(BaseModel):
    """How a catalog model is reached at one provider for one capability."""

    provider: str
    capability: Capability
    endpoint: str
    source: str = ""
    """Where the endpoint id was confirmed (reference doc tag, or a secondary source)."""


class ModelSpec(BaseModel):
    """One catalog entry."""

    id: str
    name: str
    vendor: str
    capabilities: list[Capability]
    tier: Tier
    strengths: list[str]
    aspect_ratios: list[str]
    durations_s: list[float] | None = None
    honours_seed: bool
    official_api: bool
    price: Price | None
    routes: list[Route] = Field(default_factory=list)
    version: str
    notes: str = ""
    local: bool = False

    def estimate(self, *, images: int = 0, seconds: float = 0.0, chars: int = 0, megapixels: float = 0.0) -> float:
        """Estimated cost in USD for the given amount of work."""
        if self.price is None:
            return 0.0
        units = {
            PriceUnit.IMAGE: images,
            PriceUnit.MEGAPIXEL: megapixels * max(images, 1),
            PriceUnit.SECOND: seconds,
            PriceUnit.KILO_CHARS: chars / 1000,
        }[self.price.unit]
        return round(self.price.amount_usd * units, 4)

    def billed_seconds(self, duration_s: float) -> float:
        """Seconds a video model bills for a scene: its shortest clip length that covers it."""
        if not self.durations_s:
            return float(math.ceil(duration_s))
        covering = [d for d in self.durations_s if d >= duration_s - 1e-9]
        if covering:
            return min(covering)
        longest = max(self.durations_s)
        return longest * math.ceil(duration_s / longest)

    def estimate_recipe(self, recipe: Recipe) -> float:
        """Estimated cost of running one recipe on this model, in the units its price is quoted in."""
        if self.price is None:
            return 0.0
        if self.price.unit is PriceUnit.SECOND:
            return self.estimate(seconds=self.billed_seconds(recipe.duration_s or 5.0))
        if self.price.unit is PriceUnit.KILO_CHARS:
            return self.estimate(chars=len(recipe.prompt))
        megapixels = (recipe.width or 1024) * (recipe.height or 1024) / 1_000_000
        return self.estimate(images=1, megapixels=megapixels)


class Catalog(BaseModel):
    """All models, looked up by id."""

    catalog_version: str
    currency: str
    models: list[ModelSpec]

    def get(self, model_id: str) -> ModelSpec:
        """The model with this id; raises :class:`UnknownModelError` when absent."""
        for spec in self.models:
            if spec.id == model_id:
                return spec
        raise UnknownModelError(model_id, [m.id for m in self.models])

    def for_capability(self, capability: Capability) -> list[ModelSpec]:
        """Models offering a capability, in catalog order."""
        return [m for m in self.models if capability in m.capabilities]

    def local_for(self, capability: Capability) -> ModelSpec:
        """The local draft backend for a capability."""
        for spec in self.for_capability(capability):
            if spec.local:
                return spec
        raise LookupError(f"no local backend for {capability}")


@lru_cache(maxsize=1)
def load_catalog(path: Path = CATALOG_PATH) -> Catalog:
    """Parse and validate the catalog data file."""
    return Catalog.model_validate(json.loads(path.read_text()))

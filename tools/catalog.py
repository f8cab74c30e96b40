"""The model catalog: a data file (``catalog.json``) of every model the planner may choose."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
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
    MINUTE = "minute"
    """Per started minute of output (a 30-second track bills one minute)."""
    GENERATION = "generation"
    """A flat price per request, whatever its length."""


FAL_MEGAPIXEL = 1024 * 1024
"""fal bills per megapixel of 1024×1024 pixels, rounded up to a whole one."""


class RequestOption(BaseModel):
    """A request parameter that changes what a job costs (resolution, audio on or off, rendering speed)."""

    default: str
    """What the adapter sends when the recipe does not say; a test holds the two together."""
    choices: list[str]
    description: str = ""


class PriceVariant(BaseModel):
    """The price when the request sets some options to given values."""

    when: dict[str, str]
    amount_usd: float
    source: str
    as_of: str
    verified: bool


class Rate(BaseModel):
    """The price that applies to one request, with where it comes from."""

    amount_usd: float
    first_unit_usd: float | None
    source: str
    as_of: str
    verified: bool


class Price(BaseModel):
    """A published (or flagged-unverified) price with its source, per unit of work.

    ``amount_usd`` applies to the options' defaults; ``variants`` give the price for other values (the
    variant matching the most options wins).
    """

    amount_usd: float
    unit: PriceUnit
    source: str
    as_of: str
    verified: bool
    first_unit_usd: float | None = None
    """A different price for the first unit (fal bills FLUX.2 [pro]'s first megapixel above the rest)."""
    variants: list[PriceVariant] = Field(default_factory=list)

    def rate(self, options: Mapping[str, str]) -> Rate:
        """The rate for a request with these option values."""
        matching = [v for v in self.variants if all(options.get(k) == value for k, value in v.when.items())]
        if matching:
            best = max(matching, key=lambda v: len(v.when))
            return Rate(
                amount_usd=best.amount_usd,
                first_unit_usd=None,
                source=best.source,
                as_of=best.as_of,
                verified=best.verified,
            )
        return Rate(
            amount_usd=self.amount_usd,
            first_unit_usd=self.first_unit_usd,
            source=self.source,
            as_of=self.as_of,
            verified=self.verified,
        )


class BadOption(ValueError):
    """A request option the model does not offer, or a value it does not take."""


class Route(BaseModel):
    """How a catalog model is reached at one provider for one capability."""

    provider: str
    capability: Capability
    endpoint: str
    source: str
    """Where the endpoint id was confirmed current (the provider's spec, SDK or docs)."""
    as_of: str
    """When that source was published or read (YYYY-MM-DD)."""


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
    options: dict[str, RequestOption] = Field(default_factory=dict)
    """Request parameters that change the price, with the value sent when a recipe does not set one."""
    routes: list[Route] = Field(default_factory=list)
    version: str
    notes: str = ""
    local: bool = False

    def option_values(self, chosen: Mapping[str, str] | None = None) -> dict[str, str]:
        """Every option's value for a request: the defaults, overridden by ``chosen`` (other keys ignored).

        Raises :class:`BadOption` for a value the model does not take.
        """
        values = {name: option.default for name, option in self.options.items()}
        for name, value in (chosen or {}).items():
            option = self.options.get(name)
            if option is None:
                continue
            if value not in option.choices:
                raise BadOption(f"{self.name} takes {name} {' | '.join(option.choices)}, not {value!r}")
            values[name] = value
        return values

    def rate(self, chosen: Mapping[str, str] | None = None) -> Rate | None:
        """The price that applies with these options (None for an unpriced model)."""
        return None if self.price is None else self.price.rate(self.option_values(chosen))

    def estimate(
        self,
        *,
        images: int = 0,
        seconds: float = 0.0,
        chars: int = 0,
        megapixels: float = 0.0,
        options: Mapping[str, str] | None = None,
    ) -> float:
        """Estimated cost in USD for the given amount of work, at the price ``options`` select.

        ``megapixels`` is per image, in millions of pixels; megapixel prices bill whole fal megapixels.
        """
        rate = self.rate(options)
        if rate is None or self.price is None:
            return 0.0
        units: float = {
            PriceUnit.IMAGE: images,
            PriceUnit.MEGAPIXEL: math.ceil(megapixels * 1e6 / FAL_MEGAPIXEL - 1e-9) * max(images, 1),
            PriceUnit.SECOND: seconds,
            PriceUnit.KILO_CHARS: chars / 1000,
            PriceUnit.MINUTE: math.ceil(seconds / 60 - 1e-9),
            PriceUnit.GENERATION: 1,
        }[self.price.unit]
        if rate.first_unit_usd is not None and units >= 1:
            per_image = units / max(images, 1)
            return round(max(images, 1) * (rate.first_unit_usd + rate.amount_usd * (per_image - 1)), 4)
        return round(rate.amount_usd * units, 4)

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
        """Estimated cost of running one recipe on this model, in the units its price is quoted in.

        The recipe's option values count when it is this model's recipe; pricing the same work on another
        model (an alternative for a blocked scene) uses that model's defaults.
        """
        if self.price is None:
            return 0.0
        options = recipe.extra if recipe.model_id == self.id else None  # another model's options do not apply
        if self.price.unit is PriceUnit.SECOND:
            return self.estimate(seconds=self.billed_seconds(recipe.duration_s or 5.0), options=options)
        if self.price.unit in (PriceUnit.MINUTE, PriceUnit.GENERATION):
            return self.estimate(seconds=recipe.duration_s or 0.0, options=options)
        if self.price.unit is PriceUnit.KILO_CHARS:
            return self.estimate(chars=len(recipe.prompt), options=options)
        megapixels = (recipe.width or 1024) * (recipe.height or 1024) / 1_000_000
        return self.estimate(images=1, megapixels=megapixels, options=options)


class Retired(BaseModel):
    """A model the studio no longer routes to, and what to use instead."""

    id: str
    name: str
    retired_on: str
    reason: str
    source: str
    instead: str

    def message(self, instead_name: str) -> str:
        """What to tell someone who asks for it."""
        return f"{self.name} was retired on {self.retired_on} ({self.reason}); use {instead_name} instead."


class Catalog(BaseModel):
    """All current models, looked up by id, and the retired ones with what replaces them."""

    catalog_version: str
    currency: str
    models: list[ModelSpec]
    retired: list[Retired] = Field(default_factory=list)

    def retirement(self, model_id: str) -> str | None:
        """Why ``model_id`` is no longer offered and what to use instead, or None if it was never retired."""
        for gone in self.retired:
            if gone.id == model_id:
                return gone.message(self.get(gone.instead).name)
        return None

    def get(self, model_id: str) -> ModelSpec:
        """The model with this id; raises :class:`UnknownModelError` when absent."""
        for spec in self.models:
            if spec.id == model_id:
                return spec
        raise UnknownModelError(model_id, [m.id for m in self.models], self.retirement(model_id))

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

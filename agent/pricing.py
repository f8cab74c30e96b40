"""Live prices: compare the catalog with what fal charges today, keep the answer, and price from the fresher.

``studio catalog check`` calls :func:`check_catalog` (with ``FAL_KEY`` set) and saves the result beside
the campaigns with its date; :func:`with_live_prices` then prices estimates from it where the live rate
means the same thing as the catalog's (same unit, no request-dependent variants).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import httpx
from pydantic import BaseModel

from tools._http import make_client, origin
from tools.catalog import Catalog, PriceUnit
from tools.providers.fal_platform import parse_pricing, pricing_requests
from tools.providers.keyguard import KeyGuard, KeyScope
from tools.providers.settings import ProviderSettings

CHECK_FILE = "catalog-check.json"
UNITS = {
    "image": PriceUnit.IMAGE,
    "images": PriceUnit.IMAGE,
    "megapixel": PriceUnit.MEGAPIXEL,
    "megapixels": PriceUnit.MEGAPIXEL,
    "second": PriceUnit.SECOND,
    "seconds": PriceUnit.SECOND,
    "video_second": PriceUnit.SECOND,
    "1000 characters": PriceUnit.KILO_CHARS,
    "1k_chars": PriceUnit.KILO_CHARS,
    "minute": PriceUnit.MINUTE,
    "minutes": PriceUnit.MINUTE,
    "audio minute": PriceUnit.MINUTE,
    "generation": PriceUnit.GENERATION,
    "generations": PriceUnit.GENERATION,
    "audio": PriceUnit.GENERATION,
    "audios": PriceUnit.GENERATION,
}


class NoFalKey(RuntimeError):
    """``studio catalog check`` needs ``FAL_KEY``."""


class Drift(BaseModel):
    """One catalog route against fal's live price."""

    model_id: str
    endpoint: str
    catalog_usd: float | None
    catalog_unit: str | None
    catalog_as_of: str | None
    live_usd: float | None
    live_unit: str | None
    applies: bool
    """Whether the live rate replaces the catalog's for estimates (same unit, price not request-dependent)."""
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """Live ÷ catalog, when both are known and in the same unit."""
        if not self.catalog_usd or self.live_usd is None or UNITS.get(self.live_unit or "") != self.catalog_unit:
            return None
        return self.live_usd / self.catalog_usd


class CatalogCheck(BaseModel):
    """What ``studio catalog check`` found, and when."""

    checked_on: str
    platform_url: str
    drifts: list[Drift]

    @property
    def unpriced(self) -> list[Drift]:
        """Routes fal did not price: not available to this account, or retired."""
        return [d for d in self.drifts if d.live_usd is None]


async def check_catalog(
    settings: ProviderSettings,
    catalog: Catalog,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    today: dt.date | None = None,
) -> CatalogCheck:
    """Ask fal's Platform API (``FAL_PLATFORM_URL``) for the price of every fal route in the catalog."""
    platform_url = settings.fal_platform_url
    config = settings.config("fal")
    if config is None:
        raise NoFalKey("studio catalog check asks fal's Platform API for today's prices: set FAL_KEY first")
    routes = [(m, r) for m in catalog.models for r in m.routes if r.provider == "fal"]
    scope = KeyScope(provider="fal", secret=config.api_key, origin=origin(platform_url))
    live = {}
    async with make_client(transport, guard=KeyGuard([scope])) as client:
        for request in pricing_requests(platform_url, config.api_key, [r.endpoint for _, r in routes]):
            for quoted in parse_pricing(await client.send(request)):
                live[quoted.endpoint_id] = quoted
    drifts = []
    for spec, route in routes:
        found = live.get(route.endpoint)
        price = spec.price
        same_unit = found is not None and price is not None and UNITS.get(found.unit) is price.unit
        request_dependent = price is not None and bool(price.variants or price.first_unit_usd)
        note = ""
        if found is None:
            note = "fal did not price it: not available to this key, or retired"
        elif not same_unit:
            note = f"fal bills per {found.unit}; the catalog per {price.unit.value if price else 'nothing'}"
        elif request_dependent:
            note = "the catalog's price depends on the request; fal's single rate is shown, not applied"
        drifts.append(
            Drift(
                model_id=spec.id,
                endpoint=route.endpoint,
                catalog_usd=price.amount_usd if price else None,
                catalog_unit=price.unit.value if price else None,
                catalog_as_of=price.as_of if price else None,
                live_usd=found.unit_price if found else None,
                live_unit=found.unit if found else None,
                applies=same_unit and not request_dependent,
                note=note,
            )
        )
    return CatalogCheck(checked_on=(today or dt.date.today()).isoformat(), platform_url=platform_url, drifts=drifts)


def save_check(check: CatalogCheck, home: Path) -> Path:
    """Keep the result beside the campaigns (written whole, then renamed: a crash leaves the old one)."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / CHECK_FILE
    partial = path.with_suffix(".json.partial")
    partial.write_text(check.model_dump_json(indent=1))
    partial.replace(path)
    return path


def load_check(home: Path) -> CatalogCheck | None:
    """The last saved check, or None."""
    path = home / CHECK_FILE
    if not path.is_file():
        return None
    return CatalogCheck.model_validate(json.loads(path.read_text()))


def with_live_prices(catalog: Catalog, check: CatalogCheck | None) -> Catalog:
    """The catalog with each applicable live price in place of an older catalog price (same unit only)."""
    if check is None:
        return catalog
    fresher = {d.model_id: d for d in check.drifts if d.applies and d.live_usd is not None}
    models = []
    for spec in catalog.models:
        drift = fresher.get(spec.id)
        if drift is None or spec.price is None or (drift.catalog_as_of or "") > check.checked_on:
            models.append(spec)
            continue
        price = spec.price.model_copy(
            update={
                "amount_usd": drift.live_usd,
                "source": f"fal Platform API pricing ({check.platform_url}), checked {check.checked_on}",
                "as_of": check.checked_on,
                "verified": True,
            }
        )
        models.append(spec.model_copy(update={"price": price}))
    return catalog.model_copy(update={"models": models})

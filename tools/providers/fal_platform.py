"""fal's Platform API, pricing: ``GET {platform}/v1/models/pricing?endpoint_id=…``, as pure transforms.

The answer lists, per endpoint, the price for one billing unit:
``{"prices": [{"endpoint_id", "unit_price", "unit", "currency"}], "next_cursor", "has_more"}``
(fal's Platform API docs and its official clients' ``Price`` type; providers.md update of 2026-12-02).
The key is fal's (``Authorization: Key …``) and goes only to the configured platform host.
"""

from __future__ import annotations

from collections.abc import Sequence

import httpx
from pydantic import BaseModel, SecretStr, ValidationError

from tools.providers.base import ProviderError

PLATFORM_URL = "https://api.fal.ai"
BATCH = 50
"""fal accepts up to 50 endpoint ids per pricing request."""


class LivePrice(BaseModel):
    """What fal charges today for one unit of an endpoint's work."""

    endpoint_id: str
    unit_price: float
    unit: str
    currency: str = "USD"


class _Page(BaseModel):
    prices: list[LivePrice]
    next_cursor: str | None = None
    has_more: bool = False


def pricing_requests(base_url: str, api_key: SecretStr, endpoint_ids: Sequence[str]) -> list[httpx.Request]:
    """One request per batch of endpoint ids."""
    ids = list(dict.fromkeys(endpoint_ids))
    url = f"{base_url.rstrip('/')}/v1/models/pricing"
    headers = {"Authorization": f"Key {api_key.get_secret_value()}", "Accept": "application/json"}
    return [
        httpx.Request("GET", url, params=[("endpoint_id", e) for e in ids[i : i + BATCH]], headers=headers)
        for i in range(0, len(ids), BATCH)
    ]


def parse_pricing(response: httpx.Response) -> list[LivePrice]:
    """The prices in one answer; an error answer raises :class:`ProviderError` with fal's words."""
    if response.is_error:
        raise ProviderError("fal", f"the pricing API answered HTTP {response.status_code}: {response.text[:300]}")
    try:
        return _Page.model_validate_json(response.content).prices
    except ValidationError as exc:
        raise ProviderError("fal", f"the pricing API answered in an unexpected shape: {exc.errors()[:2]}") from exc

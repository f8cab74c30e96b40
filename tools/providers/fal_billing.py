"""fal's Platform API, billing events: ``GET {platform}/v1/models/billing-events``, as pure transforms.

One event per billed request: ``{"billing_events": [{"request_id", "endpoint_id", "timestamp",
"output_units", "unit_price", "cost_subtotal", "cost_discount", "cost_total", "cost_estimate_nano_usd"}],
"next_cursor", "has_more"}``; filters ``endpoint_id`` (1–50), ``start`` and exclusive ``end`` (ISO 8601, at
most 90 days apart), ``limit`` and ``cursor`` (fal's Platform API docs, "Billing Events"). ``cost_total``
is the charge after discounts. Reading it needs an admin key (``Authorization: Key …``), and the key goes
only to the configured platform host.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import httpx
from pydantic import BaseModel, SecretStr, ValidationError

from tools.providers.base import ProviderError

BATCH = 50
"""fal accepts up to 50 endpoint ids per request."""
MAX_SPAN = dt.timedelta(days=90)
"""fal answers at most 90 days per request."""
PAGE = 1000


class BillingEvent(BaseModel):
    """What fal charged for one request."""

    request_id: str
    endpoint_id: str
    timestamp: dt.datetime | None = None
    output_units: float | None = None
    unit_price: float | None = None
    cost_total: float | None = None
    cost_estimate_nano_usd: float | None = None

    @property
    def cost_usd(self) -> float:
        """The charge after discounts (``cost_total``, else the nano-USD figure)."""
        if self.cost_total is not None:
            return self.cost_total
        return (self.cost_estimate_nano_usd or 0.0) / 1e9


class BillingPage(BaseModel):
    """One page of billing events and the cursor to the next."""

    billing_events: list[BillingEvent]
    next_cursor: str | None = None
    has_more: bool = False

    @property
    def cursor(self) -> str | None:
        """The next page's cursor, or None on the last page."""
        return self.next_cursor if self.has_more and self.next_cursor else None


def windows(start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    """``[start, end)`` cut into spans fal accepts."""
    spans = []
    while start < end:
        spans.append((start, min(start + MAX_SPAN, end)))
        start += MAX_SPAN
    return spans


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def billing_events_requests(
    base_url: str,
    api_key: SecretStr,
    endpoint_ids: Sequence[str],
    start: dt.datetime,
    end: dt.datetime,
) -> list[httpx.Request]:
    """The first page's requests: one per batch of endpoints and span of time (:func:`next_page` pages on)."""
    ids = list(dict.fromkeys(endpoint_ids))
    url = f"{base_url.rstrip('/')}/v1/models/billing-events"
    headers = {"Authorization": f"Key {api_key.get_secret_value()}", "Accept": "application/json"}
    requests = []
    for since, until in windows(start, end):
        for i in range(0, len(ids), BATCH):
            params = [("endpoint_id", e) for e in ids[i : i + BATCH]]
            params += [("start", _iso(since)), ("end", _iso(until)), ("limit", str(PAGE))]
            requests.append(httpx.Request("GET", url, params=httpx.QueryParams(tuple(params)), headers=headers))
    return requests


def next_page(request: httpx.Request, cursor: str) -> httpx.Request:
    """The same query at ``cursor`` (fal keeps a cursor valid only for unchanged filters)."""
    return httpx.Request("GET", request.url.copy_set_param("cursor", cursor), headers=request.headers)


def parse_billing_events(response: httpx.Response) -> BillingPage:
    """One page of events; an error answer raises :class:`ProviderError` with fal's words."""
    if response.is_error:
        hint = " (fal's billing events need an admin API key)" if response.status_code in (401, 403) else ""
        raise ProviderError(
            "fal",
            f"the billing events API answered HTTP {response.status_code}: {response.text[:300]}{hint}",
            status=response.status_code,
        )
    try:
        return BillingPage.model_validate_json(response.content)
    except ValidationError as exc:
        raise ProviderError(
            "fal", f"the billing events API answered in an unexpected shape: {exc.errors()[:2]}"
        ) from exc

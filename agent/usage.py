"""What each provider reports it billed, fetched for a campaign's jobs (fal), or why nothing is (the rest)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import httpx
from pydantic import BaseModel, SecretStr

from tools.providers.base import ProviderError
from tools.providers.fal_billing import billing_events_requests, next_page, parse_billing_events

BEFORE = dt.timedelta(hours=1)
AFTER = dt.timedelta(days=1)
"""The window reaches this far around the campaign's jobs: a billing event is stamped near the job's end."""
SLACK = dt.timedelta(minutes=1)
"""The window's end is at most this far past now (whole seconds on the wire must not cut off a fresh event)."""
MAX_PAGES = 1000

NO_USAGE = {
    "replicate": "Replicate reports compute seconds (metrics.predict_time), not what it billed",
    "openai": "OpenAI reports token counts (usage), not dollars",
    "elevenlabs": "ElevenLabs reports characters (x-character-count), billed as plan credits, not dollars",
    "gemini": "the Gemini API reports no per-request cost",
    "runway": "Runway reports credits per model and day for the whole organization, not per task",
    "bfl": "BFL reports no billed amount per request",
}
"""Why a provider's figure cannot be matched to a job: its ledger figure stands."""


class LedgerJob(BaseModel):
    """A settled provider job as the ledger and the job store know it."""

    job_key: str
    provider: str
    endpoint: str
    model_id: str
    request_id: str | None
    charged_usd: float
    created_at: str
    updated_at: str


def _moment(stamp: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def window(jobs: Iterable[LedgerJob], now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """From an hour before the first job to a day after the last settled one (or just past now)."""
    jobs = list(jobs)
    start = min(_moment(j.created_at) for j in jobs) - BEFORE
    return start, min(max(_moment(j.updated_at) for j in jobs) + AFTER, now + SLACK)


async def fal_costs(
    client: httpx.AsyncClient,
    platform_url: str,
    api_key: SecretStr,
    endpoints: Iterable[str],
    start: dt.datetime,
    end: dt.datetime,
) -> dict[str, float]:
    """What fal billed per request id for ``endpoints`` in ``[start, end)``, every page followed."""
    costs: dict[str, float] = {}
    for request in billing_events_requests(platform_url, api_key, sorted(endpoints), start, end):
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            page = parse_billing_events(await client.send(request))
            for event in page.billing_events:
                costs[event.request_id] = costs.get(event.request_id, 0.0) + event.cost_usd
            cursor = page.cursor
            if cursor is None:
                break
            if cursor in seen:
                raise ProviderError("fal", f"the billing events API repeated the cursor {cursor!r}")
            seen.add(cursor)
            request = next_page(request, cursor)
        else:
            raise ProviderError("fal", f"the billing events API kept paging past {MAX_PAGES} pages")
    return costs

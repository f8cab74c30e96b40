"""``studio ledger --reconcile``: the ledger's charges against what each provider says it billed.

fal lists what it billed per request (its Platform API's billing events); those are matched to the
ledger's jobs by request id over the campaign's time window. The other providers report no billed amount
the studio can match to a job, so for them the ledger's figure stands and the output says why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum

import httpx
from pydantic import BaseModel, computed_field

from agent.usage import NO_USAGE, LedgerJob, fal_costs, window
from tools._http import make_client, origin
from tools.jobs.ledger import ChargeState, Ledger
from tools.jobs.store import JobStore
from tools.providers.base import ProviderError
from tools.providers.keyguard import KeyGuard, KeyScope
from tools.providers.settings import ProviderSettings

TOLERANCE_USD = 0.005
TOLERANCE_SHARE = 0.01
"""A job matches when the two figures are within half a cent or 1 %, whichever is larger."""


class Status(StrEnum):
    """How a model's charges compare with the provider's figure."""

    MATCHES = "matches"
    DIFFERS = "differs"
    NOT_REPORTED = "not reported"
    NOT_CHECKED = "not checked"


class JobCheck(BaseModel):
    """One job: what the ledger charged and what the provider billed."""

    job_key: str
    provider: str
    model_id: str
    request_id: str | None
    charged_usd: float
    reported_usd: float | None

    @property
    def differs(self) -> bool:
        """Reported, and outside the tolerance."""
        return self.reported_usd is not None and not within(self.charged_usd, self.reported_usd)


class Line(BaseModel):
    """One provider and model."""

    provider: str
    model_id: str
    jobs: int
    reported_jobs: int
    charged_usd: float
    reported_usd: float | None
    """The provider's figure for the jobs it reported (None when it reported none)."""
    difference_usd: float | None
    """Reported minus charged, over the jobs the provider reported."""
    status: Status
    note: str = ""


class ProviderCheck(BaseModel):
    """Where a provider's figures came from, how they were matched, or why there are none."""

    provider: str
    source: str
    matched_by: str | None = None
    problem: str | None = None
    """No key, or the provider's error: the ledger is shown unchecked."""


class Reconciliation(BaseModel):
    """What ``studio ledger --reconcile`` found for one campaign."""

    campaign_id: str
    lines: list[Line]
    providers: list[ProviderCheck]
    jobs: list[JobCheck]
    in_flight: int = 0
    """Jobs still reserved (running): not compared."""

    @computed_field  # type: ignore[prop-decorator]
    @property
    def charged_usd(self) -> float:
        """Everything the ledger charged."""
        return sum(line.charged_usd for line in self.lines)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def reported_usd(self) -> float | None:
        """Everything the providers reported (None when they reported nothing)."""
        reported = [line.reported_usd for line in self.lines if line.reported_usd is not None]
        return sum(reported) if reported else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def difference_usd(self) -> float:
        """Reported minus charged, over the jobs that were reported."""
        return sum(line.difference_usd or 0.0 for line in self.lines)

    @property
    def problems(self) -> list[ProviderCheck]:
        """Providers that could not be checked."""
        return [p for p in self.providers if p.problem]


def within(charged: float, reported: float) -> bool:
    """Whether two figures agree within the tolerance."""
    return abs(reported - charged) <= max(TOLERANCE_USD, TOLERANCE_SHARE * max(abs(charged), abs(reported)))


def ledger_jobs(campaign_id: str, ledger: Ledger, store: JobStore) -> tuple[list[LedgerJob], int]:
    """The campaign's settled provider jobs (charged, or released after a submit), and how many are running."""
    records = {r.key: r for r in store.campaign_jobs(campaign_id)}
    jobs, in_flight = [], 0
    for charge in ledger.charges(campaign_id):
        record = records.get(charge.job_key)
        if charge.state is ChargeState.RESERVED:
            in_flight += 1
            continue
        if record is None or (charge.state is ChargeState.RELEASED and record.job is None):
            continue  # never reached the provider
        jobs.append(
            LedgerJob(
                job_key=charge.job_key,
                provider=record.provider,
                endpoint=record.endpoint,
                model_id=charge.model_id,
                request_id=record.job.job_id if record.job else None,
                charged_usd=(charge.actual_usd or 0.0) if charge.state is ChargeState.CHARGED else 0.0,
                created_at=charge.created_at,
                updated_at=charge.updated_at,
            )
        )
    return jobs, in_flight


async def reconcile(
    campaign_id: str,
    ledger: Ledger,
    store: JobStore,
    settings: ProviderSettings,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    now: dt.datetime | None = None,
) -> Reconciliation:
    """Compare a campaign's ledger with each provider's billed figures (fal: by request id)."""
    jobs, in_flight = ledger_jobs(campaign_id, ledger, store)
    providers = sorted({j.provider for j in jobs})
    reported: dict[str, float] = {}
    checks = []
    for provider in providers:
        theirs = [j for j in jobs if j.provider == provider]
        if provider == "fal":
            check, costs = await _check_fal(theirs, settings, transport, now or dt.datetime.now(dt.UTC))
            reported |= {j.job_key: costs[j.request_id] for j in theirs if j.request_id in costs}
        else:
            check = ProviderCheck(provider=provider, source=NO_USAGE.get(provider, "reports no usage"))
        checks.append(check)
    results = [
        JobCheck(
            job_key=j.job_key,
            provider=j.provider,
            model_id=j.model_id,
            request_id=j.request_id,
            charged_usd=j.charged_usd,
            reported_usd=reported.get(j.job_key),
        )
        for j in jobs
    ]
    unchecked = {c.provider for c in checks if c.problem}
    return Reconciliation(
        campaign_id=campaign_id,
        lines=_lines(results, unchecked, {c.provider for c in checks if c.matched_by}),
        providers=checks,
        jobs=results,
        in_flight=in_flight,
    )


async def _check_fal(
    jobs: list[LedgerJob], settings: ProviderSettings, transport: httpx.AsyncBaseTransport | None, now: dt.datetime
) -> tuple[ProviderCheck, dict[str, float]]:
    platform = settings.fal_platform_url
    check = ProviderCheck(
        provider="fal",
        source=f"fal's billing events ({platform}/v1/models/billing-events)",
        matched_by="request id, over the campaign's time window",
    )
    config = settings.config("fal")
    if config is None:
        return check.model_copy(update={"problem": "set FAL_KEY (a fal admin key) to check fal's billing"}), {}
    scope = KeyScope(provider="fal", secret=config.api_key, origin=origin(platform))
    start, end = window(jobs, now)
    try:
        async with make_client(transport, guard=KeyGuard([scope])) as client:
            costs = await fal_costs(client, platform, config.api_key, {j.endpoint for j in jobs}, start, end)
    except (ProviderError, httpx.HTTPError) as exc:
        return check.model_copy(update={"problem": f"fal's billing events could not be read: {exc}"}), {}
    return check, costs


def _lines(results: Iterable[JobCheck], unchecked: set[str], checked: set[str]) -> list[Line]:
    groups: dict[tuple[str, str], list[JobCheck]] = {}
    for r in results:
        groups.setdefault((r.provider, r.model_id), []).append(r)
    lines = []
    for (provider, model_id), group in sorted(groups.items()):
        seen = [r for r in group if r.reported_usd is not None]
        charged = sum(r.charged_usd for r in group)
        reported = sum(r.reported_usd or 0.0 for r in seen) if seen else None
        difference = (reported or 0.0) - sum(r.charged_usd for r in seen) if seen else None
        note = ""
        if provider in unchecked:
            status = Status.NOT_CHECKED
        elif not seen:
            status = Status.NOT_REPORTED
            note = "no billing event yet (fal's can lag by minutes)" if provider in checked else ""
        else:
            status = Status.DIFFERS if any(r.differs for r in seen) else Status.MATCHES
            if len(seen) < len(group):
                note = f"{len(group) - len(seen)} of {len(group)} jobs not billed yet"
        lines.append(
            Line(
                provider=provider,
                model_id=model_id,
                jobs=len(group),
                reported_jobs=len(seen),
                charged_usd=charged,
                reported_usd=reported,
                difference_usd=difference,
                status=status,
                note=note,
            )
        )
    return lines

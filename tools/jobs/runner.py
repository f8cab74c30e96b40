"""The durable job runner: no double submits, no lost results, no spending past the budget."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

from tools.jobs.context import JobContext
from tools.jobs.download import fetch, save_inline
from tools.jobs.ledger import Ledger
from tools.jobs.store import JobRecord, JobStore, Phase
from tools.jobs.uploads import Stager, UploadCache
from tools.providers.base import (
    Adapter,
    Endpoint,
    Job,
    JobState,
    ModerationRejected,
    Output,
    ProviderError,
)
from tools.providers.http import OutcomeUnknown, RetryPolicy, send

log = logging.getLogger(__name__)
Submit = httpx.Request | Callable[[], Awaitable[httpx.Request]]
"""The submit request, or what builds it (checking and uploading inputs) only when a submit is due."""


class SubmitOutcomeUnknown(OutcomeUnknown):
    """An earlier submit may have been accepted and the job cannot be looked up."""


class JobFailed(ProviderError):
    """The provider ran the job and it failed."""


class ResultNotFetched(ProviderError):
    """The job finished and is paid for, but its file could not be fetched; the next run fetches it again."""

    def __init__(self, provider: str, cause: str) -> None:
        super().__init__(
            provider,
            f"the job finished and is paid for, but its result could not be fetched ({cause}). Its result "
            "reference is kept: run or resume again to fetch it without paying twice",
            retryable=True,
        )


def job_key(endpoint: Endpoint, recipe_digest: str, campaign_id: str) -> str:
    """The request hash: same campaign, route and recipe → same job."""
    raw = f"{campaign_id}|{endpoint.provider}|{endpoint.path}|{recipe_digest}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


class JobRunner:
    """Runs provider jobs durably over one shared ``httpx.AsyncClient``."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        store: JobStore,
        ledger: Ledger,
        *,
        limits: dict[str, int] | None = None,
        poll_interval_s: float = 1.0,
        max_wait_s: float = 1800.0,
        policy: RetryPolicy | None = None,
    ) -> None:
        self.client = client
        self.store = store
        self.ledger = ledger
        self.poll_interval_s = poll_interval_s
        self.max_wait_s = max_wait_s
        self.policy = policy or RetryPolicy()
        self._limits = limits or {}
        self._gates: dict[str, asyncio.Semaphore] = {}
        self.stager = Stager(client, UploadCache(store.db), policy=self.policy)
        """Input checks and uploads, over the same client and job database."""

    def gate(self, provider: str) -> asyncio.Semaphore:
        """The per-provider concurrency limit."""
        if provider not in self._gates:
            self._gates[provider] = asyncio.Semaphore(self._limits.get(provider, 4))
        return self._gates[provider]

    async def run(
        self,
        adapter: Adapter,
        endpoint: Endpoint,
        recipe_digest: str,
        submit: Submit,
        out: Path,
        *,
        estimate_usd: float,
        job: JobContext,
    ) -> tuple[Path, float]:
        """Run (or resume) one job of ``job``'s campaign; returns the result file and what it cost.

        The cost is 0 when the job was paid for (and reported) before. A ``submit`` builder runs only
        when a new submit is due, so a paid or running job never re-checks or re-uploads its inputs.
        """
        ctx = job
        key = job_key(endpoint, recipe_digest, ctx.campaign_id)
        record = self.store.get(key)
        if record and record.state is Phase.DONE and record.result_path and Path(record.result_path).is_file():
            return Path(record.result_path), 0.0  # already paid for and on disk
        if record and record.state in (Phase.FINISHED, Phase.DONE):
            path = await self._fetch_again(adapter, record, out)  # paid for: fetched again, never resubmitted
            return path, estimate_usd if record.state is Phase.FINISHED else 0.0
        await asyncio.to_thread(
            self.ledger.reserve,
            key,
            campaign_id=ctx.campaign_id,
            scene=ctx.scene,
            model_id=endpoint.model_id,
            estimate_usd=estimate_usd,
        )
        try:
            async with self.gate(endpoint.provider):
                accepted = await self._job(adapter, endpoint, key, record, submit, ctx)
                outputs = (
                    accepted.outputs
                    if accepted.state is JobState.SUCCEEDED
                    else await self._wait(adapter, accepted, key)
                )
                if not outputs:
                    raise JobFailed(endpoint.provider, "finished without an output file")
        except ModerationRejected as exc:
            self._end(key, Phase.MODERATED, exc.reason)
            raise
        except asyncio.CancelledError:
            await self._cancel_remote(adapter, key)
            raise
        except BaseException as exc:
            if not (isinstance(exc, OutcomeUnknown) or self._lost_track(key, exc)):
                self._end(key, Phase.FAILED, str(exc))
            raise
        # The provider did the work: from here on the money is spent and the result reference is kept.
        self.store.finished(key, accepted.model_copy(update={"state": JobState.SUCCEEDED, "outputs": outputs}))
        self.ledger.charge(key, estimate_usd)
        return await self._fetch(adapter, key, outputs, out), estimate_usd

    async def _job(
        self,
        adapter: Adapter,
        endpoint: Endpoint,
        key: str,
        record: JobRecord | None,
        submit: Submit,
        ctx: JobContext,
    ) -> Job:
        if record and record.state is Phase.SUBMITTED and record.job:
            log.info("resuming %s job %s", endpoint.provider, record.job.job_id)
            return record.job
        if record and record.state is Phase.SUBMITTING and not ctx.resubmit_unknown:
            raise SubmitOutcomeUnknown(
                f"an earlier submit to {endpoint.provider} for {endpoint.model_id} was sent but its answer was "
                "lost, so it may be running (and billed). Check the provider's dashboard; to submit again, "
                "resume with --resubmit-unknown."
            )
        request = submit if isinstance(submit, httpx.Request) else await submit()
        self.store.intend(
            JobRecord(
                key=key,
                provider=endpoint.provider,
                endpoint=endpoint.path,
                model_id=endpoint.model_id,
                campaign_id=ctx.campaign_id,
                scene=ctx.scene,
                state=Phase.SUBMITTING,
            )
        )
        try:
            response = await send(
                self.client, request, idempotent=False, policy=self.policy, resend=adapter.submit_resend
            )
        except OutcomeUnknown as exc:
            raise SubmitOutcomeUnknown(
                f"the submit to {endpoint.provider} for {endpoint.model_id} got no usable answer ({exc}), so it "
                "may be running (and billed). Check the provider's dashboard; to submit again, resume with "
                "--resubmit-unknown"
            ) from exc
        _answered(adapter, response)
        job = adapter.parse_submit(endpoint, response)
        self.store.submitted(key, job)
        return job

    async def _wait(self, adapter: Adapter, job: Job, key: str) -> list[Output]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.max_wait_s
        while True:
            response = await send(self.client, adapter.poll(job), idempotent=True, policy=self.policy)
            _answered(adapter, response)
            progress = adapter.parse_poll(job, response)
            if progress.state is JobState.SUCCEEDED:
                if progress.outputs:
                    return progress.outputs
                result = adapter.result(job)
                if result is None:
                    return []
                answer = await send(self.client, result, idempotent=True, policy=self.policy)
                _answered(adapter, answer)
                return adapter.parse_result(job, answer)
            if progress.state is JobState.MODERATED:
                raise ModerationRejected(job.provider, progress.error or "no reason given")
            if progress.state in (JobState.FAILED, JobState.CANCELLED):
                raise JobFailed(job.provider, progress.error or progress.state.value)
            if loop.time() > deadline:
                raise JobFailed(job.provider, f"still {progress.state.value} after {self.max_wait_s:.0f} s")
            await asyncio.sleep(progress.poll_after_s or self.poll_interval_s)

    async def _fetch(self, adapter: Adapter, key: str, outputs: list[Output], out: Path) -> Path:
        """Fetch a finished job's result; a failure keeps the charge and the reference for the next run."""
        try:
            path, sha = await self._download(adapter, outputs[0], out)
        except (ProviderError, httpx.HTTPError, OSError, ValueError) as exc:
            self.store.fetch_failed(key, str(exc))
            raise ResultNotFetched(adapter.provider, str(exc)) from exc
        self.store.done(key, path, sha)
        return path

    async def _fetch_again(self, adapter: Adapter, record: JobRecord, out: Path) -> Path:
        """A paid job whose file is missing: from the stored outputs, else from a fresh status request."""
        job = record.job
        if job is None:
            raise ResultNotFetched(adapter.provider, "no result reference was stored for it")
        if job.outputs:
            try:
                return await self._fetch(adapter, record.key, job.outputs, out)
            except ResultNotFetched:
                if not job.status_url:
                    raise
                log.info("stored result of %s job %s failed; asking the provider again", job.provider, job.job_id)
        if not job.status_url:
            raise ResultNotFetched(adapter.provider, "no result reference was stored for it")
        outputs = await self._wait(adapter, job, record.key)  # a status request (signed URLs expire), not a submit
        if not outputs:
            raise ResultNotFetched(adapter.provider, "the provider no longer lists an output file")
        self.store.finished(record.key, job.model_copy(update={"state": JobState.SUCCEEDED, "outputs": outputs}))
        return await self._fetch(adapter, record.key, outputs, out)

    async def _download(self, adapter: Adapter, output: Output, out: Path) -> tuple[Path, str]:
        """Stream the output to disk, checking host, type and size, hashing as it goes."""
        out.parent.mkdir(parents=True, exist_ok=True)
        if output.data_b64 is not None:
            return save_inline(output.data_b64, out, output.content_type)
        request = adapter.download(output)
        return await fetch(
            self.client,
            request,
            out,
            declared=output.content_type,
            base_origin=adapter.config.origin,
            policy=self.policy,
        )

    async def _cancel_remote(self, adapter: Adapter, key: str) -> None:
        record = self.store.get(key)
        if record is not None and record.state in (Phase.FINISHED, Phase.DONE):
            return  # already paid for: nothing to cancel, and the result reference stays
        self.ledger.release(key)
        if record is None or record.job is None:
            return
        request = adapter.cancel(record.job)
        if request is not None:
            try:
                await asyncio.shield(send(self.client, request, idempotent=True, policy=RetryPolicy(attempts=2)))
            except Exception as exc:  # best effort: the campaign is being cancelled anyway
                log.warning("could not cancel %s job %s: %s", record.provider, record.job.job_id, exc)
        self.store.ended(key, Phase.CANCELLED, "cancelled by the user")

    def _lost_track(self, key: str, exc: BaseException) -> bool:
        """Whether an accepted job only lost its status request for a passing reason.

        Such a job keeps running (and billing), so it stays submitted: the next run polls it again.
        """
        record = self.store.get(key)
        if record is None or record.state is not Phase.SUBMITTED:
            return False
        if isinstance(exc, httpx.HTTPError):
            return True
        status = exc.status if isinstance(exc, ProviderError) and not isinstance(exc, JobFailed) else None
        return status is not None and (status == 429 or status >= 500)

    def _end(self, key: str, phase: Phase, error: str) -> None:
        self.store.ended(key, phase, error)
        self.ledger.release(key)


def _answered(adapter: Adapter, response: httpx.Response) -> None:
    """Raise the provider's error for an error answer; a redirect is never followed with the key."""
    if response.is_redirect:
        to = httpx.URL(response.headers.get("location", "")).host or "another path"
        raise ProviderError(
            adapter.provider, f"answered HTTP {response.status_code}, a redirect to {to}; not followed with the key"
        )
    if response.is_error:
        raise adapter.error(response)

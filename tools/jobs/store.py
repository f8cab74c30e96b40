"""Job store: a provider job is recorded before it is submitted and its id before it is polled."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel

from tools.jobs.db import Database
from tools.providers.base import Job


class Phase(StrEnum):
    """Where a job stands in our own bookkeeping."""

    SUBMITTING = "submitting"
    """Intent recorded; the submit may or may not have reached the provider."""
    SUBMITTED = "submitted"
    """The provider accepted it; its id is stored."""
    FINISHED = "finished"
    """The provider finished (and billed) it; its result references are stored, the file is not on disk
    yet. It is fetched again from those references, never submitted again."""
    DONE = "done"
    """Result on disk with its sha256."""
    FAILED = "failed"
    MODERATED = "moderated"
    CANCELLED = "cancelled"


class JobRecord(BaseModel):
    """A row of the job store."""

    key: str
    provider: str
    endpoint: str
    model_id: str
    campaign_id: str
    scene: int | None
    state: Phase
    job: Job | None = None
    result_path: str | None = None
    sha256: str | None = None
    error: str | None = None


class JobStore:
    """Durable record of provider jobs, keyed by the request hash."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, key: str) -> JobRecord | None:
        """The job for a request hash, if any."""
        with self.db.connect() as conn:
            row = conn.execute("SELECT * FROM jobs WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        data = dict(row)
        job_json = data.pop("job_json")
        data.pop("created_at"), data.pop("updated_at")
        return JobRecord(**data, job=Job.model_validate_json(job_json) if job_json else None)

    def intend(self, record: JobRecord) -> None:
        """Record that a submit is about to be sent (replacing a failed or cancelled attempt)."""
        with self.db.connect() as conn:
            conn.execute(
                "INSERT INTO jobs (key, provider, endpoint, model_id, campaign_id, scene, state) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET state = excluded.state, "
                "job_json = NULL, error = NULL, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')",
                (
                    record.key,
                    record.provider,
                    record.endpoint,
                    record.model_id,
                    record.campaign_id,
                    record.scene,
                    Phase.SUBMITTING.value,
                ),
            )

    def submitted(self, key: str, job: Job) -> None:
        """Store the provider's job id (before any polling)."""
        self._update(key, state=Phase.SUBMITTED, job_json=job.model_dump_json())

    def finished(self, key: str, job: Job) -> None:
        """The provider finished the job: keep its outputs (URLs or inline data) before fetching them."""
        self._update(key, state=Phase.FINISHED, job_json=job.model_dump_json(), error=None)

    def fetch_failed(self, key: str, error: str) -> None:
        """Fetching a finished job's result failed; it stays finished, with the reason."""
        self._update(key, error=error)

    def done(self, key: str, path: Path, sha256: str) -> None:
        """The result is on disk."""
        self._update(key, state=Phase.DONE, result_path=str(path), sha256=sha256)

    def ended(self, key: str, phase: Phase, error: str) -> None:
        """The job failed, was moderated or was cancelled."""
        self._update(key, state=phase, error=error)

    def campaign_jobs(self, campaign_id: str) -> list[JobRecord]:
        """Every job of a campaign."""
        with self.db.connect() as conn:
            keys = [r["key"] for r in conn.execute("SELECT key FROM jobs WHERE campaign_id = ?", (campaign_id,))]
        return [record for key in keys if (record := self.get(key)) is not None]

    def _update(self, key: str, **fields: object) -> None:
        columns = ", ".join(f"{name} = ?" for name in fields)
        values = [v.value if isinstance(v, Phase) else v for v in fields.values()]
        with self.db.connect() as conn:
            conn.execute(
                f"UPDATE jobs SET {columns}, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE key = ?",
                (*values, key),
            )

"""Sending large inputs through the provider's file API before a submit, once per file.

The adapter builds the requests and parses the answers (:mod:`tools.providers.uploads`); this is the
I/O around them, over the process's one client. An uploaded file's URL is kept in the job database by
the file's sha256, so a retried or resumed job names the same upload instead of sending it again.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

import httpx

from tools._http import origin
from tools.jobs.db import Database
from tools.providers.base import Adapter, Endpoint, InputFile, ProviderError
from tools.providers.http import RetryPolicy, send
from tools.providers.uploads import FileUploads, MiB, UploadSlot, check, goes_inline

log = logging.getLogger(__name__)
FRESH_FOR = timedelta(hours=2)
"""A cached upload is reused only while it has this long left (the provider reads it when the job starts)."""


class UploadCache:
    """Uploaded files by (provider, upload host, sha256), in the job database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, provider: str, host: str, sha256: str) -> str | None:
        """The reference of an earlier upload of this file that is still fresh, if any."""
        with self.db.connect() as conn:
            row = conn.execute(
                "SELECT ref, expires_at FROM uploads WHERE provider = ? AND origin = ? AND sha256 = ?",
                (provider, host, sha256),
            ).fetchone()
        if row is None:
            return None
        expires = row["expires_at"]
        if expires and datetime.fromisoformat(expires) - datetime.now(UTC) < FRESH_FOR:
            return None
        return str(row["ref"])

    def put(self, provider: str, host: str, sha256: str, slot: UploadSlot) -> None:
        """Remember an upload (replacing an expired one)."""
        expires = slot.expires_at.astimezone(UTC).isoformat() if slot.expires_at else None
        with self.db.connect() as conn:
            conn.execute(
                "INSERT INTO uploads (provider, origin, sha256, ref, expires_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(provider, origin, sha256) DO UPDATE SET ref = excluded.ref, "
                "expires_at = excluded.expires_at",
                (provider, host, sha256, slot.ref, expires),
            )


class Stager:
    """Checks a job's inputs, then uploads those too large to go inline (at most once per file)."""

    def __init__(self, client: httpx.AsyncClient, cache: UploadCache, *, policy: RetryPolicy | None = None) -> None:
        self.client = client
        self.cache = cache
        self.policy = policy or RetryPolicy()
        self._locks: dict[tuple[str, str], asyncio.Lock] = {}

    async def stage(self, adapter: Adapter, endpoint: Endpoint, files: list[InputFile]) -> list[InputFile]:
        """``files`` with an upload reference on each one that goes through the file API.

        Raises :class:`tools.providers.uploads.InputRefused` before anything is sent when a file is of a
        type or size the provider does not take.
        """
        if not files or not isinstance(adapter, FileUploads):
            return files
        check(adapter.input_rules, endpoint, files)
        staged = []
        for file in files:
            if goes_inline(adapter.input_rules, adapter.config, endpoint, file):
                staged.append(file)
            else:
                staged.append(file.model_copy(update={"uploaded": await self._uploaded(adapter, file)}))
        return staged

    async def _uploaded(self, adapter: FileUploads, file: InputFile) -> str:
        sha = await asyncio.to_thread(file.sha256)
        host = origin(adapter.config.upload_url or adapter.config.base_url)
        async with self._locks.setdefault((adapter.provider, sha), asyncio.Lock()):
            if (ref := self.cache.get(adapter.provider, host, sha)) is not None:
                log.info("reusing the %s upload of %s", adapter.provider, file.path.name)
                return ref
            slot = await self._upload(adapter, file)
            self.cache.put(adapter.provider, host, sha, slot)
            return slot.ref

    async def _upload(self, adapter: FileUploads, file: InputFile) -> UploadSlot:
        """Ask the provider's API for a slot (keyed), then send the bytes to it (unkeyed)."""
        response = await send(self.client, adapter.upload(file), idempotent=True, policy=self.policy)
        if response.is_error or response.is_redirect:
            raise _refused(adapter, response)
        slot = adapter.parse_upload(file, response)
        transfer = adapter.transfer(slot, file)
        if transfer is not None:
            if transfer.url.scheme != "https" and httpx.URL(adapter.config.base_url).scheme == "https":
                raise ProviderError(adapter.provider, f"the upload slot is not https ({transfer.url.host}); not sent")
            answer = await send(self.client, transfer, idempotent=True, policy=self.policy)
            if answer.is_error or answer.is_redirect:
                raise ProviderError(
                    adapter.provider,
                    f"uploading {file.path.name} to {transfer.url.host} failed: HTTP {answer.status_code} "
                    f"{answer.text[:200]}",
                    status=answer.status_code,
                    retryable=answer.status_code >= 500 or answer.status_code == 429,
                )
        log.info("uploaded %s (%.1f MB) through %s's file API", file.path.name, file.size / MiB, adapter.provider)
        return slot


def _refused(adapter: FileUploads, response: httpx.Response) -> ProviderError:
    """The provider's own error for a failed upload request (a redirect is never followed with the key)."""
    if response.is_redirect:
        return ProviderError(adapter.provider, f"the upload request answered HTTP {response.status_code}, a redirect")
    return adapter.error(response)

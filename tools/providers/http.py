"""Sending with retries: 429 honours Retry-After / retry-after-ms; 5xx and timeouts back off with jitter.

A request that may already have been acted on (a POST whose response was lost) is never resent here:
that raises :class:`OutcomeUnknown` so the job runner can look for the job first.
"""

from __future__ import annotations

import asyncio
import random
from email.utils import parsedate_to_datetime

import httpx
from pydantic import BaseModel

MAX_RETRY_AFTER_S = 120.0
_sleep = asyncio.sleep  # module-level so tests can observe the waits


class RetryPolicy(BaseModel):
    """Bounded exponential backoff with full jitter."""

    attempts: int = 6
    base_s: float = 0.5
    cap_s: float = 20.0

    def backoff(self, attempt: int) -> float:
        """Delay before retry number ``attempt`` (1-based)."""
        return random.uniform(0, min(self.cap_s, self.base_s * 2 ** (attempt - 1)))


class OutcomeUnknown(RuntimeError):
    """A non-idempotent request was sent but no response came back: it may have been accepted."""


def retry_after(response: httpx.Response) -> float | None:
    """Seconds the server asked us to wait (``retry-after-ms``, ``Retry-After`` seconds or date)."""
    if (ms := response.headers.get("retry-after-ms")) is not None:
        try:
            return min(float(ms) / 1000, MAX_RETRY_AFTER_S)
        except ValueError:
            pass
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return min(float(value), MAX_RETRY_AFTER_S)
    except ValueError:
        try:
            delta = parsedate_to_datetime(value).timestamp() - asyncio.get_running_loop().time()
            return min(max(0.0, delta), MAX_RETRY_AFTER_S)
        except (TypeError, ValueError):
            return None


def should_retry(response: httpx.Response) -> bool:
    """Rate limits and server errors are retried, unless the server says not to."""
    if response.headers.get("x-should-retry") == "false":
        return False
    if response.headers.get("x-fal-request-timeout-type") == "user":
        return False
    return response.status_code in (408, 409, 429) or response.status_code >= 500


async def send(
    client: httpx.AsyncClient,
    request: httpx.Request,
    *,
    idempotent: bool,
    policy: RetryPolicy | None = None,
    stream: bool = False,
) -> httpx.Response:
    """Send ``request``; retry what is safe to retry, up to the policy's attempts."""
    policy = policy or RetryPolicy()
    for attempt in range(1, policy.attempts + 1):
        last = attempt == policy.attempts
        try:
            response = await client.send(request, stream=stream)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout):
            if last:
                raise
            await _sleep(policy.backoff(attempt))  # never reached the server: safe to resend
            continue
        except (httpx.TimeoutException, httpx.RemoteProtocolError, httpx.ReadError) as exc:
            if not idempotent:
                raise OutcomeUnknown(f"{request.method} {request.url.path}: {type(exc).__name__}") from exc
            if last:
                raise
            await _sleep(policy.backoff(attempt))
            continue
        if last or not should_retry(response):
            return response
        if stream:
            await response.aclose()
        await _sleep(retry_after(response) or policy.backoff(attempt))
    raise AssertionError("unreachable")

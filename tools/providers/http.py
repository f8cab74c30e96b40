"""Sending with retries: 429 honours Retry-After / retry-after-ms; 5xx and timeouts back off with jitter.

Status requests, result fetches and cancels are retried freely. A submit (a POST that may start billed
work) is sent again only when it never reached the server, or when the answer is one the provider's own
client resends on (each adapter declares its :class:`ResendPolicy`). Any other failure after the submit
left, a lost answer or a server error, raises :class:`OutcomeUnknown`, so the job runner never
submits twice blindly.
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
    """A non-idempotent request was sent and no usable answer came back: it may have been accepted."""


class ResendPolicy(BaseModel, frozen=True):
    """When a submit answered with an error may be sent again, as the provider's own client does it."""

    statuses: frozenset[int] = frozenset()
    """Answers that mean the work was not accepted (e.g. 429)."""
    ingress: frozenset[int] = frozenset()
    """Gateway errors resent only when the provider's proxy answered before its app saw the request."""
    app_header: str = ""
    """A response header only the provider's app sets (its presence means the app saw the request)."""
    ingress_marker: str = ""
    """Text in a gateway error page that shows the proxy answered."""
    flag_header: str = ""
    """A header by which the server says a server error may (``true``) or must not (``false``) be resent."""
    never_headers: tuple[str, ...] = ()
    """Headers whose presence forbids a resend (e.g. a user-set timeout that expired)."""

    def allows(self, response: httpx.Response) -> bool:
        """Whether this error answer may be followed by the same submit again."""
        headers, status = response.headers, response.status_code
        flag = headers.get(self.flag_header, "").lower() if self.flag_header else ""
        if flag == "false" or any(name in headers for name in self.never_headers):
            return False
        if status in self.statuses or (flag == "true" and status >= 500):
            return True
        if status in self.ingress and not (self.app_header and self.app_header in headers):
            return bool(self.ingress_marker) and self.ingress_marker in response.text
        return False


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
    resend: ResendPolicy | None = None,
) -> httpx.Response:
    """Send ``request``; retry what is safe to retry, up to the policy's attempts.

    A non-idempotent request is resent only when it never reached the server or ``resend`` allows
    the answer; a server error it does not allow raises :class:`OutcomeUnknown`.
    """
    policy = policy or RetryPolicy()
    resend = resend or ResendPolicy()
    for attempt in range(1, policy.attempts + 1):
        last = attempt == policy.attempts
        try:
            response = await client.send(request, stream=stream)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout):
            if last:
                raise
            await _sleep(policy.backoff(attempt))  # never reached the server: safe to resend
            continue
        except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            if not idempotent:
                raise OutcomeUnknown(f"{request.method} {request.url.path}: {type(exc).__name__}") from exc
            if last:
                raise
            await _sleep(policy.backoff(attempt))
            continue
        if idempotent:
            again = should_retry(response)
        else:
            again = response.is_error and resend.allows(response)
            if response.is_server_error and not again:
                await response.aclose()
                status = response.status_code
                raise OutcomeUnknown(f"{request.method} {request.url.path}: HTTP {status} after it was sent")
        if last or not again:
            return response
        if stream:
            await response.aclose()
        await _sleep(retry_after(response) or policy.backoff(attempt))
    raise AssertionError("unreachable")

"""What every provider adapter speaks: normalised job states, job handles, outputs and errors."""

from __future__ import annotations

import base64
import hashlib
import logging
import mimetypes
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar, Protocol

import httpx
from pydantic import BaseModel, Field, SecretStr

from tools._http import on_https_domain, origin
from tools.providers.http import ResendPolicy
from tools.recipe import Capability, Recipe

log = logging.getLogger(__name__)


class JobState(StrEnum):
    """One state enum for every provider's own status spellings."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"
    MODERATED = "moderated"

    @property
    def terminal(self) -> bool:
        """Whether the job will not change any more."""
        return self not in (JobState.QUEUED, JobState.RUNNING)


class Endpoint(BaseModel, frozen=True):
    """One catalog model reached through one provider endpoint."""

    model_id: str
    capability: Capability
    provider: str
    path: str
    """The provider's model id or path (e.g. ``fal-ai/flux/schnell``, ``gen4_turbo``)."""
    unsupported: frozenset[str] = frozenset()
    """Recipe fields this endpoint cannot honour (reported in the plan, never dropped silently)."""


class InputFile(BaseModel, frozen=True):
    """A local file the request needs (reference image, source video)."""

    path: Path
    uploaded: str | None = None
    """Where the provider's file API put it (a URL or ``runway://`` URI); None sends it inline."""

    @property
    def content_type(self) -> str:
        """MIME type from the file name."""
        return mimetypes.guess_type(self.path.name)[0] or "application/octet-stream"

    @property
    def size(self) -> int:
        """Bytes on disk."""
        return self.path.stat().st_size

    def sha256(self) -> str:
        """The file's sha256 (what an upload is cached by)."""
        digest = hashlib.sha256()
        with self.path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()

    def reference(self) -> str:
        """What a request body names the file by: the uploaded URL, else the file inlined."""
        return self.uploaded or self.data_uri()

    def data_uri(self) -> str:
        """The file inlined as a base64 data URI."""
        return f"data:{self.content_type};base64,{self.b64()}"

    def b64(self) -> str:
        """The file as base64 text."""
        return base64.b64encode(self.path.read_bytes()).decode()


class Output(BaseModel):
    """A result file: a URL to fetch, or bytes already inline."""

    url: str | None = None
    data_b64: str | None = None
    content_type: str | None = None


class Job(BaseModel):
    """What a provider said when it accepted the work; enough to poll, fetch or cancel it later."""

    provider: str
    job_id: str
    state: JobState = JobState.QUEUED
    status_url: str | None = None
    result_url: str | None = None
    cancel_url: str | None = None
    outputs: list[Output] = Field(default_factory=list)
    """Filled when the API answered synchronously."""


class Progress(BaseModel):
    """One poll's answer."""

    state: JobState
    outputs: list[Output] = Field(default_factory=list)
    error: str | None = None
    poll_after_s: float | None = None


class ProviderError(RuntimeError):
    """A provider refused or failed the work; ``retryable`` says whether trying again can help."""

    def __init__(self, provider: str, message: str, *, status: int | None = None, retryable: bool = False) -> None:
        super().__init__(f"{provider}: {message}")
        self.provider = provider
        self.status = status
        self.retryable = retryable


class ModerationRejected(ProviderError):
    """The provider's safety system blocked the prompt or the output."""

    def __init__(self, provider: str, reason: str) -> None:
        super().__init__(provider, f"blocked by the safety system: {reason}")
        self.reason = reason


class Adapter(Protocol):
    """Pure transforms between our recipes and one provider's wire format."""

    provider: ClassVar[str]
    key_domains: ClassVar[tuple[str, ...]]
    """Documented hosts besides the configured one that may receive the key (https only)."""
    submit_resend: ClassVar[ResendPolicy]
    """When a submit answered with an error may be sent again (what the provider's own client does)."""
    config: AdapterConfig

    def submit(self, endpoint: Endpoint, recipe: Recipe, inputs: list[InputFile]) -> httpx.Request:
        """The request that starts the work."""
        ...

    def parse_submit(self, endpoint: Endpoint, response: httpx.Response) -> Job:
        """The job the provider accepted (or its immediate result)."""
        ...

    def poll(self, job: Job) -> httpx.Request:
        """The status request for a job."""
        ...

    def parse_poll(self, job: Job, response: httpx.Response) -> Progress:
        """Normalised state (and outputs, when the status carries them)."""
        ...

    def result(self, job: Job) -> httpx.Request | None:
        """A separate result request, for APIs whose status does not carry outputs."""
        ...

    def parse_result(self, job: Job, response: httpx.Response) -> list[Output]:
        """Outputs from the result response."""
        ...

    def cancel(self, job: Job) -> httpx.Request | None:
        """The cancel request, if the API has one."""
        ...

    def download(self, output: Output) -> httpx.Request:
        """The request that fetches an output file (with auth where the API needs it)."""
        ...

    def error(self, response: httpx.Response) -> ProviderError:
        """The provider's error body as a :class:`ProviderError` (or :class:`ModerationRejected`)."""
        ...


class AdapterConfig(BaseModel):
    """What an adapter needs: its host and its key."""

    base_url: str
    api_key: SecretStr
    upload_url: str | None = None
    """The provider's file-upload API, when it is not on ``base_url`` (fal's REST host); the key goes there too."""
    inline_max_bytes: int | None = None
    """Inputs up to this size go inline as data URIs, larger ones through the file API (None: the adapter's default)."""

    def url(self, path: str) -> str:
        """``base_url`` joined with ``path``."""
        return f"{self.base_url.rstrip('/')}/{path.lstrip('/')}"

    @property
    def origin(self) -> str:
        """The configured host as ``scheme://host:port``: the only place the key goes."""
        return origin(self.base_url)

    def owns(self, url: str) -> bool:
        """Whether ``url`` is on the configured host."""
        return bool(url) and origin(url) == self.origin

    def own(self, url: object, rebuilt: str, *, domains: tuple[str, ...] = ()) -> str:
        """``url`` if it is on the configured host (or https on one of ``domains``), else ``rebuilt``.

        Providers return follow-up URLs (status, result, cancel); those URLs get the key, so one on
        another host is replaced by the documented URL built from the job id on the configured host.
        """
        if isinstance(url, str) and url and (self.owns(url) or on_https_domain(url, domains)):
            return url
        if isinstance(url, str) and url:
            log.warning("ignoring a follow-up URL on %s; using the configured host", httpx.URL(url).host or "?")
        return rebuilt


class AdapterBase:
    """Defaults most APIs share: outputs arrive with the status, no cancel, files need no key."""

    provider: ClassVar[str]
    key_domains: ClassVar[tuple[str, ...]] = ()
    submit_resend: ClassVar[ResendPolicy] = ResendPolicy(statuses=frozenset({429}))
    """Unless an adapter says otherwise: a submit is sent again only after a 429."""

    def __init__(self, config: AdapterConfig) -> None:
        self.config = config

    def result(self, job: Job) -> httpx.Request | None:
        """No separate result request."""
        return None

    def parse_result(self, job: Job, response: httpx.Response) -> list[Output]:
        """Unused when outputs come with the status."""
        return []

    def cancel(self, job: Job) -> httpx.Request | None:
        """No cancel endpoint."""
        return None

    def download(self, output: Output) -> httpx.Request:
        """Result URLs are pre-signed or public."""
        return httpx.Request("GET", output.url or "")


def error_text(response: httpx.Response, *keys: str) -> object:
    """The first of ``keys`` present in a JSON error body, else the raw text."""
    try:
        data = response.json()
    except ValueError:
        return response.text
    if isinstance(data, dict):
        for key in keys:
            if data.get(key):
                return data[key]
    return response.text


def classify(
    provider: str,
    response: httpx.Response,
    text: str,
    *,
    policy_words: tuple[str, ...],
    retry_statuses: tuple[int, ...] = (408, 409, 429),
) -> ProviderError:
    """A safety rejection when the text says so, else an error that says whether retrying can help."""
    if any(word in text.lower() for word in policy_words):
        return ModerationRejected(provider, text)
    status = response.status_code
    return ProviderError(
        provider, f"HTTP {status}: {text}", status=status, retryable=status in retry_statuses or status >= 500
    )


@dataclass(frozen=True)
class ProviderDeclaration:
    """Everything the studio knows about one provider, declared once, beside its adapter.

    Settings, the key guard, the job runner's limits and the route lookup all read it; nothing else
    names a provider's variables or hosts.
    """

    name: str
    key_env: str
    """The variable holding the key (``FAL_KEY``)."""
    base_url_env: str
    """The variable that points the provider elsewhere (a fake, a proxy)."""
    default_url: str
    concurrency: int
    """Jobs in flight at once unless ``STUDIO_PROVIDER_CONCURRENCY`` says otherwise."""
    adapter: Callable[[AdapterConfig], Adapter]
    """The adapter class (its ``key_domains`` name the documented sibling hosts)."""
    routes: Mapping[str, tuple[Any, ...]]
    """Endpoint path → (capability, request builder, recipe fields the endpoint cannot honour)."""
    switch_env: str | None = None
    """A switch the key also needs, when the key serves something else too (OpenAI's: the planning LLM)."""
    upload_url_env: str | None = None
    """The variable naming the file-upload API's host, when it is not the base URL's (fal's ``FAL_REST_URL``)."""
    default_upload_url: str | None = None

    @property
    def key_domains(self) -> tuple[str, ...]:
        """Documented hosts besides the configured one that may receive the key (https only)."""
        return tuple(getattr(self.adapter, "key_domains", ()))

    def unsupported(self, path: str) -> frozenset[str]:
        """Recipe fields the endpoint at ``path`` cannot honour."""
        return frozenset(self.routes[path][2])

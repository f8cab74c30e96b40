"""Which LLM plans and chats: ``STUDIO_LLM_BASE_URL``, ``STUDIO_LLM_API_KEY``, ``STUDIO_LLM_MODEL`` and friends.

Any OpenAI-compatible server works (api.openai.com, Ollama, llama.cpp's server, vLLM). ``OPENAI_BASE_URL`` and
``OPENAI_API_KEY`` are read when the ``STUDIO_LLM_*`` ones are unset, but ``OPENAI_API_KEY`` only ever goes to
OpenAI's host or to ``OPENAI_BASE_URL``: never to a server named by ``STUDIO_LLM_BASE_URL``. These settings are
only the LLM's; OpenAI as a media provider has its own (``STUDIO_OPENAI_MEDIA``, see
:mod:`tools.providers.settings`).
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

TokenField = Literal["max_tokens", "max_completion_tokens"]
HOSTED_URL = "https://api.openai.com/v1"
HOSTED_HOST = "api.openai.com"
PLACEHOLDER_KEY = "no-key-needed"
"""Sent as the bearer token to a keyless local server (the SDK always sends one; local servers ignore it)."""
HOSTED_TIMEOUT_S = 60.0
LOCAL_TIMEOUT_S = 600.0
"""A local server on a CPU can take several minutes for one storyboard."""


def _secret(value: SecretStr | None) -> SecretStr | None:
    return value if value is not None and value.get_secret_value().strip() else None


class LLMSettings(BaseSettings):
    """Without a usable endpoint the offline planner and intent parser run (and say so)."""

    model_config = SettingsConfigDict(extra="ignore", env_ignore_empty=True)

    studio_base_url: str | None = Field(default=None, alias="STUDIO_LLM_BASE_URL")
    studio_api_key: SecretStr | None = Field(default=None, alias="STUDIO_LLM_API_KEY", repr=False)
    openai_base_url: str | None = Field(default=None, alias="OPENAI_BASE_URL")
    """Fallback for ``STUDIO_LLM_BASE_URL`` (the variable the OpenAI SDK itself reads)."""
    openai_api_key: SecretStr | None = Field(default=None, alias="OPENAI_API_KEY", repr=False)
    """Fallback for ``STUDIO_LLM_API_KEY``, for OpenAI's host or ``OPENAI_BASE_URL`` only."""
    model: str = Field(default="gpt-4o-mini", min_length=1, alias="STUDIO_LLM_MODEL")
    enabled: bool = Field(default=True, alias="STUDIO_LLM")
    """``STUDIO_LLM=0`` keeps the offline planner and intent parser even when an LLM is configured."""
    timeout_s: float | None = Field(default=None, gt=0, allow_inf_nan=False, alias="STUDIO_LLM_TIMEOUT_S")
    """Seconds to wait for one answer; None: :attr:`effective_timeout_s` chooses by endpoint."""
    max_retries: int | None = Field(default=None, ge=0, le=10, alias="STUDIO_LLM_RETRIES")
    """SDK retries after a failed or timed-out call; None: :attr:`retries` chooses by endpoint."""
    token_field: TokenField | None = Field(default=None, alias="STUDIO_LLM_TOKEN_FIELD")
    """The request field capping the answer's length; None: :attr:`token_limit_field` chooses by endpoint."""

    @field_validator("studio_base_url", "openai_base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("it must be an http:// or https:// URL such as http://127.0.0.1:8080/v1")
        return value.strip()

    @property
    def base_url(self) -> str | None:
        """The LLM server's URL as set (``STUDIO_LLM_BASE_URL``, else ``OPENAI_BASE_URL``); None: OpenAI."""
        return self.studio_base_url or self.openai_base_url

    @property
    def endpoint(self) -> str:
        """The URL requests go to."""
        return self.base_url or HOSTED_URL

    @property
    def host(self) -> str:
        """Host (and port) of :attr:`endpoint`, without any credentials in the URL."""
        parts = urlsplit(self.endpoint)
        host = parts.hostname or ""
        return f"{host}:{parts.port}" if parts.port else host

    @property
    def hosted(self) -> bool:
        """Whether the endpoint is OpenAI's own API."""
        return urlsplit(self.endpoint).hostname == HOSTED_HOST

    @property
    def api_key(self) -> SecretStr | None:
        """``STUDIO_LLM_API_KEY``; else ``OPENAI_API_KEY`` unless ``STUDIO_LLM_BASE_URL`` names another server."""
        if (key := _secret(self.studio_api_key)) is not None:
            return key
        if self.studio_base_url is None or self.hosted:
            return _secret(self.openai_api_key)
        return None

    @property
    def available(self) -> bool:
        """Whether there is an LLM to call: a key, or a non-OpenAI base URL (local servers need no key)."""
        return self.api_key is not None or (self.base_url is not None and not self.hosted)

    @property
    def configured(self) -> bool:
        """Whether the LLM is to be called (available, and not switched off with ``STUDIO_LLM=0``)."""
        return self.enabled and self.available

    def client_key(self) -> str:
        """The bearer token to send: the key, or :data:`PLACEHOLDER_KEY` for a keyless server."""
        key = self.api_key
        return key.get_secret_value() if key is not None else PLACEHOLDER_KEY

    @property
    def effective_timeout_s(self) -> float:
        """``STUDIO_LLM_TIMEOUT_S``, else 60 s for OpenAI and 600 s for any other server."""
        if self.timeout_s is not None:
            return self.timeout_s
        return HOSTED_TIMEOUT_S if self.hosted else LOCAL_TIMEOUT_S

    @property
    def retries(self) -> int:
        """SDK ``max_retries``: ``STUDIO_LLM_RETRIES``, else 1 for OpenAI and 0 elsewhere (a retry waits again)."""
        if self.max_retries is not None:
            return self.max_retries
        return 1 if self.hosted else 0

    @property
    def token_limit_field(self) -> TokenField:
        """``STUDIO_LLM_TOKEN_FIELD``, else ``max_completion_tokens`` for OpenAI and ``max_tokens`` elsewhere."""
        if self.token_field is not None:
            return self.token_field
        return "max_completion_tokens" if self.hosted else "max_tokens"

    def token_limit(self, n: int) -> dict[str, int]:
        """Request keyword arguments capping the answer at ``n`` tokens."""
        return {self.token_limit_field: n}

    def describe(self) -> str:
        """A line for the user saying which planner is active (model and host; never the key)."""
        if not self.enabled:
            return "offline planner (STUDIO_LLM=0)"
        if not self.available:
            return (
                "offline planner (no LLM configured: set STUDIO_LLM_BASE_URL for a local server, "
                "or STUDIO_LLM_API_KEY for OpenAI)"
            )
        return f"LLM planner: {self.model} at {self.host}"

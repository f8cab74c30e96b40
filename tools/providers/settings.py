"""Provider keys, hosts and concurrency limits from the environment."""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from tools.providers.base import AdapterConfig
from tools.providers.declared import PROVIDERS
from tools.providers.fal_platform import PLATFORM_URL


class ProviderSettings(BaseSettings):
    """Keys are secrets: they are never printed, logged or stored.

    One field per variable a provider declares (:mod:`tools.providers.declared`); a test holds the two
    to each other, so a provider's variables are named only in its declaration and here.
    """

    model_config = SettingsConfigDict(extra="ignore")

    fal_key: SecretStr | None = Field(default=None, alias="FAL_KEY")
    replicate_api_token: SecretStr | None = Field(default=None, alias="REPLICATE_API_TOKEN")
    openai_api_key: SecretStr | None = Field(default=None, alias="OPENAI_API_KEY")
    elevenlabs_api_key: SecretStr | None = Field(default=None, alias="ELEVENLABS_API_KEY")
    gemini_api_key: SecretStr | None = Field(default=None, alias="GEMINI_API_KEY")
    runwayml_api_secret: SecretStr | None = Field(default=None, alias="RUNWAYML_API_SECRET")
    bfl_api_key: SecretStr | None = Field(default=None, alias="BFL_API_KEY")
    fal_base_url: str | None = Field(default=None, alias="FAL_BASE_URL")
    replicate_base_url: str | None = Field(default=None, alias="REPLICATE_BASE_URL")
    openai_media_base_url: str | None = Field(default=None, alias="OPENAI_MEDIA_BASE_URL")
    """OpenAI media's host; never ``OPENAI_BASE_URL``, which may point at a planning-LLM server."""
    studio_openai_media: bool = Field(default=False, alias="STUDIO_OPENAI_MEDIA")
    """``OPENAI_API_KEY`` turns on OpenAI media (GPT Image, speech) only with this switch."""
    elevenlabs_base_url: str | None = Field(default=None, alias="ELEVENLABS_BASE_URL")
    gemini_base_url: str | None = Field(default=None, alias="GEMINI_BASE_URL")
    runway_base_url: str | None = Field(default=None, alias="RUNWAY_BASE_URL")
    bfl_base_url: str | None = Field(default=None, alias="BFL_BASE_URL")
    fal_platform_url: str = Field(default=PLATFORM_URL, alias="FAL_PLATFORM_URL")
    """fal's Platform API (live prices for ``studio catalog check``); FAL_KEY goes there and nowhere else new."""
    fal_rest_url: str | None = Field(default=None, alias="FAL_REST_URL")
    """fal's REST host for storage uploads (default ``https://rest.fal.ai``); FAL_KEY goes there too."""
    upload_above_bytes: Annotated[dict[str, Annotated[int, Field(ge=0)]], NoDecode] = Field(
        default_factory=dict, alias="STUDIO_UPLOAD_ABOVE_BYTES"
    )
    """Per-provider size above which an input goes through the provider's file API instead of inline, as
    JSON, e.g. ``{"fal": 0}`` (always upload); defaults are each adapter's (1 MB, Runway's data-URI cap)."""
    poll_interval_s: float = Field(default=1.0, gt=0, le=3600, allow_inf_nan=False, alias="STUDIO_POLL_INTERVAL_S")
    """Seconds between status polls (providers may ask for longer)."""
    concurrency: Annotated[dict[str, Annotated[int, Field(ge=1, le=1000)]], NoDecode] = Field(
        default_factory=dict, alias="STUDIO_PROVIDER_CONCURRENCY"
    )
    """Per-provider limits as JSON, e.g. ``{"fal": 40, "elevenlabs": 5}``."""

    @field_validator("concurrency", "upload_above_bytes", mode="before")
    @classmethod
    def _json_object(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                value = json.loads(value) if value.strip() else {}
            except json.JSONDecodeError:
                raise ValueError('it must be a JSON object such as {"fal": 40, "elevenlabs": 5}') from None
        if not isinstance(value, dict):
            raise ValueError('it must be a JSON object such as {"fal": 40, "elevenlabs": 5}')
        return value

    @field_validator("concurrency", "upload_above_bytes")
    @classmethod
    def _known_providers(cls, value: dict[str, int]) -> dict[str, int]:
        unknown = [name for name in value if name not in PROVIDERS]
        if unknown:
            raise ValueError(f"unknown provider {unknown[0]!r}; use {', '.join(PROVIDERS)}")
        return value

    def config(self, provider: str) -> AdapterConfig | None:
        """Host and key for a provider, or None when it has no key."""
        declared = PROVIDERS[provider]
        if declared.switch_env is not None and not getattr(self, declared.switch_env.lower()):
            return None
        key = getattr(self, declared.key_env.lower())
        if key is None or not key.get_secret_value().strip():
            return None
        upload_url = getattr(self, declared.upload_url_env.lower()) if declared.upload_url_env else None
        return AdapterConfig(
            base_url=getattr(self, declared.base_url_env.lower()) or declared.default_url,
            api_key=key,
            upload_url=upload_url or declared.default_upload_url,
            inline_max_bytes=self.upload_above_bytes.get(provider),
        )

    def configured(self) -> list[str]:
        """Providers with a key."""
        return [p for p in PROVIDERS if self.config(p) is not None]

    def limits(self) -> dict[str, int]:
        """Concurrency limit per provider."""
        return {name: self.concurrency.get(name, d.concurrency) for name, d in PROVIDERS.items()}

"""Which LLM to use: ``OPENAI_API_KEY``, ``OPENAI_BASE_URL`` and ``STUDIO_LLM_MODEL``."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class LLMSettings(BaseSettings):
    """Without a key the offline planner and intent parser run (and say so)."""

    model_config = SettingsConfigDict(extra="ignore")

    api_key: SecretStr | None = Field(default=None, alias="OPENAI_API_KEY")
    base_url: str | None = Field(default=None, alias="OPENAI_BASE_URL")
    model: str = Field(default="gpt-4o-mini", alias="STUDIO_LLM_MODEL")
    timeout_s: float = Field(default=60.0, gt=0, allow_inf_nan=False, alias="STUDIO_LLM_TIMEOUT_S")
    enabled: bool = Field(default=True, alias="STUDIO_LLM")
    """Set ``STUDIO_LLM=0`` to keep the offline planner even with a key (e.g. for media-only OpenAI use)."""

    @property
    def configured(self) -> bool:
        """Whether an LLM can be called."""
        return self.enabled and self.api_key is not None and bool(self.api_key.get_secret_value().strip())

    def describe(self) -> str:
        """A line for the user saying which planner is active."""
        if not self.configured:
            return "offline planner (no LLM configured: set OPENAI_API_KEY, OPENAI_BASE_URL and STUDIO_LLM_MODEL)"
        return f"LLM planner: {self.model} at {self.base_url or 'api.openai.com'}"

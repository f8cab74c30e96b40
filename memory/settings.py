"""Where the memory lives and how it recalls (read from the environment; light to import: no Chroma)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class MemorySettings(BaseSettings):
    """Where the memory lives."""

    model_config = SettingsConfigDict(extra="ignore")

    chroma_host: str | None = Field(default=None, alias="CHROMA_HOST")
    chroma_port: int = Field(default=8000, ge=1, le=65535, alias="CHROMA_PORT")
    workspace: str = Field(default="default", alias="STUDIO_WORKSPACE")
    threshold: float = Field(default=0.55, ge=0, le=1, allow_inf_nan=False, alias="STUDIO_RECALL_THRESHOLD")
    """Minimum cosine similarity for a recall to be used in planning."""
    embeddings: str = Field(default="minilm", alias="STUDIO_EMBEDDINGS")
    """``minilm`` (offline, default) or ``openai`` (needs OPENAI_API_KEY)."""
    openai_model: str = Field(default="text-embedding-3-small", alias="STUDIO_OPENAI_EMBEDDING_MODEL")

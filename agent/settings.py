"""Configuration from environment variables (pydantic-settings)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Where data lives and how much work each stage does."""

    model_config = SettingsConfigDict(env_prefix="STUDIO_", extra="ignore")

    home: Path = Field(default=Path("studio-data"), description="Data folder (STUDIO_HOME).")
    variations: int = Field(default=3, ge=1, le=8, description="Keyframe variations per scene.")
    voice: str = Field(default="en-us", description="Default local voice (espeak-ng name).")
    concurrency: int = Field(default=2, ge=1, le=16, description="Local renders at once.")
    interpolate: bool = Field(default=False, description="Motion-interpolate clips to the export fps (slow).")
    memory: bool = Field(default=True, description="Recall approved recipes and record outcomes (STUDIO_MEMORY).")
    resubmit_unknown: bool = Field(
        default=False, description="Submit again when an earlier submit's outcome is unknown (may pay twice)."
    )

    @field_validator("home", mode="after")
    @classmethod
    def _absolute(cls, home: Path) -> Path:
        """Resolve the data folder once, when settings are read: later code never sees a relative path."""
        return home.expanduser().resolve()

    @property
    def database(self) -> Path:
        """SQLite file holding checkpoints."""
        return self.home / "studio.db"

    @property
    def jobs_database(self) -> Path:
        """SQLite file holding provider jobs and the cost ledger."""
        return self.home / "jobs.db"

    def campaign_dir(self, campaign_id: str) -> Path:
        """Folder of one campaign."""
        return self.home / campaign_id

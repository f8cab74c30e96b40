"""Configuration from environment variables (pydantic-settings)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, TypeVar

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from pydantic_settings import SettingsError as SourceError


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


class SettingsProblem(ValueError):
    """An environment variable holds a value the studio cannot use; the message names the variable."""


S = TypeVar("S", bound=BaseSettings)


def env_variable(model: type[BaseSettings], name: str) -> str:
    """The environment variable behind a field (``name`` is the field name or its alias)."""
    for field, info in model.model_fields.items():
        if name in (field, info.alias):
            if isinstance(info.alias, str):
                return info.alias
            return f"{model.model_config.get('env_prefix', '')}{field}".upper()
    return name.upper()


def _is_secret(model: type[BaseSettings], variable: str) -> bool:
    return any(
        info.annotation is not None and SecretStr in getattr(info.annotation, "__args__", (info.annotation,))
        for field, info in model.model_fields.items()
        if variable == env_variable(model, field)
    )


def describe(model: type[BaseSettings], exc: ValidationError | SourceError) -> str:
    """One line per bad variable: its name, the value (unless secret) and what is wrong."""
    if isinstance(exc, SourceError):
        field = re.search(r'field "(\w+)"', str(exc))
        variable = env_variable(model, field.group(1)) if field else model.__name__
        return f"{variable} cannot be read: {exc.__cause__ or exc}. Fix it or unset it."
    lines = []
    for error in exc.errors():
        variable = env_variable(model, str(error["loc"][0])) if error["loc"] else model.__name__
        where = "".join(f"[{part!r}]" for part in error["loc"][1:])
        value = "" if _is_secret(model, variable) else f"={error['input']!r}"
        message = str(error["msg"]).removeprefix("Value error, ")
        lines.append(f"{variable}{where}{value} is not valid: {message[:1].lower()}{message[1:]}. Fix it or unset it.")
    return " ".join(lines)


def load(model: type[S], **overrides: Any) -> S:
    """Build settings from the environment; a bad variable raises :class:`SettingsProblem` naming it."""
    try:
        return model(**overrides)
    except (ValidationError, SourceError) as exc:
        raise SettingsProblem(describe(model, exc)) from None


def check_writable(home: Path) -> None:
    """Raise :class:`SettingsProblem` unless the data folder exists as a writable folder or can be made.

    Creates nothing: the nearest existing folder on the way must be writable.
    """
    path = home.absolute()
    existing = next(p for p in (path, *path.parents) if p.exists() or p == p.parent)
    if not existing.is_dir():
        what = "" if existing == path else f" cannot be created: {existing}"
        raise SettingsProblem(
            f"STUDIO_HOME={str(home)!r}{what} is a file, not a folder. Point STUDIO_HOME at a folder you can write to."
        )
    if not os.access(existing, os.W_OK | os.X_OK):
        where = "" if existing == path else f" cannot be created: {existing}"
        raise SettingsProblem(
            f"STUDIO_HOME={str(home)!r}{where} is not writable. Point STUDIO_HOME at a folder you can write to."
        )


def check_environment(**overrides: Any) -> Settings:
    """The studio's settings, with every setting read from the environment checked once, at start-up.

    Checks :class:`Settings`, the LLM, provider and memory settings and that the data folder is writable.
    Raises :class:`SettingsProblem` with one message naming each bad variable.
    """
    from agent.llm.settings import LLMSettings
    from memory.settings import MemorySettings
    from tools.providers.settings import ProviderSettings

    problems = []
    settings: Settings | None = None
    for model in (Settings, LLMSettings, ProviderSettings, MemorySettings):
        try:
            built = load(model, **overrides) if model is Settings else load(model)
        except SettingsProblem as exc:
            problems.append(str(exc))
            continue
        if isinstance(built, Settings):
            settings = built
    if problems or settings is None:
        raise SettingsProblem(" ".join(problems))
    check_writable(settings.home)
    return settings

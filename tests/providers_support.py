"""Helpers for tests that run real adapter code against the fake providers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from tests.fakeproviders import base_url, start
from tests.fakeproviders.common import FakeServer, FakeState
from tools.providers.session import ProviderSession, provider_session
from tools.providers.settings import PROVIDERS, ProviderSettings

SECRET = "sk-live-DO-NOT-LEAK-4242"


def settings_for(provider: str, server: FakeServer, **extra: object) -> ProviderSettings:
    """Only ``provider`` configured, pointed at ``server``."""
    key_var, url_var, _, _ = PROVIDERS[provider]
    return ProviderSettings.model_validate({key_var: SECRET, url_var: base_url(provider, server), **extra})


@asynccontextmanager
async def fake_session(
    provider: str, tmp_path: Path, state: FakeState | None = None, **extra: object
) -> AsyncIterator[tuple[ProviderSession, FakeServer]]:
    """A fake server and a provider session routed to it."""
    with start(provider, state or FakeState(latency_s=0.05)) as server:
        async with provider_session(
            tmp_path / "jobs.db", settings_for(provider, server, **extra), poll_interval_s=0.02
        ) as session:
            yield session, server

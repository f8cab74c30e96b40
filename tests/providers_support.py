"""Helpers for tests that run real adapter code against the fake providers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import httpx

from tests.fakeproviders import base_url, host
from tests.fakeproviders.common import FakeServer, FakeState
from tests.fakeproviders.inprocess import FakeHost, FakeNet
from tools.jobs.session import ProviderSession, provider_session
from tools.providers.declared import PROVIDERS
from tools.providers.settings import ProviderSettings
from tools.recipe import Capability, Recipe

SECRET = "sk-live-DO-NOT-LEAK-4242"


def settings_for(provider: str, server: FakeServer | FakeHost, **extra: object) -> ProviderSettings:
    """Only ``provider`` configured, pointed at ``server``."""
    declared = PROVIDERS[provider]
    key_var, url_var = declared.key_env, declared.base_url_env
    switch = {declared.switch_env: True} if declared.switch_env else {}
    uploads = {declared.upload_url_env: server.url} if declared.upload_url_env else {}  # fal's REST host
    fields = {key_var: SECRET, url_var: base_url(provider, server), **switch, **uploads, **extra}
    return ProviderSettings.model_validate(fields)


@asynccontextmanager
async def fake_session(
    provider: str,
    tmp_path: Path,
    state: FakeState | None = None,
    *,
    others: tuple[FakeHost, ...] = (),
    **extra: object,
) -> AsyncIterator[tuple[ProviderSession, FakeHost]]:
    """A provider session whose client reaches ``provider``'s fake in-process (and ``others``, if given)."""
    fake = host(provider, state or FakeState(latency_s=0.05))
    settings = settings_for(provider, fake, **extra)
    async with provider_session(
        tmp_path / "jobs.db", settings, transport=FakeNet(fake, *others), poll_interval_s=0.02
    ) as session:
        yield session, fake


def recipe(model_id: str, capability: Capability, prompt: str = "a trail shoe at dawn", **extra: object) -> Recipe:
    """A small portrait recipe for ``model_id``."""
    fields = {
        "capability": capability,
        "model_id": model_id,
        "model_version": "1",
        "provider_route": "x",
        "prompt": prompt,
        "seed": 11,
        "width": 720,
        "height": 1280,
        "aspect_ratio": "9:16",
        "duration_s": 2.0,
    }
    return Recipe.model_validate(fields | extra)


@asynccontextmanager
async def mock_session(
    provider: str, tmp_path: Path, handler: Callable[[httpx.Request], httpx.Response], base: str
) -> AsyncIterator[ProviderSession]:
    """A provider session whose every request is answered by ``handler`` (no sockets at all)."""
    declared = PROVIDERS[provider]
    key_var, url_var = declared.key_env, declared.base_url_env
    switch = {declared.switch_env: True} if declared.switch_env else {}
    settings = ProviderSettings.model_validate({key_var: SECRET, url_var: base, **switch})
    async with provider_session(
        tmp_path / "jobs.db", settings, transport=httpx.MockTransport(handler), poll_interval_s=0.01
    ) as session:
        yield session


def keyed(request: httpx.Request) -> bool:
    """Whether a request carries the test key anywhere (headers or URL)."""
    return SECRET in str(request.url) or any(SECRET in value for value in request.headers.values())

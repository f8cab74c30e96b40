"""Shared fixtures: no network, a private data folder per test, counting fake backends."""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from agent.service import CampaignService
from agent.settings import Settings
from tests import fakes, netguard
from tests.llm_support import llm  # noqa: F401  (the fake LLM server fixture, for every test)
from tools.providers.declared import PROVIDERS

netguard.install()
# Chainlit creates folders in its app root when first imported; keep them out of the checkout.
os.environ.setdefault("CHAINLIT_APP_ROOT", tempfile.mkdtemp(prefix="chainlit-root-"))

PROVIDER_KEYS = tuple(d.key_env for d in PROVIDERS.values())
"""Every provider key variable; tests run with none of them set."""
SMALL_BRIEF = "6 s square feed teaser for our trail shoe, energetic, budget $20"


@pytest.fixture(autouse=True)
def studio_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own STUDIO_HOME, and no provider keys."""
    home = tmp_path / "studio-data"
    monkeypatch.setenv("STUDIO_HOME", str(home))
    for key in PROVIDER_KEYS:
        monkeypatch.delenv(key, raising=False)
    return home


@pytest.fixture
def settings(studio_home: Path) -> Settings:
    """Small, fast settings: two variations per scene."""
    return Settings(home=studio_home, variations=2, concurrency=2)


@pytest.fixture
def fake_backends(monkeypatch: pytest.MonkeyPatch) -> Iterator[fakes.Counter[str]]:
    """Counting keyframes and speech, quick clips, in every tool layer this test opens.

    Services this test opens directly or through a front end (CLI, chat) build their backends in
    :func:`tools.jobs.session.provider_session`; its local backends are the fakes here.
    """
    fakes.CALLS.clear()
    fakes.QuickMotion.fail_next = 0
    monkeypatch.setattr("tools.jobs.session.local_backends", fakes.local_backends)
    yield fakes.CALLS


@pytest.fixture
async def service(settings: Settings) -> AsyncIterator[CampaignService]:
    """The campaign service over the test's data folder."""
    async with CampaignService.open(settings) as svc:
        yield svc


def only_campaign(home: Path) -> Path:
    """The single campaign folder in a data folder (memory and job stores sit beside it)."""
    folders = [p.parent for p in home.glob("*/manifest.json")]
    assert len(folders) == 1, f"expected one campaign in {home}, found {folders}"
    return folders[0]

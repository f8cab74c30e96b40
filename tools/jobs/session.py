"""The tool layer of a process that runs campaigns: one HTTP client, the job store and runner, the backends."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tools._http import make_client, origin
from tools.backends import Backends, local_backends, local_voices
from tools.catalog import Catalog, load_catalog
from tools.jobs.db import Database
from tools.jobs.ledger import Ledger
from tools.jobs.runner import JobRunner
from tools.jobs.store import JobStore
from tools.providers.declared import PROVIDERS
from tools.providers.elevenlabs_voices import ElevenLabsVoices
from tools.providers.keyguard import KeyGuard, KeyScope
from tools.providers.openai_voices import OpenAIVoices
from tools.providers.settings import ProviderSettings
from tools.routes import Routes
from tools.voices import VoiceLister

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProviderSession:
    """What is configured for this process: the backends to run on, and the job store and ledger behind them."""

    backends: Backends
    ledger: Ledger
    store: JobStore

    @property
    def runner(self) -> JobRunner:
        """The job runner every provider backend shares."""
        assert self.backends.runner is not None
        return self.backends.runner

    @property
    def routed(self) -> dict[str, str]:
        """Catalog model id → provider serving it."""
        return {model_id: r.provider for model_id, r in self.backends.routes.by_model.items()}


def key_scopes(settings: ProviderSettings) -> list[KeyScope]:
    """Each configured key with the hosts it may go to: its base URL's host, plus documented siblings."""
    scopes = []
    for provider in settings.configured():
        config = settings.config(provider)
        assert config is not None
        adapter = PROVIDERS[provider].adapter(config)
        also = (origin(config.upload_url),) if config.upload_url else ()
        scopes.append(
            KeyScope(
                provider=provider,
                secret=config.api_key,
                origin=config.origin,
                https_domains=adapter.key_domains,
                also=also,
            )
        )
    return scopes


def voice_listers(routes: Routes, client: httpx.AsyncClient) -> dict[str, VoiceLister]:
    """A voice list for each configured route that publishes one (over the session's one client), and espeak's."""
    listers = local_voices()
    for route in routes.by_model.values():
        if route.provider == "elevenlabs":
            listers["elevenlabs"] = ElevenLabsVoices(client, route.adapter.config)
        elif route.provider == "openai":
            listers["openai"] = OpenAIVoices()
    return listers


@asynccontextmanager
async def provider_session(
    database: Path,
    settings: ProviderSettings | None = None,
    *,
    catalog: Catalog | None = None,
    local: Mapping[str, object] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    poll_interval_s: float | None = None,
) -> AsyncIterator[ProviderSession]:
    """Open the job database and the one HTTP client, and build this process's backends over them.

    ``local`` replaces some of the local draft backends, by model id (tests pass fakes); ``transport``
    replaces the network (tests pass an ``httpx.ASGITransport`` over a fake provider).
    """
    settings = settings or ProviderSettings()
    db = Database(database)
    store, ledger = JobStore(db), Ledger(db)
    routes = Routes.configured(settings, catalog or load_catalog())
    async with make_client(transport, guard=KeyGuard(key_scopes(settings))) as client:
        runner = JobRunner(
            client, store, ledger, limits=settings.limits(), poll_interval_s=poll_interval_s or settings.poll_interval_s
        )
        if routes.providers:
            log.info("providers configured: %s", ", ".join(routes.providers))
        backends = Backends(
            routes=routes,
            local={**local_backends(), **(local or {})},
            runner=runner,
            voices=voice_listers(routes, client),
        )
        yield ProviderSession(backends=backends, ledger=ledger, store=store)

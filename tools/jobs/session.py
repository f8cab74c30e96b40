"""Provider session: one HTTP client, the job runner, and a backend for every configured route."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import httpx

from tools import registry
from tools._http import make_client
from tools.catalog import Catalog, ModelSpec, load_catalog
from tools.jobs.backend import ProviderBackend
from tools.jobs.db import Database
from tools.jobs.ledger import Ledger
from tools.jobs.runner import JobRunner
from tools.jobs.store import JobStore
from tools.providers.base import Endpoint
from tools.providers.declared import PROVIDERS
from tools.providers.keyguard import KeyGuard, KeyScope
from tools.providers.settings import ProviderSettings
from tools.recipe import Capability

log = logging.getLogger(__name__)


def unsupported_fields(provider: str, path: str) -> frozenset[str]:
    """Recipe fields a provider endpoint cannot honour, from the provider's declared routes."""
    return PROVIDERS[provider].unsupported(path)


@dataclass
class ProviderSession:
    """What is configured for this process."""

    runner: JobRunner
    ledger: Ledger
    store: JobStore
    routed: dict[str, str] = field(default_factory=dict)
    """Catalog model id → provider serving it."""


def endpoints_for(spec: ModelSpec, provider: str) -> dict[Capability, Endpoint]:
    """The model's endpoints at one provider, per capability."""
    return {
        r.capability: Endpoint(
            model_id=spec.id,
            capability=r.capability,
            provider=provider,
            path=r.endpoint,
            unsupported=unsupported_fields(provider, r.endpoint),
        )
        for r in spec.routes
        if r.provider == provider
    }


def key_scopes(settings: ProviderSettings) -> list[KeyScope]:
    """Each configured key with the hosts it may go to: its base URL's host, plus documented siblings."""
    scopes = []
    for provider in settings.configured():
        config = settings.config(provider)
        assert config is not None
        adapter = PROVIDERS[provider].adapter(config)
        scopes.append(
            KeyScope(provider=provider, secret=config.api_key, origin=config.origin, https_domains=adapter.key_domains)
        )
    return scopes


def register_routes(settings: ProviderSettings, runner: JobRunner, catalog: Catalog) -> dict[str, str]:
    """Register a backend for every catalog model that has a route to a configured provider.

    The first configured route in the catalog's order wins; the rest stay as alternatives.
    """
    routed: dict[str, str] = {}
    for spec in catalog.models:
        for provider in dict.fromkeys(r.provider for r in spec.routes):
            config = settings.config(provider)
            if config is None:
                continue
            endpoints = endpoints_for(spec, provider)
            adapter = PROVIDERS[provider].adapter(config)
            registry.register(
                spec.id,
                partial(ProviderBackend, adapter, endpoints, runner, spec),
                route=provider,
                unsupported={c: e.unsupported for c, e in endpoints.items()},
            )
            routed[spec.id] = provider
            break
    return routed


@asynccontextmanager
async def provider_session(
    database: Path,
    settings: ProviderSettings | None = None,
    *,
    catalog: Catalog | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    poll_interval_s: float | None = None,
) -> AsyncIterator[ProviderSession]:
    """Open the job database and client, register configured routes; undo both on exit."""
    settings = settings or ProviderSettings()
    db = Database(database)
    store, ledger = JobStore(db), Ledger(db)
    async with make_client(transport, guard=KeyGuard(key_scopes(settings))) as client:
        runner = JobRunner(
            client, store, ledger, limits=settings.limits(), poll_interval_s=poll_interval_s or settings.poll_interval_s
        )
        routed = register_routes(settings, runner, catalog or load_catalog())
        if routed:
            log.info("providers configured: %s", ", ".join(sorted(set(routed.values()))))
        try:
            yield ProviderSession(runner=runner, ledger=ledger, store=store, routed=routed)
        finally:
            for model_id in routed:
                registry.unregister(model_id)

"""Which provider serves each catalog model in this process: pure data, from settings and the catalog.

Planning needs only this (no client, no job store); running needs it plus the job runner
(:class:`tools.backends.Backends`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from tools.catalog import Catalog, ModelSpec
from tools.providers.base import Adapter, Endpoint
from tools.providers.declared import PROVIDERS
from tools.providers.settings import ProviderSettings
from tools.recipe import Capability

LOCAL = "local"
UNROUTED = "unrouted"


@dataclass(frozen=True)
class ProviderRoute:
    """One catalog model at the provider that serves it: the adapter and an endpoint per capability."""

    spec: ModelSpec
    adapter: Adapter
    endpoints: Mapping[Capability, Endpoint]

    @property
    def provider(self) -> str:
        """The provider's name."""
        return self.adapter.provider


def endpoints_for(spec: ModelSpec, provider: str) -> dict[Capability, Endpoint]:
    """The model's endpoints at one provider, per capability, with the fields each cannot honour."""
    declared = PROVIDERS[provider]
    return {
        r.capability: Endpoint(
            model_id=spec.id,
            capability=r.capability,
            provider=provider,
            path=r.endpoint,
            unsupported=declared.unsupported(r.endpoint),
        )
        for r in spec.routes
        if r.provider == provider
    }


@dataclass(frozen=True)
class Routes:
    """Catalog model id → the provider route serving it; local models are always served here."""

    by_model: Mapping[str, ProviderRoute] = field(default_factory=dict)

    @classmethod
    def configured(cls, settings: ProviderSettings, catalog: Catalog) -> Routes:
        """A route for every catalog model a configured provider serves; the catalog's first such route wins."""
        routes: dict[str, ProviderRoute] = {}
        adapters = {name: PROVIDERS[name].adapter(config) for name in PROVIDERS if (config := settings.config(name))}
        for spec in catalog.models:
            provider = next((r.provider for r in spec.routes if r.provider in adapters), None)
            if provider is not None:
                routes[spec.id] = ProviderRoute(spec, adapters[provider], endpoints_for(spec, provider))
        return cls(routes)

    def route(self, model_id: str) -> str:
        """Who runs ``model_id`` here: ``local``, a provider name, or ``unrouted``."""
        found = self.by_model.get(model_id)
        if found is not None:
            return found.provider
        return LOCAL if model_id.startswith("local/") else UNROUTED

    def available(self, model_id: str) -> bool:
        """Whether something runs ``model_id`` here: a local backend or a configured provider."""
        return self.route(model_id) != UNROUTED

    def unsupported(self, model_id: str, capability: Capability) -> frozenset[str]:
        """Recipe fields the configured route for ``model_id`` cannot honour."""
        found = self.by_model.get(model_id)
        endpoint = found.endpoints.get(capability) if found else None
        return endpoint.unsupported if endpoint else frozenset()

    @property
    def providers(self) -> list[str]:
        """The providers serving at least one model, sorted."""
        return sorted({r.provider for r in self.by_model.values()})

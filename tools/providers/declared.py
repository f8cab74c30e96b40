"""Every provider the studio can route to, by name: each one's declaration lives beside its adapter."""

from __future__ import annotations

from tools.providers import bfl, elevenlabs, fal, gemini, openai, replicate, runway
from tools.providers.base import ProviderDeclaration

PROVIDERS: dict[str, ProviderDeclaration] = {
    d.name: d
    for d in (
        fal.DECLARATION,
        replicate.DECLARATION,
        openai.DECLARATION,
        elevenlabs.DECLARATION,
        gemini.DECLARATION,
        runway.DECLARATION,
        bfl.DECLARATION,
    )
}
"""In the order the catalog's routes prefer them when several are configured."""

"""Fake providers reproducing the documented wire shapes, in-process (:func:`host`) or on loopback (:func:`start`)."""

from __future__ import annotations

from collections.abc import Callable

from starlette.applications import Starlette

from tests.fakeproviders import bfl, elevenlabs, fal, gemini, openai, replicate, runway
from tests.fakeproviders.common import FakeServer, FakeState
from tests.fakeproviders.inprocess import FakeHost

APPS: dict[str, Callable[[FakeState], Starlette]] = {
    "fal": fal.app,
    "replicate": replicate.app,
    "openai": openai.app,
    "elevenlabs": elevenlabs.app,
    "gemini": gemini.app,
    "runway": runway.app,
    "bfl": bfl.app,
}
# How each provider's base URL is formed from the fake's root.
BASE_PATHS = {"openai": "/v1"}


def start(provider: str, state: FakeState | None = None) -> FakeServer:
    """A fake server for ``provider`` (use as a context manager)."""
    state = state or FakeState()
    return FakeServer(APPS[provider](state), state)


def host(provider: str, state: FakeState | None = None) -> FakeHost:
    """``provider``'s fake in-process at ``https://<provider>.fake`` (serve it through a ``FakeNet``)."""
    state = state or FakeState()
    return FakeHost(APPS[provider](state), state, f"https://{provider}.fake")


def base_url(provider: str, server: FakeServer | FakeHost) -> str:
    """The value for the provider's ``*_BASE_URL`` pointing at the fake."""
    return server.url + BASE_PATHS.get(provider, "")

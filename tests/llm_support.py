"""A fake OpenAI-compatible LLM server per test, and clients to it that are closed when the test ends."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from openai import AsyncOpenAI

from tests.fakeproviders import start
from tests.fakeproviders.common import FakeServer, FakeState

CLIENTS: list[AsyncOpenAI] = []


@pytest.fixture
async def llm() -> AsyncIterator[FakeServer]:
    """The fake server (scripted through ``llm.state.script``); registered for every test in conftest."""
    with start("openai", FakeState()) as server:
        yield server
        while CLIENTS:
            await CLIENTS.pop().close()


def client(server: FakeServer) -> AsyncOpenAI:
    """A client to the fake, closed with the ``llm`` fixture."""
    made = AsyncOpenAI(api_key="sk-test", base_url=f"{server.url}/v1", max_retries=0)
    CLIENTS.append(made)
    return made

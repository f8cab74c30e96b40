"""Two users of the web workspace plan at once on one shared planner: each sees only their own recalls."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from agent.domain import Decision, DecisionKind, Stage
from agent.llm.planner import LLMPlanner
from agent.service import CampaignService
from agent.settings import Settings
from memory.records import Outcome, OutcomeRecord
from tests.fakeproviders import start
from tests.fakeproviders.common import FakeServer, FakeState
from ui.web.workspace import Workspace

APPROVE = Decision(kind=DecisionKind.APPROVE)
USERS = {
    "alice": (
        "6 s square feed teaser for our trail running shoe on a rocky ridge, energetic, budget $20",
        "a trail running shoe on a rocky mountain ridge at dawn",
        424242,
    ),
    "bob": (
        "6 s square feed teaser for our cold brew coffee can on ice, calm, budget $20",
        "a cold brew coffee can on a bed of ice cubes",
        737373,
    ),
}


@pytest.fixture
def llm(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeServer]:
    """A fake OpenAI-compatible planner endpoint that logs every prompt (and answers 500: offline fallback)."""
    with start("openai", FakeState()) as server:
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
        monkeypatch.setenv("OPENAI_BASE_URL", f"{server.url}/v1")
        monkeypatch.setenv("STUDIO_LLM", "1")
        yield server


def seeded(description: str, seed: int, user: str) -> OutcomeRecord:
    return OutcomeRecord(
        recipe_hash=f"recipe-{user}",
        description=description,
        prompt=description,
        capability="text_to_image",
        model_id="flux-2-pro",
        seed=seed,
        guidance=3.5,
        outcome=Outcome.APPROVED,
        campaign_id=f"earlier-{user}",
        campaign_title="Earlier",
        workspace=f"user:{user}",
    )


def prompts(server: FakeServer) -> list[tuple[str, str]]:
    """(whose brief, system prompt) for every planner request the fake LLM saw."""
    seen = []
    for request in server.state.requests:
        if request["path"] != "/v1/chat/completions":
            continue
        messages: list[dict[str, Any]] = request["body"]["messages"]
        system, user = messages[0]["content"], messages[1]["content"]
        seen.append((next(name for name, (brief, *_) in USERS.items() if brief in user), system))
    return seen


async def test_two_users_planning_at_once_each_see_only_their_own_recall(llm: FakeServer, settings: Settings) -> None:
    ws = await Workspace.open(settings)
    try:
        services: dict[str, CampaignService] = {}
        for name, (_, description, seed) in USERS.items():
            service = ws.service_for(name)
            assert service.context.memory is not None
            service.context.memory.record([seeded(description, seed, name)])
            services[name] = service
        planner = services["alice"].context.get_planner()
        assert isinstance(planner, LLMPlanner) and planner is services["bob"].context.get_planner(), "one planner"

        async def plan(name: str) -> str:
            started = await services[name].start(USERS[name][0])
            return started.campaign_id

        ids = dict(zip(USERS, await asyncio.gather(*(plan(n) for n in USERS)), strict=True))
        boards = await asyncio.gather(*(services[n].decide(ids[n], APPROVE) for n in USERS))
        assert all(b.checkpoint is not None and b.checkpoint.stage is Stage.STORYBOARD for b in boards)
        redirect = Decision(kind=DecisionKind.REDIRECT, target=Stage.CONCEPT, feedback="warmer light")
        await asyncio.gather(*(services[n].decide(ids[n], redirect) for n in USERS))
    finally:
        await ws.aclose()

    seen = prompts(llm)
    assert {whose for whose, *_ in seen} == set(USERS)
    for whose, system in seen:
        for other, (_, _, seed) in USERS.items():
            if other != whose:
                assert f"seed {seed}" not in system, f"{whose}'s planner prompt carries {other}'s recall"
    for name, (_, _, seed) in USERS.items():
        own = [system for whose, system in seen if whose == name and f"seed {seed}" in system]
        assert own, f"{name}'s storyboard prompt carries {name}'s own recall"
    assert not hasattr(planner, "recalls"), "no campaign's recalls live on the shared planner"

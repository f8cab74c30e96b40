"""The planning LLM's own settings: never turning on a media provider, timeouts and token fields by endpoint."""

import pytest

from agent.llm.settings import LLMSettings
from agent.service import plan_campaign
from tests.fakeproviders import start
from tests.fakeproviders.common import FakeState
from tests.test_llm import GOOD_SCENES, brief_answer, concept_answer, storyboard_answer
from tools.catalog import load_catalog
from tools.providers.settings import ProviderSettings

SECRET = "sk-llm-DO-NOT-LEAK-1234"


def test_studio_settings_win_and_openai_ones_are_the_fallback() -> None:
    both = LLMSettings.model_validate(
        {"STUDIO_LLM_BASE_URL": "http://127.0.0.1:8080/v1", "OPENAI_BASE_URL": "https://other.example/v1"}
    )
    assert both.base_url == "http://127.0.0.1:8080/v1"
    fallback = LLMSettings.model_validate({"OPENAI_API_KEY": SECRET, "OPENAI_BASE_URL": "https://proxy.example/v1"})
    assert fallback.base_url == "https://proxy.example/v1" and fallback.configured
    assert fallback.api_key is not None and fallback.api_key.get_secret_value() == SECRET


def test_a_keyless_local_server_is_configured_and_never_gets_the_openai_key() -> None:
    local = LLMSettings.model_validate({"STUDIO_LLM_BASE_URL": "http://127.0.0.1:8080/v1", "OPENAI_API_KEY": SECRET})
    assert local.configured and local.api_key is None and local.client_key() != SECRET
    assert SECRET not in local.describe() and SECRET not in repr(local)


def test_timeouts_retries_and_token_field_follow_the_endpoint() -> None:
    hosted = LLMSettings.model_validate({"OPENAI_API_KEY": SECRET})
    local = LLMSettings.model_validate({"STUDIO_LLM_BASE_URL": "http://127.0.0.1:8080/v1"})
    assert (hosted.effective_timeout_s, hosted.retries, hosted.token_limit_field) == (60, 1, "max_completion_tokens")
    assert (local.effective_timeout_s, local.retries, local.token_limit_field) == (600, 0, "max_tokens")
    tuned = LLMSettings.model_validate(
        {"STUDIO_LLM_BASE_URL": "http://127.0.0.1:8080/v1", "STUDIO_LLM_TIMEOUT_S": "90", "STUDIO_LLM_RETRIES": "2"}
    )
    assert (tuned.effective_timeout_s, tuned.retries) == (90, 2)


def test_the_openai_key_turns_on_openai_media_only_with_its_own_switch() -> None:
    plain = ProviderSettings.model_validate({"OPENAI_API_KEY": SECRET, "OPENAI_BASE_URL": "http://127.0.0.1:1/v1"})
    assert "openai" not in plain.configured()
    switched = ProviderSettings.model_validate({"OPENAI_API_KEY": SECRET, "STUDIO_OPENAI_MEDIA": "1"})
    config = switched.config("openai")
    assert config is not None and config.base_url == "https://api.openai.com/v1", "never OPENAI_BASE_URL"


async def test_an_llm_server_with_no_media_keys_plans_local_drafts_never_openai(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    catalog = load_catalog()
    with start("openai", FakeState()) as server:
        monkeypatch.setenv("STUDIO_LLM_BASE_URL", f"{server.url}/v1")
        monkeypatch.setenv("OPENAI_API_KEY", SECRET)  # as a user with OpenAI for the LLM would have it
        monkeypatch.setenv("STUDIO_LLM", "1")
        server.state.script += [
            brief_answer(budget=None),
            concept_answer("Trail Shoe: Further"),
            storyboard_answer(*GOOD_SCENES),
        ]
        plan = await plan_campaign("20 s teaser for our trail shoe on TikTok, energetic")
        body = server.state.requests[-1]["body"]
    assert plan.planners["storyboard"].startswith("llm")
    for scene in plan.storyboard.scenes:
        for choice in scene.models:
            assert catalog.get(choice.model_id).local, f"{choice.model_id} would run on a provider"
    assert not any(n.startswith("Planned by") and "openai" in n.lower() for n in plan.storyboard.notes)
    assert body["max_tokens"] > 0 and "max_completion_tokens" not in body
    assert "maxLength" not in str(body["response_format"]), "string lengths make llama.cpp's grammar crawl"
    auth = [r["headers"].get("authorization", "") for r in server.state.requests]
    assert all(SECRET not in a for a in auth), "the OpenAI key never goes to a server STUDIO_LLM_BASE_URL names"

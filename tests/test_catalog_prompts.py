import pytest

from prompts import PromptError, load_prompt
from tools.catalog import PriceUnit, Tier, load_catalog
from tools.recipe import Capability

NAMED = {
    "veo-3.1-fast",
    "veo-3.1",
    "veo-3.1-lite",
    "kling-2.5-turbo",
    "hailuo-02",
    "runway-gen4-turbo",
    "wan-2.5",
    "luma-ray-2",
    "pika-2.2",
    "flux-schnell",
    "flux-2-pro",
    "gpt-image-1",
    "seedream-4",
    "nano-banana",
    "ideogram-v3",
    "midjourney-v7",
    "qwen-image-edit",
    "nano-banana-edit",
    "ideogram-character",
    "runway-aleph",
    "luma-modify",
    "topaz-image-upscale",
    "topaz-video-upscale",
    "recraft-remove-background",
    "elevenlabs-multilingual-v2",
    "openai-gpt-4o-mini-tts",
}


def test_catalog_covers_the_models_users_ask_for() -> None:
    ids = {m.id for m in load_catalog().models}
    assert ids >= NAMED


def test_every_model_is_described_completely() -> None:
    for model in load_catalog().models:
        assert model.capabilities and model.strengths, model.id
        if model.official_api:
            assert model.price is not None and model.price.source and model.price.as_of, model.id
        else:
            assert model.price is None and "no official API" in model.notes


def test_one_free_local_backend_per_capability() -> None:
    catalog = load_catalog()
    for capability in Capability:
        local = catalog.local_for(capability)
        assert local.tier is Tier.DRAFT
        assert local.price is not None and local.price.amount_usd == 0
        assert "local" in local.price.source


def test_estimates_follow_the_price_unit() -> None:
    catalog = load_catalog()
    kling = catalog.get("kling-2.5-turbo-pro")
    assert kling.price is not None and kling.price.unit is PriceUnit.SECOND
    assert kling.estimate(seconds=5) == pytest.approx(0.35)
    schnell = catalog.get("flux-schnell")
    assert schnell.estimate(images=4, megapixels=2.0736) == pytest.approx(0.003 * 2 * 4), "whole fal megapixels"
    assert catalog.get("elevenlabs-multilingual-v2").estimate(chars=2500) == pytest.approx(0.25)


def test_unknown_model_error_lists_known_ids() -> None:
    with pytest.raises(KeyError, match="unknown model 'nope'"):
        load_catalog().get("nope")


def test_prompt_loader_fails_on_missing_and_unknown_values() -> None:
    template = load_prompt("scene_prompt")
    assert template.placeholders == {
        "subject",
        "environment",
        "camera",
        "lighting",
        "style",
        "realism",
        "motion",
        "tone",
    }
    with pytest.raises(PromptError, match=r"missing values for \['tone'\]"):
        template.render(subject="a", environment="b", camera="c", lighting="d", style="e", realism="f", motion="g")
    with pytest.raises(PromptError, match=r"unknown values \['mood'\]"):
        template.render(
            subject="a",
            environment="b",
            camera="c",
            lighting="d",
            style="e",
            realism="f",
            motion="g",
            tone="h",
            mood="x",
        )
    with pytest.raises(PromptError, match="no prompt template"):
        load_prompt("does_not_exist")

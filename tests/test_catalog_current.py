"""The catalog offers only current routes, each with its source, and prices follow what a request sets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.domain import ModelChoice, Scene, ScenePurpose, Storyboard
from agent.production import clip_recipe
from tests.fakeproviders.spec import SPECS
from tests.providers_support import recipe
from tools.catalog import BadOption, Tier, load_catalog
from tools.providers.base import AdapterConfig, Endpoint
from tools.providers.declared import PROVIDERS
from tools.providers.fal import FalAdapter
from tools.recipe import Asset, AssetKind, Capability, MediaFacts
from tools.routes import Routes

CATALOG = load_catalog()
FAL_ENDPOINTS = json.loads((SPECS / "fal-endpoints.schema.json").read_text())["endpoints"]
REFERENCE = (SPECS.parent / "providers.md").read_text()
OPENAI_SPEC = (SPECS / "openai-openapi.json").read_text()
ELEVENLABS_SPEC = (SPECS / "elevenlabs-openapi.json").read_text()


def test_every_route_is_current_and_says_where_that_was_confirmed() -> None:
    for spec in CATALOG.models:
        for route in spec.routes:
            where = f"{spec.id} via {route.provider}:{route.endpoint}"
            assert route.source and route.as_of[:4] == "2026", where
            assert route.endpoint in PROVIDERS[route.provider].routes, f"{where}: no request builder"
            if route.provider == "fal":
                assert route.endpoint in FAL_ENDPOINTS, f"{where}: not in fal's published types"
            elif route.provider == "openai":
                assert f'"{route.endpoint.split("/")[0]}"' in OPENAI_SPEC, where
            elif route.provider == "elevenlabs":
                assert route.endpoint in ELEVENLABS_SPEC, where
            else:  # no machine-readable spec is reachable: the official SDKs' ids, as the reference records them
                assert f"`{route.endpoint}`" in REFERENCE or route.endpoint in REFERENCE, where


def test_retired_models_are_gone_and_asking_for_one_names_its_replacement() -> None:
    ids = {m.id for m in CATALOG.models}
    endpoints = {r.endpoint for m in CATALOG.models for r in m.routes}
    assert {"sora-2", "sora-2-pro", "imagen-4"}.isdisjoint(ids)
    assert {
        "gen4_aleph",
        "veo-3.1-generate-preview",
        "veo-3.1-fast-generate-preview",
        "fal-ai/imagen4/preview",
    }.isdisjoint(endpoints)
    for gone in CATALOG.retired:
        assert gone.id not in ids and CATALOG.get(gone.instead)
    with pytest.raises(KeyError, match=r"Sora 2 Pro was retired on 2026-09-24 .*use Veo 3\.1 instead"):
        CATALOG.get("sora-2-pro")


def test_no_provider_serves_a_retired_route_even_with_every_key_set() -> None:
    from tools.providers.settings import ProviderSettings

    keys = {d.key_env: "k" for d in PROVIDERS.values()} | {"STUDIO_OPENAI_MEDIA": True}
    routes = Routes.configured(ProviderSettings.model_validate(keys), CATALOG)
    served = {(r.provider, e.path) for r in routes.by_model.values() for e in r.endpoints.values()}
    assert ("openai", "sora-2") not in served and ("gemini", "veo-3.1-generate-preview") not in served
    assert routes.route("veo-3.1-lite") == "gemini" and routes.route("veo-3.1") == "fal"


# (model, seconds or None for an image, width, height, options, expected USD)
PRICES = [
    ("veo-3.1", 6, 1080, 1920, {}, 6 * 0.20),
    ("veo-3.1", 6, 1080, 1920, {"generate_audio": "true"}, 6 * 0.40),
    ("veo-3.1", 6, 1080, 1920, {"resolution": "4k"}, 6 * 0.40),
    ("veo-3.1", 6, 1080, 1920, {"resolution": "4k", "generate_audio": "true"}, 6 * 0.60),
    ("veo-3.1-fast", 8, 1080, 1920, {}, 8 * 0.10),
    ("veo-3.1-fast", 8, 1080, 1920, {"generate_audio": "true"}, 8 * 0.15),
    ("wan-2.5", 5, 1080, 1920, {}, 5 * 0.15),
    ("wan-2.5", 5, 1080, 1920, {"resolution": "720p"}, 5 * 0.10),
    ("wan-2.5", 5, 1080, 1920, {"resolution": "480p"}, 5 * 0.05),
    ("luma-ray-2", 5, 1080, 1920, {}, 5 * 0.40),
    ("luma-ray-2", 5, 1080, 1920, {"resolution": "540p"}, 5 * 0.10),
    ("pika-2.2", 5, 1080, 1920, {}, 5 * 0.09),
    ("pika-2.2", 5, 1080, 1920, {"resolution": "720p"}, 5 * 0.04),
    ("hailuo-02", 6, 1080, 1920, {}, 6 * 0.045),
    ("hailuo-02", 6, 1080, 1920, {"resolution": "512P"}, 6 * 0.017),
    ("kling-2.5-turbo-pro", 7, 1080, 1920, {}, 10 * 0.07),  # billed as its 10 s clip
    ("ideogram-character", None, 1024, 1024, {}, 0.15),
    ("ideogram-character", None, 1024, 1024, {"rendering_speed": "TURBO"}, 0.10),
    ("ideogram-character", None, 1024, 1024, {"rendering_speed": "QUALITY"}, 0.20),
    ("flux-2-pro", None, 1024, 1024, {}, 0.03),  # one megapixel
    ("flux-2-pro", None, 1080, 1920, {}, 0.03 + 0.015),  # 1.98 fal megapixels → 2
    ("flux-2-pro", None, 2048, 2048, {}, 0.03 + 3 * 0.015),
    ("flux-schnell", None, 720, 1280, {}, 0.003),
]


@pytest.mark.parametrize(("model_id", "seconds", "width", "height", "options", "usd"), PRICES)
def test_each_request_parameter_moves_the_estimate(
    model_id: str, seconds: float | None, width: int, height: int, options: dict[str, str], usd: float
) -> None:
    spec = CATALOG.get(model_id)
    capability = Capability.IMAGE_TO_VIDEO if seconds else spec.capabilities[0]
    shot = recipe(model_id, capability, duration_s=seconds or 5.0, width=width, height=height, extra=options)
    assert spec.estimate_recipe(shot) == pytest.approx(usd)


def test_every_priced_option_is_sent_as_the_catalog_prices_it(tmp_path: Path) -> None:
    """The adapter's default is the catalog's default, and a chosen value reaches the request body."""
    frame = tmp_path / "k.png"
    frame.write_bytes(b"\x89PNG\r\n\x1a\n")
    adapter = FalAdapter(AdapterConfig(base_url="https://queue.fal.run", api_key="k"))  # type: ignore[arg-type]
    checked = 0
    for spec in CATALOG.models:
        route = next((r for r in spec.routes if r.provider == "fal"), None)
        if route is None or not spec.options:
            continue
        endpoint = Endpoint(model_id=spec.id, capability=route.capability, provider="fal", path=route.endpoint)
        from tools.providers.base import InputFile

        inputs = [InputFile(path=frame)]
        sent = json.loads(adapter.submit(endpoint, recipe(spec.id, route.capability), inputs).content)
        for name, option in spec.options.items():
            assert str(sent[name]).lower() == option.default.lower(), (spec.id, name)
            for choice in option.choices:
                chosen = recipe(spec.id, route.capability, extra={name: choice})
                body = json.loads(adapter.submit(endpoint, chosen, inputs).content)
                assert str(body[name]).lower() == choice.lower(), (spec.id, name, choice)
                checked += 1
    assert checked >= 15


def test_an_option_value_the_model_does_not_take_is_refused_clearly() -> None:
    with pytest.raises(BadOption, match=r"Wan 2\.5 takes resolution 480p \| 720p \| 1080p, not '8k'"):
        CATALOG.get("wan-2.5").estimate(seconds=5, options={"resolution": "8k"})


def test_a_clip_recipe_records_the_options_it_is_priced_and_sent_with() -> None:
    scene = Scene(
        index=1,
        purpose=ScenePurpose.HOOK,
        description="a shoe",
        prompt="a shoe on a ridge",
        duration_s=6,
        shot_type="close-up",
        camera_move="push_in",
        lighting="dawn",
        seed=3,
        guidance=3.5,
        on_screen_text="",
        voiceover="",
        negative_prompt="",
        models=[
            ModelChoice(
                capability=Capability.IMAGE_TO_VIDEO,
                model_id="veo-3.1",
                tier=Tier.QUALITY,
                reason="test",
                estimated_cost_usd=2.4,
                options={"generate_audio": "true"},
            )
        ],
    )
    board = Storyboard.model_construct(master_aspect="9:16", width=1080, height=1920, fps=24, scenes=[scene])
    keyframe = Asset.model_construct(
        id="kf-s1-v1",
        kind=AssetKind.KEYFRAME,
        sha256="ab" * 32,
        recipe=recipe("local/keyframe", Capability.TEXT_TO_IMAGE),
        media=MediaFacts.model_construct(),
    )
    made = clip_recipe(CATALOG, Routes(), board, scene, keyframe)
    assert made.extra == {"generate_audio": "true", "resolution": "1080p"}
    assert CATALOG.get("veo-3.1").estimate_recipe(made) == pytest.approx(6 * 0.40)

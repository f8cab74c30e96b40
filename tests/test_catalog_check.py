"""``studio catalog check`` against a fake fal Platform API: drift shown, result kept, fresher price used."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from agent.service import check_prices, current_catalog
from agent.settings import Settings
from tests.fakeproviders import start
from tests.fakeproviders.common import FakeState
from tests.providers_support import SECRET, settings_for
from tools.catalog import load_catalog
from ui.cli.main import app

PRICES = {
    "fal-ai/kling-video/v2.5-turbo/standard/image-to-video": (0.05, "video_second"),  # was $0.042/s
    "fal-ai/veo3.1/image-to-video": (0.40, "video_second"),  # fal's one rate; ours depends on generate_audio
    "fal-ai/flux/schnell": (0.003, "megapixel"),
    "fal-ai/ideogram/v3": (0.06, "image"),
}


async def test_the_check_shows_drift_keeps_the_answer_and_estimates_use_the_fresher_price(studio_home: Path) -> None:
    settings = Settings(home=studio_home)
    with start("fal", FakeState(prices=PRICES)) as server:
        check, saved = await check_prices(settings, settings_for("fal", server, FAL_PLATFORM_URL=server.url))
        asked = [r for r in server.state.requests if r["path"] == "/v1/models/pricing"]
    assert len(asked) == 1 and asked[0]["headers"]["authorization"] == f"Key {SECRET}"
    by = {d.model_id: d for d in check.drifts}
    kling = by["kling-2.5-turbo"]
    assert kling.applies and kling.ratio == pytest.approx(0.05 / 0.042)
    assert not by["veo-3.1"].applies and "depends on the request" in by["veo-3.1"].note
    assert by["flux-schnell"].ratio == pytest.approx(1.0)
    assert by["seedream-4"].live_usd is None and "did not price" in by["seedream-4"].note
    assert saved.is_file() and SECRET not in saved.read_text()

    fresher = current_catalog(settings)
    assert fresher.get("kling-2.5-turbo").estimate(seconds=5) == pytest.approx(0.25)
    assert load_catalog().get("kling-2.5-turbo").estimate(seconds=5) == pytest.approx(0.21)
    veo = fresher.get("veo-3.1")
    assert veo.estimate(seconds=4) == pytest.approx(0.80), "a request-dependent price keeps the catalog's rates"
    assert "Platform API" in (fresher.get("kling-2.5-turbo").price or load_catalog().models[0].price).source  # type: ignore[union-attr]


def test_the_command_needs_fal_key_and_says_so(studio_home: Path) -> None:
    result = CliRunner().invoke(app, ["catalog", "check"])
    assert result.exit_code == 2 and "set FAL_KEY" in result.output


def test_the_command_prints_the_drift_table(studio_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with start("fal", FakeState(prices=PRICES)) as server:
        monkeypatch.setenv("FAL_KEY", SECRET)
        monkeypatch.setenv("FAL_PLATFORM_URL", server.url)
        result = CliRunner().invoke(app, ["catalog", "check"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "kling-2.5-turbo" in result.output and "1.19×" in result.output
    assert SECRET not in result.output
    assert (studio_home / "catalog-check.json").is_file()

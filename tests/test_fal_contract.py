"""fal as the real API answers: every request checked against fal's published types, and moderation
reported as moderation wherever fal reports it (submit, status or the result GET)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.fakeproviders import host
from tests.fakeproviders.common import FORBIDDEN, FakeState, png
from tests.fakeproviders.inprocess import FakeNet
from tests.providers_support import fake_session, recipe
from tools.jobs.context import JobContext
from tools.jobs.store import Phase
from tools.providers.base import ModerationRejected
from tools.providers.fal import ROUTES
from tools.recipe import Capability

JOB = JobContext(campaign_id="fal-contract", scene=1)


@pytest.mark.parametrize("where", ["submit", "status", "result"])
async def test_a_content_policy_rejection_is_moderation_wherever_fal_reports_it(tmp_path: Path, where: str) -> None:
    state = FakeState(latency_s=0.05, moderate_at=where)
    async with fake_session("fal", tmp_path, state) as (session, _):
        with pytest.raises(ModerationRejected, match="content_policy_violation") as refused:
            await session.backends.run(
                recipe("flux-schnell", Capability.TEXT_TO_IMAGE, prompt=f"{FORBIDDEN} shot"), tmp_path / "a.png", JOB
            )
        assert "flagged" in refused.value.reason
        [record] = session.store.campaign_jobs("fal-contract")
        assert record.state is Phase.MODERATED
        assert session.ledger.committed("fal-contract") == 0, "a refused job is not charged"


async def test_every_fal_route_the_adapter_builds_passes_fals_published_schema(tmp_path: Path) -> None:
    """One real request per fal route, through the fake, which answers 422 for anything the schema refuses."""
    frame, clip = tmp_path / "k.png", tmp_path / "c.mp4"
    frame.write_bytes(png(90, 160))
    clip.write_bytes(b"\x00\x00\x00\x18ftypmp42")
    async with fake_session("fal", tmp_path) as (session, server):
        for model_id, route in session.backends.routes.by_model.items():
            for capability, endpoint in route.endpoints.items():
                inputs = [clip] if capability is Capability.VIDEO_EDIT else [frame]
                cap = Capability.IMAGE_EDIT if capability is Capability.VIDEO_EDIT else capability
                if model_id == "topaz-video-upscale":
                    inputs = [clip]
                lyrics = "[verse]\nLace up, the trail is calling"  # MiniMax Music sings: lyrics are required
                shot = recipe(model_id, cap, extra={"upscale_factor": "2", "lyrics": lyrics})
                await session.backends.run(shot, tmp_path / f"{model_id}.out", JOB, inputs)
                assert endpoint.path in ROUTES
        assert server.state.rejected == []
        paths = {e.path for r in session.backends.routes.by_model.values() for e in r.endpoints.values()}
        assert len(server.state.submits()) == len(paths)
        assert sorted(server.state.checked) == sorted(paths), "every submit was checked against fal's types"


async def test_the_fake_refuses_what_fal_would() -> None:
    fake = host("fal")
    async with httpx.AsyncClient(transport=FakeNet(fake), base_url=fake.url) as client:
        headers = {"Authorization": "Key k"}
        gone = await client.post("/fal-ai/imagen4/preview", json={"prompt": "x"}, headers=headers)
        assert gone.status_code == 404 and "not found" in gone.json()["detail"]
        wrong = await client.post(
            "/fal-ai/wan-25-preview/image-to-video",
            json={"prompt": "x", "image_url": "https://a/b.png", "resolution": "8k", "durration": "5"},
            headers=headers,
        )
        assert wrong.status_code == 422
        problems = {tuple(d["loc"]): d["type"] for d in wrong.json()["detail"]}
        assert problems[("body", "resolution")] == "enum"
        assert problems[("body", "durration")] == "extra_forbidden"
        missing = await client.post("/fal-ai/wan-25-preview/image-to-video", json={"prompt": "x"}, headers=headers)
        assert missing.status_code == 422 and missing.json()["detail"][0]["type"] == "required"

"""Issue 10 item 11: resume sweeps a kill's leftovers; the upscale step honours --resubmit-unknown."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from agent.domain import Decision, DecisionKind
from agent.service import CampaignService
from agent.settings import Settings
from tests.conftest import SMALL_BRIEF
from tools.backends import Backends
from tools.capabilities import Generated
from tools.jobs.context import JobContext
from tools.jobs.db import Database
from tools.jobs.lease import CampaignBusy, Leases
from tools.recipe import Capability, Recipe

APPROVE = Decision(kind=DecisionKind.APPROVE)


def leftovers(folder: Path) -> list[Path]:
    """What a kill leaves: ffmpeg's, the download's and the zip's partial files."""
    return [
        folder / "clips" / ".s1-ab12cd34.0f1e2d3c.partial.mp4",
        folder / "exports" / "tiktok" / ".tiktok.9a8b7c6d.partial.mp4",
        folder / "keyframes" / ".s1-v1-07a0eb2d.png.partial",
        folder / f"{folder.name}.zip.partial",
        folder / "voice" / ".s2-1234abcd.5e6f7a8b.partial.wav",
    ]


def plant(paths: list[Path]) -> None:
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half a file")


async def test_resume_sweeps_partial_files_only_inside_its_own_campaign(studio_home: Path, settings: Settings) -> None:
    async with CampaignService.open(settings) as service:
        campaign_id = (await service.start(SMALL_BRIEF)).campaign_id
        folder = settings.campaign_dir(campaign_id)
        mine = leftovers(folder)
        kept = [folder / "clips" / "s1-ab12cd34.mp4", folder / "notes.partial-review.txt"]
        elsewhere = [studio_home / "other-campaign" / ".s1-x.11111111.partial.mp4", studio_home / ".y.partial.mp4"]
        outside = studio_home.parent / "outside"
        plant([*mine, *kept, *elsewhere, outside / ".z.partial.mp4"])
        (folder / "linked").symlink_to(outside, target_is_directory=True)

        await service.resume(campaign_id)

        assert [p for p in mine if p.exists()] == [], "every partial file of the campaign is swept"
        assert all(p.is_file() for p in kept), "finished files stay"
        assert all(p.is_file() for p in elsewhere), "other campaigns' and the data folder's files stay"
        assert (outside / ".z.partial.mp4").is_file(), "a symlinked folder is not followed out of the campaign"


async def test_a_resume_refused_by_the_lease_sweeps_nothing(settings: Settings) -> None:
    async with CampaignService.open(settings) as service:
        campaign_id = (await service.start(SMALL_BRIEF)).campaign_id
        mine = leftovers(settings.campaign_dir(campaign_id))
        plant(mine)
        held = Leases(Database(settings.jobs_database), host="other-host").acquire(campaign_id)
        with pytest.raises(CampaignBusy):
            await service.resume(campaign_id)
        assert all(p.is_file() for p in mine), "another process may still be writing those"
        assert held.campaign_id == campaign_id


@pytest.fixture
def recording_upscaler(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[JobContext]]:
    """The job context every upscale is run under, as the backends receive it."""
    seen: list[JobContext] = []
    run = Backends.run

    async def recording(
        self: Backends, recipe: Recipe, out: Path, job: JobContext, inputs: Sequence[Path] = ()
    ) -> Generated:
        if recipe.capability is Capability.UPSCALE:
            seen.append(job)
        return await run(self, recipe, out, job, inputs)

    monkeypatch.setattr(Backends, "run", recording)
    yield seen


@pytest.mark.usefixtures("fake_backends")
async def test_the_upscale_step_honours_resubmit_unknown(
    studio_home: Path, settings: Settings, recording_upscaler: list[JobContext]
) -> None:
    async with CampaignService.open(settings) as service:
        outcome = await service.start(SMALL_BRIEF)
        campaign_id = outcome.campaign_id
        outcome = await service.decide(campaign_id, APPROVE)  # concept → storyboard
        outcome = await service.decide(campaign_id, APPROVE)  # storyboard → keyframes
        state = await service.state(campaign_id)
        picks = {i: frames[0].id for i, frames in state.keyframes.items()}
        outcome = await service.decide(campaign_id, Decision(kind=DecisionKind.PICK, picks=picks))
        assert outcome.checkpoint is not None and outcome.checkpoint.stage.value == "takes"

    resumed = settings.model_copy(update={"resubmit_unknown": True})  # `studio resume --resubmit-unknown`
    async with CampaignService.open(resumed) as service:
        await service.resume(campaign_id)
        await service.decide(campaign_id, APPROVE)  # takes → finishing: the small quick clips are upscaled

    assert recording_upscaler, "the quick clips are smaller than the master frame, so they go through the upscaler"
    assert all(ctx.campaign_id == campaign_id and ctx.resubmit_unknown for ctx in recording_upscaler), [
        ctx.model_dump() for ctx in recording_upscaler
    ]
    assert {ctx.scene for ctx in recording_upscaler} == set(picks)

"""Issue #10 item 6: the ledger never drops below real spend, and a paid job is never submitted again.

The fake fal knows what it would bill (every job that finished); after any failure and a second run the
ledger's charges equal that bill, and the submit count stays at one.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from tests.fakeproviders import start
from tests.fakeproviders.common import FakeServer, FakeState
from tests.providers_support import recipe, settings_for
from tools.catalog import load_catalog
from tools.jobs.backend import ProviderBackend
from tools.jobs.context import JobContext
from tools.jobs.db import Database
from tools.jobs.ledger import Ledger
from tools.jobs.runner import JobRunner
from tools.jobs.store import JobStore, Phase
from tools.providers.base import ProviderError
from tools.providers.fal import FalAdapter
from tools.providers.http import RetryPolicy
from tools.recipe import Capability
from tools.routes import ProviderRoute, endpoints_for

CAMPAIGN = "ledger"
SHOT = recipe("flux-schnell", Capability.TEXT_TO_IMAGE)
PRICE = load_catalog().get("flux-schnell").estimate_recipe(SHOT)


JOB = JobContext(campaign_id=CAMPAIGN, scene=1)


class Rig:
    """The fake fal, and a backend over one job database (short timeouts, two attempts per request)."""

    def __init__(self, server: FakeServer, db: Path, client: httpx.AsyncClient) -> None:
        self.server, self.state = server, server.state
        database = Database(db)
        self.store, self.ledger = JobStore(database), Ledger(database)
        spec = load_catalog().get("flux-schnell")
        config = settings_for("fal", server).config("fal")
        assert config is not None
        runner = JobRunner(client, self.store, self.ledger, poll_interval_s=0.02, policy=RetryPolicy(attempts=2))
        self.backend = ProviderBackend(ProviderRoute(spec, FalAdapter(config), endpoints_for(spec, "fal")), runner)

    def record(self) -> Phase:
        [record] = self.store.campaign_jobs(CAMPAIGN)
        return record.state

    def charged(self) -> float:
        return sum(line.charged_usd for line in self.ledger.totals(CAMPAIGN))

    def bill(self) -> float:
        """What fal would charge: every job that finished."""
        return len(self.state.billed()) * PRICE


@asynccontextmanager
async def rig(tmp_path: Path, state: FakeState) -> AsyncIterator[Rig]:
    with start("fal", state) as server:
        async with httpx.AsyncClient(timeout=httpx.Timeout(1.0)) as client:
            yield Rig(server, tmp_path / "jobs.db", client)


@pytest.mark.parametrize("fault", ["404", "html", "hang"], ids=["not-found", "wrong-type", "timeout"])
async def test_a_failed_download_after_completion_keeps_the_charge_and_is_never_resubmitted(
    tmp_path: Path, fault: str
) -> None:
    async with rig(tmp_path, FakeState(latency_s=0.05, file_faults=[fault, fault])) as r:
        with pytest.raises(ProviderError):
            await r.backend.run(SHOT, [], tmp_path / "a.png", JOB)
        assert r.record() is Phase.FINISHED, "the finished job keeps its result reference"
        assert r.charged() == pytest.approx(r.bill()) == pytest.approx(PRICE), "charged, not released"
        assert r.ledger.committed(CAMPAIGN) == pytest.approx(PRICE)

        made = await r.backend.run(SHOT, [], tmp_path / "a.png", JOB)
        assert made.path.is_file() and made.cost_usd == pytest.approx(PRICE)
        assert len(r.state.submits()) == 1, "the download is retried from the stored reference, no resubmit"
        assert r.record() is Phase.DONE
        assert r.charged() == pytest.approx(r.bill()), "the ledger equals what the provider charged"


async def test_a_done_job_whose_file_is_missing_is_downloaded_again_not_resubmitted(tmp_path: Path) -> None:
    async with rig(tmp_path, FakeState(latency_s=0.05)) as r:
        first = await r.backend.run(SHOT, [], tmp_path / "a.png", JOB)
        first.path.unlink()
        again = await r.backend.run(SHOT, [], tmp_path / "a.png", JOB)
        assert again.path == first.path and again.path.is_file()
        assert again.cost_usd == 0, "already paid and reported"
        assert len(r.state.submits()) == 1
        assert r.charged() == pytest.approx(r.bill()) == pytest.approx(PRICE)


async def test_an_expired_stored_result_url_is_refreshed_by_a_status_request_not_a_submit(tmp_path: Path) -> None:
    async with rig(tmp_path, FakeState(latency_s=0.05)) as r:
        first = await r.backend.run(SHOT, [], tmp_path / "a.png", JOB)
        first.path.unlink()
        r.state.file_faults[:] = ["404"]  # the stored signed URL no longer works
        again = await r.backend.run(SHOT, [], tmp_path / "a.png", JOB)
        assert again.path.is_file()
        assert len(r.state.submits()) == 1
        assert r.charged() == pytest.approx(r.bill())


async def test_a_status_service_hiccup_keeps_the_accepted_job(tmp_path: Path) -> None:
    async with rig(tmp_path, FakeState(latency_s=0.05, status_faults=["503", "503"])) as r:
        with pytest.raises(ProviderError, match="503"):
            await r.backend.run(SHOT, [], tmp_path / "a.png", JOB)
        assert r.record() is Phase.SUBMITTED, "the job runs on at the provider; it is polled again, not resubmitted"
        assert r.ledger.committed(CAMPAIGN) == pytest.approx(PRICE), "its money stays held"
        made = await r.backend.run(SHOT, [], tmp_path / "a.png", JOB)
        assert made.path.is_file()
        assert len(r.state.submits()) == 1
        assert r.charged() == pytest.approx(r.bill())


def test_a_charge_is_never_released(tmp_path: Path) -> None:
    ledger = Ledger(Database(tmp_path / "jobs.db"))
    ledger.reserve("j", campaign_id=CAMPAIGN, scene=1, model_id="m", estimate_usd=0.5)
    ledger.charge("j", 0.5)
    ledger.release("j")  # e.g. a cancel arriving while the paid result downloads
    assert ledger.committed(CAMPAIGN) == pytest.approx(0.5)

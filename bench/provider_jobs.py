"""Benchmark: 40 concurrent provider jobs through the real fal adapter and durable runner.

Run: ``uv run python bench/provider_jobs.py``. A fake fal server on loopback queues jobs behind a
concurrency limit and runs each for a fixed latency; the ideal wall time is
``ceil(jobs / limit) × latency``. Printed: wall time per configuration and its ratio to that ideal.
"""

from __future__ import annotations

import asyncio
import math
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fakeproviders import base_url, start
from tests.fakeproviders.common import FakeState, png
from tools.jobs.context import JobContext
from tools.jobs.session import provider_session
from tools.providers.settings import ProviderSettings
from tools.recipe import Capability, Recipe

JOBS = 40
CONFIGS = [(10, 2.0, 0.1), (4, 1.0, 0.1), (10, 2.0, 1.0)]  # (concurrency limit, job latency s, poll interval s)


async def run(limit: int, latency: float, poll: float, folder: Path) -> float:
    """Wall time for ``JOBS`` image-to-video jobs racing through one provider."""
    frame = folder / "frame.png"
    frame.write_bytes(png(90, 160))
    with start("fal", FakeState(latency_s=latency, concurrency=limit)) as server:
        settings = ProviderSettings.model_validate(
            {
                "FAL_KEY": "bench",
                "FAL_BASE_URL": base_url("fal", server),
                "STUDIO_POLL_INTERVAL_S": poll,
                "STUDIO_PROVIDER_CONCURRENCY": {"fal": limit},
            }
        )
        async with provider_session(folder / "jobs.db", settings) as session:
            job = JobContext(campaign_id=f"bench-{limit}-{latency}-{poll}")
            recipes = [
                Recipe(
                    capability=Capability.IMAGE_TO_VIDEO,
                    model_id="kling-2.5-turbo",
                    model_version="1",
                    provider_route="fal",
                    prompt="bench",
                    seed=i,
                    width=180,
                    height=320,
                    duration_s=5.0,
                )
                for i in range(JOBS)
            ]
            started = time.perf_counter()
            await asyncio.gather(
                *(session.backends.run(r, folder / f"c{i}.mp4", job, [frame]) for i, r in enumerate(recipes))
            )
            wall = time.perf_counter() - started
        assert len(server.state.submits()) == JOBS
    return wall


def main() -> None:
    """Print the table."""
    print(f"{JOBS} concurrent jobs through fal adapter + durable runner against a loopback fake")
    print(f"{'limit':>5} {'latency s':>9} {'poll s':>6} {'ideal s':>8} {'wall s':>7} {'wall/ideal':>10}")
    for limit, latency, poll in CONFIGS:
        with tempfile.TemporaryDirectory() as tmp:
            wall = asyncio.run(run(limit, latency, poll, Path(tmp)))
        ideal = math.ceil(JOBS / limit) * latency
        print(f"{limit:>5} {latency:>9.1f} {poll:>6.1f} {ideal:>8.1f} {wall:>7.2f} {wall / ideal:>10.2f}")


if __name__ == "__main__":
    main()

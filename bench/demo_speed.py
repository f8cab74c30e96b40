"""Benchmark: the demo campaign (20 s, TikTok + YouTube) end to end, time per stage.

Run: ``uv run python bench/demo_speed.py``. Prints each stage's wall time, the total against the
60 s target, and against a baseline measured in the same run: bare ffmpeg encodes of the same
output files (same sizes, durations and codecs, from a still image), i.e. the encode cost alone.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agent.conversation.starters import DEMO_BRIEF
from agent.domain import Decision, DecisionKind
from agent.service import CampaignService
from agent.settings import Settings
from tools.delivery.render import H264_EXPORT
from tools.ffmpeg import run_ffmpeg
from tools.platforms import PLATFORMS

TARGET_S = 60.0
STAGE_NAMES = ["plan concept", "plan storyboard", "keyframes", "clips + voice", "exports", "learn"]


async def campaign(home: Path) -> tuple[list[tuple[str, float]], float, list[str]]:
    """Run the demo with auto-approval, timing each turn (one stage per turn)."""
    timings: list[tuple[str, float]] = []
    async with CampaignService.open(Settings(home=home)) as service:
        t0 = time.perf_counter()
        outcome = await service.start(DEMO_BRIEF)
        timings.append((STAGE_NAMES[0], time.perf_counter() - t0))
        for name in STAGE_NAMES[1:]:
            assert outcome.checkpoint is not None
            t = time.perf_counter()
            outcome = await service.decide(outcome.campaign_id, Decision(kind=DecisionKind.APPROVE))
            timings.append((name, time.perf_counter() - t))
        total = time.perf_counter() - t0
        state = await service.state(outcome.campaign_id)
    assert outcome.status == "delivered"
    return timings, total, list(state.exports)


async def bare_encodes(home: Path, platforms: list[str], duration_s: float) -> float:
    """Encode each platform's file straight from a still image: the floor for the export stage."""
    still = next(home.glob("*/keyframes/*.png"))
    t = time.perf_counter()
    for platform_id in platforms:
        fmt, fps = PLATFORMS[platform_id].format, PLATFORMS[platform_id].fps
        await run_ffmpeg(
            [
                "-loop",
                "1",
                "-framerate",
                str(fps),
                "-i",
                str(still),
                "-f",
                "lavfi",
                "-i",
                "anullsrc=r=48000:cl=stereo",
                "-vf",
                f"scale={fmt.width}:{fmt.height},format=yuv420p",
                "-frames:v",
                str(round(duration_s * fps)),
                *H264_EXPORT,
                "-c:a",
                "aac",
                "-t",
                f"{duration_s}",
                "-movflags",
                "+faststart",
            ],
            output=home / f"baseline-{platform_id}.mp4",
        )
    return time.perf_counter() - t


def main() -> None:
    """Run the benchmark and print the table."""
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        timings, total, platforms = asyncio.run(campaign(home))
        baseline = asyncio.run(bare_encodes(home, platforms, 20.0))
    print(f"demo campaign: 20 s brief, platforms {', '.join(platforms)}, {os.cpu_count()} cores")
    print(f"{'stage':<18}{'seconds':>9}")
    for name, seconds in timings:
        print(f"{name:<18}{seconds:>9.2f}")
    print(f"{'total':<18}{total:>9.2f}")
    verdict = "met" if total <= TARGET_S else "MISSED"
    print(f"total / target ({TARGET_S:.0f} s):          {total / TARGET_S:.2f}x  ({verdict})")
    print(f"total / bare encodes ({baseline:.2f} s):   {total / baseline:.2f}x")
    export = dict(timings)["exports"]
    print(f"exports / bare encodes:            {export / baseline:.2f}x")


if __name__ == "__main__":
    main()

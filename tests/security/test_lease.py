"""Issue 10 item 5: one process per campaign, held by a lease with a heartbeat, taken over only when dead."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pydantic import ValidationError

from agent.domain import Decision, DecisionKind
from agent.service import CampaignNotFound, CampaignService
from agent.settings import Settings
from tests import fakes
from tests.conftest import SMALL_BRIEF
from tools.jobs.db import Database
from tools.jobs.lease import CampaignBusy, Lease, Leases, LeaseSettings

ROOT = Path(__file__).resolve().parents[2]
FAST = LeaseSettings(heartbeat_s=0.05, stale_s=0.5)


def child_env(home: Path) -> dict[str, str]:
    return os.environ | {"STUDIO_HOME": str(home), "STUDIO_MEMORY": "0", "COLUMNS": "250", "PYTHONPATH": str(ROOT)}


def leases(home: Path, settings: LeaseSettings | None = None, **kwargs: object) -> Leases:
    return Leases(Database(home / "jobs.db"), settings, **kwargs)  # type: ignore[arg-type]


def new_campaign(home: Path) -> str:
    """A campaign waiting at its concept checkpoint (offline planner, nothing rendered)."""

    async def go() -> str:
        async with CampaignService.open(Settings(home=home, memory=False)) as service:
            return (await service.start(SMALL_BRIEF)).campaign_id

    return asyncio.run(go())


def test_a_second_process_on_a_held_campaign_is_refused_with_who_holds_it(studio_home: Path) -> None:
    campaign_id = new_campaign(studio_home)
    held = leases(studio_home).acquire(campaign_id)
    command = [sys.executable, "-m", "ui.cli.main", "resume", campaign_id]

    refused = subprocess.run(command, env=child_env(studio_home), capture_output=True, text=True, timeout=120)

    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert f"campaign {campaign_id} is being worked on by pid {os.getpid()} on host {socket.gethostname()}" in (
        refused.stdout
    )
    assert "since " in refused.stdout and "heartbeat" in refused.stdout and "stop that process" in refused.stdout
    assert "Traceback" not in refused.stdout + refused.stderr
    assert leases(studio_home).holder(campaign_id) == held, "the refused process leaves the lease alone"

    leases(studio_home).release(held)
    allowed = subprocess.run(command, env=child_env(studio_home), capture_output=True, text=True, timeout=120)
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert leases(studio_home).holder(campaign_id) is None, "released when the process's turn ends"


@pytest.mark.usefixtures("fake_backends")
async def test_the_lease_is_held_during_a_turn_and_released_at_its_end_even_on_error(settings: Settings) -> None:
    seen: list[Lease | None] = []
    async with CampaignService.open(settings) as service:
        campaign_id = (await service.start(SMALL_BRIEF)).campaign_id
        await service.decide(campaign_id, Decision(kind=DecisionKind.APPROVE))
        await service.decide(
            campaign_id,
            Decision(kind=DecisionKind.APPROVE),
            on_progress=lambda _: seen.append(leases(settings.home).holder(campaign_id)),
        )
        assert seen and all(s is not None and s.pid == os.getpid() for s in seen), "held while keyframes render"
        assert leases(settings.home).holder(campaign_id) is None, "released when the turn ends"
        with pytest.raises(CampaignNotFound):
            await service.resume("no-such-campaign")
        assert leases(settings.home).holder("no-such-campaign") is None


def test_a_stale_lease_is_taken_over_and_its_old_owner_cannot_renew_or_release_it(studio_home: Path) -> None:
    now = [1000.0]
    away = leases(studio_home, clock=lambda: now[0], host="other-host", pid=4242)
    here = leases(studio_home, clock=lambda: now[0])
    old = away.acquire("c1")

    now[0] += 10  # heartbeat 10 s old: still held (and its pid cannot be checked from this host)
    with pytest.raises(CampaignBusy, match=r"pid 4242 on host other-host since .* \(heartbeat 10 s ago\)"):
        here.acquire("c1")

    now[0] += 21  # 31 s without a heartbeat: stale
    new = here.acquire("c1")
    assert here.holder("c1") == new and new.owner != old.owner
    assert not away.renew(old), "the old owner's heartbeat no longer counts"
    away.release(old)
    assert here.holder("c1") == new, "the old owner cannot release the new owner's lease"


def test_a_live_heartbeat_keeps_the_lease_and_it_is_released_after(studio_home: Path) -> None:
    other = leases(studio_home, FAST, host="other-host", pid=1)

    async def go() -> None:
        async with leases(studio_home, FAST).hold("c1") as mine:
            for _ in range(4):  # well past stale_s in total: only the heartbeat keeps it alive
                await asyncio.sleep(FAST.stale_s / 2)
                with pytest.raises(CampaignBusy):
                    other.acquire("c1")
            assert leases(studio_home).holder("c1") is not None
            assert leases(studio_home).holder("c1").owner == mine.owner  # type: ignore[union-attr]
        assert leases(studio_home).holder("c1") is None

    asyncio.run(go())


HOLDER = """
import sys, time
from pathlib import Path
from tools.jobs.db import Database
from tools.jobs.lease import Leases
Leases(Database(Path(sys.argv[1]))).acquire(sys.argv[2])
print("held", flush=True)
time.sleep(120)
"""


def test_a_sigkilled_holder_is_taken_over_once_its_pid_is_gone_or_its_heartbeat_stale(studio_home: Path) -> None:
    db = studio_home / "jobs.db"
    Database(db)
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db), "c1"], env=child_env(studio_home), stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "held"
        with pytest.raises(CampaignBusy, match=f"pid {child.pid} on host"):
            leases(studio_home).acquire("c1")
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        if child.stdout is not None:
            child.stdout.close()
    dead = leases(studio_home).holder("c1")
    assert dead is not None and dead.pid == child.pid, "a killed holder cannot clean up: its row is still there"

    # Another host cannot see the pid: it waits for the heartbeat to go stale.
    later = [dead.heartbeat_at + 5]
    remote = leases(studio_home, clock=lambda: later[0], host="other-host")
    with pytest.raises(CampaignBusy):
        remote.acquire("c1")

    taken = leases(studio_home).acquire("c1")  # same host: the pid is gone, so at once
    assert taken.pid == os.getpid() and leases(studio_home).holder("c1") == taken


def test_of_many_concurrent_acquirers_exactly_one_wins(studio_home: Path) -> None:
    Database(studio_home / "jobs.db")
    start, won, refused = threading.Barrier(8), [], []

    def contend(n: int) -> None:
        mine = leases(studio_home, host=f"host-{n}", pid=100 + n)
        start.wait()
        try:
            won.append(mine.acquire("c1"))
        except CampaignBusy:
            refused.append(n)

    threads = [threading.Thread(target=contend, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(won) == 1 and len(refused) == 7


@pytest.mark.usefixtures("fake_backends")
async def test_a_second_turn_in_the_same_process_is_refused_while_the_first_runs(settings: Settings) -> None:
    async with CampaignService.open(settings) as service:
        outcome = await service.start(SMALL_BRIEF)
        campaign_id = outcome.campaign_id
        outcome = await service.decide(campaign_id, Decision(kind=DecisionKind.APPROVE))
        first = asyncio.create_task(service.decide(campaign_id, Decision(kind=DecisionKind.APPROVE)))
        deadline = time.monotonic() + 30
        while fakes.CALLS["keyframe"] == 0:  # the first turn is rendering keyframes
            assert time.monotonic() < deadline and not first.done()
            await asyncio.sleep(0.01)
        with pytest.raises(CampaignBusy, match=f"pid {os.getpid()} .* wait for that turn to finish"):
            await service.resume(campaign_id)
        outcome = await first
        assert outcome.checkpoint is not None and outcome.checkpoint.stage.value == "keyframes"
        assert (await service.resume(campaign_id)).checkpoint == outcome.checkpoint


async def test_the_chat_says_who_holds_the_campaign(monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.web import chat

    said: list[str] = []

    async def say(text: str) -> None:
        said.append(text)

    async def busy() -> None:
        holder = Lease(campaign_id="c1", owner="x", host="h", pid=7, acquired_at=time.time(), heartbeat_at=time.time())
        raise CampaignBusy(holder, time.time())

    monkeypatch.setattr(chat, "say", say)
    await chat.guarded(busy())
    assert said and "campaign c1 is being worked on by pid 7 on host h" in said[0]


def test_lease_timings_are_settings_with_sane_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    assert (LeaseSettings().heartbeat_s, LeaseSettings().stale_s) == (5.0, 30.0)
    monkeypatch.setenv("STUDIO_LEASE_HEARTBEAT_S", "2")
    monkeypatch.setenv("STUDIO_LEASE_STALE_S", "10")
    assert (LeaseSettings().heartbeat_s, LeaseSettings().stale_s) == (2.0, 10.0)
    monkeypatch.setenv("STUDIO_LEASE_STALE_S", "3")
    with pytest.raises(ValidationError, match="at least twice"):
        LeaseSettings()

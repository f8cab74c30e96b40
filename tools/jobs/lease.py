"""One process per campaign: a lease row in the job database, kept alive by a heartbeat.

A lease is taken atomically (``BEGIN IMMEDIATE`` and a conditional insert or update) before a campaign
is advanced, renewed while the work runs, and released at the end of the turn. A lease whose heartbeat
stopped (older than ``stale_s``), or whose holder's pid is gone on this host, is taken over with a
compare-and-set on the old owner, so a killed process never locks its campaign for good.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime

from pydantic import BaseModel, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from tools.jobs.db import Database

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS leases (
    campaign_id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    acquired_at REAL NOT NULL,
    heartbeat_at REAL NOT NULL
);
"""


class LeaseSettings(BaseSettings):
    """How often a holder renews its lease, and when a silent one counts as dead."""

    model_config = SettingsConfigDict(env_prefix="STUDIO_LEASE_", extra="ignore")

    heartbeat_s: float = Field(default=5.0, gt=0, le=300, description="Renew every … s (STUDIO_LEASE_HEARTBEAT_S).")
    stale_s: float = Field(
        default=30.0, gt=0, le=3600, description="Take over after … s without a heartbeat (STUDIO_LEASE_STALE_S)."
    )

    @model_validator(mode="after")
    def _beats_before_stale(self) -> LeaseSettings:
        if self.stale_s < 2 * self.heartbeat_s:
            raise ValueError("STUDIO_LEASE_STALE_S must be at least twice STUDIO_LEASE_HEARTBEAT_S")
        return self


class Lease(BaseModel):
    """Who is working on a campaign, and since when (times are Unix seconds)."""

    campaign_id: str
    owner: str
    host: str
    pid: int
    acquired_at: float
    heartbeat_at: float


class CampaignBusy(RuntimeError):
    """Another process (or another turn in this one) is working on the campaign."""

    def __init__(self, holder: Lease, now: float) -> None:
        since = datetime.fromtimestamp(holder.acquired_at).strftime("%H:%M:%S")
        ago = max(0.0, now - holder.heartbeat_at)
        here = holder.pid == os.getpid() and holder.host == socket.gethostname()
        advice = "wait for it or stop that process"
        if here:
            advice = "this process is still on it (another chat or turn); wait for that turn to finish"
        super().__init__(
            f"campaign {holder.campaign_id} is being worked on by pid {holder.pid} on host {holder.host} "
            f"since {since} (heartbeat {ago:.0f} s ago); {advice}"
        )
        self.holder = holder


def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists on this machine."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


class Leases:
    """Campaign leases in one database file, safe across threads and processes."""

    def __init__(
        self,
        db: Database,
        settings: LeaseSettings | None = None,
        *,
        clock: Callable[[], float] = time.time,
        host: str | None = None,
        pid: int | None = None,
    ) -> None:
        self.db = db
        self.settings = settings or LeaseSettings()
        self.clock = clock
        self.host = host or socket.gethostname()
        self.pid = os.getpid() if pid is None else pid
        with db.connect() as conn:
            conn.executescript(SCHEMA)

    def holder(self, campaign_id: str) -> Lease | None:
        """The current lease on a campaign, live or stale."""
        with self.db.connect() as conn:
            row = conn.execute("SELECT * FROM leases WHERE campaign_id = ?", (campaign_id,)).fetchone()
        return None if row is None else Lease(**dict(row))

    def dead(self, lease: Lease, now: float) -> bool:
        """A lease nobody keeps: its heartbeat is stale, or its pid is gone on this host."""
        if now - lease.heartbeat_at > self.settings.stale_s:
            return True
        return lease.host == self.host and not pid_alive(lease.pid)

    def acquire(self, campaign_id: str) -> Lease:
        """Take the campaign's lease for a new owner; raises :class:`CampaignBusy` when it is held."""
        now = self.clock()
        mine = Lease(
            campaign_id=campaign_id,
            owner=uuid.uuid4().hex,
            host=self.host,
            pid=self.pid,
            acquired_at=now,
            heartbeat_at=now,
        )
        values = (mine.owner, mine.host, mine.pid, mine.acquired_at, mine.heartbeat_at)
        with self.db.transaction() as conn:
            row = conn.execute("SELECT * FROM leases WHERE campaign_id = ?", (campaign_id,)).fetchone()
            if row is None:
                conn.execute("INSERT INTO leases VALUES (?, ?, ?, ?, ?, ?)", (campaign_id, *values))
                return mine
            held = Lease(**dict(row))
            if not self.dead(held, now):
                raise CampaignBusy(held, now)
            taken = conn.execute(
                "UPDATE leases SET owner = ?, host = ?, pid = ?, acquired_at = ?, heartbeat_at = ? "
                "WHERE campaign_id = ? AND owner = ? AND heartbeat_at = ?",
                (*values, campaign_id, held.owner, held.heartbeat_at),
            ).rowcount
        if taken != 1:  # cannot happen under BEGIN IMMEDIATE; kept as the compare-and-set's check
            raise CampaignBusy(held, now)
        log.warning(
            "took over campaign %s from pid %d on %s (last heartbeat %.0f s ago)",
            campaign_id,
            held.pid,
            held.host,
            now - held.heartbeat_at,
        )
        return mine

    def renew(self, lease: Lease) -> bool:
        """Beat the heartbeat; False when the lease was lost (taken over after going stale)."""
        with self.db.connect() as conn:
            return bool(
                conn.execute(
                    "UPDATE leases SET heartbeat_at = ? WHERE campaign_id = ? AND owner = ?",
                    (self.clock(), lease.campaign_id, lease.owner),
                ).rowcount
            )

    def release(self, lease: Lease) -> None:
        """Give the lease up (only if it is still ours)."""
        with self.db.connect() as conn:
            conn.execute("DELETE FROM leases WHERE campaign_id = ? AND owner = ?", (lease.campaign_id, lease.owner))

    @asynccontextmanager
    async def hold(self, campaign_id: str) -> AsyncIterator[Lease]:
        """Hold the campaign's lease for the block, renewed by a heartbeat thread, released at the end.

        The heartbeat runs on its own thread, so a step that blocks the event loop does not let the
        lease go stale under a live process.
        """
        lease = await asyncio.to_thread(self.acquire, campaign_id)
        beat = Heartbeat(self, lease)
        beat.start()
        try:
            yield lease
        finally:
            beat.stop()
            await asyncio.shield(asyncio.to_thread(self.release, lease))


class Heartbeat(threading.Thread):
    """Renews one lease every ``heartbeat_s`` until stopped or the lease is lost."""

    def __init__(self, leases: Leases, lease: Lease) -> None:
        super().__init__(name=f"lease-{lease.campaign_id}", daemon=True)
        self.leases, self.lease = leases, lease
        self.lost = False
        self._stopped = threading.Event()

    def run(self) -> None:
        """Beat until stopped."""
        while not self._stopped.wait(self.leases.settings.heartbeat_s):
            try:
                alive = self.leases.renew(self.lease)
            except Exception as exc:  # a busy or briefly unreadable database: try again next beat
                log.warning("could not renew the lease on %s: %s", self.lease.campaign_id, exc)
                continue
            if not alive:
                self.lost = True
                log.error("lost the lease on campaign %s to another process", self.lease.campaign_id)
                return

    def stop(self) -> None:
        """Stop beating and wait for the thread."""
        self._stopped.set()
        self.join()

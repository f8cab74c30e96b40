"""Cost ledger: estimate → reserve (atomically, against the budget) → charge or release."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel

from tools.jobs.db import Database


class ChargeState(StrEnum):
    """A reservation's life."""

    RESERVED = "reserved"
    CHARGED = "charged"
    RELEASED = "released"


class BudgetExceeded(RuntimeError):
    """A reservation would take a campaign past its budget."""

    def __init__(self, campaign_id: str, needed: float, committed: float, limit: float) -> None:
        super().__init__(
            f"campaign {campaign_id}: this step needs ${needed:.2f} but ${committed:.2f} of the ${limit:.2f} "
            f"budget is already committed; raise the budget or choose cheaper models"
        )
        self.needed, self.committed, self.limit = needed, committed, limit


class LedgerLine(BaseModel):
    """Totals for one group (campaign, scene or model)."""

    group: str
    reserved_usd: float
    charged_usd: float


class Charge(BaseModel):
    """One job's row of the ledger."""

    job_key: str
    scene: int | None
    model_id: str
    estimate_usd: float
    actual_usd: float | None
    state: ChargeState
    created_at: str
    updated_at: str
    """UTC, ISO 8601: when the reservation was made and last settled."""


_COMMITTED = (
    "SELECT COALESCE(SUM(CASE state WHEN 'reserved' THEN estimate_usd WHEN 'charged' THEN actual_usd ELSE 0 END), 0)"
    " FROM charges WHERE campaign_id = ?"
)


class Ledger:
    """Money per campaign, safe under concurrency and across processes (one writer at a time)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def set_budget(self, campaign_id: str, limit_usd: float | None) -> None:
        """Set (or clear, with None) a campaign's budget."""
        with self.db.connect() as conn:
            conn.execute(
                "INSERT INTO budgets (campaign_id, limit_usd) VALUES (?, ?) "
                "ON CONFLICT(campaign_id) DO UPDATE SET limit_usd = excluded.limit_usd",
                (campaign_id, limit_usd),
            )

    def reserve(self, job_key: str, *, campaign_id: str, scene: int | None, model_id: str, estimate_usd: float) -> None:
        """Hold ``estimate_usd`` for a job; idempotent per job; raises :class:`BudgetExceeded`."""
        with self.db.transaction() as conn:
            existing = conn.execute("SELECT state FROM charges WHERE job_key = ?", (job_key,)).fetchone()
            if existing is not None and existing["state"] != ChargeState.RELEASED:
                return  # already held (a resumed job) or already paid: never twice
            row = conn.execute("SELECT limit_usd FROM budgets WHERE campaign_id = ?", (campaign_id,)).fetchone()
            limit = row["limit_usd"] if row else None
            committed = conn.execute(_COMMITTED, (campaign_id,)).fetchone()[0]
            if limit is not None and committed + estimate_usd > limit + 1e-9:
                raise BudgetExceeded(campaign_id, estimate_usd, committed, limit)
            conn.execute(
                "INSERT INTO charges (job_key, campaign_id, scene, model_id, estimate_usd, state) "
                "VALUES (?, ?, ?, ?, ?, 'reserved') ON CONFLICT(job_key) DO UPDATE SET state = 'reserved', "
                "estimate_usd = excluded.estimate_usd, actual_usd = NULL",
                (job_key, campaign_id, scene, model_id, estimate_usd),
            )

    def charge(self, job_key: str, actual_usd: float) -> None:
        """Reconcile a reservation with what the job really cost."""
        self._settle(job_key, ChargeState.CHARGED, actual_usd)

    def release(self, job_key: str) -> None:
        """Give a reservation back (the job failed before costing anything); a charge is never undone."""
        with self.db.connect() as conn:
            conn.execute(
                "UPDATE charges SET state = 'released', actual_usd = NULL, "
                "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE job_key = ? AND state = 'reserved'",
                (job_key,),
            )

    def committed(self, campaign_id: str) -> float:
        """Reserved plus charged for a campaign."""
        with self.db.connect() as conn:
            return float(conn.execute(_COMMITTED, (campaign_id,)).fetchone()[0])

    def budget(self, campaign_id: str) -> float | None:
        """The campaign's budget, if it has one."""
        with self.db.connect() as conn:
            row = conn.execute("SELECT limit_usd FROM budgets WHERE campaign_id = ?", (campaign_id,)).fetchone()
        return None if row is None else row["limit_usd"]

    def totals(self, campaign_id: str, by: str = "campaign_id") -> list[LedgerLine]:
        """Reserved and charged totals grouped by ``campaign_id``, ``scene`` or ``model_id``."""
        if by not in ("campaign_id", "scene", "model_id"):
            raise ValueError("group the ledger by campaign_id, scene or model_id")
        query = (
            f"SELECT {by} AS grp, "
            "COALESCE(SUM(CASE state WHEN 'reserved' THEN estimate_usd ELSE 0 END), 0) AS reserved, "
            "COALESCE(SUM(CASE state WHEN 'charged' THEN actual_usd ELSE 0 END), 0) AS charged "
            f"FROM charges WHERE campaign_id = ? GROUP BY {by} ORDER BY {by}"
        )
        with self.db.connect() as conn:
            rows = conn.execute(query, (campaign_id,)).fetchall()
        return [LedgerLine(group=str(r["grp"]), reserved_usd=r["reserved"], charged_usd=r["charged"]) for r in rows]

    def charges(self, campaign_id: str) -> list[Charge]:
        """Every job's row for a campaign, oldest first."""
        with self.db.connect() as conn:
            rows = conn.execute(
                "SELECT job_key, scene, model_id, estimate_usd, actual_usd, state, created_at, updated_at "
                "FROM charges WHERE campaign_id = ? ORDER BY created_at, job_key",
                (campaign_id,),
            ).fetchall()
        return [Charge.model_validate(dict(r)) for r in rows]

    def _settle(self, job_key: str, state: ChargeState, actual: float | None) -> None:
        with self.db.connect() as conn:
            conn.execute(
                "UPDATE charges SET state = ?, actual_usd = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') "
                "WHERE job_key = ?",
                (state.value, actual, job_key),
            )

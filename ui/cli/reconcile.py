"""``studio ledger CAMPAIGN_ID --reconcile``: the ledger beside what each provider says it billed (rendering only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from agent.service import Reconciliation

STYLE = {"matches": "green", "differs": "bold red", "not reported": "yellow", "not checked": "red"}


def _usd(value: float | None, *, signed: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:+.4f}" if signed else f"{value:.4f}"


def show(result: Reconciliation, console: Console, *, as_json: bool = False) -> None:
    """Print the comparison (or its JSON) and exit 1 when a provider could not be checked."""
    if as_json:
        typer.echo(result.model_dump_json(indent=1))
    else:
        table = Table(title=f"Reconciliation · {result.campaign_id}")
        for name in ("provider", "model", "jobs reported", "ledger $", "provider $", "difference $", "status", "note"):
            table.add_column(name, overflow="fold")
        for line in result.lines:
            style = STYLE.get(line.status.value, "")
            table.add_row(
                line.provider,
                line.model_id,
                f"{line.reported_jobs}/{line.jobs}",
                _usd(line.charged_usd),
                _usd(line.reported_usd),
                _usd(line.difference_usd, signed=True),
                f"[{style}]{line.status.value}[/{style}]" if style else line.status.value,
                line.note,
            )
        table.add_section()
        table.add_row(
            "total",
            "",
            f"{sum(line.reported_jobs for line in result.lines)}/{sum(line.jobs for line in result.lines)}",
            _usd(result.charged_usd),
            _usd(result.reported_usd),
            _usd(result.difference_usd, signed=True),
            "",
            "",
        )
        console.print(table if result.lines else "Nothing to reconcile: no provider job of this campaign was billed.")
        for check in result.providers:
            if check.problem:
                console.print(f"[red]{check.provider}: {check.problem}[/red]; the ledger's figures are unchecked.")
            elif check.matched_by:
                console.print(f"{check.provider}: {check.source}, matched by {check.matched_by}.")
            else:
                console.print(f"{check.provider}: {check.source}; the ledger's figure stands.")
        if result.in_flight:
            console.print(f"{result.in_flight} job(s) still running were not compared.")
        console.print("A job matches when the figures are within $0.005 or 1 %.", style="dim")
    if result.problems:
        raise typer.Exit(1)

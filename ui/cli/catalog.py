"""``studio catalog check``: fal's live prices against the catalog (rendering only)."""

from __future__ import annotations

import asyncio

import typer
from rich.console import Console
from rich.table import Table

catalog_app = typer.Typer(help="The model catalog: routes and prices.", no_args_is_help=True)
console = Console()


@catalog_app.command("check")
def check() -> None:
    """Ask fal's Platform API (FAL_KEY) for today's prices, show the drift, and keep the result."""
    from agent.service import NoFalKey, ProviderError, check_prices

    try:
        result, saved = asyncio.run(check_prices())
    except NoFalKey as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    except ProviderError as exc:
        console.print(f"[red]fal's pricing API could not be read: {exc}[/red]")
        raise typer.Exit(1) from None
    table = Table("model", "fal endpoint", "catalog", "fal today", "live ÷ catalog", "used for estimates", "note")
    for d in result.drifts:
        catalog = f"${d.catalog_usd:g}/{d.catalog_unit} ({d.catalog_as_of})" if d.catalog_usd is not None else "—"
        live = f"${d.live_usd:g}/{d.live_unit}" if d.live_usd is not None else "—"
        ratio = f"{d.ratio:.2f}×" if d.ratio is not None else "—"
        table.add_row(d.model_id, d.endpoint, catalog, live, ratio, "yes" if d.applies else "no", d.note)
    console.print(table)
    console.print(f"Checked {result.checked_on}; saved to {saved}. Estimates use the fresher price where it applies.")

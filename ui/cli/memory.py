"""``studio memory``: search, list, forget and export the memory of approved and rejected recipes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    pass

memory_app = typer.Typer(help="The memory of approved and rejected recipes.", no_args_is_help=True)
console = Console()


def _memory() -> Any:
    from agent.service import open_memory
    from agent.settings import Settings

    memory = open_memory(Settings())
    if memory is None:
        console.print("[bold red]error:[/bold red] memory is turned off (STUDIO_MEMORY=0)")
        raise typer.Exit(2)
    return memory


@memory_app.command("search")
def memory_search(
    query: str,
    k: Annotated[int, typer.Option(help="How many results.", min=1)] = 5,
    brand: Annotated[str | None, typer.Option(help="Only this brand.")] = None,
) -> None:
    """What worked (and what did not) for shots like the query."""
    from agent.conversation.messages import Recalled
    from ui.cli.views import recall_table

    found = _memory().search(query, k=k, brand=brand)
    if not found:
        console.print("Nothing remembered yet for that.")
        return
    console.print(recall_table(Recalled.of(query, found)))


@memory_app.command("list")
def memory_list(limit: Annotated[int, typer.Option(help="How many records.", min=1)] = 20) -> None:
    """The newest records."""
    records = _memory().list(limit)
    table = Table(title="Memory")
    for column in ("recipe", "outcome", "model", "seed", "approved", "rejected", "scene", "campaign"):
        table.add_column(column, overflow="fold")
    for rec in records:
        table.add_row(
            rec.recipe_hash[:12],
            rec.outcome.value,
            rec.model_id,
            str(rec.seed),
            str(rec.approvals),
            str(rec.rejections),
            rec.description[:50],
            rec.campaign_id,
        )
    console.print(table if records else "The memory is empty.")


@memory_app.command("forget")
def memory_forget(
    recipe: Annotated[list[str] | None, typer.Argument(help="Recipe hashes.")] = None,
    campaign: Annotated[str | None, typer.Option(help="Forget a whole campaign.")] = None,
) -> None:
    """Delete records by recipe hash or campaign."""
    if not recipe and not campaign:
        console.print("[bold red]error:[/bold red] name recipe hashes or --campaign <id>")
        raise typer.Exit(2)
    memory = _memory()
    full = [r.recipe_hash for r in memory.list(10**9) if any(r.recipe_hash.startswith(p) for p in recipe or [])]
    count = memory.forget(recipe_hashes=full, campaign_id=campaign)
    console.print(f"Forgot {count} record(s).")


@memory_app.command("export")
def memory_export(
    path: Annotated[Path, typer.Argument(help="JSON-lines file to write.")] = Path("memory.jsonl"),
) -> None:
    """Write every record of the workspace as JSON lines."""
    console.print(f"Exported {_memory().export(path)} record(s) to {path}")

"""``studio brand``: brand kits (logo, colours, font, tagline, tone, banned words) in the data folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from agent.state import BrandStore

brand_app = typer.Typer(
    help="Brand kits applied with --brand NAME (or 'use the Acme brand' in chat).", no_args_is_help=True
)
console = Console()


def _fail(message: str) -> NoReturn:
    console.print(f"[bold red]error:[/bold red] {message}", soft_wrap=True)
    raise typer.Exit(2)


def _store() -> BrandStore:
    from agent.settings import Settings
    from agent.state import BrandStore

    return BrandStore(Settings().home)


def _logo_png(path: Path) -> bytes:
    """The logo checked like any upload (format, size, pixels), re-encoded as a plain PNG."""
    from ui.web.uploads import UploadRejected, encode, load

    if not path.is_file():
        _fail(f"no logo file at {path}; give a PNG, JPEG or WebP image")
    try:
        image, _ = load(path, path.name)
    except UploadRejected as exc:
        _fail(str(exc))
    return encode(image, "PNG")


@brand_app.command("add")
def brand_add(
    name: Annotated[str, typer.Argument(help="The brand's name, e.g. Acme.")],
    logo: Annotated[Path, typer.Option(help="Logo image (PNG, JPEG or WebP).")],
    color: Annotated[
        list[str], typer.Option("--color", help="A brand colour as #rrggbb (repeatable; first: end card).")
    ],
    font: Annotated[Path | None, typer.Option(help="Caption and end-card font (.ttf or .otf).")] = None,
    tagline: Annotated[str, typer.Option(help="Shown under the logo on the end card.")] = "",
    tone: Annotated[str, typer.Option(help="The brand's tone of voice, e.g. 'warm, plain-spoken'.")] = "",
    avoid: Annotated[list[str] | None, typer.Option("--avoid", help="A word never to use (repeatable).")] = None,
    bug: Annotated[
        bool, typer.Option("--bug", help="A small logo in a corner of the film, inside the safe zone.")
    ] = False,
) -> None:
    """Add a brand kit, or replace the one of that name."""
    from agent.state import BrandError

    png = _logo_png(logo)
    try:
        kit = _store().add(
            name, logo_png=png, colors=color, font=font, tagline=tagline, tone=tone, avoid=avoid, bug=bug
        )
    except BrandError as exc:
        _fail(str(exc))
    console.print(
        f"Brand kit [bold]{kit.name}[/bold] saved ({len(kit.colors)} colours). Use it with --brand {kit.name!r}."
    )


@brand_app.command("list")
def brand_list() -> None:
    """The brand kits in this data folder."""
    kits = _store().list()
    if not kits:
        console.print("No brand kits yet: add one with studio brand add NAME --logo logo.png --color '#rrggbb'.")
        return
    table = Table("name", "colours", "font", "tagline")
    for kit in kits:
        table.add_row(kit.name, " ".join(kit.colors), kit.font_family or "(default)", kit.tagline)
    console.print(table)


@brand_app.command("show")
def brand_show(name: str) -> None:
    """One kit in full, with its files' hashes."""
    from agent.state import BrandError

    try:
        kit = _store().get(name)
    except BrandError as exc:
        _fail(str(exc))
    typer.echo(kit.model_dump_json(indent=2))


@brand_app.command("remove")
def brand_remove(name: str) -> None:
    """Delete a kit (campaigns keep what they recorded of it)."""
    from agent.state import BrandError

    try:
        kit = _store().remove(name)
    except BrandError as exc:
        _fail(str(exc))
    console.print(f"Brand kit {kit.name} removed.")

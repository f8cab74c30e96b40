"""``studio user``: accounts for the chat workspace (password login)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

user_app = typer.Typer(help="Accounts for the chat workspace (password login).", no_args_is_help=True)
console = Console()


@user_app.command("add")
def user_add(
    username: str,
    password_stdin: Annotated[bool, typer.Option(help="Read the password from standard input.")] = False,
) -> None:
    """Add a user, or set their password (stored as a salted scrypt hash)."""
    from agent.settings import Settings
    from ui.web.accounts import AccountError, add_user, users_file

    if password_stdin:
        password = typer.get_text_stream("stdin").readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    path = users_file(Settings().home)
    try:
        add_user(path, username, password)
    except AccountError as exc:
        console.print(f"[bold red]error:[/bold red] {exc}")
        raise typer.Exit(2) from None
    console.print(f"User {username} saved in {path}. Login is on when CHAINLIT_AUTH_SECRET is set.")

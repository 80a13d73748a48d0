"""`rota accounts`: the dashboard's local sign-ins, created from the command line.

`rota accounts add USERNAME --role centre:oulu` asks for the password twice (or reads one line
from standard input with --password-stdin, for scripts); the store keeps a salted scrypt hash.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from rota import accounts
from rota.changes import Actor, centre_ids
from rota.cli_changes import AsOption, DbOption, _service

accounts_app = typer.Typer(
    help=(
        "Dashboard sign-ins: each account acts as the coordinator, one centre "
        "(centre:<id>: sees and proposes for itself only) or one responder (responder:<id>)."
    ),
    no_args_is_help=True,
)


@accounts_app.command()
def add(
    username: Annotated[str, typer.Argument(help="Sign-in name: lowercase letters, digits, . _ -")],
    role: Annotated[
        str, typer.Option(help="coordinator, centre:<id> or responder:<id>.", show_default=False)
    ],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Add an account; the password is asked for (twice) unless --password-stdin."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with _service(db) as store:
        view = accounts.create_account(store, username, password, role, centre_ids(store))
        typer.echo(f"Added account '{view.username}' acting as {view.actor}.")


@accounts_app.command("list")
def list_(as_: AsOption = "coordinator", db: DbOption = None) -> None:
    """List the accounts (coordinator)."""
    with _service(db) as store:
        for view in accounts.list_accounts(store, Actor.parse(as_)):
            typer.echo(f"{view.username:<24} {view.actor!s:<28} since {view.created_at:%Y-%m-%d}")

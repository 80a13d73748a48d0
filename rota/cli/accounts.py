"""`rota accounts`: the dashboard's local sign-ins, managed from the command line.

`rota accounts add USERNAME --role centre:oulu` asks for the password twice (or reads one line
from standard input with --password-stdin, for scripts); the store keeps a salted scrypt hash.
`list`, `disable`, `enable`, `remove` and `passwd` act for the coordinator.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from rota.app import accounts
from rota.app.actors import Actor
from rota.app.changes import network
from rota.cli.changes import DbOption
from rota.cli.common import opened_store

ENV_SCENARIO = "ROTA_SCENARIO"
DEFAULT_SCENARIO = Path("fixtures/mieli/scenario.yaml")
# The roster folder the dashboard's centres edit (see ui/context.py): a responder account must
# name someone listed there.
ENV_ROSTER = "ROTA_ROSTER"
DEFAULT_ROSTER = Path("data/roster")

accounts_app = typer.Typer(
    help=(
        "Dashboard sign-ins: each account acts as the coordinator, one centre "
        "(centre:<id>: sees and proposes for itself only) or one responder (responder:<id>, "
        "listed in a centre's roster). "
        f"Passwords need {accounts.PASSWORD_RULE}."
    ),
    no_args_is_help=True,
)

UsernameArgument = Annotated[str, typer.Argument(help="The account's sign-in name.")]
PasswordStdinOption = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from standard input.")
]
CoordinatorOption = Annotated[str, typer.Option("--as", help="Who is acting: the coordinator.")]
EmailOption = Annotated[
    str | None,
    typer.Option(help="Where the account's notifications go (personal data: the coordinator's)."),
]
LanguageOption = Annotated[str, typer.Option(help="The e-mails' language: fi, sv or en.")]


@accounts_app.command()
def add(
    username: Annotated[str, typer.Argument(help="Sign-in name: lowercase letters, digits, . _ -")],
    role: Annotated[
        str, typer.Option(help="coordinator, centre:<id> or responder:<id>.", show_default=False)
    ],
    password_stdin: PasswordStdinOption = False,
    scenario: Annotated[
        Path | None,
        typer.Option(
            help="Before the first calendar, the network centre ids are checked against "
            f"(default ${ENV_SCENARIO}, else {DEFAULT_SCENARIO}).",
        ),
    ] = None,
    roster: Annotated[
        Path | None,
        typer.Option(
            help="The roster folder a responder's id is looked up in, one file per centre "
            f"(default ${ENV_ROSTER}, else {DEFAULT_ROSTER}).",
        ),
    ] = None,
    email: EmailOption = None,
    language: LanguageOption = "fi",
    db: DbOption = None,
) -> None:
    """Add an account; the password is asked for (twice) unless --password-stdin."""
    password = _password(password_stdin)
    with opened_store(db) as store:
        known = network(store, scenario or _default_scenario())
        centres = {c.id for c in known.centres} if known is not None else None
        folder = roster or Path(os.environ.get(ENV_ROSTER) or DEFAULT_ROSTER)
        view = accounts.create_account(
            store, username, password, role, centres, roster=folder, email=email, language=language
        )
        typer.echo(f"Added account '{view.username}' acting as {view.actor}.")


@accounts_app.command("list")
def list_(as_: CoordinatorOption = "coordinator", db: DbOption = None) -> None:
    """List the accounts (coordinator)."""
    with opened_store(db) as store:
        for view in accounts.list_accounts(store, Actor.parse(as_)):
            state = f"  disabled {view.disabled_at:%Y-%m-%d}" if view.disabled_at else ""
            mail = f"  {view.email} ({view.language})" if view.email else f"  ({view.language})"
            typer.echo(
                f"{view.username:<24} {view.actor!s:<28} since {view.created_at:%Y-%m-%d}"
                f"{mail}{state}"
            )


@accounts_app.command()
def disable(
    username: UsernameArgument, as_: CoordinatorOption = "coordinator", db: DbOption = None
) -> None:
    """Stop an account from signing in (its sessions end at their next sign-in)."""
    with opened_store(db) as store:
        view = accounts.set_disabled(store, Actor.parse(as_), username, disabled=True)
        typer.echo(f"Disabled account '{view.username}'.")


@accounts_app.command()
def enable(
    username: UsernameArgument, as_: CoordinatorOption = "coordinator", db: DbOption = None
) -> None:
    """Let a disabled account sign in again."""
    with opened_store(db) as store:
        view = accounts.set_disabled(store, Actor.parse(as_), username, disabled=False)
        typer.echo(f"Enabled account '{view.username}'.")


@accounts_app.command()
def remove(
    username: UsernameArgument, as_: CoordinatorOption = "coordinator", db: DbOption = None
) -> None:
    """Remove an account for good."""
    with opened_store(db) as store:
        view = accounts.remove_account(store, Actor.parse(as_), username)
        typer.echo(f"Removed account '{view.username}' (acted as {view.actor}).")


@accounts_app.command("set-email")
def set_email(
    username: UsernameArgument,
    email: Annotated[
        str, typer.Option(help="The account's e-mail address; an empty one removes it.")
    ],
    language: Annotated[
        str | None, typer.Option(help="The e-mails' language: fi, sv or en (default: kept).")
    ] = None,
    as_: CoordinatorOption = "coordinator",
    db: DbOption = None,
) -> None:
    """Set where an account's notifications go, and in which language."""
    with opened_store(db) as store:
        view = accounts.set_contact(store, Actor.parse(as_), username, email, language)
        where = f"to {view.email}" if view.email else "nowhere (no address)"
        typer.echo(f"Notifications of '{view.username}' go {where}, in {view.language}.")


@accounts_app.command()
def passwd(
    username: UsernameArgument,
    password_stdin: PasswordStdinOption = False,
    as_: CoordinatorOption = "coordinator",
    db: DbOption = None,
) -> None:
    """Set a new password; asked for (twice) unless --password-stdin."""
    password = _password(password_stdin)
    with opened_store(db) as store:
        view = accounts.change_password(store, Actor.parse(as_), username, password)
        typer.echo(f"Changed the password of '{view.username}'.")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


def _default_scenario() -> Path | None:
    path = Path(os.environ.get(ENV_SCENARIO) or DEFAULT_SCENARIO)
    return path if path.is_file() else None

"""`rota notify`: the e-mail notifications, run from cron or a systemd timer.

`remind` queues tomorrow's shift reminders and the open-seat alerts; `send` sends what is due
through the SMTP server (and retries what failed before); `status` tells what waits and what
was given up. The mail server's password is read from $ROTA_SMTP_PASSWORD only, never from
the command line. `send` exits 1 when a message could not be sent this time (it stays queued
and is retried; the reasons go to standard error), so a timer shows the run as failed.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Annotated

import typer

from rota.app import notifications
from rota.app.actors import Actor
from rota.cli.changes import DbOption
from rota.cli.common import fail, opened_store

ENV = notifications.SMTP_ENV

EXIT_NOT_SENT = 1

notify_app = typer.Typer(
    help=(
        "E-mail notifications: queue reminders, send what is due through an SMTP server, and "
        "see what waits or failed. Accounts get an address with `rota accounts set-email`."
    ),
    no_args_is_help=True,
)

CoordinatorOption = Annotated[str, typer.Option("--as", help="Who is acting: the coordinator.")]


@notify_app.command()
def send(
    smtp_host: Annotated[
        str | None, typer.Option(help=f"Mail server (default ${ENV['host']}).")
    ] = None,
    smtp_port: Annotated[
        int | None,
        typer.Option(help=f"Its port (default ${ENV['port']}, else 587, 465 with ssl, 25)."),
    ] = None,
    smtp_security: Annotated[
        str | None,
        typer.Option(help=f"starttls, ssl or none (default ${ENV['security']}, else starttls)."),
    ] = None,
    smtp_user: Annotated[
        str | None,
        typer.Option(
            help=f"Username (default ${ENV['username']}); the password is ${ENV['password']}."
        ),
    ] = None,
    smtp_from: Annotated[
        str | None, typer.Option(help=f"Sender address (default ${ENV['sender']}).")
    ] = None,
    smtp_ca_file: Annotated[
        Path | None,
        typer.Option(
            help=f"CA certificate (PEM) the server's is checked against (default "
            f"${ENV['ca_file']}, else the system's)."
        ),
    ] = None,
    as_: CoordinatorOption = "coordinator",
    db: DbOption = None,
) -> None:
    """Send the queued e-mails that are due; a failed one is retried by a later run."""
    with opened_store(db) as store:
        settings = notifications.mail_settings(
            os.environ, smtp_host, smtp_port, smtp_security, smtp_user, smtp_from, smtp_ca_file
        )
        report = notifications.deliver(store, Actor.parse(as_), settings)
    typer.echo(
        f"Sent {report.sent} e-mails; {report.retrying} to be tried again, "
        f"{report.failed} given up."
    )
    for line in report.errors:
        typer.echo(line, err=True)
    if report.errors:
        raise typer.Exit(EXIT_NOT_SENT)


@notify_app.command()
def remind(
    assignment: Annotated[
        Path | None,
        typer.Option(
            help="The folder `rota responders assign` wrote (assignment.csv, open-seats.csv); "
            "default: the staffing kept in the store by `rota responders staff`."
        ),
    ] = None,
    open_days: Annotated[
        int, typer.Option(help="Alert a centre this many days before a seat is still open.")
    ] = notifications.DEFAULT_OPEN_DAYS,
    today: Annotated[
        str | None, typer.Option(help="Today's date YYYY-MM-DD; default: today.")
    ] = None,
    as_: CoordinatorOption = "coordinator",
    db: DbOption = None,
) -> None:
    """Queue "your shift tomorrow" for responders and "seat still open" for centres; a second
    run the same day queues nothing new. `rota notify send` sends them."""
    day = _date(today)
    with opened_store(db) as store:
        report = (
            notifications.remind_from_store(store, Actor.parse(as_), day, open_days)
            if assignment is None
            else notifications.remind_from_folder(
                store, Actor.parse(as_), day, assignment, open_days
            )
        )
    typer.echo(
        f"Queued {report.reminders} shift reminders and {report.alerts} open-seat alerts "
        f"({report.already_queued} queued before); {report.unreachable} responders or centres "
        "have no account with an e-mail address."
    )


@notify_app.command()
def status(as_: CoordinatorOption = "coordinator", db: DbOption = None) -> None:
    """How many e-mails wait, were sent, or were given up, and why each of the last."""
    with opened_store(db) as store:
        outbox = notifications.outbox_status(store, Actor.parse(as_))
    typer.echo(f"{outbox.pending} waiting, {outbox.sent} sent, {outbox.failed} given up.")
    for line in outbox.failures:
        typer.echo(line)


def _date(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise fail([f"--today: '{text}' is not a date; write YYYY-MM-DD"]) from None

"""`rota serve` and `rota feeds token …`: serve the calendar feeds, and hand out, rotate and
revoke the secret addresses subscribers fetch them with.

Thin on purpose: roles and the audit log live in `rota.app.feed_tokens`, HTTP in `rota.web.server`.
Exit codes: 0 done, 2 refused or bad input (one line on stderr saying why).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer

from rota.app import feed_tokens
from rota.app.actors import Actor
from rota.app.feed_tokens import IssuedToken, TokenView, feed_url, webcal_url
from rota.cli.changes import AsOption, DbOption, JsonOption
from rota.cli.common import opened_store
from rota.web.server import DEFAULT_HOST, DEFAULT_PORT

BASE_URL_ENV = "ROTA_FEED_BASE_URL"
DEFAULT_BASE_URL = f"http://{DEFAULT_HOST}:{DEFAULT_PORT}"

feeds_app = typer.Typer(
    help=(
        "Calendar feeds: the secret addresses subscribers fetch them with.\n\n"
        "Each subscriber gets a token: a random secret in the feed's URL, shown once; only its "
        "hash is stored. Serve the feeds with rota serve.\n\n"
        "Roles (--as): coordinator (every feed); centre:<id> (its feed centre-<id>); "
        "responder:<id> (its feed responder-<id>)."
    ),
    no_args_is_help=True,
)
token_app = typer.Typer(help="Issue, rotate, revoke and list feed tokens.", no_args_is_help=True)
feeds_app.add_typer(token_app, name="token")

FeedOption = Annotated[
    str,
    typer.Option(
        "--feed",
        help="Feed name: national, centre-<id>, service-<id>, extra-shifts (from the store's "
        "calendar in force or a folder's feeds/<name>.ics), responder-<id> (from the store's "
        "staffing, or a folder).",
    ),
]
TokenArgument = Annotated[int, typer.Argument(help="Token number (see rota feeds token list).")]
BaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--base-url",
        help=f"Where rota serve is reached (default ${BASE_URL_ENV}, else {DEFAULT_BASE_URL}).",
    ),
]


@token_app.command()
def issue(
    feed: FeedOption,
    as_: AsOption,
    label: Annotated[str, typer.Option(help="Who subscribes, e.g. 'Oulu duty phone'.")] = "",
    base_url: BaseUrlOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Issue a token for a feed; prints its https and webcal:// addresses (shown only now)."""
    with opened_store(db) as store:
        issued = feed_tokens.issue(store, Actor.parse(as_), feed, label)
        _print_issued(issued, _base_url(base_url), as_json)


@token_app.command()
def rotate(
    token: TokenArgument,
    as_: AsOption,
    base_url: BaseUrlOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Replace a token: the old address stops working, the new one is printed."""
    with opened_store(db) as store:
        issued = feed_tokens.rotate(store, Actor.parse(as_), token)
        _print_issued(issued, _base_url(base_url), as_json)


@token_app.command()
def revoke(
    token: TokenArgument, as_: AsOption, db: DbOption = None, as_json: JsonOption = False
) -> None:
    """Revoke a token: its address stops working at once."""
    with opened_store(db) as store:
        view = feed_tokens.revoke(store, Actor.parse(as_), token)
        if as_json:
            typer.echo(view.model_dump_json(indent=2))
        else:
            typer.echo(_token_line(view))


@token_app.command("list")
def list_(
    as_: AsOption,
    feed: Annotated[str | None, typer.Option("--feed", help="Only this feed's tokens.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the tokens you manage (never their secrets: the store keeps only hashes)."""
    with opened_store(db) as store:
        views = feed_tokens.list_tokens(store, Actor.parse(as_), feed)
        if as_json:
            typer.echo(json.dumps([v.model_dump(mode="json") for v in views], indent=2))
            return
        if not views:
            typer.echo("No feed tokens.")
        for v in views:
            typer.echo(_token_line(v))


def serve(
    feeds: Annotated[
        list[Path] | None,
        typer.Option(
            "--feeds",
            help="A published folder: a plan's or an assignment's output directory (its "
            "feeds/) or a folder of .ics files. Repeat it to serve several (quarters, personal "
            "feeds): a feed in more than one is served as one calendar. With --db, only the "
            "feeds the store's calendar in force does not hold come from the folders.",
        ),
    ] = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = DEFAULT_HOST,
    port: Annotated[int, typer.Option(help="Port to listen on.")] = DEFAULT_PORT,
    db: DbOption = None,
) -> None:
    """Serve the calendar feeds at /feeds/<token>.ics (tokens from rota feeds token issue).

    Those of the store's calendar in force (national, centre-, service-, extra-shifts) and the
    personal feeds of the staffing kept in the store (responder-) come straight from the store
    with --db or without --feeds, so the next request after an approval, an import or a
    confirmed claim gets it; the rest (other responder- feeds) from the --feeds folders.
    """
    import uvicorn

    from rota.domain.errors import InputError
    from rota.web.server import create_app, feeds_folders

    from_store = db is not None or not feeds
    try:
        folders = feeds_folders(feeds or [])
    except InputError as error:
        for problem in error.problems:
            typer.echo(problem, err=True)
        raise typer.Exit(2) from None
    with opened_store(db) as store:
        app = create_app(folders, store, calendar_in_force=from_store)
        sources = ["the store's calendar in force"] if from_store else []
        sources += [f"the feeds of {folder}" for folder in folders]
        typer.echo(f"Serving {', then '.join(sources)} at http://{host}:{port}/feeds/<token>.ics")
        uvicorn.run(app, host=host, port=port, access_log=False, log_level="info")


def _base_url(option: str | None) -> str:
    return option or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL


def _print_issued(issued: IssuedToken, base_url: str, as_json: bool) -> None:
    url = feed_url(base_url, issued.secret)
    if as_json:
        record = issued.model_dump(mode="json") | {"url": url, "webcal_url": webcal_url(url)}
        typer.echo(json.dumps(record, indent=2))
        return
    t = issued.token
    replaced = f", replacing token {issued.replaces}" if issued.replaces else ""
    typer.echo(f"Token {t.id} for feed {t.feed}{_label(t)}{replaced}:")
    typer.echo(f"  {url}")
    typer.echo(f"  {webcal_url(url)}")
    typer.echo("Keep the address secret; it is shown only now (the store keeps only its hash).")


def _token_line(v: TokenView) -> str:
    return (
        f"#{v.id:<4} {v.status:<22} {v.feed:<28} issued {v.created_at:%Y-%m-%d %H:%M} UTC "
        f"by {v.created_by}{_label(v)}"
    )


def _label(v: TokenView) -> str:
    return f" ({v.label})" if v.label else ""

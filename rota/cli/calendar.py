"""`rota calendar`: the calendar in force, as the network keeps it today.

Thin on purpose: `import` parses its options, calls `rota.app.calendar_import` (where the role
check, the reading, the validator and the audit log live) and prints the result.
Exit codes: 0 stored (rule findings or not), 2 refused or bad input, every problem on its own
line on stderr and nothing stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from rota.app.actors import Actor
from rota.app.calendar_import import ImportResult, import_calendar
from rota.app.store import Store, open_store
from rota.cli.changes import AsOption, DbOption
from rota.cli.common import EXIT_BAD_INPUT, fail
from rota.domain.errors import ChangeError, InputError

calendar_app = typer.Typer(
    help=(
        "The calendar in force: import the standing calendar the network keeps today.\n\n"
        "Start with: rota calendar import fixtures/mieli/calendar-in-force.csv "
        "--scenario fixtures/mieli/scenario.yaml --as coordinator"
    ),
    no_args_is_help=True,
)


@calendar_app.command("import")
def import_(
    file: Annotated[
        Path,
        typer.Argument(
            help="The standing calendar, .csv or .xlsx, with the columns of standing.csv "
            "(weekdays in Finnish, English or Swedish; times 16:00 or 16.00)."
        ),
    ],
    scenario: Annotated[Path, typer.Option("--scenario", help="The scenario YAML of the network.")],
    as_: AsOption,
    dated: Annotated[
        Path | None,
        typer.Option(
            "--dated",
            help="Dated duties, .csv or .xlsx, with the columns of shifts.csv (kind "
            "holiday-duty, substitute or extra).",
        ),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(
            help="Today's date YYYY-MM-DD (the checked quarters follow it); default: today."
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Store a spreadsheet's calendar as the calendar in force; say what already breaks a rule."""
    day = _today(today)
    with _store(db) as store:
        result = import_calendar(store, Actor.parse(as_), scenario, file, dated, day)
    typer.echo("\n".join(_lines(result, file)))


def _today(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise fail([f"--today: '{text}' is not a date; write YYYY-MM-DD"]) from None


@contextmanager
def _store(db: str | None) -> Iterator[Store]:
    """Open the store; turn refusals and bad input into lines on stderr and exit code 2."""
    store = None
    try:
        store = open_store(db)
        yield store
    except ChangeError as error:
        typer.echo(f"refused: {error}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except InputError as error:
        raise fail(error.problems) from None
    finally:
        if store is not None:
            store.close()


def _lines(result: ImportResult, file: Path) -> list[str]:
    replaced = f" (replaces version {result.replaced})" if result.replaced else ""
    out = [
        f"Calendar version {result.version} is now the calendar in force{replaced}: imported "
        f"{file}, {result.standing_shifts} standing shifts of {result.centres} centres, "
        f"{result.dated_duties} dated duties; covers {result.covered.label}.",
    ]
    findings = result.findings()
    if not findings:
        out.append(f"Checked {result.checked.label}: no hard rule (R1–R6) is broken.")
        return out
    out.append(
        f"Checked {result.checked.label}: the calendar already breaks a rule in "
        f"{len(findings)} places (stored all the same, as the centres work to it):"
    )
    out.extend(f"  {line}" for line in findings)
    return out

"""`rota calendar`: the calendar in force, as the network keeps it today.

Thin on purpose: `import` parses its options, calls `rota.app.calendar_import` (where the role
check, the reading, the validator and the audit log live) and prints the result.
Exit codes: 0 stored (rule findings or not), 2 refused or bad input, every problem on its own
line on stderr and nothing stored.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from rota.app import plans
from rota.app.actors import Actor
from rota.app.calendar_import import ImportResult, import_calendar
from rota.app.network import network_yaml
from rota.cli.changes import AsOption, DbOption
from rota.cli.common import fail, opened_store
from rota.domain.errors import ChangeError
from rota.domain.proposals import ShiftModel

calendar_app = typer.Typer(
    help=(
        "The calendar in force: import the standing calendar the network keeps today, and "
        "publish a plan made from it (`rota plan --db`) as its next version.\n\n"
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
    with opened_store(db) as store:
        result = import_calendar(store, Actor.parse(as_), scenario, file, dated, day)
    typer.echo("\n".join(_lines(result, file)))


def _today(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise fail([f"--today: '{text}' is not a date; write YYYY-MM-DD"]) from None


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


@calendar_app.command()
def publish(
    plan: Annotated[int, typer.Argument(help="The plan's number, as `rota plan --db` printed.")],
    as_: AsOption = "coordinator",
    yes: Annotated[
        bool, typer.Option("--yes", help="Publish without asking, after printing the diff.")
    ] = False,
    today: Annotated[
        str | None,
        typer.Option(help="Today's date YYYY-MM-DD, which the notice counts from; default: today."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Show what a plan changes in the calendar in force, then make it the next version."""
    day = _today(today)
    with opened_store(db) as store:
        who = Actor.parse(as_)
        seen = plans.preview(store, who, plan, day)
        typer.echo("\n".join(_diff(seen)))
        if seen.identical and seen.against is not None:
            typer.echo(f"Plan {plan} is the calendar in force already; nothing to publish.")
            return
        if seen.stale is not None:
            raise ChangeError(seen.stale)
        if not yes and not typer.confirm(f"Publish plan {plan}?", default=False):
            typer.echo("Nothing published.")
            return
        done = plans.publish(store, who, plan, seen.against, day)
    typer.echo(f"Published: {done.message}.")


@calendar_app.command()
def network(
    version: Annotated[
        int | None, typer.Option(help="Calendar version; default: the one in force.")
    ] = None,
    as_: AsOption = "coordinator",
    db: DbOption = None,
) -> None:
    """Print the scenario YAML a calendar version was made under, byte for byte as imported."""
    with opened_store(db) as store:
        text = network_yaml(store, Actor.parse(as_), version)
    typer.echo(text, nl=False)


def _diff(seen: plans.Preview) -> list[str]:
    """The diff in words: per centre the shifts added, dropped and moved and from when, then the
    dated duties and the expected answered contacts per service."""
    if seen.against is None:
        out = [f"Plan {seen.plan} ({seen.quarter}) is a first plan: no calendar is in force."]
    else:
        out = [f"Plan {seen.plan} ({seen.quarter}) against calendar version {seen.against}:"]
    if not seen.centres:
        out.append("  the standing shifts stay as they are")
    for centre in seen.centres:
        out.append(f"  {centre.name}, from {centre.effective:%d.%m.%Y}:")
        out += [f"    + {_shift(s)}" for s in centre.added]
        out += [f"    − {_shift(s)}" for s in centre.dropped]
        out += [f"    ~ {_shift(a)} → {_shift(b)}" for a, b in centre.moved]
    out.append(f"  dated duties: {seen.dated_added} added, {seen.dated_dropped} dropped")
    out.append("  expected answered contacts over the quarter (in force → planned):")
    out += [
        f"    {s.name}: {s.in_force:,.0f} → {s.planned:,.0f} ({s.change:+,.0f})"
        for s in seen.services
    ]
    return out


def _shift(shift: ShiftModel) -> str:
    return f"{shift.service} {shift.weekday} {shift.start}–{shift.end} ×{shift.responders}"

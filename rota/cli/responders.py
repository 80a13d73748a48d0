"""`rota responders`: put a centre's own responders on its seats of the plan, and write their
personal feeds (issue 8). Exit codes as `rota plan`: 0 written and every check passes, 3 written
but the validator found a broken rule, 2 bad input (nothing written)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rota.cli.changes import DbOption
from rota.cli.common import EXIT_OK, EXIT_UNMET, fail, interrupted, opened_store
from rota.domain.calendar import Period
from rota.domain.errors import InputError

responders_app = typer.Typer(
    help="Responders on the plan's shifts: assignment, personal feeds, synthetic rosters.",
    no_args_is_help=True,
)


@responders_app.command()
def assign(
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML file (SPEC §6).")],
    roster: Annotated[Path, typer.Option(help="Roster CSV/XLSX file or a directory of them.")],
    out: Annotated[Path, typer.Option("--out", help="Output directory to write.")],
    quarter: Annotated[
        str | None, typer.Option(help="Quarter, e.g. 2027Q1; default: the next one.")
    ] = None,
    plan: Annotated[
        Path | None,
        typer.Option(help="Output directory of 'rota plan' for the quarter; default: plan first."),
    ] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            help="Last quarter's assignment directory (its assignment.csv), for stability."
        ),
    ] = None,
    debrief: Annotated[
        Path | None,
        typer.Option(help="National debrief service hours (YAML); default weekday 17–22."),
    ] = None,
    min_rest_hours: Annotated[
        float, typer.Option(help="Least rest between two shifts of one responder.")
    ] = 8.0,
    time_limit: Annotated[float, typer.Option(help="Solver time for the whole network.")] = 10.0,
    plan_time_limit: Annotated[
        float, typer.Option(help="Solver time for planning the quarter when --plan is omitted.")
    ] = 60.0,
    workers: Annotated[int, typer.Option(help="Centres solved in parallel.")] = 2,
) -> None:
    """Assign responders to the plan's seats; write assignment.csv (and per centre under
    centres/), open-seats.csv, assignment.md and feeds/responder-<id>.ics."""
    from rota.app import staffing

    try:
        request = staffing.read_request(
            scenario,
            roster,
            quarter,
            plan,
            previous,
            debrief,
            out,
            min_rest_hours,
            (time_limit, plan_time_limit, workers),
        )
    except InputError as error:
        raise fail(error.problems) from None

    def planning_first(period: Period) -> None:
        typer.echo(f"No --plan given: planning {period.label} first (into plan/)…", err=True)

    typer.echo(
        f"Assigning {len(request.roster.responders)} responders to {request.period.label} "
        f"(time limit {time_limit:g} s, {workers} workers)…",
        err=True,
    )
    try:
        done = staffing.assign_into(
            out, request, time_limit, workers, plan_time_limit, planning_first
        )
    except KeyboardInterrupt:
        raise interrupted(out) from None
    outcome, validation = done.outcome, done.validation
    typer.echo(
        f"{len(outcome.assignments)} of {outcome.seats} seats filled ({outcome.fill_rate:.1%}), "
        f"{len(outcome.open_seats)} open, in {outcome.seconds:.1f} s. "
        f"Validator: {'all checks pass' if validation.passed else 'FAILED, see assignment.md'}."
    )
    for problem in validation.problems()[:10]:
        typer.echo(f"  {problem}", err=True)
    below = staffing.below_minimum(request.roster, outcome.assignments, request.period)
    if below:
        typer.echo(
            f"Below a minimum commitment: {len({b.responder for b in below})} responders, "
            f"{len(below)} weeks or months."
        )
    raise typer.Exit(EXIT_OK if validation.passed else EXIT_UNMET)


@responders_app.command()
def generate(
    scenario: Annotated[Path, typer.Option(help="Scenario YAML file.")],
    out: Annotated[Path, typer.Option("--out", help="Directory for one CSV per centre.")],
    seed: Annotated[
        int, typer.Option(help="Random seed; the same seed gives the same roster.")
    ] = 1,
    count: Annotated[int, typer.Option(help="Responders in the whole network.")] = 1000,
    quarter: Annotated[
        str | None, typer.Option(help="Quarter the absences fall in; default: the next one.")
    ] = None,
) -> None:
    """Write a seeded, clearly synthetic roster (names like 'Responder hel-0042')."""
    from rota.app.staffing import write_synthetic_roster

    try:
        total, files = write_synthetic_roster(scenario, quarter, count, seed, out)
    except InputError as error:
        raise fail(error.problems) from None
    typer.echo(f"Wrote {total} synthetic responders in {files} files under {out}/")


@responders_app.command()
def staff(
    roster: Annotated[Path, typer.Option(help="Roster folder: one <centre>.csv per centre.")],
    quarter: Annotated[str, typer.Option(help="Quarter of the calendar in force, e.g. 2027Q1.")],
    db: DbOption = None,
    time_limit: Annotated[float, typer.Option(help="Solver time for the whole network.")] = 10.0,
    workers: Annotated[int, typer.Option(help="Centres solved in parallel.")] = 2,
) -> None:
    """Assign responders to the seats of a quarter of the calendar in force and keep the
    assignment in the store, where responders see their shifts and claim the open seats."""
    from rota.app import stored_staffing
    from rota.app.actors import Actor

    with opened_store(db) as store:
        summary = stored_staffing.staff_in_store(
            store, Actor("coordinator"), roster, quarter, time_limit, workers
        )
    typer.echo(
        f"{summary.quarter} of calendar version {summary.version}: {summary.filled} of "
        f"{summary.seats} seats filled, {summary.open} open, in {summary.seconds:.1f} s; kept as "
        f"staffing {summary.staffing_id}."
    )
    people = {b.responder for b in summary.below_minimum}
    typer.echo(
        f"Below a minimum commitment: {len(people)} responders, {len(summary.below_minimum)} "
        "weeks or months" + (":" if people else ".")
    )
    for below in summary.below_minimum[:20]:
        typer.echo(f"  {below.centre} {below.responder} {below.where}")

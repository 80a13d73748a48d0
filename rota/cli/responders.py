"""`rota responders`: put a centre's own responders on its seats of the plan, and write their
personal feeds (issue 8). Exit codes as `rota plan`: 0 written and every check passes, 3 written
but the validator found a broken rule, 2 bad input (nothing written)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from rota.cli.common import EXIT_BAD_INPUT, EXIT_OK, EXIT_UNMET, interrupted
from rota.domain.calendar import Period, next_quarter, parse_quarter
from rota.domain.debrief import NationalDebrief
from rota.domain.errors import InputError
from rota.domain.plan import Occurrence
from rota.domain.responders import Roster
from rota.domain.scenario import Scenario
from rota.domain.seats import SeatAssignment, read_assignment
from rota.io.debrief_file import load_national_debrief
from rota.io.output_folder import check_out, replacing
from rota.io.plan_files import read_previous_plan
from rota.io.roster_file import load_roster
from rota.io.scenario_file import load_scenario
from solver.interrupt import stopping_solves_on_sigint

responders_app = typer.Typer(
    help="Responders on the plan's shifts: assignment, personal feeds, synthetic rosters.",
    no_args_is_help=True,
)

ASSIGN_COMMAND = "rota responders assign"  # named in the output folder's manifest
T = TypeVar("T")


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
    problems: list[str] = []
    loaded = _attempt(lambda: load_scenario(scenario), problems)
    period = _quarter(quarter, problems)
    team = _attempt(lambda: load_roster(roster, loaded), problems) if loaded else None
    national = _attempt(lambda: load_national_debrief(debrief), problems) if debrief else None
    earlier = (
        _attempt(lambda: read_assignment(previous / "assignment.csv"), problems)
        if previous
        else None
    )
    plan_shifts = None
    if plan is not None:
        shifts = _attempt(lambda: read_previous_plan(plan), problems)
        plan_shifts = shifts.occurrences if shifts else None
        if loaded and plan_shifts is not None:
            problems.extend(_plan_problems(loaded, plan, plan_shifts))
    for option, seconds in (("--time-limit", time_limit), ("--plan-time-limit", plan_time_limit)):
        if seconds <= 0:
            problems.append(f"{option}: {seconds} is not a positive number of seconds")
    if workers < 1:
        problems.append(f"--workers: {workers} is not a positive number")
    inputs = [p for p in (scenario, roster, plan, previous, debrief) if p is not None]
    problems.extend(check_out(out, ASSIGN_COMMAND, inputs))
    if problems or loaded is None or period is None or team is None:
        for problem in problems:
            typer.echo(problem, err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    try:
        with stopping_solves_on_sigint(), replacing(out, ASSIGN_COMMAND) as folder:
            if plan_shifts is None:
                plan_shifts = _plan_first(loaded, period, folder / "plan", plan_time_limit)
            passed = _assign(
                folder,
                loaded,
                period,
                plan_shifts,
                team,
                national,
                earlier,
                min_rest_hours,
                time_limit,
                workers,
            )
    except KeyboardInterrupt:
        raise interrupted(out) from None
    raise typer.Exit(EXIT_OK if passed else EXIT_UNMET)


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
    from rota.io.synthetic_roster import generate_roster, write_roster

    problems: list[str] = []
    loaded = _attempt(lambda: load_scenario(scenario), problems)
    period = _quarter(quarter, problems)
    if count < 1:
        problems.append(f"--count: {count} is not a positive number")
    if problems or loaded is None or period is None:
        for problem in problems:
            typer.echo(problem, err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    rosters = generate_roster(loaded, period, count, seed)
    write_roster(out, rosters)
    total = sum(len(rows) for rows in rosters.values())
    typer.echo(f"Wrote {total} synthetic responders in {len(rosters)} files under {out}/")


def _assign(
    folder: Path,
    scenario: Scenario,
    period: Period,
    plan_shifts: list[Occurrence],
    team: Roster,
    national: NationalDebrief | None,
    previous: list[SeatAssignment] | None,
    min_rest_hours: float,
    time_limit: float,
    workers: int,
) -> bool:
    from rota.app.staffing import staff_quarter
    from rota.checks.assignment import rows_from, validate_assignment
    from rota.domain.seats import write_assignment, write_open_seats
    from rota.publish.assignment_report import CentreSolve, render_assignment_report
    from rota.publish.personal_feeds import write_personal_feeds

    typer.echo(
        f"Assigning {len(team.responders)} responders to {period.label} "
        f"(time limit {time_limit:g} s, {workers} workers)…",
        err=True,
    )
    outcome = staff_quarter(
        scenario,
        period,
        plan_shifts,
        team,
        national,
        previous,
        min_rest_hours,
        time_limit,
        workers,
    )
    write_assignment(folder / "assignment.csv", outcome.assignments)
    # A centre sees its own responders' pseudonyms only: one file per centre to hand out.
    (folder / "centres").mkdir()
    for centre in scenario.centres:
        own = [a for a in outcome.assignments if a.occurrence.centre == centre.id]
        write_assignment(folder / "centres" / f"assignment-{centre.id}.csv", own)
    write_open_seats(folder / "open-seats.csv", outcome.open_seats)
    # The validator judges what was written, read back from the file.
    written = read_assignment(folder / "assignment.csv")
    validation = validate_assignment(
        scenario, period, plan_shifts, team, rows_from(written), national, min_rest_hours
    )
    solves = [CentreSolve(r.centre, r.status, r.seconds) for r in outcome.results]
    report = render_assignment_report(
        scenario,
        period,
        outcome.holidays,
        outcome.occurrences,
        team,
        outcome.assignments,
        outcome.open_seats,
        validation,
        solves,
        outcome.seconds,
        national,
    )
    (folder / "assignment.md").write_text(report, encoding="utf-8")
    write_personal_feeds(
        folder / "feeds",
        scenario,
        period,
        outcome.holidays,
        team.responders,
        outcome.assignments,
        national,
    )
    typer.echo(
        f"{len(outcome.assignments)} of {outcome.seats} seats filled ({outcome.fill_rate:.1%}), "
        f"{len(outcome.open_seats)} open, in {outcome.seconds:.1f} s. "
        f"Validator: {'all checks pass' if validation.passed else 'FAILED, see assignment.md'}."
    )
    for problem in validation.problems()[:10]:
        typer.echo(f"  {problem}", err=True)
    return validation.passed


def _plan_first(
    scenario: Scenario, period: Period, folder: Path, time_limit: float
) -> list[Occurrence]:
    from rota.app.planning import plan_quarter
    from rota.app.publication import write_plan

    typer.echo(f"No --plan given: planning {period.label} first (into plan/)…", err=True)
    outcome = plan_quarter(scenario, period, today=period.first, time_limit=time_limit)
    write_plan(folder, outcome)
    return list(outcome.expansion.occurrences)


def _plan_problems(scenario: Scenario, folder: Path, shifts: list[Occurrence]) -> list[str]:
    centres = {c.id for c in scenario.centres}
    services = {s.id for s in scenario.services}
    unknown = sorted({o.centre for o in shifts} - centres)
    unknown_services = sorted({o.service for o in shifts} - services)
    problems = []
    if unknown:
        problems.append(
            f"{folder}/shifts.csv: centre: unknown centres {', '.join(unknown)}; the plan must "
            "come from the same scenario"
        )
    if unknown_services:
        problems.append(
            f"{folder}/shifts.csv: service: unknown services {', '.join(unknown_services)}; the "
            "plan must come from the same scenario"
        )
    return problems


def _quarter(text: str | None, problems: list[str]) -> Period | None:
    try:
        return parse_quarter(text or next_quarter(dt.date.today()))
    except ValueError as error:
        problems.append(f"--quarter: {error}")
        return None


def _attempt(load: Callable[[], T], problems: list[str]) -> T | None:
    """Run a loader; collect its InputError lines instead of stopping at the first file."""
    try:
        return load()
    except InputError as error:
        problems.extend(error.problems)
        return None

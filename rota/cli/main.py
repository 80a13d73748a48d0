"""The `rota` command line (SPEC §6). Exit codes: 0 feasible, 3 plan with unmet hard rules,
2 bad input (nothing written)."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from rota.cli.accounts import accounts_app
from rota.cli.changes import changes_app
from rota.cli.common import EXIT_BAD_INPUT, EXIT_OK, EXIT_UNMET, interrupted
from rota.cli.dashboard import dashboard
from rota.cli.feeds import feeds_app, serve
from rota.cli.responders import responders_app
from rota.domain.calendar import Period, next_quarter, parse_quarter
from rota.domain.errors import InputError
from rota.domain.scenario import Scenario
from rota.io.output_folder import check_out, replacing
from rota.io.plan_files import PreviousPlan, read_previous_plan
from rota.io.scenario_file import load_scenario

app = typer.Typer(
    help="rota — the national crisis-helpline duty planner.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(changes_app, name="changes")
app.add_typer(feeds_app, name="feeds")
app.command("serve")(serve)
app.add_typer(accounts_app, name="accounts")
app.command("dashboard")(dashboard)
app.add_typer(responders_app, name="responders")

PLAN_COMMAND = "rota plan"  # named in the output folder's manifest


def fail(problems: list[str]) -> typer.Exit:
    for problem in problems:
        typer.echo(problem, err=True)
    return typer.Exit(EXIT_BAD_INPUT)


@app.callback()
def main() -> None:
    """Plan the standing weekly duty calendar of the crisis-helpline network."""


@app.command()
def plan(
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML file (SPEC §6).")],
    out: Annotated[Path, typer.Option("--out", help="Output directory to write.")],
    quarter: Annotated[
        str | None, typer.Option(help="Quarter to plan, e.g. 2027Q1; default: the next one.")
    ] = None,
    today: Annotated[
        str | None, typer.Option(help="Planning date YYYY-MM-DD for the notice rule (R7).")
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(help="Output directory of the plan now in force (its standing/shifts.csv)."),
    ] = None,
    time_limit: Annotated[
        float,
        typer.Option(
            help="Seconds for reading, preparing and solving; checking and writing the plan follow."
        ),
    ] = 60.0,
) -> None:
    """Plan a quarter: write standing.csv, shifts.csv, coverage.csv, report.md and feeds/."""
    started = time.monotonic()
    from rota.app.planning import plan_quarter
    from rota.app.publication import write_plan
    from solver.interrupt import stopping_solves_on_sigint
    from solver.plan.model import Progress

    problems: list[str] = []
    loaded = _load(scenario, problems)
    day = _parse_today(today, problems)
    period = _parse_quarter(quarter or next_quarter(day), problems)
    if time_limit <= 0:
        problems.append(f"--time-limit: {time_limit} is not a positive number of seconds")
    if baseline is None and loaded is not None and loaded.baseline:
        baseline = (scenario.parent / loaded.baseline).resolve()
    previous = _previous_plan(loaded, baseline, problems)
    problems.extend(check_out(out, PLAN_COMMAND, [scenario, *([baseline] if baseline else [])]))
    if problems or loaded is None or period is None:
        raise fail(problems)

    def progress(p: Progress) -> None:
        typer.echo(
            f"  solving {p.seconds:6.1f} s  objective {p.objective:,.0f}  bound {p.bound:,.0f}",
            err=True,
        )

    typer.echo(
        f"Planning {period.label} for {loaded.name} (time limit {time_limit:g} s)…", err=True
    )
    try:
        with stopping_solves_on_sigint():
            outcome = plan_quarter(
                loaded,
                period,
                today=day,
                previous=previous,
                time_limit=time_limit - (time.monotonic() - started),
                on_progress=progress,
            )
        with replacing(out, PLAN_COMMAND) as folder:
            write_plan(folder, outcome)
    except KeyboardInterrupt:
        raise interrupted(out) from None
    result = outcome.result
    verdict = "feasible" if outcome.feasible else "INFEASIBLE: hard rules unmet, see report.md"
    typer.echo(
        f"{verdict}. solver {result.status} in {result.seconds:.1f} s, gap {result.gap:.2%}. "
        f"Wrote {out}/ (standing.csv, shifts.csv, coverage.csv, report.md, feeds/)"
    )
    for violation in outcome.validation.violations()[:10]:
        typer.echo(f"  {violation.rule}: {violation.message}", err=True)
    raise typer.Exit(EXIT_OK if outcome.feasible else EXIT_UNMET)


def _load(scenario: Path, problems: list[str]) -> Scenario | None:
    try:
        return load_scenario(scenario)
    except InputError as error:
        problems.extend(error.problems)
        return None


def _previous_plan(
    scenario: Scenario | None, folder: Path | None, problems: list[str]
) -> PreviousPlan | None:
    """A plan output directory read back, checked against the scenario's network."""
    if folder is None:
        return None
    try:
        previous = read_previous_plan(folder)
    except InputError as error:
        problems.extend(error.problems)
        return None
    if scenario is not None:
        problems.extend(_baseline_problems(scenario, previous, folder))
    return previous


def _parse_today(text: str | None, problems: list[str]) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        problems.append(f"--today: '{text}' is not a date; write YYYY-MM-DD")
        return dt.date.today()


def _parse_quarter(text: str, problems: list[str]) -> Period | None:
    try:
        return parse_quarter(text)
    except ValueError as error:
        problems.append(f"--quarter: {error}")
        return None


def _baseline_problems(
    scenario: Scenario, previous: PreviousPlan, folder: Path | None
) -> list[str]:
    centres = {c.id for c in scenario.centres}
    services = {s.id for s in scenario.services}
    problems = []
    for name, rows in (("standing.csv", previous.standing), ("shifts.csv", previous.occurrences)):
        unknown = sorted({r.centre for r in rows} - centres)
        unknown_services = sorted({r.service for r in rows} - services)
        if unknown:
            problems.append(
                f"{folder}/{name}: centre: unknown centres {', '.join(unknown)}; "
                "the baseline must come from the same network"
            )
        if unknown_services:
            problems.append(
                f"{folder}/{name}: service: unknown services "
                f"{', '.join(unknown_services)}; the baseline must come from the "
                "same network"
            )
    return problems


@app.command("extra-shifts")
def extra_shifts(
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML file (SPEC §6).")],
    quarter: Annotated[str, typer.Option(help="Quarter, e.g. 2027Q1.")],
    plan_dir: Annotated[
        Path | None,
        typer.Option(
            "--plan",
            help="Output directory of the plan in force (its shifts.csv); "
            "without it the quarter is planned first.",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="iCal feed to write; default with --plan: PLAN/feeds/extra-shifts.ics."
        ),
    ] = None,
    open_seats: Annotated[
        Path | None,
        typer.Option(
            "--open-seats",
            help="open-seats.csv of 'rota responders assign' on the --plan (or its output "
            "folder): seats the centres could not fill, listed before every slot.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
    limit: Annotated[
        int, typer.Option(help="Entries listed per list: open seats and each ranking.")
    ] = 20,
    time_limit: Annotated[
        float, typer.Option(help="Solver time limit in seconds when planning first.")
    ] = 20.0,
) -> None:
    """Rank open extra-shift slots by the contacts one more responder would answer.

    A second ranking, for volunteers, puts weekends and public holidays first. With
    --open-seats, the plan's seats that no responder of the centre could take come first:
    the plan counts on them, and the slots are valued as if they were taken."""
    import json

    from rota.analysis.extra_shifts import (
        as_record,
        extra_slots,
        for_volunteers,
        open_seat_record,
        open_seat_shifts,
        open_seat_table,
        ranked,
        table,
    )
    from rota.domain.calendar import public_holidays
    from rota.domain.seats import OpenSeat, read_open_seats
    from rota.publish.extra_shift_feed import write_extra_shift_feed

    problems: list[str] = []
    loaded = _load(scenario, problems)
    period = _parse_quarter(quarter, problems)
    if limit <= 0:
        problems.append(f"--limit: {limit} is not a positive number of slots")
    previous = _previous_plan(loaded, plan_dir, problems)
    unfilled: list[OpenSeat] | None = None
    if open_seats is not None and plan_dir is None:
        problems.append(
            f"--open-seats: {open_seats}: needs --plan; give the plan the responders were "
            "assigned to"
        )
    elif open_seats is not None and previous is not None and period is not None:
        try:
            unfilled = read_open_seats(open_seats, previous.occurrences, period)
        except InputError as error:
            problems.extend(error.problems)
    if problems or loaded is None or period is None:
        raise fail(problems)

    holidays = public_holidays(period, loaded.holidays.extra)
    open_shifts = open_seat_shifts(unfilled, holidays) if unfilled is not None else []
    if previous is not None:
        occurrences = previous.occurrences
    else:
        from rota.app.planning import plan_quarter

        typer.echo(f"No --plan: planning {period.label} first ({time_limit:g} s)…", err=True)
        occurrences = plan_quarter(loaded, period, time_limit=time_limit).expansion.occurrences
    slots = extra_slots(loaded, period, holidays, occurrences)
    best, volunteers = ranked(slots)[:limit], for_volunteers(slots)[:limit]
    feed = out or (plan_dir / "feeds" / "extra-shifts.ics" if plan_dir is not None else None)
    if feed is not None:
        write_extra_shift_feed(feed, loaded, period, slots, open_shifts)
    if as_json:
        record = {
            "quarter": period.label,
            "hours": loaded.rules.min_shift_hours,
            # None without --open-seats, so "not given" never reads as "none open".
            "open_seats": None
            if unfilled is None
            else [open_seat_record(s) for s in open_shifts[:limit]],
            "open_seats_total": None if unfilled is None else len(unfilled),
            "by_gain": [as_record(s) for s in best],
            "for_volunteers": [as_record(s) for s in volunteers],
            "feed": str(feed) if feed is not None else None,
        }
        typer.echo(json.dumps(record, indent=2, ensure_ascii=False))
        return
    hours = f"{loaded.rules.min_shift_hours:g}"
    typer.echo(
        f"Extra shifts {period.label}: {len(slots)} open {hours}-hour slots; "
        "'Answered +' is what one more responder adds there."
    )
    if unfilled is not None:
        typer.echo(
            f"\nOPEN SEATS first — {len(unfilled)} on {len(open_shifts)} shifts of the plan "
            "that no responder of their centre could take; the plan counts on them:"
        )
        if open_shifts:
            shown = open_shifts[:limit]
            more = len(open_shifts) - len(shown)
            typer.echo("\n".join(open_seat_table(shown)))
            if more:
                typer.echo(f"  … and {more} more shifts (raise --limit to list them)")
    typer.echo("\nBy answered contacts gained:")
    typer.echo("\n".join(table(best)))
    typer.echo("\nVolunteers: weekends and public holidays first:")
    typer.echo("\n".join(table(volunteers)))
    if feed is not None:
        typer.echo(f"\nWrote {feed}")


@app.command(
    "bench",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
)
def bench(ctx: typer.Context) -> None:
    """Run the solver benchmarks (bench/, a source checkout): `rota bench --smoke`, or with no
    options the full table that `make bench` writes into BENCHMARKS.md."""
    import subprocess

    checkout = Path(__file__).resolve().parents[2]
    if not (checkout / "bench" / "run.py").is_file():
        raise fail(["rota bench: the bench/ folder is not here; run it from a source checkout"])
    command = [sys.executable, "-m", "bench.run", *ctx.args]
    raise typer.Exit(subprocess.call(command, cwd=checkout))

"""The `rota` command line (SPEC §6). Exit codes: 0 feasible, 3 plan with unmet hard rules,
2 bad input (nothing written)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from rota.app.actors import Actor
from rota.app.store import Store
from rota.cli.accounts import accounts_app
from rota.cli.calendar import calendar_app
from rota.cli.changes import changes_app
from rota.cli.common import EXIT_OK, EXIT_UNMET, fail, interrupted, opened_store
from rota.cli.dashboard import dashboard
from rota.cli.extra_shifts import extra_shifts
from rota.cli.feeds import feeds_app, serve
from rota.cli.notify import notify_app
from rota.cli.responders import responders_app
from rota.domain.calendar import add_months
from rota.domain.errors import ChangeError, InputError

app = typer.Typer(
    help="rota — the national crisis-helpline duty planner.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(calendar_app, name="calendar")
app.add_typer(changes_app, name="changes")
app.add_typer(feeds_app, name="feeds")
app.command("serve")(serve)
app.add_typer(accounts_app, name="accounts")
app.command("dashboard")(dashboard)
app.add_typer(responders_app, name="responders")
app.command("extra-shifts")(extra_shifts)
app.add_typer(notify_app, name="notify")


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
    db: Annotated[
        str | None,
        typer.Option(
            help="Plan from the store's calendar in force (every approved change included) and "
            "keep the plan there for `rota calendar publish`; a database URL such as "
            "sqlite:///data/rota.db or postgresql://user:pass@host/db."
        ),
    ] = None,
    as_: Annotated[
        str, typer.Option("--as", help="Who plans, with --db: coordinator.")
    ] = "coordinator",
) -> None:
    """Plan a quarter: write standing.csv, shifts.csv, coverage.csv, report.md and feeds/."""
    started = time.monotonic()
    try:
        actor = Actor.parse(as_)
    except ChangeError as error:
        raise fail([str(error)]) from None
    if db is None:
        _plan(scenario, out, quarter, today, baseline, time_limit, started, actor)
        return
    with opened_store(db) as store:
        _plan(scenario, out, quarter, today, baseline, time_limit, started, actor, store)


def _plan(
    scenario: Path,
    out: Path,
    quarter: str | None,
    today: str | None,
    baseline: Path | None,
    time_limit: float,
    started: float,
    actor: Actor,
    store: Store | None = None,
) -> None:
    from rota.app import planning, plans

    in_force = plans.baseline_in_force(store, actor) if store is not None else None
    try:
        request = planning.read_request(
            scenario,
            quarter,
            today,
            baseline,
            time_limit,
            out,
            in_force.previous if in_force else None,
            from_store=store is not None,
        )
    except InputError as error:
        raise fail(error.problems) from None
    if store is not None:
        typer.echo(
            f"Baseline: calendar version {in_force.version} in force; the notice (R7) keeps it "
            f"until {add_months(request.today, request.scenario.rules.change_notice_months)}."
            if in_force
            else "No calendar in force in the store: this is a first plan, with no notice to keep.",
            err=True,
        )

    def progress(p: planning.Progress) -> None:
        typer.echo(
            f"  solving {p.seconds:6.1f} s  objective {p.objective:,.0f}  bound {p.bound:,.0f}",
            err=True,
        )

    typer.echo(
        f"Planning {request.period.label} for {request.scenario.name} "
        f"(time limit {time_limit:g} s)…",
        err=True,
    )
    try:
        outcome = planning.plan_into(
            out, request, time_limit - (time.monotonic() - started), progress
        )
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
    if store is not None:
        base = in_force.version if in_force else None
        number = plans.record_plan(store, actor, outcome, scenario, base)
        notice = outcome.validation.checks["R7"]
        if notice.applicable:
            typer.echo(f"R7: {notice.checked} occurrences checked against version {base}.")
        typer.echo(
            f"Kept as plan {number}. See what it changes and publish it with: "
            f"rota calendar publish {number}"
        )
    raise typer.Exit(EXIT_OK if outcome.feasible else EXIT_UNMET)


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

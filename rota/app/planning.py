"""Plan a quarter: the one service function the CLI and the dashboard both call."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from rota.app.publication import write_plan
from rota.checks.plan import Baseline, Validation, validate
from rota.domain.calendar import (
    Period,
    add_months,
    instant,
    local,
    next_quarter,
    parse_quarter,
    public_holidays,
)
from rota.domain.errors import InputError
from rota.domain.plan import Expansion, Plan, StandingShift, expand
from rota.domain.scenario import Scenario
from rota.io.output_folder import check_out, replacing
from rota.io.plan_files import PreviousPlan, read_previous_plan
from rota.io.scenario_file import load_scenario
from rota.publish.report import SolverStats
from solver.interrupt import stopping_solves_on_sigint
from solver.plan.instance import build_instance
from solver.plan.model import Progress, SolveResult, solve


@dataclass
class PlanOutcome:
    scenario: Scenario
    plan: Plan
    expansion: Expansion
    validation: Validation
    result: SolveResult
    holidays: dict[dt.date, str]
    previous: PreviousPlan | None
    pattern_from: dt.date
    today: dt.date

    @property
    def feasible(self) -> bool:
        return self.result.has_plan and self.validation.passed

    @property
    def stats(self) -> SolverStats:
        """The solver's figures as report.md states them."""
        r = self.result
        return SolverStats(
            r.status, r.objective, r.bound, r.gap, r.seconds, r.variables, r.constraints
        )


def plan_quarter(
    scenario: Scenario,
    period: Period,
    today: dt.date | None = None,
    previous: PreviousPlan | None = None,
    time_limit: float = 60.0,
    on_progress: Callable[[Progress], None] | None = None,
) -> PlanOutcome:
    """Solve the quarter and check the result with the independent validator.

    With a previous plan, everything starting before today + change_notice_months stays as it
    was promised (R7): the previous plan's listed occurrences are copied, its standing calendar
    continues until the notice date, and the new standing calendar takes effect from then.
    """
    started = time.monotonic()
    today = today or dt.date.today()
    holidays = public_holidays(period, scenario.holidays.extra)
    eve = period.first - dt.timedelta(days=1)
    kept, kept_until, trimmed, fixed = [], None, [], []
    notice_date = None
    if previous is None:
        pattern_from = eve
    else:
        notice_date = add_months(today, scenario.rules.change_notice_months)
        pattern_from = max(notice_date, eve)
        kept_until = local(min(pattern_from, previous.covered_until), 0)
        kept = [o for o in previous.occurrences if instant(o.start) < instant(kept_until)]
        trimmed = _in_force_until(previous.standing, pattern_from - dt.timedelta(days=1))
        promised = Plan(period, trimmed, kept=kept, kept_until=kept_until)
        fixed = [
            o
            for o in expand(promised, scenario, holidays).occurrences
            if instant(o.start) < instant(local(pattern_from, 0))
        ]
    instance = build_instance(
        scenario,
        period,
        holidays,
        pattern_from=pattern_from,
        fixed_occurrences=fixed,
        baseline_standing=_in_force_until(previous.standing, None) if previous else None,
        kept_until=kept_until,
    )
    # `time_limit` counts from the call: building the instance is part of it.
    left = max(0.0, time_limit - (time.monotonic() - started))
    result = solve(instance, time_limit=left, on_progress=on_progress)
    standing = _merge_versions(trimmed, result.standing, pattern_from - dt.timedelta(days=1))
    plan = Plan(
        period,
        standing,
        dated=result.dated,
        kept=kept,
        kept_until=kept_until,
        notice_date=notice_date,
    )
    expansion = expand(plan, scenario, holidays)
    baseline = None
    if previous is not None and notice_date is not None:
        baseline = Baseline(previous.occurrences, trimmed, notice_date, previous.covered_until)
    validation = validate(scenario, period, holidays, expansion.occurrences, standing, baseline)
    return PlanOutcome(
        scenario, plan, expansion, validation, result, holidays, previous, pattern_from, today
    )


def _in_force_until(shifts: list[StandingShift], last: dt.date | None) -> list[StandingShift]:
    """The previous calendar up to `last`: every shift that starts by then, each ending on `last`
    at the latest, so a change approved for a date inside the notice period keeps its dates.
    Without `last`, the pattern in force at its end: the open-ended shifts."""
    if last is None:
        return [s for s in shifts if s.valid_until is None]
    return [
        replace(s, valid_until=min(s.valid_until or last, last))
        for s in shifts
        if s.valid_from is None or s.valid_from <= last
    ]


def _merge_versions(
    old: list[StandingShift], new: list[StandingShift], last: dt.date
) -> list[StandingShift]:
    """A shift the new calendar keeps unchanged stays one open-ended row; only changed shifts
    show two versions with their dates. Only a shift running up to the new pattern (until
    `last`) continues: one that ended earlier stays ended even if the new pattern brings it
    back."""
    running = {(*s.pattern_key, s.responders): s for s in old if s.valid_until == last}
    merged: list[StandingShift] = []
    continued: set[StandingShift] = set()
    for shift in new:
        previous = running.pop((*shift.pattern_key, shift.responders), None)
        if previous is None:
            merged.append(shift)
        else:
            merged.append(replace(previous, valid_until=None))
            continued.add(previous)
    merged.extend(s for s in old if s not in continued)
    return sorted(merged)


# --- the command's inputs, read and checked together ---------------------------------------------

PLAN_COMMAND = "rota plan"  # named in the output folder's manifest


@dataclass(frozen=True)
class PlanRequest:
    """What a plan is made from, every input read and checked."""

    scenario: Scenario
    period: Period
    today: dt.date
    previous: PreviousPlan | None


def read_request(
    scenario: Path,
    quarter: str | None,
    today: str | None,
    baseline: Path | None,
    time_limit: float,
    out: Path,
    in_force: PreviousPlan | None = None,
    from_store: bool = False,
) -> PlanRequest:
    """Read and check a plan's inputs and its output folder; every problem at once
    (InputError), before any work. `from_store`: the baseline is the store's calendar in force
    (`in_force`, None before the first), not a folder."""
    problems: list[str] = []
    loaded = scenario_or_problems(scenario, problems)
    day = day_or_problems(today, problems)
    period = quarter_or_problems(quarter or next_quarter(day), problems)
    if time_limit <= 0:
        problems.append(f"--time-limit: {time_limit} is not a positive number of seconds")
    if from_store:
        if baseline is not None:
            problems.append(
                "--baseline: with --db the baseline is the store's calendar in force; "
                "leave out --baseline (or --db, to plan from a folder)"
            )
        previous = in_force
        if previous is not None and loaded is not None:
            problems.extend(baseline_problems(loaded, previous, "the calendar in force"))
    else:
        if baseline is None and loaded is not None and loaded.baseline:
            baseline = (scenario.parent / loaded.baseline).resolve()
        previous = previous_or_problems(loaded, baseline, problems)
    problems.extend(check_out(out, PLAN_COMMAND, [scenario, *([baseline] if baseline else [])]))
    if problems or loaded is None or period is None:
        raise InputError(problems)
    return PlanRequest(loaded, period, day, previous)


def plan_into(
    out: Path,
    request: PlanRequest,
    time_limit: float,
    on_progress: Callable[[Progress], None] | None = None,
) -> PlanOutcome:
    """Plan the quarter and swap its files in at `out` whole (`rota.io.output_folder`). Run
    from a command's main thread, Ctrl-C stops the solves at once and raises KeyboardInterrupt
    with `out` as it was."""
    with stopping_solves_on_sigint():
        outcome = plan_quarter(
            request.scenario,
            request.period,
            today=request.today,
            previous=request.previous,
            time_limit=time_limit,
            on_progress=on_progress,
        )
    with replacing(out, PLAN_COMMAND) as folder:
        write_plan(folder, outcome)
    return outcome


def scenario_or_problems(scenario: Path, problems: list[str]) -> Scenario | None:
    try:
        return load_scenario(scenario)
    except InputError as error:
        problems.extend(error.problems)
        return None


def previous_or_problems(
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
        problems.extend(baseline_problems(scenario, previous, str(folder)))
    return previous


def day_or_problems(text: str | None, problems: list[str]) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        problems.append(f"--today: '{text}' is not a date; write YYYY-MM-DD")
        return dt.date.today()


def quarter_or_problems(text: str, problems: list[str]) -> Period | None:
    try:
        return parse_quarter(text)
    except ValueError as error:
        problems.append(f"--quarter: {error}")
        return None


def baseline_problems(scenario: Scenario, previous: PreviousPlan, source: str) -> list[str]:
    """Centres and services of the baseline (a folder's CSVs, or the calendar in force) that the
    scenario's network does not have."""
    centres = {c.id for c in scenario.centres}
    services = {s.id for s in scenario.services}
    problems = []
    for name, rows in (("standing.csv", previous.standing), ("shifts.csv", previous.occurrences)):
        where = f"{source}/{name}" if previous.folder is not None else source
        unknown = sorted({r.centre for r in rows} - centres)
        unknown_services = sorted({r.service for r in rows} - services)
        if unknown:
            problems.append(
                f"{where}: centre: unknown centres {', '.join(unknown)}; "
                "the baseline must come from the same network"
            )
        if unknown_services:
            problems.append(
                f"{where}: service: unknown services "
                f"{', '.join(unknown_services)}; the baseline must come from the "
                "same network"
            )
    return list(dict.fromkeys(problems))  # the calendar in force names one source twice

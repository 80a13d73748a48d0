"""Staffing a quarter's plan: every centre's seats assigned to its own responders (issue 8)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from rota.app.planning import plan_quarter
from rota.app.publication import write_plan
from rota.checks.assignment import AssignmentValidation, rows_from, validate_assignment
from rota.domain.calendar import Period, next_quarter, parse_quarter, public_holidays
from rota.domain.debrief import NationalDebrief
from rota.domain.errors import InputError
from rota.domain.plan import Occurrence
from rota.domain.responders import Roster, commitment_shortfalls
from rota.domain.scenario import Scenario
from rota.domain.seats import (
    OpenSeat,
    SeatAssignment,
    SeriesKey,
    quarter_occurrences,
    real_minutes,
    series_key,
)
from rota.io.debrief_file import load_national_debrief
from rota.io.output_folder import check_out, replacing
from rota.io.plan_files import read_previous_plan
from rota.io.roster_file import load_roster
from rota.io.scenario_file import load_scenario
from rota.io.seat_files import read_assignment, write_assignment, write_open_seats
from rota.io.synthetic_roster import generate_roster, write_roster
from rota.publish.assignment_report import CentreSolve, render_assignment_report
from rota.publish.personal_feeds import write_personal_feeds
from solver.interrupt import stopping_solves_on_sigint
from solver.staffing.instance import DEFAULT_MIN_REST_HOURS, CentreInstance, prepare_centre
from solver.staffing.model import CentreResult, assign_network

UNFILLED = "every responder who may take it is at an hour limit or on another shift then"


@dataclass(frozen=True)
class BelowMinimum:
    """A responder the assignment leaves under their minimum commitment, and where."""

    responder: str
    centre: str
    where: str  # e.g. "2027-W03: 0 h of at least 4 h"


def below_minimum(
    roster: Roster, assignments: list[SeatAssignment], period: Period
) -> list[BelowMinimum]:
    """Every week and month the assignment leaves someone below their minimum commitment."""
    shifts: dict[str, list[tuple[dt.date, float]]] = {}
    for a in assignments:
        hours = real_minutes(a.occurrence) / 60
        shifts.setdefault(a.responder, []).append((a.occurrence.start.date(), hours))
    return [
        BelowMinimum(r.id, r.centre, where)
        for r in roster.responders
        for where in commitment_shortfalls(r, shifts.get(r.id, []), period.first, period.end)
    ]


@dataclass
class StaffingOutcome:
    period: Period
    holidays: dict[dt.date, str]
    occurrences: list[Occurrence]  # the quarter's, in time order
    assignments: list[SeatAssignment]
    open_seats: list[OpenSeat]
    results: list[CentreResult]
    seconds: float

    @property
    def seats(self) -> int:
        return sum(o.responders for o in self.occurrences)

    @property
    def fill_rate(self) -> float:
        return len(self.assignments) / self.seats if self.seats else 1.0


def previous_series(previous: list[SeatAssignment]) -> list[tuple[SeriesKey, str]]:
    """(weekly shift, responder) pairs of last quarter's assignment, for stability."""
    pairs = []
    for row in previous:
        key = series_key(row.occurrence)
        if key is not None:
            pairs.append((key, row.responder))
    return pairs


def staff_quarter(
    scenario: Scenario,
    period: Period,
    occurrences: list[Occurrence],
    roster: Roster,
    national: NationalDebrief | None = None,
    previous: list[SeatAssignment] | None = None,
    min_rest_hours: float = DEFAULT_MIN_REST_HOURS,
    time_limit: float = 10.0,
    workers: int = 2,
) -> StaffingOutcome:
    """Assign responders to the seats of the plan's occurrences in `period` (see
    `quarter_occurrences` for a night that starts before it)."""
    started = time.monotonic()
    holidays = public_holidays(period, scenario.holidays.extra)
    earlier = [row.occurrence for row in previous or []]
    chosen = quarter_occurrences(occurrences, period, seated_before=earlier)
    returning = previous_series(previous or [])
    by_centre: dict[str, list[Occurrence]] = {}
    for occ in chosen:
        by_centre.setdefault(occ.centre, []).append(occ)
    instances: list[CentreInstance] = []
    for centre_id, own in by_centre.items():
        instances.append(
            prepare_centre(
                scenario,
                period,
                holidays,
                centre_id,
                own,
                roster.of_centre(centre_id),
                national,
                [(k, r) for k, r in returning if k[0] == centre_id],
                min_rest_hours,
            )
        )
    results = assign_network(instances, time_limit, workers)
    assignments: list[SeatAssignment] = []
    open_seats: list[OpenSeat] = []
    for instance, result in zip(instances, results, strict=True):
        own = by_centre[instance.centre]
        takers: dict[int, list[str]] = {}
        for shift, person in result.taken:
            takers.setdefault(shift, []).append(instance.people[person].id)
        for i, occ in enumerate(own):
            people = sorted(takers.get(i, []))
            for seat, responder in enumerate(people, start=1):
                assignments.append(SeatAssignment(responder, occ, seat))
            reason = instance.why_closed.get(i, UNFILLED)
            for seat in range(len(people) + 1, occ.responders + 1):
                open_seats.append(OpenSeat(occ, seat, reason))
    return StaffingOutcome(
        period=period,
        holidays=holidays,
        occurrences=chosen,
        assignments=assignments,
        open_seats=open_seats,
        results=results,
        seconds=time.monotonic() - started,
    )


# --- `rota responders assign` and `generate`: inputs read and checked, outputs written -----------

ASSIGN_COMMAND = "rota responders assign"  # named in the output folder's manifest
T = TypeVar("T")


@dataclass(frozen=True)
class AssignRequest:
    """What an assignment is made from, every input read and checked."""

    scenario: Scenario
    period: Period
    roster: Roster
    national: NationalDebrief | None
    previous: list[SeatAssignment] | None
    plan: list[Occurrence] | None  # None: the quarter is planned first
    min_rest_hours: float


@dataclass(frozen=True)
class Assigned:
    outcome: StaffingOutcome
    validation: AssignmentValidation


def read_request(
    scenario: Path,
    roster: Path,
    quarter: str | None,
    plan: Path | None,
    previous: Path | None,
    debrief: Path | None,
    out: Path,
    min_rest_hours: float = DEFAULT_MIN_REST_HOURS,
    limits: tuple[float, float, int] = (10.0, 60.0, 2),
) -> AssignRequest:
    """Read and check every input and the output folder; every problem at once (InputError)."""
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
    problems.extend(_limit_problems(*limits))
    inputs = [p for p in (scenario, roster, plan, previous, debrief) if p is not None]
    problems.extend(check_out(out, ASSIGN_COMMAND, inputs))
    if problems or loaded is None or period is None or team is None:
        raise InputError(problems)
    return AssignRequest(loaded, period, team, national, earlier, plan_shifts, min_rest_hours)


def _limit_problems(time_limit: float, plan_time_limit: float, workers: int) -> list[str]:
    """`limits`: the assignment's and the first plan's time limits, and the worker count."""
    problems = []
    for option, seconds in (("--time-limit", time_limit), ("--plan-time-limit", plan_time_limit)):
        if seconds <= 0:
            problems.append(f"{option}: {seconds} is not a positive number of seconds")
    if workers < 1:
        problems.append(f"--workers: {workers} is not a positive number")
    return problems


def assign_into(
    out: Path,
    request: AssignRequest,
    time_limit: float,
    workers: int,
    plan_time_limit: float,
    on_planning: Callable[[Period], None] | None = None,
) -> Assigned:
    """Plan first if no plan was given (into plan/), assign, check, and swap the output
    folder in whole: assignment.csv (and one per centre), open-seats.csv, assignment.md and
    the responders' feeds. Run from a command's main thread, Ctrl-C stops the solves at once and
    raises KeyboardInterrupt with `out` as it was."""
    with stopping_solves_on_sigint(), replacing(out, ASSIGN_COMMAND) as folder:
        plan_shifts = request.plan
        if plan_shifts is None:
            if on_planning is not None:
                on_planning(request.period)
            plan_shifts = _plan_first(
                request.scenario, request.period, folder / "plan", plan_time_limit
            )
        return _staff_and_write(
            folder,
            request.scenario,
            request.period,
            plan_shifts,
            request.roster,
            request.national,
            request.previous,
            request.min_rest_hours,
            time_limit,
            workers,
        )


def write_synthetic_roster(
    scenario: Path, quarter: str | None, count: int, seed: int, out: Path
) -> tuple[int, int]:
    """A seeded, clearly synthetic roster, one CSV per centre under `out`: (people, files)."""
    problems: list[str] = []
    loaded = _attempt(lambda: load_scenario(scenario), problems)
    period = _quarter(quarter, problems)
    if count < 1:
        problems.append(f"--count: {count} is not a positive number")
    if problems or loaded is None or period is None:
        raise InputError(problems)
    rosters = generate_roster(loaded, period, count, seed)
    write_roster(out, rosters)
    return sum(len(rows) for rows in rosters.values()), len(rosters)


def _staff_and_write(
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
) -> Assigned:
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
    return Assigned(outcome, validation)


def _plan_first(
    scenario: Scenario, period: Period, folder: Path, time_limit: float
) -> list[Occurrence]:
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

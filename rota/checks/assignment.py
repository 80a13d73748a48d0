"""The independent judge of an assignment: R8 and the people-level rules (issue 8).

It reads what was written (assignment.csv) against the plan and the roster, and knows nothing of
how the assignment was made. Where the solver's preparation compares wall-clock week minutes,
this module works on real instants (UTC), so the two would disagree on a DST mistake.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from rota.checks.plan import open_intervals
from rota.domain.calendar import HELSINKI, Period, instant, iso_week, public_holidays
from rota.domain.debrief import NationalDebrief, debrief_available
from rota.domain.plan import Occurrence
from rota.domain.responders import Responder, Roster
from rota.domain.scenario import Scenario
from rota.domain.seats import SeatAssignment

CHECK_TITLES = {
    "seats": "One responder per seat, on a seat of the plan",
    "roster": "Responder on the roster of the shift's centre",
    "skills": "Trained for the service and speaks its language",
    "availability": "Inside the responder's weekly availability",
    "absences": "Not during a personal absence",
    "hours": "Within the weekly and quarterly hour limits",
    "overlap": "No overlapping shifts, minimum rest between shifts",
    "R8": "R8: debriefing available when a volunteer's or student's shift ends",
}

Key = tuple[str, str, dt.datetime, dt.datetime]


@dataclass
class Check:
    name: str
    checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems

    @property
    def title(self) -> str:
        return CHECK_TITLES[self.name]


@dataclass
class AssignmentValidation:
    checks: dict[str, Check]

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks.values())

    def problems(self) -> list[str]:
        return [f"{c.name}: {p}" for c in self.checks.values() for p in c.problems]


@dataclass(frozen=True)
class Row:
    """One line of assignment.csv, as the validator needs it."""

    responder: str
    centre: str
    service: str
    start: dt.datetime
    end: dt.datetime
    seat: int


def validate_assignment(
    scenario: Scenario,
    period: Period,
    plan: list[Occurrence],
    roster: Roster,
    rows: list[Row],
    national: NationalDebrief | None = None,
    min_rest_hours: float = 0.0,
) -> AssignmentValidation:
    """Check every assignment row; `plan` is the plan's occurrences (shifts.csv)."""
    checks = {name: Check(name) for name in CHECK_TITLES}
    holidays_ = public_holidays(period, scenario.holidays.extra)
    seats: dict[Key, int] = defaultdict(int)  # identical occurrences share one numbering
    opens = instant(period.start_instant)
    for occ in plan:
        # A night that starts on the quarter's eve and runs into it has seats of this quarter.
        if period.contains(occ.start.date()) or instant(occ.start) < opens < instant(occ.end):
            seats[(occ.centre, occ.service, instant(occ.start), instant(occ.end))] += occ.responders
    people = roster.by_id()
    assigned = {r.responder: people[r.responder] for r in rows if r.responder in people}
    cover = _availability(list(assigned.values()), period)
    _check_seats(checks["seats"], rows, seats)
    known: list[tuple[Row, Responder]] = []
    for row in rows:
        responder = people.get(row.responder)
        checks["roster"].checked += 1
        if responder is None:
            checks["roster"].problems.append(f"{_where(row)}: {row.responder} is not on the roster")
            continue
        if responder.centre != row.centre:
            checks["roster"].problems.append(
                f"{_where(row)}: {row.responder} belongs to {responder.centre}, not {row.centre}"
            )
        known.append((row, responder))
    for row, responder in known:
        _check_person(checks, row, responder, scenario, cover[responder.id], holidays_, national)
    _check_hours(checks["hours"], known)
    _check_overlap(checks["overlap"], known, dt.timedelta(hours=min_rest_hours))
    return AssignmentValidation(checks)


def rows_from(assignments: list[SeatAssignment]) -> list[Row]:
    """Rows from assignments (read back from assignment.csv, or straight from a solve)."""
    return [
        Row(
            a.responder,
            a.occurrence.centre,
            a.occurrence.service,
            a.occurrence.start,
            a.occurrence.end,
            a.seat,
        )
        for a in assignments
    ]


def _check_seats(check: Check, rows: list[Row], seats: dict[Key, int]) -> None:
    taken: dict[tuple[Key, int], str] = {}
    people_on: dict[Key, set[str]] = defaultdict(set)
    for row in rows:
        check.checked += 1
        key = (row.centre, row.service, instant(row.start), instant(row.end))
        if key not in seats:
            check.problems.append(f"{_where(row)}: no such shift in the plan's quarter")
            continue
        if not 1 <= row.seat <= seats[key]:
            check.problems.append(
                f"{_where(row)}: seat {row.seat} does not exist (the shift has {seats[key]})"
            )
        if (key, row.seat) in taken:
            check.problems.append(
                f"{_where(row)}: seat {row.seat} given to both {taken[(key, row.seat)]} and "
                f"{row.responder}"
            )
        taken.setdefault((key, row.seat), row.responder)
        if row.responder in people_on[key]:
            check.problems.append(f"{_where(row)}: {row.responder} holds two seats of one shift")
        people_on[key].add(row.responder)


def _check_person(
    checks: dict[str, Check],
    row: Row,
    responder: Responder,
    scenario: Scenario,
    cover: list[tuple[dt.datetime, dt.datetime]],
    holidays: dict[dt.date, str],
    national: NationalDebrief | None,
) -> None:
    where = _where(row)
    service = next((s for s in scenario.services if s.id == row.service), None)
    checks["skills"].checked += 1
    if service is None or service.id not in responder.services:
        checks["skills"].problems.append(f"{where}: {responder.id} is not trained for it")
    elif service.language not in responder.languages:
        checks["skills"].problems.append(
            f"{where}: {responder.id} does not answer in {service.language}"
        )
    checks["availability"].checked += 1
    start, end = instant(row.start), instant(row.end)
    if not any(a <= start and end <= b for a, b in cover):
        checks["availability"].problems.append(f"{where}: {responder.id} is not available then")
    checks["absences"].checked += 1
    day, last = row.start.astimezone(HELSINKI).date(), (end - dt.timedelta(minutes=1))
    while day <= last.astimezone(HELSINKI).date():
        if responder.absent_on(day):
            checks["absences"].problems.append(f"{where}: {responder.id} is away on {day}")
            break
        day += dt.timedelta(days=1)
    if responder.needs_debrief:
        checks["R8"].checked += 1
        centre = next((c for c in scenario.centres if c.id == row.centre), None)
        if centre is None or not debrief_available(centre, row.end, holidays, national):
            checks["R8"].problems.append(
                f"{where}: {responder.id} is a {responder.role} and no debriefing is available "
                f"when the shift ends"
            )


def _check_hours(check: Check, known: list[tuple[Row, Responder]]) -> None:
    weekly: dict[tuple[str, tuple[int, int]], float] = defaultdict(float)
    quarter: dict[str, float] = defaultdict(float)
    limits = {r.id: r for _, r in known}
    for row, responder in known:
        hours = (instant(row.end) - instant(row.start)).total_seconds() / 3600
        weekly[(responder.id, iso_week(row.start.astimezone(HELSINKI).date()))] += hours
        quarter[responder.id] += hours
    for (person, week), hours in sorted(weekly.items()):
        check.checked += 1
        if hours > limits[person].max_hours_week + 1e-6:
            check.problems.append(
                f"{person} works {hours:g} h in week {week[0]}-W{week[1]:02d}, above "
                f"{limits[person].max_hours_week:g}"
            )
    for person, hours in sorted(quarter.items()):
        check.checked += 1
        if hours > limits[person].max_hours_quarter + 1e-6:
            check.problems.append(
                f"{person} works {hours:g} h in the quarter, above "
                f"{limits[person].max_hours_quarter:g}"
            )


def _check_overlap(check: Check, known: list[tuple[Row, Responder]], rest: dt.timedelta) -> None:
    by_person: dict[str, list[Row]] = defaultdict(list)
    for row, responder in known:
        by_person[responder.id].append(row)
    for person, rows in sorted(by_person.items()):
        ordered = sorted(rows, key=lambda r: instant(r.start))
        for before, after in itertools.pairwise(ordered):
            check.checked += 1
            if instant(after.start) < instant(before.end) + rest:
                what = "overlaps" if instant(after.start) < instant(before.end) else "follows"
                check.problems.append(
                    f"{_where(after)}: {person}'s shift {what} the one ending "
                    f"{before.end.astimezone(HELSINKI):%Y-%m-%d %H:%M} (rest {rest})"
                )


def _availability(
    responders: list[Responder], period: Period
) -> dict[str, list[tuple[dt.datetime, dt.datetime]]]:
    """Real-time intervals of each responder's weekly availability around the quarter."""
    wide = Period(period.first - dt.timedelta(days=2), period.end + dt.timedelta(days=9))
    return {r.id: open_intervals(r.availability, wide) for r in responders}


def _where(row: Row) -> str:
    start = row.start.astimezone(HELSINKI)
    return f"{row.centre} {row.service} {start:%a %Y-%m-%d %H:%M} seat {row.seat}"

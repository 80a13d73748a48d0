"""assignment.md: fill rate per centre, the validator's checks (R8 among them), open seats by
reason, hours per responder and the solver's statistics. Responders appear only as counts."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from rota.checks.assignment import AssignmentValidation
from rota.domain.calendar import Period
from rota.domain.debrief import NationalDebrief, debrief_source
from rota.domain.plan import Occurrence
from rota.domain.responders import ROLES, Roster
from rota.domain.scenario import Scenario
from rota.domain.seats import OpenSeat, SeatAssignment, real_minutes, series_key


@dataclass(frozen=True)
class CentreSolve:
    centre: str
    status: str
    seconds: float


def render_assignment_report(
    scenario: Scenario,
    period: Period,
    holidays: dict[dt.date, str],
    occurrences: list[Occurrence],
    roster: Roster,
    assignments: list[SeatAssignment],
    open_seats: list[OpenSeat],
    validation: AssignmentValidation,
    solves: list[CentreSolve],
    seconds: float,
    national: NationalDebrief | None = None,
) -> str:
    seats = sum(o.responders for o in occurrences)
    filled = len(assignments)
    verdict = "all checks pass" if validation.passed else "CHECKS FAILED"
    lines = [
        f"# Responders on the shifts: {scenario.name}, {period.label}",
        "",
        f"**{filled} of {seats} seats filled ({_share(filled, seats)}); {len(open_seats)} open** "
        f"(`open-seats.csv`, the extra-shift list). Validator: {verdict}. "
        f"Assigned in {seconds:.1f} s.",
        "",
        "## Checks (independent validator)",
        "",
        "| check | checked | result |",
        "|---|---:|---|",
    ]
    for check in validation.checks.values():
        result = "pass" if check.passed else f"**FAIL** ({len(check.problems)})"
        lines.append(f"| {check.title} | {check.checked} | {result} |")
    for problem in validation.problems()[:20]:
        lines.append(f"- {problem}")
    lines += ["", *_debrief_section(scenario, holidays, roster, assignments, national)]
    lines += ["", *_centre_section(scenario, occurrences, assignments, open_seats, solves)]
    if open_seats:
        lines += ["", "## Open seats by reason", "", "| reason | seats |", "|---|---:|"]
        for reason, count in Counter(s.reason for s in open_seats).most_common():
            lines.append(f"| {reason} | {count} |")
    lines += ["", *_hours_section(roster, assignments)]
    lines += ["", *_substitute_section(roster, assignments)]
    return "\n".join(lines) + "\n"


def _debrief_section(
    scenario: Scenario,
    holidays: dict[dt.date, str],
    roster: Roster,
    assignments: list[SeatAssignment],
    national: NationalDebrief | None,
) -> list[str]:
    people = roster.by_id()
    sources: Counter[str] = Counter()
    for row in assignments:
        if people[row.responder].needs_debrief:
            centre = scenario.centre(row.occurrence.centre)
            source = debrief_source(centre, row.occurrence.end, holidays, national)
            sources[source or "none"] += 1
    total = sum(sources.values())
    return [
        "## R8: debriefing after volunteers' and students' shifts",
        "",
        f"{total} seats taken by volunteers or students: {sources['centre']} debriefed at the "
        f"centre, {sources['national']} by the national debrief service, "
        f"{sources['none']} without debriefing.",
    ]


def _centre_section(
    scenario: Scenario,
    occurrences: list[Occurrence],
    assignments: list[SeatAssignment],
    open_seats: list[OpenSeat],
    solves: list[CentreSolve],
) -> list[str]:
    seats: Counter[str] = Counter()
    for occ in occurrences:
        seats[occ.centre] += occ.responders
    filled = Counter(a.occurrence.centre for a in assignments)
    opened = Counter(s.occurrence.centre for s in open_seats)
    solved = {s.centre: s for s in solves}
    lines = [
        "## Fill rate per centre",
        "",
        "| centre | seats | filled | open | fill | solver | time |",
        "|---|---:|---:|---:|---:|---|---:|",
    ]
    for centre in scenario.centres:
        if not seats[centre.id]:
            continue
        solve = solved.get(centre.id)
        status, took = (solve.status, f"{solve.seconds:.1f} s") if solve else ("–", "–")
        lines.append(
            f"| {centre.id} | {seats[centre.id]} | {filled[centre.id]} | {opened[centre.id]} | "
            f"{_share(filled[centre.id], seats[centre.id])} | {status} | {took} |"
        )
    return lines


def _hours_section(roster: Roster, assignments: list[SeatAssignment]) -> list[str]:
    hours: dict[str, float] = defaultdict(float)
    for row in assignments:
        hours[row.responder] += real_minutes(row.occurrence) / 60
    lines = [
        "## Hours per responder in the quarter",
        "",
        "| role | on roster | with shifts | median h (with shifts) | max h | mean use of limit |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for role in ROLES:
        people = [r for r in roster.responders if r.role == role]
        if not people:
            continue
        worked = [hours[r.id] for r in people if hours[r.id] > 0]
        use = statistics.mean(hours[r.id] / r.max_hours_quarter for r in people)
        median = f"{statistics.median(worked):.1f}" if worked else "–"
        top = f"{max(worked):.1f}" if worked else "–"
        lines.append(f"| {role} | {len(people)} | {len(worked)} | {median} | {top} | {use:.0%} |")
    return lines


def _substitute_section(roster: Roster, assignments: list[SeatAssignment]) -> list[str]:
    """Shifts taken by someone else while the weekly shift's regular (who works it most) is
    away: the substitutes the centres arrange from their own responders."""
    people = roster.by_id()
    by_series: dict[tuple[object, ...], list[SeatAssignment]] = defaultdict(list)
    for row in assignments:
        key = series_key(row.occurrence)
        if key is not None:
            by_series[key].append(row)
    substitutes = 0
    for rows in by_series.values():
        regular, _ = Counter(r.responder for r in rows).most_common(1)[0]
        for row in rows:
            dates = row.occurrence.local_dates()
            away = any(people[regular].absent_on(d) for d in dates)
            if row.responder != regular and away:
                substitutes += 1
    return [
        "## Substitutes",
        "",
        f"{substitutes} shifts are taken by a substitute from the same centre while the weekly "
        "shift's regular responder is away.",
    ]


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "–"

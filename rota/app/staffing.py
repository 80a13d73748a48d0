"""Staffing a quarter's plan: every centre's seats assigned to its own responders (issue 8)."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from rota.domain.calendar import Period, public_holidays
from rota.domain.debrief import NationalDebrief
from rota.domain.plan import Occurrence
from rota.domain.responders import Roster
from rota.domain.scenario import Scenario
from rota.domain.seats import (
    OpenSeat,
    SeatAssignment,
    SeriesKey,
    quarter_occurrences,
    series_key,
)
from solver.staffing.instance import DEFAULT_MIN_REST_HOURS, CentreInstance, prepare_centre
from solver.staffing.model import CentreResult, assign_network

UNFILLED = "every responder who may take it is at an hour limit or on another shift then"


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

"""A quarter of the calendar in force staffed and kept in the store (issue 19): who sits which
seat, so responders can see their shifts, and claim open seats and extra shifts.

The seats are those of the calendar version the staffing was made from; versions never change,
so expanding that version again gives the same seats, and the open seats are the seats without
a row. The newest staffing is the one in play: claims and personal feeds read it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from rota.app.actors import Actor, allowed
from rota.app.changes import calendar_in_force
from rota.app.network import stored_scenario
from rota.app.staffing import BelowMinimum, below_minimum, staff_quarter
from rota.checks.assignment import rows_from, validate_assignment
from rota.domain.calendar import Period, as_helsinki, parse_quarter, public_holidays
from rota.domain.errors import ChangeError, InputError, NotFound
from rota.domain.plan import Kind, Occurrence, Plan, expand
from rota.domain.scenario import Scenario
from rota.domain.seats import OpenSeat, SeatAssignment, quarter_occurrences
from rota.io.roster_file import load_roster
from rota.store import Store
from rota.store import repository as repo
from rota.store.models import SeatAssignmentRecord, StaffingRecord
from solver.staffing.instance import DEFAULT_MIN_REST_HOURS

HELD = ("assigned", "pending", "confirmed")  # a seat with one of these is not open
WORKED = ("assigned", "confirmed")  # what the responder's feed and hours count


@dataclass(frozen=True)
class StaffingSummary:
    staffing_id: int
    quarter: str
    version: int
    seats: int
    filled: int
    open: int
    below_minimum: list[BelowMinimum]  # who is left under a minimum commitment, and where
    seconds: float


@dataclass(frozen=True)
class StaffedQuarter:
    """The staffing in play with the seats it was made for."""

    staffing_id: int
    version: int
    scenario: Scenario
    period: Period
    holidays: dict[dt.date, str]
    occurrences: list[Occurrence]  # the quarter's, one per shift, seats 1…responders
    people: dict[str, dict[str, str]]  # pseudonym -> {"centre": …, "role": …}


@allowed("coordinator", doing="staff a quarter")
def staff_in_store(
    store: Store,
    actor: Actor,
    roster: Path,
    quarter: str,
    time_limit: float = 10.0,
    workers: int = 2,
) -> StaffingSummary:
    """Assign the centres' responders (the roster folder) to the seats of `quarter` of the
    calendar in force, check the result with the independent validator and keep it in the
    store as the staffing in play. Refused (nothing kept) when the validator finds a broken
    rule."""
    calendar = calendar_in_force(store, actor)
    try:
        period = parse_quarter(quarter)
    except ValueError as error:
        raise InputError([f"--quarter: {error}"]) from None
    if not (
        calendar.calendar.covered.first <= period.first
        and period.end <= calendar.calendar.covered.end
    ):
        raise InputError(
            [
                f"--quarter: {period.label} is not inside the calendar in force "
                f"({calendar.calendar.covered.first} to {calendar.calendar.covered.end}); "
                "staff a quarter it covers"
            ]
        )
    team = load_roster(roster, calendar.scenario)
    outcome = staff_quarter(
        calendar.scenario,
        period,
        calendar.occurrences,
        team,
        time_limit=time_limit,
        workers=workers,
    )
    validation = validate_assignment(
        calendar.scenario,
        period,
        calendar.occurrences,
        team,
        rows_from(outcome.assignments),
        None,
        DEFAULT_MIN_REST_HOURS,
    )
    if not validation.passed:
        raise ChangeError(
            "the assignment breaks a rule, nothing kept: " + "; ".join(validation.problems()[:3])
        )
    below = below_minimum(team, outcome.assignments, period)
    with store.transaction() as session:
        record = StaffingRecord(
            version_number=calendar.version,
            quarter=period.label,
            people={r.id: {"centre": r.centre, "role": r.role} for r in team.responders},
            summary={
                "seats": outcome.seats,
                "filled": len(outcome.assignments),
                "open": len(outcome.open_seats),
                "validator": "pass",
                "below_minimum": [[b.responder, b.where] for b in below],
            },
            created_by=str(actor),
            created_at=repo.now(),
        )
        session.add(record)
        session.flush()
        now = repo.now()
        session.add_all(
            SeatAssignmentRecord(
                staffing_id=record.id,
                responder=a.responder,
                centre=a.occurrence.centre,
                service=a.occurrence.service,
                start=a.occurrence.start.isoformat(),
                end=a.occurrence.end.isoformat(),
                kind=a.occurrence.kind,
                seat=a.seat,
                status="assigned",
                via="staffing",
                created_at=now,
            )
            for a in outcome.assignments
        )
        repo.audit(
            session,
            str(actor),
            "staffing",
            f"{period.label} of calendar version {calendar.version} staffed: "
            f"{len(outcome.assignments)} of {outcome.seats} seats, {len(outcome.open_seats)} open",
            version_number=calendar.version,
            after={"staffing": record.id},
        )
        ident = record.id
    return StaffingSummary(
        ident,
        period.label,
        calendar.version,
        outcome.seats,
        len(outcome.assignments),
        len(outcome.open_seats),
        below,
        outcome.seconds,
    )


# --- the staffing in play, for claims and feeds -------------------------------------------------


def newest_staffing(session: Session) -> StaffingRecord | None:
    return session.scalar(select(StaffingRecord).order_by(StaffingRecord.id.desc()).limit(1))


def staffed_quarter(session: Session) -> StaffedQuarter:
    """The staffing in play with its seats; NotFound before the first staffing."""
    record = newest_staffing(session)
    if record is None:
        raise NotFound("no staffed quarter yet; the coordinator staffs one first")
    version = repo.get_version(session, record.version_number)
    if version is None:
        raise NotFound(f"calendar version {record.version_number} is gone")
    scenario = stored_scenario(version.scenario.text, version.scenario.source)
    period = parse_quarter(record.quarter)
    occurrences = _seats_of(session, record.version_number, period, scenario)
    return StaffedQuarter(
        record.id,
        record.version_number,
        scenario,
        period,
        public_holidays(period, scenario.holidays.extra),
        occurrences,
        dict(record.people),
    )


_SEATS: dict[tuple[int, str], list[Occurrence]] = {}  # versions never change: expand once


def _seats_of(
    session: Session, number: int, period: Period, scenario: Scenario
) -> list[Occurrence]:
    key = (number, period.label)
    if key not in _SEATS:
        record = repo.get_version(session, number)
        if record is None:
            raise NotFound(f"calendar version {number} is gone")
        calendar = repo.version_of(record)
        holidays = public_holidays(calendar.covered, scenario.holidays.extra)
        plan = Plan(calendar.covered, calendar.standing, calendar.dated)
        _SEATS[key] = quarter_occurrences(expand(plan, scenario, holidays).occurrences, period)
    return _SEATS[key]


def stored_seats(session: Session) -> tuple[list[SeatAssignment], list[OpenSeat]]:
    """The staffing in play as a reminder reads it: who sits each seat (assigned, or a claim the
    centre confirmed) and the seats no one holds; none before the first staffing."""
    record = newest_staffing(session)
    if record is None:
        return [], []
    staffed = staffed_quarter(session)
    rows = seat_rows(session, staffed.staffing_id)
    held = {(r.centre, r.service, r.start, r.end, r.kind, r.seat) for r in rows}
    seated = [
        SeatAssignment(r.responder, occurrence_of(r), r.seat) for r in rows if r.status in WORKED
    ]
    open_seats = [
        OpenSeat(o, seat, "no one holds it")
        for o in staffed.occurrences
        for seat in range(1, o.responders + 1)
        if (o.centre, o.service, o.start.isoformat(), o.end.isoformat(), o.kind, seat) not in held
    ]
    return seated, open_seats


def occurrence_of(record: SeatAssignmentRecord) -> Occurrence:
    """The shift a seat row sits on (responders 1: the row's own seat)."""
    return Occurrence(
        as_helsinki(dt.datetime.fromisoformat(record.start)),
        as_helsinki(dt.datetime.fromisoformat(record.end)),
        record.centre,
        record.service,
        1,
        _kind(record.kind),
    )


def seat_rows(
    session: Session, staffing_id: int, statuses: tuple[str, ...] = HELD
) -> list[SeatAssignmentRecord]:
    return list(
        session.scalars(
            select(SeatAssignmentRecord)
            .where(
                SeatAssignmentRecord.staffing_id == staffing_id,
                SeatAssignmentRecord.status.in_(statuses),
            )
            .order_by(SeatAssignmentRecord.id)
        )
    )


def _kind(text: str) -> Kind:
    return repo.kind_of(text)

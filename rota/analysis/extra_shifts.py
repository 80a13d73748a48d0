"""Extra shifts (SPEC §2): dated slots where one more responder answers the most contacts.

A candidate is `min_shift_hours` of one service on one date, starting on the grid, inside the
service's opening hours, where some centre that may staff the service is open, available and
has a line to spare network-wide. Its worth is what one more responder adds over those hours,
Erlang-A at each hour's rate and staffing in the plan (the same model as coverage.csv). The
guidelines steer volunteers' extra shifts to weekends and public holidays first, so each slot
carries that flag and `for_volunteers()` ranks those first.

Listed slots never overlap within a service: the best candidate is taken, and every candidate
it overlaps is dropped, so "Sat 16–20" is not followed by "Sat 17–21".

Open seats come before every slot: seats of the plan's own shifts that the centre could not fill
with its responders (`open-seats.csv` of `rota responders assign`). The plan, and the line's
promised hours, count on them, whereas a slot is help on top of the plan; so slots are valued
as if the open seats were taken.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from rota.analysis.coverage import CoverageRow, coverage_rows
from rota.domain.calendar import HELSINKI, Period, instant, is_weekend
from rota.domain.clock import MINUTES_PER_DAY, MINUTES_PER_WEEK
from rota.domain.demand import answered_per_hour
from rota.domain.plan import Kind, Occurrence, occurrence_order
from rota.domain.scenario import Centre, Scenario, Service
from rota.domain.seats import OpenSeat

FEED_SLOTS = 40  # per ranking: a subscriber sees where help counts most, not every open hour


@dataclass(frozen=True)
class ExtraSlot:
    service: str
    start: dt.datetime  # local, Europe/Helsinki
    end: dt.datetime
    on_duty: int  # fewest responders on duty during the slot in the plan
    offered: float  # contacts offered during the slot
    gain: float  # expected extra answered contacts with one more responder
    holiday: str | None  # the public holiday's name, if the slot starts on one

    @property
    def weekend_or_holiday(self) -> bool:
        """Where the guidelines steer volunteers' extra shifts first."""
        return self.holiday is not None or is_weekend(self.start.date())

    def describe(self) -> str:
        return _describe(self.start, self.end)


@dataclass(frozen=True)
class OpenSeatShift:
    """A shift of the plan with seats its centre could not fill with its own responders."""

    centre: str
    service: str
    start: dt.datetime  # local, Europe/Helsinki
    end: dt.datetime
    kind: Kind
    seats: int  # the shift's open seats
    holiday: str | None  # the public holiday's name, if the shift starts on one

    @property
    def weekend_or_holiday(self) -> bool:
        return self.holiday is not None or is_weekend(self.start.date())

    def describe(self) -> str:
        return _describe(self.start, self.end)


def _describe(start: dt.datetime, end: dt.datetime) -> str:
    """Helsinki wall-clock times, as the shift was agreed."""
    until = "24:00" if end.time() == dt.time() else f"{end:%H:%M}"
    return f"{start:%a %Y-%m-%d %H:%M}–{until}"


def open_seat_shifts(
    open_seats: list[OpenSeat], holidays: dict[dt.date, str]
) -> list[OpenSeatShift]:
    """The open seats one entry per shift, earliest first: the sooner a seat is, the less time
    is left to find someone for it."""
    by_shift: dict[Occurrence, int] = {}
    for seat in open_seats:
        by_shift[seat.occurrence] = by_shift.get(seat.occurrence, 0) + 1
    return [
        OpenSeatShift(
            o.centre, o.service, o.start, o.end, o.kind, seats, holidays.get(o.start.date())
        )
        for o, seats in sorted(by_shift.items(), key=lambda item: occurrence_order(item[0]))
    ]


def extra_slots(
    scenario: Scenario,
    period: Period,
    holidays: dict[dt.date, str],
    occurrences: list[Occurrence],
) -> list[ExtraSlot]:
    """Non-overlapping open extra slots of the period, best first."""
    rows = coverage_rows(scenario, period, holidays, occurrences)
    by_service: dict[str, list[CoverageRow]] = {}
    for row in rows:
        by_service.setdefault(row.service, []).append(row)
    slots: list[ExtraSlot] = []
    for service in scenario.services:
        if service.demand is None:
            continue
        candidates = _candidates(scenario, service, holidays, by_service.get(service.id, []))
        slots += _without_overlaps(candidates, len(by_service.get(service.id, [])))
    return ranked(slots)


def ranked(slots: list[ExtraSlot]) -> list[ExtraSlot]:
    """Most answered contacts gained first; ties in time order."""
    return sorted(slots, key=_rank_key)


def _rank_key(slot: ExtraSlot) -> tuple[float, dt.datetime, str]:
    return (-round(slot.gain, 6), instant(slot.start), slot.service)


def for_volunteers(slots: list[ExtraSlot]) -> list[ExtraSlot]:
    """Weekends and public holidays first, each group by the contacts gained."""
    return sorted(ranked(slots), key=lambda s: not s.weekend_or_holiday)


def _candidates(
    scenario: Scenario, service: Service, holidays: dict[dt.date, str], rows: list[CoverageRow]
) -> list[tuple[ExtraSlot, range]]:
    """Every open candidate with the coverage rows (real hours) it spans."""
    g = scenario.slot_minutes
    length = int(scenario.rules.min_shift_hours * 60)
    assert service.demand is not None
    handle, patience = service.demand.handle_minutes, service.demand.patience_minutes
    hosts = _hosts(scenario, service)
    out = []
    for i in range(len(rows)):
        window = _wall_window(rows, i, length)
        if window is None or not all(r.offered > 0 for r in window):
            continue
        start, end = window[0].start, window[-1].end
        lines = sum(h.lines for h in hosts if h.can_host(holidays, start, end, g))
        on_duty = min(r.responders for r in window)
        if max(r.responders for r in window) >= lines:
            continue
        gain = sum(
            _hours(r)
            * (
                answered_per_hour(_rate(r), handle, patience, r.responders + 1)
                - answered_per_hour(_rate(r), handle, patience, r.responders)
            )
            for r in window
        )
        slot = ExtraSlot(
            service=service.id,
            start=start,
            end=end,
            on_duty=on_duty,
            offered=sum(r.offered for r in window),
            gain=gain,
            holiday=holidays.get(start.date()),
        )
        out.append((slot, range(i, i + len(window))))
    return out


def _wall_window(rows: list[CoverageRow], first: int, minutes: int) -> list[CoverageRow] | None:
    """The rows from `first` that make up `minutes` of wall-clock time (one hour fewer or more
    in real time across a DST change), or None past the period's end."""
    start = rows[first].start.replace(tzinfo=None)
    out = []
    for row in itertools.islice(rows, first, None):
        out.append(row)
        wall = row.end.astimezone(HELSINKI).replace(tzinfo=None) - start
        if wall >= dt.timedelta(minutes=minutes):
            return out if wall == dt.timedelta(minutes=minutes) else None
    return None


@dataclass(frozen=True)
class _Host:
    """A centre that may take extra shifts on a service: its lines and weekly availability."""

    centre: Centre
    lines: int
    available: frozenset[int]  # minutes of the week, on the scenario's grid

    def can_host(
        self, holidays: dict[dt.date, str], start: dt.datetime, end: dt.datetime, g: int
    ) -> bool:
        first = start.replace(tzinfo=None)
        wall = int((end.replace(tzinfo=None) - first).total_seconds() // 60)
        last = first + dt.timedelta(minutes=wall - 1)
        for day in {first.date(), last.date()}:
            if self.centre.is_closed(day) or (day in holidays and not self.centre.open_on_holidays):
                return False
        week_start = first.weekday() * MINUTES_PER_DAY + first.hour * 60 + first.minute
        return all((week_start + m) % MINUTES_PER_WEEK in self.available for m in range(0, wall, g))


def _hosts(scenario: Scenario, service: Service) -> list[_Host]:
    hosts = []
    for centre in scenario.centres:
        lines = centre.lines.get(service.id, 0)
        if not scenario.can_staff(centre, service) or lines == 0:
            continue
        minutes = {
            m
            for window in centre.availability
            for a, b in window.week_intervals()
            for m in range(a, b, scenario.slot_minutes)
        }
        hosts.append(_Host(centre, lines, frozenset(minutes)))
    return hosts


def _without_overlaps(candidates: list[tuple[ExtraSlot, range]], size: int) -> list[ExtraSlot]:
    taken: list[ExtraSlot] = []
    busy = [False] * size
    for slot, span in sorted(candidates, key=lambda c: _rank_key(c[0])):
        if not any(busy[i] for i in span):
            taken.append(slot)
            for i in span:
                busy[i] = True
    return taken


def _hours(row: CoverageRow) -> float:
    return (instant(row.end) - instant(row.start)).total_seconds() / 3600


def _rate(row: CoverageRow) -> float:
    return row.offered / _hours(row)

"""What a plan is (SPEC §4): standing shifts, dated duties, and the dated occurrences they make.

The dated occurrences are the truth: coverage, validation, `shifts.csv` and the feeds all start
from `expand()`, which turns the standing calendar into local-time intervals of the period and
cancels those that fall on a holiday or a closure (rule R6).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Literal

from rota.domain.calendar import Period, instant, local
from rota.domain.clock import MINUTES_PER_DAY, WEEKDAYS, format_clock
from rota.domain.scenario import Scenario

Kind = Literal["standing", "holiday-duty", "substitute", "extra"]
KINDS: tuple[Kind, ...] = ("standing", "holiday-duty", "substitute", "extra")


@functools.total_ordering
@dataclass(frozen=True)
class StandingShift:
    """A weekly recurring shift: `minutes` of wall-clock time from `start` on `weekday`.

    Ordered by centre, service, time and then validity, a shift valid since forever (no
    `valid_from`) before its later versions."""

    centre: str
    service: str
    weekday: int
    start: int
    minutes: int
    responders: int = 1
    valid_from: dt.date | None = None
    valid_until: dt.date | None = field(default=None, compare=False)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, StandingShift):
            return NotImplemented
        return self._order() < other._order()

    def _order(self) -> tuple[str, str, int, int, int, int, dt.date]:
        return (*self.pattern_key, self.responders, self.valid_from or dt.date.min)

    @property
    def end(self) -> int:
        return (self.start + self.minutes) % MINUTES_PER_DAY

    @property
    def week_start(self) -> int:
        return self.weekday * MINUTES_PER_DAY + self.start

    @property
    def pattern_key(self) -> tuple[str, str, int, int, int]:
        """What makes two versions 'the same shift' (for stable feed UIDs and change lists)."""
        return (self.centre, self.service, self.weekday, self.start, self.minutes)

    def starts_on(self, day: dt.date) -> bool:
        return (
            day.weekday() == self.weekday
            and (self.valid_from is None or day >= self.valid_from)
            and (self.valid_until is None or day <= self.valid_until)
        )

    def describe(self) -> str:
        return (
            f"{self.centre} {self.service} {WEEKDAYS[self.weekday]} "
            f"{format_clock(self.start)}–{format_clock(self.end)} ×{self.responders}"
        )


@dataclass(frozen=True, order=True)
class DatedDuty:
    """A one-off duty on a date: holiday evening duty, substitute during a closure, extra shift."""

    start: dt.datetime
    end: dt.datetime
    centre: str
    service: str
    responders: int
    kind: Kind


@dataclass(frozen=True)
class Occurrence:
    start: dt.datetime
    end: dt.datetime
    centre: str
    service: str
    responders: int
    kind: Kind
    shift: StandingShift | None = field(default=None, compare=False)

    @property
    def wall_minutes(self) -> int:
        """Length in local wall-clock minutes (R1 measures shifts this way)."""
        start = self.start.replace(tzinfo=None)
        end = self.end.replace(tzinfo=None)
        return int((end - start).total_seconds() // 60)

    @property
    def key(self) -> tuple[str, str, dt.datetime, dt.datetime, int, str]:
        """Identity of an occurrence as an interval of real time (for R7 and comparisons)."""
        return (
            self.centre,
            self.service,
            instant(self.start),
            instant(self.end),
            self.responders,
            self.kind,
        )

    def local_dates(self) -> list[dt.date]:
        """Every local date the occurrence touches."""
        last = (self.end - dt.timedelta(minutes=1)).date()
        day, out = self.start.date(), []
        while day <= last:
            out.append(day)
            day += dt.timedelta(days=1)
        return out


@dataclass(frozen=True)
class Cancellation:
    shift: StandingShift
    start: dt.datetime
    reason: str


@dataclass
class Plan:
    """A quarter's plan. Occurrences starting before `kept_until` are the baseline's, copied."""

    period: Period
    standing: list[StandingShift]
    dated: list[DatedDuty] = field(default_factory=list)
    kept: list[Occurrence] = field(default_factory=list)
    kept_until: dt.datetime | None = None
    notice_date: dt.date | None = None


@dataclass
class Expansion:
    occurrences: list[Occurrence]
    cancellations: list[Cancellation]


def occurrence_order(occ: Occurrence) -> tuple[dt.datetime, str, str, dt.datetime, str]:
    """Chronological order on real instants, then centre and service."""
    return (instant(occ.start), occ.centre, occ.service, instant(occ.end), occ.kind)


def cancellation_reason(
    scenario: Scenario,
    holidays: dict[dt.date, str],
    centre_id: str,
    service_id: str,
    dates: list[dt.date],
) -> str | None:
    """Why an occurrence touching these local dates may not take place (R6), or None."""
    centre, service = scenario.centre(centre_id), scenario.service(service_id)
    for day in dates:
        if centre.is_closed(day):
            return f"{centre.name} closed {day.isoformat()}"
    for day in dates:
        if day in holidays and not centre.open_on_holidays:
            return f"{holidays[day]} ({day.isoformat()}): {centre.name} closed on holidays"
        if day in holidays and not service.open_on_holidays:
            return f"{holidays[day]} ({day.isoformat()}): {service.name} closed on holidays"
    return None


def standing_occurrence(shift: StandingShift, day: dt.date) -> Occurrence:
    return Occurrence(
        start=local(day, shift.start),
        end=local(day, shift.start + shift.minutes),
        centre=shift.centre,
        service=shift.service,
        responders=shift.responders,
        kind="standing",
        shift=shift,
    )


def expand(plan: Plan, scenario: Scenario, holidays: dict[dt.date, str]) -> Expansion:
    """Every occurrence overlapping the period, and every standing date cancelled."""
    period = plan.period
    occurrences = [o for o in plan.kept if _overlaps(o.start, o.end, period)]
    cancellations: list[Cancellation] = []
    first = period.first - dt.timedelta(days=7)
    days = [first + dt.timedelta(days=i) for i in range((period.end - first).days)]
    for shift in plan.standing:
        for day in days:
            if not shift.starts_on(day):
                continue
            occurrence = standing_occurrence(shift, day)
            if not _overlaps(occurrence.start, occurrence.end, period):
                continue
            if plan.kept_until is not None and instant(occurrence.start) < instant(plan.kept_until):
                continue
            reason = cancellation_reason(
                scenario, holidays, shift.centre, shift.service, occurrence.local_dates()
            )
            if reason:
                cancellations.append(Cancellation(shift, occurrence.start, reason))
            else:
                occurrences.append(occurrence)
    for duty in plan.dated:
        if _overlaps(duty.start, duty.end, period):
            occurrences.append(
                Occurrence(
                    duty.start, duty.end, duty.centre, duty.service, duty.responders, duty.kind
                )
            )
    return Expansion(
        sorted(occurrences, key=occurrence_order),
        sorted(cancellations, key=lambda c: (instant(c.start), c.shift)),
    )


def _overlaps(start: dt.datetime, end: dt.datetime, period: Period) -> bool:
    return instant(end) > instant(period.start_instant) and instant(start) < instant(
        period.end_instant
    )

"""One centre's assignment problem, fully prepared for the CP-SAT model (issue 8).

Everything that can be decided person by person is decided here, so the model only chooses:
an `Option` (a person may take a seat on a shift) exists only when the person is trained for the
service and speaks its language, is available for the whole shift, is not absent on any date it
touches, and, for volunteers and students, debriefing is available when it ends (R8). When no
option is left for a shift, `why_closed` says which of these steps removed the last person.

Times are integer minutes of real time from the quarter's first instant; lengths are real
minutes, so a 4-hour shift on the spring-forward night counts 3 hours towards a person's limits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from rota.domain.calendar import Period, instant, iso_week
from rota.domain.clock import MINUTES_PER_DAY, MINUTES_PER_WEEK, describe_week_minute
from rota.domain.debrief import NationalDebrief, debrief_available
from rota.domain.plan import Occurrence
from rota.domain.responders import Responder, committed_months, committed_weeks
from rota.domain.scenario import Scenario, Window
from rota.domain.seats import SeriesKey, real_minutes, series_key

DEFAULT_MIN_REST_HOURS = 8.0


@dataclass(frozen=True)
class Shift:
    """An occurrence of the centre's plan with `seats` seats to fill."""

    start: int
    end: int
    minutes: int
    week: int
    month: int  # index of the calendar month of the start
    seats: int
    series: int | None  # index into CentreInstance.series; None for a dated duty
    label: str


@dataclass(frozen=True)
class Person:
    id: str
    role: str
    max_week: int  # minutes
    max_quarter: int  # minutes
    share: int  # minutes: the centre's seat time in proportion to max_quarter
    min_week: int = 0  # minutes in each week in `full_weeks` (minimum commitment; 0: none)
    min_month: int = 0  # shifts in each month in `full_months` (0: none)
    full_weeks: frozenset[int] = frozenset()  # whole weeks of the quarter with no absence
    full_months: frozenset[int] = frozenset()  # months of the quarter with no absence


@dataclass(frozen=True)
class Option:
    """`person` may take a seat on `shift`."""

    shift: int
    person: int
    preference: int  # minutes inside preferred hours, less twice those inside disliked hours
    returning: bool  # the person worked this weekly shift last quarter


@dataclass
class CentreInstance:
    centre: str
    shifts: list[Shift]
    people: list[Person]
    options: list[Option]
    series: list[SeriesKey]
    min_rest: int  # minutes between the end of one shift and the start of the next
    why_closed: dict[int, str] = field(default_factory=dict)  # shift -> reason nobody may take it

    @property
    def size(self) -> int:
        """A rough measure of solve effort, to share the time budget."""
        return len(self.options) + len(self.shifts)


def prepare_centre(
    scenario: Scenario,
    period: Period,
    holidays: dict[dt.date, str],
    centre_id: str,
    occurrences: list[Occurrence],
    responders: list[Responder],
    national: NationalDebrief | None = None,
    previous: Iterable[tuple[SeriesKey, str]] = (),
    min_rest_hours: float = DEFAULT_MIN_REST_HOURS,
) -> CentreInstance:
    """The centre's shifts (its occurrences of the quarter), people and options."""
    centre = scenario.centre(centre_id)
    origin = instant(period.start_instant)
    weeks: dict[tuple[int, int], int] = {}
    months: dict[tuple[int, int], int] = {}
    series_index: dict[SeriesKey, int] = {}
    shifts: list[Shift] = []
    own = [o for o in occurrences if o.centre == centre_id]
    for occ in own:
        key = series_key(occ)
        if key is not None:
            series_index.setdefault(key, len(series_index))
        start = int((instant(occ.start) - origin).total_seconds() // 60)
        minutes = real_minutes(occ)
        shifts.append(
            Shift(
                start=start,
                end=start + minutes,
                minutes=minutes,
                week=weeks.setdefault(iso_week(occ.start.date()), len(weeks)),
                month=months.setdefault((occ.start.year, occ.start.month), len(months)),
                seats=occ.responders,
                series=None if key is None else series_index[key],
                label=f"{occ.service} {occ.start:%a %Y-%m-%d %H:%M}",
            )
        )
    total_seat_minutes = sum(s.minutes * s.seats for s in shifts)
    capacity = sum(_minutes(r.max_hours_quarter) for r in responders) or 1
    people = [
        Person(
            id=r.id,
            role=r.role,
            max_week=_minutes(r.max_hours_week),
            max_quarter=_minutes(r.max_hours_quarter),
            share=min(
                _minutes(r.max_hours_quarter),
                total_seat_minutes * _minutes(r.max_hours_quarter) // capacity,
            ),
            min_week=_minutes(r.min_hours_week or 0),
            min_month=r.min_shifts_month or 0,
            full_weeks=frozenset(
                weeks[iso_week(m)]
                for m in committed_weeks(r, period.first, period.end)
                if iso_week(m) in weeks
            ),
            full_months=frozenset(
                months[(m.year, m.month)]
                for m in committed_months(r, period.first, period.end)
                if (m.year, m.month) in months
            ),
        )
        for r in responders
    ]
    returning = set(previous)
    available = [_week_cover(r.availability) for r in responders]
    preferred = [_week_cover(r.preferred) for r in responders]
    disliked = [_week_cover(r.disliked) for r in responders]
    options: list[Option] = []
    why_closed: dict[int, str] = {}
    for i, occ in enumerate(own):
        service = scenario.service(occ.service)
        span = _week_span(occ)
        debrief = debrief_available(centre, occ.end, holidays, national)
        dates = occ.local_dates()
        # The steps in the order a coordinator would check them; the first to leave nobody
        # is the reason the seat is open.
        steps: list[tuple[str, list[int]]] = []
        trained = [
            p
            for p, r in enumerate(responders)
            if service.id in r.services and service.language in r.languages
        ]
        steps.append((f"nobody at {centre_id} is trained for {service.id}", trained))
        free = [p for p in trained if _covers(available[p], span)]
        steps.append((f"nobody trained for {service.id} is available then", free))
        present = [p for p in free if not any(responders[p].absent_on(d) for d in dates)]
        steps.append(("everyone trained and available is absent then", present))
        allowed = [p for p in present if debrief or not responders[p].needs_debrief]
        steps.append(
            (
                "only volunteers or students could take it, and no debriefing is available "
                f"when it ends ({describe_week_minute(span[1])}, R8)",
                allowed,
            )
        )
        if not responders:
            why_closed[i] = f"{centre_id} has no responders on the roster"
        else:
            for reason, left in steps:
                if not left:
                    why_closed[i] = reason
                    break
        key = series_key(occ)
        for p in allowed:
            options.append(
                Option(
                    shift=i,
                    person=p,
                    preference=_overlap(preferred[p], span) - 2 * _overlap(disliked[p], span),
                    returning=key is not None and (key, responders[p].id) in returning,
                )
            )
    return CentreInstance(
        centre=centre_id,
        shifts=shifts,
        people=people,
        options=options,
        series=list(series_index),
        min_rest=round(min_rest_hours * 60),
        why_closed=why_closed,
    )


def _minutes(hours: float) -> int:
    return round(hours * 60)


# --- weekly wall-clock cover ------------------------------------------------------------------
# Availability and preferences are weekly local hours; an occurrence is compared with them on
# the wall clock (its weekday, start and wall length), so a DST night changes nothing here.

Cover = list[tuple[int, int]]


def _week_cover(windows: list[Window]) -> Cover:
    """Merged half-open week-minute intervals, repeated one week on so spans may wrap."""
    parts = sorted(p for w in windows for p in w.week_intervals())
    merged: Cover = []
    for start, end in parts + [(s + MINUTES_PER_WEEK, e + MINUTES_PER_WEEK) for s, e in parts]:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _week_span(occurrence: Occurrence) -> tuple[int, int]:
    start = occurrence.start
    first = start.weekday() * MINUTES_PER_DAY + start.hour * 60 + start.minute
    return first, first + occurrence.wall_minutes


def _covers(cover: Cover, span: tuple[int, int]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in cover)


def _overlap(cover: Cover, span: tuple[int, int]) -> int:
    return sum(max(0, min(end, span[1]) - max(start, span[0])) for start, end in cover)

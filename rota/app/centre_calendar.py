"""A centre's dated calendar, week by week (issue 17): what the centre works, not only its pattern.

The weeks come from the calendar in force, expanded over the current and the next quarter (as far
as the calendar covers them): every occurrence of the centre — standing shifts, holiday duties,
substitutes, extra shifts — and every standing date cancelled by a public holiday or by the
centre's closure (R6), so a centre reads in one place what it works on Easter Monday and what it
does not. A centre sees only its own weeks; the coordinator any centre's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import holidays as holiday_catalogue

from rota.app.actors import Actor, allowed, refuse
from rota.app.changes import calendar_in_force
from rota.app.stored_staffing import WORKED, newest_staffing, occurrence_of, seat_rows
from rota.domain.calendar import Period, public_holidays, quarter_of
from rota.domain.errors import ChangeError
from rota.domain.plan import Occurrence, Plan, expand, standing_occurrence
from rota.store import Store

Language = Literal["fi", "sv", "en"]
# The `holidays` package names Finland's public holidays in these of its languages.
HOLIDAY_LANGUAGES: dict[Language, str] = {"fi": "fi", "sv": "sv_FI", "en": "en_US"}


@dataclass(frozen=True)
class Cancelled:
    """A standing date that does not take place, and the holiday or closure day that took it."""

    start: dt.datetime
    end: dt.datetime
    service: str
    reason: Literal["holiday", "closure"]
    day: dt.date
    holiday: str | None = None  # the holiday's name; None for a closure or an extra holiday


@dataclass(frozen=True)
class CentreWeek:
    """One ISO week, Monday to Sunday; occurrences and cancellations belong to the week they
    start in."""

    year: int
    week: int
    first: dt.date
    last: dt.date
    occurrences: list[Occurrence]
    cancelled: list[Cancelled]
    # A public holiday's name in the language asked for; None for a scenario's extra holiday,
    # which has no official name.
    holidays: dict[dt.date, str | None]
    closed: list[dt.date]


@dataclass(frozen=True)
class CentreCalendar:
    centre: str
    centre_name: str
    services: dict[str, str]  # id → the name the public knows
    version: int
    period: Period  # the current and next quarter, as far as the calendar in force covers them
    weeks: list[CentreWeek]


@allowed("coordinator", "centre", doing="read a centre's dated calendar")
def centre_weeks(
    store: Store,
    actor: Actor,
    centre: str | None,
    today: dt.date,
    language: Language = "en",
) -> CentreCalendar:
    """The centre's weeks of the current and next quarter in the calendar in force. A centre
    asks for itself (or for no centre, meaning itself); the coordinator names one."""
    if actor.role == "centre":
        if centre not in (None, actor.ident):
            refuse(store, actor, f"{actor} may only see its own calendar, not {centre}'s")
        centre = actor.ident
    in_force = calendar_in_force(store, actor)
    scenario = in_force.scenario
    if centre is None:
        raise ChangeError("name the centre whose calendar to show")
    if centre not in {c.id for c in scenario.centres}:
        raise ChangeError(f"'{centre}' is not a centre of {scenario.name}")
    period = _period(today, in_force.calendar.covered)
    holidays = public_holidays(period, scenario.holidays.extra)
    expansion = expand(
        Plan(period, in_force.calendar.standing, in_force.calendar.dated), scenario, holidays
    )
    weeks = {
        _key(day): CentreWeek(*_key(day), day, day + dt.timedelta(days=6), [], [], {}, [])
        for day in _mondays(period)
    }
    place = scenario.centre(centre)
    for occurrence in [*expansion.occurrences, *_claimed_extras(store, centre, period)]:
        if occurrence.centre == centre:
            _week(weeks, occurrence.start).occurrences.append(occurrence)
    names = _holiday_names(holidays, language)
    for cancellation in expansion.cancellations:
        if cancellation.shift.centre != centre:
            continue
        occurrence = standing_occurrence(cancellation.shift, cancellation.start.date())
        days = occurrence.local_dates()
        # The same order as R6's reason: a closure before a holiday.
        closed = [day for day in days if place.is_closed(day)]
        day = closed[0] if closed else next(day for day in days if day in holidays)
        _week(weeks, occurrence.start).cancelled.append(
            Cancelled(
                occurrence.start,
                occurrence.end,
                occurrence.service,
                "closure" if closed else "holiday",
                day,
                None if closed else names.get(day),
            )
        )
    for day in period.dates():
        week = weeks[_key(day)]
        if day in holidays:
            week.holidays[day] = names.get(day)
        if place.is_closed(day):
            week.closed.append(day)
    return CentreCalendar(
        centre=centre,
        centre_name=place.name,
        services={s.id: s.name for s in scenario.services},
        version=in_force.version,
        period=period,
        weeks=list(weeks.values()),
    )


def _claimed_extras(store: Store, centre: str, period: Period) -> list[Occurrence]:
    """The extra shifts the centre's responders claimed and the centre confirmed (issue 19):
    worked like the calendar's own, though no calendar version lists them."""
    with store.reading() as session:
        staffing = newest_staffing(session)
        rows = [] if staffing is None else seat_rows(session, staffing.id, WORKED)
    return [
        occurrence_of(r)
        for r in rows
        if r.centre == centre
        and r.kind == "extra"
        and period.first <= occurrence_of(r).start.date() < period.end
    ]


def _period(today: dt.date, covered: Period) -> Period:
    """Today's quarter and the next, cut to the dates the calendar in force covers."""
    quarter = quarter_of(today)
    first = max(quarter.first, covered.first)
    end = max(first, min(quarter_of(quarter.end).end, covered.end))
    return Period(first, end, f"{first}…{end - dt.timedelta(days=1)}")


def _mondays(period: Period) -> list[dt.date]:
    """The Monday of every ISO week the period touches."""
    if period.end <= period.first:
        return []
    monday = period.first - dt.timedelta(days=period.first.weekday())
    return [monday + dt.timedelta(days=7 * i) for i in range(-(-(period.end - monday).days // 7))]


def _key(day: dt.date) -> tuple[int, int]:
    """The ISO year and week number of `day`."""
    year, week, _ = day.isocalendar()
    return year, week


def _week(weeks: dict[tuple[int, int], CentreWeek], start: dt.datetime) -> CentreWeek:
    """The week an occurrence starts in; one that began the night before the period belongs to
    the period's first week."""
    return weeks.get(_key(start.date())) or next(iter(weeks.values()))


def _holiday_names(found: dict[dt.date, str], language: Language) -> dict[dt.date, str]:
    """The official names of the public holidays among `found`, in `language`."""
    official = holiday_catalogue.country_holidays(
        "FI",
        years=sorted({day.year for day in found}),
        categories=("public",),
        language=HOLIDAY_LANGUAGES[language],
    )
    return {day: name for day, name in official.items() if day in found}

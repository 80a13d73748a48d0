"""Centre load against commitment, and holiday-duty shares, as figures (the dashboard charts
them; report.md prints the same figures as tables)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from rota.domain.calendar import Period, is_weekend
from rota.domain.plan import Occurrence, StandingShift
from rota.domain.scenario import Scenario


@dataclass(frozen=True)
class CentreLoad:
    centre: str
    standing_weekly_hours: float  # responder-hours a week in the standing calendar left in force
    commitment_min: float
    commitment_max: float
    quarter_hours: float  # responder-hours of every occurrence starting in the period

    @property
    def within_commitment(self) -> bool:
        return self.commitment_min <= self.standing_weekly_hours <= self.commitment_max


def centre_loads(
    scenario: Scenario,
    period: Period,
    standing: list[StandingShift],
    occurrences: list[Occurrence],
) -> list[CentreLoad]:
    """R4's weekly commitment applies to the standing calendar left in force; dated duties come
    on top, so the quarter's hours are shown beside it."""
    weekly: dict[str, float] = defaultdict(float)
    for shift in standing:
        if shift.valid_until is None:
            weekly[shift.centre] += shift.minutes * shift.responders / 60
    dated: dict[str, float] = defaultdict(float)
    for occ in occurrences:
        if period.contains(occ.start.date()):
            dated[occ.centre] += occ.wall_minutes * occ.responders / 60
    return [
        CentreLoad(c.id, weekly[c.id], c.weekly_hours.min, c.weekly_hours.max, dated[c.id])
        for c in scenario.centres
    ]


def holiday_evening_hours(
    scenario: Scenario,
    period: Period,
    holidays: dict[dt.date, str],
    occurrences: list[Occurrence],
) -> dict[str, float]:
    """Responder-hours on the Finnish line in the evening window of weekends and public
    holidays (R5, S2), per centre of the holiday-duty group."""
    group = scenario.rules.holiday_duty_group
    evening = scenario.rules.evening
    length = evening.length
    hours: dict[str, float] = {c: 0.0 for c in group}
    for occ in occurrences:
        if occ.service != scenario.rules.finnish_line or occ.centre not in group:
            continue
        for day in occ.local_dates():
            if not period.contains(day) or not (is_weekend(day) or day in holidays):
                continue
            start = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=evening.start)
            end = start + dt.timedelta(minutes=length)
            a = max(start, occ.start.replace(tzinfo=None))
            b = min(end, occ.end.replace(tzinfo=None))
            if a < b:
                hours[occ.centre] += (b - a).total_seconds() / 3600 * occ.responders
    return hours

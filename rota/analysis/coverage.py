"""Coverage per service and slot on real instants, with the expected answered contacts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from rota.checks.plan import open_intervals
from rota.domain.calendar import HELSINKI, Period
from rota.domain.demand import DemandProfile, answered_per_hour
from rota.domain.plan import Occurrence
from rota.domain.scenario import Scenario


@dataclass(frozen=True)
class CoverageRow:
    service: str
    start: dt.datetime
    end: dt.datetime
    responders: int
    required: int
    offered: float
    expected_answered: float


@dataclass(frozen=True)
class Answered:
    """One service's contacts over the rows summed: offered, and expected to be answered."""

    service: str
    offered: float
    answered: float

    @property
    def rate(self) -> float | None:
        return self.answered / self.offered if self.offered else None


def answered_by_service(scenario: Scenario, rows: list[CoverageRow]) -> list[Answered]:
    """Offered and expected answered contacts per service, in the scenario's order."""
    offered: dict[str, float] = defaultdict(float)
    answered: dict[str, float] = defaultdict(float)
    for row in rows:
        offered[row.service] += row.offered
        answered[row.service] += row.expected_answered
    return [Answered(s.id, offered[s.id], answered[s.id]) for s in scenario.services]


def coverage_rows(
    scenario: Scenario,
    period: Period,
    holidays: dict[dt.date, str],
    occurrences: list[Occurrence],
) -> list[CoverageRow]:
    """One row per service and slot of the period, in order; slots are real time, so the spring
    DST night has one slot fewer and the autumn night one more."""
    step = dt.timedelta(minutes=scenario.slot_minutes)
    start_utc = period.start_instant.astimezone(dt.UTC)
    end_utc = period.end_instant.astimezone(dt.UTC)
    by_service: dict[str, list[Occurrence]] = defaultdict(list)
    for occ in occurrences:
        by_service[occ.service].append(occ)
    rows: list[CoverageRow] = []
    for service in scenario.services:
        closed = (lambda d: d in holidays) if not service.open_on_holidays else (lambda d: False)
        windows = [
            (a.astimezone(dt.UTC), b.astimezone(dt.UTC))
            for a, b in open_intervals(service.hours, period, closed)
        ]
        profile = DemandProfile(service.demand) if service.demand else None
        counts = _counts(by_service[service.id], start_utc, end_utc, step)
        moment, index = start_utc, 0
        while moment < end_utc:
            is_open = any(a <= moment < b for a, b in windows)
            have = counts[index]
            local_start = moment.astimezone(HELSINKI)
            offered = answered = 0.0
            if profile is not None and is_open:
                minute = local_start.hour * 60 + local_start.minute
                rate = profile.rate_at(local_start.date(), minute)
                hours = step.total_seconds() / 3600
                offered = rate * hours
                answered = (
                    answered_per_hour(rate, profile.handle_minutes, profile.patience_minutes, have)
                    * hours
                )
            rows.append(
                CoverageRow(
                    service=service.id,
                    start=local_start,
                    end=(moment + step).astimezone(HELSINKI),
                    responders=have,
                    required=service.min_responders if is_open else 0,
                    offered=offered,
                    expected_answered=answered,
                )
            )
            moment += step
            index += 1
    return rows


def _counts(
    occurrences: list[Occurrence], start: dt.datetime, end: dt.datetime, step: dt.timedelta
) -> list[int]:
    """Responders on duty at the start of each slot (shifts start and end on the grid)."""
    size = int((end - start) / step)
    delta = [0] * (size + 1)
    for occ in occurrences:
        first = max(
            0,
            -(
                -int((occ.start.astimezone(dt.UTC) - start) / dt.timedelta(seconds=1))
                // int(step.total_seconds())
            ),
        )
        last = min(
            size,
            -(
                -int((occ.end.astimezone(dt.UTC) - start).total_seconds())
                // int(step.total_seconds())
            ),
        )
        if first < last:
            delta[first] += occ.responders
            delta[last] -= occ.responders
    out, level = [], 0
    for i in range(size):
        level += delta[i]
        out.append(level)
    return out

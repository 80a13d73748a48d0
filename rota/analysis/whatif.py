"""What-if (issue 7): the optimised plan against a reference calendar of the same quarter.

The reference is the baseline's standing calendar when the plan has one. Without one it is a
*flat* calendar: each service's responder-hours in the plan spread evenly over the service's
open hours of the quarter, x = hours / open hours responders at every open hour. x is rarely a
whole number, so the flat calendar has ⌊x⌋ responders in most hours and ⌊x⌋ + 1 in a fraction
x − ⌊x⌋ of them; which hours get the extra one is left open, and the flat calendar is credited
with the mean over where they fall: (1 − f)·answered(⌊x⌋) + f·answered(⌊x⌋ + 1) in every hour.

Both sides are evaluated by `rota.analysis.coverage` (the same Erlang-A model as
coverage.csv), hour by real hour, so the difference is only where the hours are placed.

The *ceiling* says how much placement can win at all: the most any calendar with the plan's
responder-hours could answer, each open hour at least at its minimum and at most at the
network's lines, every further responder-hour placed where the next responder answers most.
Answered contacts are concave in responders hour by hour, so this greedy placement is optimal;
it ignores shift lengths, availability and weekly commitments, so no plan can beat it.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections import defaultdict
from dataclasses import dataclass, replace

from rota.analysis.coverage import CoverageRow, coverage_rows
from rota.checks.plan import open_intervals
from rota.domain.calendar import Period, instant
from rota.domain.clock import WEEKDAYS
from rota.domain.demand import answered_per_hour
from rota.domain.plan import Occurrence, Plan, StandingShift, expand
from rota.domain.scenario import Scenario

BLOCK_HOURS = 4  # "where the gain comes from" is told in weekday blocks of this many hours


@dataclass(frozen=True)
class ServiceComparison:
    """One service, per average week of the quarter."""

    service: str
    plan_hours: float
    reference_hours: float
    plan_answered: float
    reference_answered: float
    ceiling_answered: float | None = None

    @property
    def gain(self) -> float:
        """Relative change in answered contacts from the reference to the plan."""
        return _relative(self.plan_answered, self.reference_answered)


@dataclass(frozen=True)
class Block:
    """A weekday block of BLOCK_HOURS hours of one service, per average week."""

    service: str
    weekday: int
    start_hour: int
    responder_hours: float  # plan − reference
    answered: float  # plan − reference

    def describe(self) -> str:
        return (
            f"{WEEKDAYS[self.weekday].capitalize()} {self.start_hour:02d}:00–"
            f"{self.start_hour + BLOCK_HOURS:02d}:00"
        )


@dataclass(frozen=True)
class WhatIf:
    reference: str  # "baseline" or "flat"
    weeks: float
    services: list[ServiceComparison]
    blocks: list[Block]

    @property
    def plan_answered(self) -> float:
        return sum(s.plan_answered for s in self.services)

    @property
    def reference_answered(self) -> float:
        return sum(s.reference_answered for s in self.services)

    @property
    def gain(self) -> float:
        return _relative(self.plan_answered, self.reference_answered)

    def moved(self, count: int = 5) -> tuple[list[Block], list[Block]]:
        """The blocks where the plan adds most answered contacts by adding responders, and
        those where it gives up least (or gains) by removing them."""
        added = sorted((b for b in self.blocks if b.responder_hours > 0), key=lambda b: -b.answered)
        removed = sorted(
            (b for b in self.blocks if b.responder_hours < 0), key=lambda b: b.answered
        )
        return added[:count], removed[:count]


def compare(
    scenario: Scenario,
    period: Period,
    holidays: dict[dt.date, str],
    plan_rows: list[CoverageRow],
    baseline: list[StandingShift] | None = None,
) -> WhatIf:
    """The plan's coverage rows against the baseline's standing calendar over the same quarter,
    or, without a baseline, against the flat calendar of the same responder-hours."""
    if baseline:
        in_force = [
            replace(s, valid_from=None, valid_until=None) for s in baseline if s.valid_until is None
        ]
        expansion = expand(Plan(period, in_force), scenario, holidays)
        reference = [
            _Slot.of(r) for r in coverage_rows(scenario, period, holidays, expansion.occurrences)
        ]
        kind = "baseline"
    else:
        reference = flat_slots(scenario, period, holidays, plan_rows)
        kind = "flat"
    whatif = _compare(kind, period, [_Slot.of(r) for r in plan_rows], reference)
    ceilings = ceiling(scenario, plan_rows)
    services = [
        replace(s, ceiling_answered=ceilings[s.service] / whatif.weeks)
        if s.service in ceilings
        else s
        for s in whatif.services
    ]
    return replace(whatif, services=services)


def ceiling(scenario: Scenario, rows: list[CoverageRow]) -> dict[str, float]:
    """Per service with a demand profile, the ceiling of the module docstring over the rows'
    period; a service whose responder-hours cannot meet its minimum is left out."""
    by_service: dict[str, list[CoverageRow]] = defaultdict(list)
    for row in rows:
        by_service[row.service].append(row)
    out: dict[str, float] = {}
    for service in scenario.services:
        if service.demand is None or not by_service[service.id]:
            continue
        lines = sum(
            c.lines.get(service.id, 0) for c in scenario.centres if scenario.can_staff(c, service)
        )
        hours = [
            _Hour(r.offered / slot.hours, slot.hours, min(r.required, lines))
            for r, slot in ((r, _Slot.of(r)) for r in by_service[service.id])
            if r.offered > 0 or r.required > 0
        ]
        budget = sum(r.responders for r in by_service[service.id])
        best = _best_placement(
            hours, budget, lines, service.demand.handle_minutes, service.demand.patience_minutes
        )
        if best is not None:
            out[service.id] = best
    return out


@dataclass(frozen=True)
class _Hour:
    rate: float
    hours: float
    floor: int


def _best_placement(
    hours: list[_Hour], budget: int, cap: int, handle: float, patience: float
) -> float | None:
    """Answered contacts with `budget` responder-slots placed greedily over `hours`."""
    level = [h.floor for h in hours]
    budget -= sum(level)
    if budget < 0:
        return None

    def increment(i: int) -> float:
        h, n = hours[i], level[i]
        more = answered_per_hour(h.rate, handle, patience, n + 1) - answered_per_hour(
            h.rate, handle, patience, n
        )
        return h.hours * more

    heap = [(-increment(i), i) for i in range(len(hours)) if level[i] < cap]
    heapq.heapify(heap)
    while budget > 0 and heap:
        _, i = heapq.heappop(heap)
        level[i] += 1
        budget -= 1
        if level[i] < cap:
            heapq.heappush(heap, (-increment(i), i))
    return sum(
        h.hours * answered_per_hour(h.rate, handle, patience, n)
        for h, n in zip(hours, level, strict=True)
    )


@dataclass(frozen=True)
class _Slot:
    """One service and real hour: responders (fractional for the flat calendar), answered."""

    service: str
    start: dt.datetime
    hours: float
    responders: float
    answered: float

    @staticmethod
    def of(row: CoverageRow) -> _Slot:
        hours = (instant(row.end) - instant(row.start)).total_seconds() / 3600
        return _Slot(row.service, row.start, hours, row.responders, row.expected_answered)


def flat_slots(
    scenario: Scenario,
    period: Period,
    holidays: dict[dt.date, str],
    plan_rows: list[CoverageRow],
) -> list[_Slot]:
    """The flat calendar of the module docstring, hour by hour."""
    hours: dict[str, float] = defaultdict(float)
    for slot in map(_Slot.of, plan_rows):
        hours[slot.service] += slot.responders * slot.hours
    level: dict[str, float] = {}
    low: list[Occurrence] = []
    high: list[Occurrence] = []
    for service in scenario.services:
        closed = (lambda d: d in holidays) if not service.open_on_holidays else (lambda d: False)
        windows = open_intervals(service.hours, period, closed)
        open_hours = sum((b - a).total_seconds() for a, b in windows) / 3600
        level[service.id] = hours[service.id] / open_hours if open_hours else 0.0
        floor = math.floor(level[service.id])
        for a, b in windows:
            low.append(Occurrence(a, b, "flat", service.id, floor, "standing"))
            high.append(Occurrence(a, b, "flat", service.id, floor + 1, "standing"))
    rows_low = coverage_rows(scenario, period, holidays, low)
    rows_high = coverage_rows(scenario, period, holidays, high)
    out = []
    for lo, hi in zip(rows_low, rows_high, strict=True):
        x = level[lo.service]
        share = x - math.floor(x) if hi.responders > lo.responders else 0.0
        answered = (1 - share) * lo.expected_answered + share * hi.expected_answered
        slot = _Slot.of(lo)
        out.append(replace(slot, responders=lo.responders + share, answered=answered))
    return out


def _compare(kind: str, period: Period, plan: list[_Slot], reference: list[_Slot]) -> WhatIf:
    weeks = len(period.dates()) / 7
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    blocks: dict[tuple[str, int, int], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for sign, side, slots in ((1, 0, plan), (-1, 1, reference)):
        for slot in slots:
            totals[slot.service][side] += slot.responders * slot.hours
            totals[slot.service][2 + side] += slot.answered
            key = (slot.service, slot.start.weekday(), slot.start.hour // BLOCK_HOURS)
            blocks[key][0] += sign * slot.responders * slot.hours
            blocks[key][1] += sign * slot.answered
    services = [
        ServiceComparison(service, *(value / weeks for value in values))
        for service, values in totals.items()
    ]
    return WhatIf(
        reference=kind,
        weeks=weeks,
        services=services,
        blocks=[
            Block(service, weekday, block * BLOCK_HOURS, hours / weeks, answered / weeks)
            for (service, weekday, block), (hours, answered) in sorted(blocks.items())
        ],
    )


def _relative(new: float, old: float) -> float:
    return (new - old) / old if old else 0.0

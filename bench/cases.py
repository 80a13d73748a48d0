"""The benchmark instances, and how each is run through the product's own solver code.

A plan case prepares the instance (`solver.plan.instance.build_instance`, timed apart: data
preparation) and times `solver.plan.model.solve` as the CLI calls it. Its progress is the product's
own (`on_progress`: the best plan at the start of phase 2 and at every improvement, against the
LP bound), recorded as one `Trace` from the call's start; the CP-SAT solves inside it (completing
the greedy cover, phase 1 if the cover falls short, then many small neighbourhood solves) are
counted and timed, not traced; the end of phase 1 is the one `solve` reports. The
model HiGHS gets is the full phase-2 model the call hands to `on_model` (with the starting
plan as its hint), written as `full-model.pb`.

The change case times `rota.app.impact.analyse`, the impact analysis a centre waits for, on a
calendar planned for one week of the fixture. Every CP-SAT solve inside it is traced and written
as `solve-<n>.pb`; the last one, the repair, is the model HiGHS gets (`bench.capture`).
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ortools.sat.python import cp_model

from bench.capture import recording
from bench.generate import generate
from bench.trace import Point, Trace, finite
from rota.app.impact import analyse
from rota.domain.calendar import Period, parse_quarter, public_holidays
from rota.domain.clock import MINUTES_PER_WEEK, format_clock
from rota.domain.plan import StandingShift
from rota.domain.proposals import CalendarVersion, ShiftChange
from rota.domain.scenario import Scenario, Window
from rota.io.scenario_file import load_scenario
from solver.plan.instance import build_instance, slots_of
from solver.plan.model import Progress, solve

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "mieli" / "scenario.yaml"
QUARTER = "2027Q1"
WEEK = Period(dt.date(2027, 1, 11), dt.date(2027, 1, 18), "2027-W02")  # no holiday, no closure
EFFECTIVE = dt.date(2027, 2, 1)  # a proposal's effective date: a Monday inside the quarter
CALENDAR_TIME_LIMIT = 10.0  # the change case's calendar: any good weekly plan will do
FULL_MODEL = "full-model.pb"  # a plan case's phase-2 model, for HiGHS


@dataclass(frozen=True)
class Case:
    name: str
    title: str
    centres: int | None  # None: the MIELI fixture; n: a generated network of n centres
    span: str  # "week" or "quarter"
    change: bool = False  # impact analysis and repair of one proposal instead of a plan

    def scenario(self) -> Scenario:
        return load_scenario(FIXTURE) if self.centres is None else generate(self.centres)

    def period(self) -> Period:
        return WEEK if self.span == "week" else parse_quarter(QUARTER)


CASES = (
    Case("fixture-week", "MIELI fixture, one week", None, "week"),
    Case("fixture-quarter", f"MIELI fixture, quarter {QUARTER}", None, "quarter"),
    Case("fixture-change", "MIELI fixture, change proposal (impact + repair)", None, "week", True),
    Case("generated-20", f"Synthetic 20 centres, quarter {QUARTER}", 20, "quarter"),
    Case("generated-60", f"Synthetic 60 centres, quarter {QUARTER}", 60, "quarter"),
    Case("generated-200", f"Synthetic 200 centres, quarter {QUARTER}", 200, "quarter"),
)
SMOKE = (
    Case("smoke-week", "Synthetic 4 centres, one week (smoke)", 4, "week"),
    Case("smoke-change", "Synthetic 4 centres, change proposal (smoke)", 4, "week", True),
)


def case_named(name: str) -> Case:
    for case in (*CASES, *SMOKE):
        if case.name == name:
            return case
    raise KeyError(f"no benchmark case {name!r}; known: {[c.name for c in (*CASES, *SMOKE)]}")


def run_cpsat(case: Case, time_limit: float, directory: Path) -> dict[str, Any]:
    """Run one case. The model HiGHS is to solve is written to `directory`; the result's
    "model" names its file (None: the product built none)."""
    scenario = case.scenario()
    out: dict[str, Any] = {
        "case": case.name,
        "title": case.title,
        "centres": len(scenario.centres),
        "services": len(scenario.services),
        "time_limit": time_limit,
    }
    if case.change:
        out |= _run_change(scenario, min(time_limit, CALENDAR_TIME_LIMIT), directory)
    else:
        out |= _run_plan(scenario, case.period(), time_limit, directory)
    return out


def _run_plan(
    scenario: Scenario, period: Period, time_limit: float, directory: Path
) -> dict[str, Any]:
    started = time.monotonic()
    holidays = public_holidays(period, scenario.holidays.extra)
    instance = build_instance(scenario, period, holidays)
    prepared = time.monotonic() - started
    with recording(detailed=0) as recorder:  # counted and timed; the progress is the product's
        progress = Trace(started=recorder.now())

        def on_progress(p: Progress) -> None:
            point = Point(progress.started + p.seconds, finite(p.objective), finite(p.bound))
            progress.points.append(point)

        phase2: list[cp_model.CpModel] = []
        result = solve(
            instance, time_limit=time_limit, on_progress=on_progress, on_model=phase2.append
        )
        wall = recorder.now()
    progress.seconds = wall - progress.started
    progress.status = result.status
    progress.variables, progress.constraints = result.variables, result.constraints
    if result.has_plan:
        progress.objective, progress.bound = finite(result.objective), finite(result.bound)
    model = None
    if phase2:
        phase2[0].export_to_file(str(directory / FULL_MODEL))
        model = FULL_MODEL
    # Seconds from the call's start to the end of phase 1: from there on, the phase-2 model
    # HiGHS gets exists (its hint, the starting plan, comes later).
    phase1_end = result.phase1_seconds
    return {
        "prepare_seconds": prepared,
        "wall_seconds": wall,
        "progress": progress.as_dict(),
        "phase1_end": phase1_end,
        "traces": [t.as_dict() for t in recorder.traces],
        "solves": recorder.summary(),
        "model": model,
        "status": result.status,
        "objective": result.objective,
        "bound": result.bound,
        "hard_shortfalls": len(result.shortfalls),
        "note": f"{len(result.standing)} standing shifts, {len(result.dated)} dated duties, "
        f"{len(result.shortfalls)} hard-rule shortfalls",
    }


def _run_change(scenario: Scenario, calendar_limit: float, directory: Path) -> dict[str, Any]:
    started = time.monotonic()
    calendar = _calendar(scenario, calendar_limit)
    change = breaking_drop(scenario, calendar.standing)
    prepared = time.monotonic() - started
    with recording(directory) as recorder:
        report = analyse(scenario, calendar, change)
        wall = recorder.now()
    repair = report.repair
    return {
        "prepare_seconds": prepared,
        "wall_seconds": wall,
        "progress": None,
        "traces": [t.as_dict() for t in recorder.traces],
        "solves": recorder.summary(),
        "model": recorder.model_path(len(recorder.traces) - 1).name if recorder.traces else None,
        "status": repair.solver_status or repair.status,
        "objective": None,
        "bound": None,
        "hard_shortfalls": len(report.remaining),
        "note": f"{change.describe()}: rule breaks {len(report.breaks)}; repair "
        f"{repair.status}, {repair.changed_shifts} responder-shifts changed; breaks left "
        f"{len(report.remaining)}",
    }


def _calendar(scenario: Scenario, time_limit: float) -> CalendarVersion:
    """A calendar to propose against: the standing shifts of a one-week plan, open-ended."""
    holidays = public_holidays(WEEK, scenario.holidays.extra)
    result = solve(build_instance(scenario, WEEK, holidays), time_limit=time_limit)
    standing = [replace(s, valid_from=None) for s in result.standing]
    return CalendarVersion(1, standing, [], parse_quarter(QUARTER))


def breaking_drop(scenario: Scenario, standing: list[StandingShift]) -> ShiftChange:
    """A centre's proposal to drop the standing shift whose loss leaves the most weekly
    hours short of a hard coverage rule (R2, R3 or R5), so that the repair has work to do."""
    g = scenario.slot_minutes
    per_week = MINUTES_PER_WEEK // g
    group = set(scenario.rules.holiday_duty_group)
    finnish = scenario.rules.finnish_line
    evening = scenario.rules.evening
    weekend_evenings = Window.model_validate(
        {
            "days": ["sat", "sun"],
            "start": format_clock(evening.start),
            "end": format_clock(evening.end),
        }
    )
    group_slots = slots_of([weekend_evenings], g)
    cover: dict[tuple[str, int], int] = defaultdict(int)
    group_cover: dict[int, int] = defaultdict(int)

    def slots(shift: StandingShift) -> list[int]:
        return [(shift.week_start // g + i) % per_week for i in range(shift.minutes // g)]

    for shift in standing:
        for slot in slots(shift):
            cover[(shift.service, slot)] += shift.responders
            if shift.service == finnish and shift.centre in group:
                group_cover[slot] += shift.responders
    required = {
        (s.id, slot): s.min_responders for s in scenario.services for slot in slots_of(s.hours, g)
    }

    def breaks(shift: StandingShift) -> int:
        short = 0
        for slot in slots(shift):
            need = required.get((shift.service, slot), 0)
            short += cover[(shift.service, slot)] - shift.responders < need
            if shift.service == finnish and shift.centre in group and slot in group_slots:
                short += group_cover[slot] - shift.responders < 1
        return short

    worst = max(sorted(standing), key=breaks)
    return ShiftChange(worst.centre, "drop", worst, None, EFFECTIVE)

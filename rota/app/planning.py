"""Plan a quarter: the one service function the CLI and the dashboard both call."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from rota.checks.plan import Baseline, Validation, validate
from rota.domain.calendar import Period, add_months, instant, local, public_holidays
from rota.domain.plan import Expansion, Plan, StandingShift, expand
from rota.domain.scenario import Scenario
from rota.io.plan_files import PreviousPlan
from solver.plan.instance import build_instance
from solver.plan.model import Progress, SolveResult, solve


@dataclass
class PlanOutcome:
    scenario: Scenario
    plan: Plan
    expansion: Expansion
    validation: Validation
    result: SolveResult
    holidays: dict[dt.date, str]
    previous: PreviousPlan | None
    pattern_from: dt.date

    @property
    def feasible(self) -> bool:
        return self.result.has_plan and self.validation.passed


def plan_quarter(
    scenario: Scenario,
    period: Period,
    today: dt.date | None = None,
    previous: PreviousPlan | None = None,
    time_limit: float = 60.0,
    on_progress: Callable[[Progress], None] | None = None,
) -> PlanOutcome:
    """Solve the quarter and check the result with the independent validator.

    With a previous plan, everything starting before today + change_notice_months stays as it
    was promised (R7): the previous plan's listed occurrences are copied, its standing calendar
    continues until the notice date, and the new standing calendar takes effect from then.
    """
    started = time.monotonic()
    today = today or dt.date.today()
    holidays = public_holidays(period, scenario.holidays.extra)
    eve = period.first - dt.timedelta(days=1)
    kept, kept_until, trimmed, fixed = [], None, [], []
    notice_date = None
    if previous is None:
        pattern_from = eve
    else:
        notice_date = add_months(today, scenario.rules.change_notice_months)
        pattern_from = max(notice_date, eve)
        kept_until = local(min(pattern_from, previous.covered_until), 0)
        kept = [o for o in previous.occurrences if instant(o.start) < instant(kept_until)]
        trimmed = _in_force_until(previous.standing, pattern_from - dt.timedelta(days=1))
        promised = Plan(period, trimmed, kept=kept, kept_until=kept_until)
        fixed = [
            o
            for o in expand(promised, scenario, holidays).occurrences
            if instant(o.start) < instant(local(pattern_from, 0))
        ]
    instance = build_instance(
        scenario,
        period,
        holidays,
        pattern_from=pattern_from,
        fixed_occurrences=fixed,
        baseline_standing=_in_force_until(previous.standing, None) if previous else None,
        kept_until=kept_until,
    )
    # `time_limit` counts from the call: building the instance is part of it.
    left = max(0.0, time_limit - (time.monotonic() - started))
    result = solve(instance, time_limit=left, on_progress=on_progress)
    standing = _merge_versions(trimmed, result.standing)
    plan = Plan(
        period,
        standing,
        dated=result.dated,
        kept=kept,
        kept_until=kept_until,
        notice_date=notice_date,
    )
    expansion = expand(plan, scenario, holidays)
    baseline = None
    if previous is not None and notice_date is not None:
        baseline = Baseline(previous.occurrences, trimmed, notice_date, previous.covered_until)
    validation = validate(scenario, period, holidays, expansion.occurrences, standing, baseline)
    return PlanOutcome(
        scenario, plan, expansion, validation, result, holidays, previous, pattern_from
    )


def _in_force_until(shifts: list[StandingShift], last: dt.date | None) -> list[StandingShift]:
    """The previous calendar's open-ended version, ending on `last` (None keeps it open)."""
    current = [s for s in shifts if s.valid_until is None]
    return [replace(s, valid_until=last) for s in current]


def _merge_versions(old: list[StandingShift], new: list[StandingShift]) -> list[StandingShift]:
    """A shift the new calendar keeps unchanged stays one open-ended row; only changed shifts
    show two versions with their dates."""
    old_keys = {(*s.pattern_key, s.responders): s for s in old}
    merged: list[StandingShift] = []
    kept: set[tuple[object, ...]] = set()
    for shift in new:
        key = (*shift.pattern_key, shift.responders)
        if key in old_keys:
            merged.append(replace(old_keys[key], valid_until=None))
            kept.add(key)
        else:
            merged.append(shift)
    merged.extend(s for s in old if (*s.pattern_key, s.responders) not in kept)
    return sorted(merged)

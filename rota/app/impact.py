"""The impact of a proposed change: what it breaks, what it does to coverage, and the repair.

The analysis expands the calendar before the change, after it, and after the repair over the
analysed period, and asks the independent validator about each: what the change breaks is what
the validator finds after it but not before, so problems the calendar already had are neither
blamed on the proposal nor forced onto the repair. The repair itself is a CP-SAT model
(`solver.plan.repair`): first the weekly pattern, then, for what a holiday or closure still
leaves short on the dates the calendar plans, dated duties as `rota plan` adds them.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from dataclasses import dataclass, replace

from rota.analysis.coverage import coverage_rows
from rota.checks.explain import explain_gap
from rota.checks.plan import Baseline, Validation, Violation, validate
from rota.domain.calendar import (
    HELSINKI,
    Period,
    instant,
    public_holidays,
    quarter_of,
)
from rota.domain.clock import WEEKDAYS, format_clock
from rota.domain.plan import Occurrence, Plan, StandingShift, expand
from rota.domain.proposals import (
    CalendarVersion,
    DutyStep,
    ImpactReport,
    Repair,
    RepairStep,
    RuleBreak,
    ServiceImpact,
    ShiftChange,
    apply_changes,
)
from rota.domain.scenario import Scenario
from solver.plan.repair import (
    REPAIR_TIME_LIMIT,
    DatedRepair,
    Gap,
    repair_dates,
    repair_pattern,
)

MIN_DAYS = 28  # analyse at least four weeks, so every weekday's hours are seen several times


@dataclass
class CalendarCheck:
    """A calendar's occurrences over a period and the validator's verdict on them."""

    standing: list[StandingShift]
    occurrences: list[Occurrence]
    validation: Validation


def analysis_period(effective: dt.date) -> Period:
    """From the effective date to the end of its quarter, or of the next one when fewer than
    four weeks remain."""
    quarter = quarter_of(effective)
    end = quarter.end
    if (end - effective).days < MIN_DAYS:
        end = quarter_of(end).end
    last = end - dt.timedelta(days=1)
    return Period(effective, end, f"{effective.isoformat()}…{last.isoformat()}")


def check_calendar(
    scenario: Scenario,
    calendar: CalendarVersion,
    standing: list[StandingShift],
    period: Period,
    holidays: dict[dt.date, str],
    baseline: Baseline | None = None,
) -> CalendarCheck:
    """Expand a standing calendar with the calendar's dated duties and validate it."""
    expansion = expand(Plan(period, standing, dated=calendar.dated), scenario, holidays)
    validation = validate(scenario, period, holidays, expansion.occurrences, standing, baseline)
    return CalendarCheck(standing, expansion.occurrences, validation)


def analyse(
    scenario: Scenario,
    calendar: CalendarVersion,
    change: ShiftChange,
    repair_from: dt.date | None = None,
    time_limit: float = REPAIR_TIME_LIMIT,
) -> ImpactReport:
    """What the change breaks, what it does to coverage, and the smallest repair. The repair's
    shifts take effect on `repair_from` (default: the change's effective date)."""
    started = time.perf_counter()
    effective = change.effective
    repair_from = repair_from or effective
    period = analysis_period(effective)
    holidays = public_holidays(period, scenario.holidays.extra)
    changed = apply_changes(calendar.standing, change.removed, change.added, effective)

    before = check_calendar(scenario, calendar, calendar.standing, period, holidays)
    after = check_calendar(scenario, calendar, changed, period, holidays)
    breaks = _added(before.validation, after.validation)
    resolved = _added(after.validation, before.validation)

    repaired = after
    if breaks:
        repair, weekly = repair_pattern(
            scenario,
            _in_force(calendar.standing, effective),
            _in_force(changed, effective),
            change.centre,
            {day.weekday() for day in holidays if period.contains(day)},
            time_limit,
        )
        steps: list[RepairStep | DutyStep] = list(weekly)
        if weekly:
            removed = [s.shift.shift() for s in weekly if s.action == "remove"]
            added = [s.shift.shift() for s in weekly if s.action == "add"]
            repaired_standing = apply_changes(changed, removed, added, repair_from)
            repaired = check_calendar(scenario, calendar, repaired_standing, period, holidays)
        remaining = _added(before.validation, repaired.validation)
        gaps = _gaps(remaining, before.validation)
        if gaps:
            dated, unplanned = _dated_repair(
                scenario, calendar, repaired, gaps, change.centre, repair_from, time_limit
            )
            if dated.duties:
                steps += [DutyStep.of(d) for d in dated.duties]
                with_duties = replace(calendar, dated=[*calendar.dated, *dated.duties])
                repaired = check_calendar(
                    scenario, with_duties, repaired.standing, period, holidays
                )
                remaining = _added(before.validation, repaired.validation)
            repair = repair.model_copy(
                update={
                    "solver_status": repair.solver_status or dated.solver_status,
                    "solver_seconds": repair.solver_seconds + dated.solver_seconds,
                    "why": [*repair.why, *unplanned],
                }
            )
        repair = _conclude(scenario, holidays, repair, steps, remaining, repair_from, effective)
    else:
        repair, remaining = Repair(status="not-needed"), []

    return ImpactReport(
        change=change.describe(),
        base_version=calendar.number,
        period_first=period.first,
        period_end=period.end,
        breaks=group_violations(breaks),
        resolved=group_violations(resolved),
        remaining=group_violations(remaining),
        services=_service_impacts(scenario, period, holidays, before, after, repaired),
        repair=repair,
        seconds=time.perf_counter() - started,
    )


def _dated_repair(
    scenario: Scenario,
    calendar: CalendarVersion,
    repaired: CalendarCheck,
    gaps: list[Gap],
    proposer: str,
    repair_from: dt.date,
    time_limit: float,
) -> tuple[DatedRepair, list[str]]:
    """Dated duties for the gaps on the dates the calendar plans dated duties for, and why
    the gaps on other dates get none: beyond those dates the plan of that quarter adds its
    holiday duties and substitutes, and a duty stored there would not be published (the
    feeds expand the planned dates only); before `repair_from` the notice is too short."""
    dates = Period(max(repair_from, calendar.covered.first), calendar.covered.end)
    # A duty may start the evening before and end the morning after: their holidays count.
    day = dt.timedelta(days=1)
    holidays = public_holidays(Period(dates.first - day, dates.end + day), scenario.holidays.extra)
    dated = repair_dates(
        scenario, holidays, repaired.occurrences, gaps, proposer, dates, time_limit
    )
    planned = f"{calendar.covered.first} … {calendar.covered.end - day}"
    unplanned = sorted({gap.start.astimezone(HELSINKI).date() for gap in gaps} - set(dates.dates()))
    why = [
        f"no dated duty on {gap_day}: the repair adds them only on the dates the calendar plans "
        f"dated duties for ({planned}) and from {repair_from} on (notice)"
        for gap_day in unplanned
    ]
    return dated, why


def _conclude(
    scenario: Scenario,
    holidays: dict[dt.date, str],
    repair: Repair,
    steps: list[RepairStep | DutyStep],
    remaining: list[Violation],
    repair_from: dt.date,
    effective: dt.date,
) -> Repair:
    """The repair's final status, judged by the validator rather than by the model."""
    steps = [
        s.model_copy(update={"shift": s.shift.model_copy(update={"valid_from": repair_from})})
        if s.action != "duty"
        else s
        for s in steps
    ]
    if not remaining:
        status = "found" if steps else "not-needed"
        return repair.model_copy(
            update={"status": status, "steps": steps, "valid_from": repair_from, "why": []}
        )
    why = list(repair.why)
    for first in _first_of_each_group(remaining):
        why.append(_why(scenario, holidays, first, effective))
    return repair.model_copy(
        update={
            "status": "partial" if steps else "none",
            "steps": steps,
            "valid_from": repair_from if steps else None,
            "why": list(dict.fromkeys(why)),
        }
    )


def _is_shortfall(violation: Violation) -> bool:
    """Too few responders somewhere (R2, R3's windows, R5), rather than a shift that breaks a
    rule by itself."""
    coverage = violation.rule in {"R2", "R5"} or (
        violation.rule == "R3" and " of " in violation.message and "responders" in violation.message
    )
    return coverage and bool(violation.service and violation.start and violation.end)


def _gaps(remaining: list[Violation], before: Validation) -> list[Gap]:
    """The shortfalls among `remaining`, less the hours the calendar already missed before the
    change: a gap the change only widened reads as a new sentence, but its old part is not the
    repair's to fill."""
    missed: dict[tuple[str, str | None], list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for v in before.violations():
        if _is_shortfall(v):
            assert v.start and v.end
            missed[(v.rule, v.service)].append((instant(v.start), instant(v.end)))
    out = []
    for v in remaining:
        if not _is_shortfall(v):
            continue
        assert v.service and v.start and v.end
        pieces = [(instant(v.start), instant(v.end))]
        for old_start, old_end in missed[(v.rule, v.service)]:
            pieces = [
                piece
                for start, end in pieces
                for piece in ((start, min(end, old_start)), (max(start, old_end), end))
                if piece[0] < piece[1]
            ]
        out += [Gap(v.service, start, end, group=v.rule == "R5") for start, end in pieces]
    return out


def _why(
    scenario: Scenario, holidays: dict[dt.date, str], violation: Violation, effective: dt.date
) -> str:
    if _is_shortfall(violation) and violation.service and violation.start:
        start = violation.start.astimezone(HELSINKI)
        reason = explain_gap(scenario, holidays, violation.service, start)
        return f"{violation.message}: {reason}"
    return (
        f"{violation.message}: the change itself breaks {violation.rule}; "
        "no change to other centres' shifts restores it"
    )


# --- comparing verdicts ------------------------------------------------------------------------


def _added(before: Validation, after: Validation) -> list[Violation]:
    """Violations found after but not before (same rule and sentence)."""
    known = {(v.rule, v.message) for v in before.violations()}
    seen: set[tuple[str, str]] = set()
    out = []
    for v in after.violations():
        key = (v.rule, v.message)
        if key not in known and key not in seen:
            seen.add(key)
            out.append(v)
    return out


GroupKey = tuple[str, str | None, str | None, str | None]


def _group(violations: list[Violation]) -> dict[GroupKey, list[Violation]]:
    """Violations by rule, service, weekday and local hours (or sentence, when timeless)."""
    groups: dict[GroupKey, list[Violation]] = {}
    for v in violations:
        weekday = hours = None
        if v.start is not None and v.end is not None:
            start, end = v.start.astimezone(HELSINKI), v.end.astimezone(HELSINKI)
            weekday = WEEKDAYS[start.weekday()]
            end_text = "24:00" if end.time() == dt.time() else format_clock(_minute(end))
            hours = f"{format_clock(_minute(start))}–{end_text}"
        key = (v.rule, v.service, weekday, hours if weekday else v.message)
        groups.setdefault(key, []).append(v)
    return groups


def _first_of_each_group(violations: list[Violation]) -> list[Violation]:
    return [found[0] for found in _group(violations).values()]


def group_violations(violations: list[Violation]) -> list[RuleBreak]:
    """One entry per rule, service, weekday and local hours, listing the dates."""
    groups = _group(violations)
    out = []
    for (rule, service, weekday, hours), found in groups.items():
        dates = sorted({v.start.astimezone(HELSINKI).date() for v in found if v.start})
        out.append(
            RuleBreak(
                rule=rule,
                service=service,
                weekday=weekday,
                hours=hours if weekday else None,
                dates=dates,
                message=found[0].message,
            )
        )
    return sorted(out, key=lambda b: (b.rule, b.service or "", b.dates[:1], b.hours or ""))


def _minute(moment: dt.datetime) -> int:
    return moment.hour * 60 + moment.minute


# --- coverage and answered contacts ------------------------------------------------------------


def _service_impacts(
    scenario: Scenario,
    period: Period,
    holidays: dict[dt.date, str],
    before: CalendarCheck,
    after: CalendarCheck,
    repaired: CalendarCheck,
) -> list[ServiceImpact]:
    totals = []
    for check in (before, after, repaired):
        hours: dict[str, float] = defaultdict(float)
        answered: dict[str, float] = defaultdict(float)
        for row in coverage_rows(scenario, period, holidays, check.occurrences):
            slot_hours = (instant(row.end) - instant(row.start)).total_seconds() / 3600
            hours[row.service] += row.responders * slot_hours
            answered[row.service] += row.expected_answered
        totals.append((hours, answered))
    return [
        ServiceImpact(
            service=s.id,
            responder_hours_before=round(totals[0][0][s.id], 1),
            responder_hours_after=round(totals[1][0][s.id], 1),
            responder_hours_repaired=round(totals[2][0][s.id], 1),
            answered_before=round(totals[0][1][s.id], 1),
            answered_after=round(totals[1][1][s.id], 1),
            answered_repaired=round(totals[2][1][s.id], 1),
        )
        for s in scenario.services
    ]


def _in_force(standing: list[StandingShift], day: dt.date) -> list[StandingShift]:
    return [
        s
        for s in standing
        if (s.valid_from is None or s.valid_from <= day)
        and (s.valid_until is None or day <= s.valid_until)
    ]

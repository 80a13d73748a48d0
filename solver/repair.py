"""Impact of a proposed change, and the minimal-disruption repair that restores the hard rules.

The analysis expands the calendar before the change, after it, and after the repair over the
analysed period, and asks the independent validator about each: what the change breaks is what
the validator finds after it but not before, so problems the calendar already had are neither
blamed on the proposal nor forced onto the repair.

The repair is a small CP-SAT model of the weekly pattern in force on the effective date. Every
shift is fixed except those of the centres that could cover the hours the change leaves short;
for them, the model may keep, shrink or drop their shifts and add shifts that touch those hours.
Each changed responder-shift costs `CHANGE`, a shortfall costs `SHORTFALL`, and the current
calendar is the hint, so the answer is the fewest changes that restore every coverage rule. A
full quarter solve takes half a minute; this model has a few hundred variables and solves in
well under a second.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from rota.calendar import HELSINKI, Period, instant, parse_quarter, public_holidays
from rota.clock import MINUTES_PER_DAY, WEEKDAYS, describe_week_range, format_clock
from rota.coverage import coverage_rows
from rota.explain import explain_gap
from rota.plan import Occurrence, Plan, StandingShift, expand
from rota.proposals import (
    Calendar,
    ImpactReport,
    Repair,
    RepairStep,
    RuleBreak,
    ServiceImpact,
    ShiftChange,
    ShiftModel,
    apply_changes,
)
from rota.scenario import Scenario
from rota.validation import Baseline, Validation, Violation, validate
from solver.instance import Candidate, Instance, Pair, build_instance
from solver.rules import CHANGE, RuleContext, Term, holiday_evening_duty, minimum_staffing
from solver.variables import Variables

MIN_DAYS = 28  # analyse at least four weeks, so every weekday's hours are seen several times
REPAIR_TIME_LIMIT = 1.0  # seconds; the model proves optimality far sooner on the fixture
CHANGED_SLOT = 1  # tie-breaker: among repairs with as few changes, the one moving fewest hours


@dataclass
class CalendarCheck:
    """A calendar's occurrences over a period and the validator's verdict on them."""

    standing: list[StandingShift]
    occurrences: list[Occurrence]
    validation: Validation


def analysis_period(effective: dt.date) -> Period:
    """From the effective date to the end of its quarter, or of the next one when fewer than
    four weeks remain."""
    quarter = parse_quarter(f"{effective.year}Q{(effective.month - 1) // 3 + 1}")
    end = quarter.end
    if (end - effective).days < MIN_DAYS:
        end = parse_quarter(f"{end.year}Q{(end.month - 1) // 3 + 1}").end
    last = end - dt.timedelta(days=1)
    return Period(effective, end, f"{effective.isoformat()}…{last.isoformat()}")


def check_calendar(
    scenario: Scenario,
    calendar: Calendar,
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
    calendar: Calendar,
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
        repair, steps = repair_pattern(
            scenario,
            _in_force(calendar.standing, effective),
            _in_force(changed, effective),
            change.centre,
            {day.weekday() for day in holidays if period.contains(day)},
            time_limit,
        )
        removed = [s.shift.shift() for s in steps if s.action == "remove"]
        added = [s.shift.shift() for s in steps if s.action == "add"]
        if steps:
            repaired_standing = apply_changes(changed, removed, added, repair_from)
            repaired = check_calendar(scenario, calendar, repaired_standing, period, holidays)
        remaining = _added(before.validation, repaired.validation)
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


# --- the repair model ------------------------------------------------------------------------


@dataclass
class _Weekly:
    """Weekly coverage of a pattern on the slot grid."""

    service: dict[tuple[str, int], int]
    group: dict[int, int]
    pair: dict[tuple[str, str, int], int]


def repair_pattern(
    scenario: Scenario,
    before: list[StandingShift],
    after: list[StandingShift],
    proposer: str,
    holiday_weekdays: set[int] | None = None,
    time_limit: float = REPAIR_TIME_LIMIT,
) -> tuple[Repair, list[RepairStep]]:
    """The fewest changes to centres other than `proposer` that bring the weekly pattern `after`
    back to every coverage rule the pattern `before` met (R2, R3 windows, R5).

    R5 also holds on public holidays: the evenings of `holiday_weekdays` (weekdays on which a
    holiday falls in the analysed period) keep the holiday-duty group where the pattern had it."""
    started = time.perf_counter()
    base = _weekly_instance(scenario)
    g, per_week = base.slot_minutes, base.slots_per_week
    off_grid = [s for s in after if s.start % g or s.minutes % g]
    if off_grid:
        return Repair(
            status="none",
            why=[f"{off_grid[0].describe()} is off the {g}-minute grid (R1); fix it first"],
        ), []
    current = _counts(after, g)
    was, now = _weekly(base, _counts(before, g)), _weekly(base, current)

    over = [
        (c, s, slot)
        for (c, s, slot), n in now.pair.items()
        if n > base.lines(c, s) and n > was.pair.get((c, s, slot), 0)
    ]
    if over:
        c, s, slot = over[0]
        return Repair(
            status="none",
            why=[
                f"{c} would have more responders on {s} than its {base.lines(c, s)} lines "
                f"at {describe_week_range(slot * g, (slot + 1) * g)} (R4); only {c} can change that"
            ],
        ), []

    # What the pattern already missed before the change is not the proposal's doing: there the
    # repair only has to keep what was there.
    required = {key: min(need, was.service.get(key, 0)) for key, need in base.required.items()}
    evenings = set(base.group_slots) | _evening_slots(scenario, holiday_weekdays or set(), g)
    group_slots = sorted(slot for slot in evenings if was.group.get(slot, 0) >= 1)
    short = {key for key, need in required.items() if now.service.get(key, 0) < need}
    group_short = {slot for slot in group_slots if now.group.get(slot, 0) < 1}
    if not short and not group_short:
        return Repair(status="not-needed"), []

    group = set(scenario.rules.holiday_duty_group)
    finnish = scenario.rules.finnish_line
    wanted: dict[Pair, set[int]] = defaultdict(set)
    for (centre, service), cands in base.candidates.items():
        if centre == proposer:
            continue
        slots = {slot for (sid, slot) in short if sid == service}
        if service == finnish and centre in group:
            slots |= group_short
        if any(c.covers(slot, per_week) for c in cands for slot in slots):
            wanted[(centre, service)] = slots

    candidates: dict[Pair, list[Candidate]] = defaultdict(list)
    for cand in current:
        candidates[(cand.centre, cand.service)].append(cand)
    for pair, slots in wanted.items():
        known = set(candidates[pair])
        candidates[pair] += [
            c
            for c in base.candidates[pair]
            if c not in known and any(c.covers(slot, per_week) for slot in slots)
        ]
    instance = replace(
        base,
        candidates=dict(candidates),
        required=required,
        group_slots=group_slots,
        values={},
        baseline={},
    )

    model = cp_model.CpModel()
    variables = Variables(instance, model)
    ctx = RuleContext(instance, model, variables)
    terms: list[Term] = minimum_staffing(ctx) + holiday_evening_duty(ctx)
    free_centres = {centre for centre, _ in wanted}
    for cand, var in variables.shift.items():
        n = current.get(cand, 0)
        model.add_hint(var, n)
        if (cand.centre, cand.service) not in wanted:
            model.add(var == n)
            continue
        if n == 0:
            terms.append(Term(var, CHANGE + CHANGED_SLOT * cand.length, "added shift"))
        else:
            diff = model.new_int_var(0, instance.lines(cand.centre, cand.service), f"d[{cand}]")
            model.add_abs_equality(diff, var - n)
            terms.append(Term(diff, CHANGE + CHANGED_SLOT * cand.length, "changed shift"))
    _keep_weekly_hours(scenario, instance, variables, current, free_centres)
    model.minimize(
        cp_model.LinearExpr.weighted_sum([t.expr for t in terms], [t.cost for t in terms])
    )

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 2
    code = solver.solve(model)
    status = solver.status_name(code)
    seconds = time.perf_counter() - started
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Repair(
            status="none",
            solver_status=status,
            solver_seconds=seconds,
            why=[f"the repair model is {status.lower()}: no weekly pattern meets every rule"],
        ), []

    steps: list[RepairStep] = []
    changed = 0
    for cand, var in variables.shift.items():
        n, m = current.get(cand, 0), solver.value(var)
        if n == m:
            continue
        changed += abs(m - n)
        if n:
            steps.append(RepairStep(action="remove", shift=_shift_model(cand, n, g)))
        if m:
            steps.append(RepairStep(action="add", shift=_shift_model(cand, m, g)))
    solved = {cand: solver.value(var) for cand, var in variables.shift.items()}
    why = _left_short(instance, _weekly(base, solved), required, group_slots)
    return Repair(
        status="found" if not why else "partial",
        steps=sorted(steps, key=lambda s: (s.shift.centre, s.action != "remove")),
        changed_shifts=changed,
        why=why,
        solver_status=status,
        solver_seconds=seconds,
    ), steps


def _weekly_instance(scenario: Scenario) -> Instance:
    """Candidates, requirements and R5 slots of a plain week: no holidays, no closures, and no
    demand (the repair counts changes, not answered contacts, and the queueing values of every
    slot would cost more than the whole repair)."""
    plain = scenario.model_copy(
        update={
            "centres": [c.model_copy(update={"closures": []}) for c in scenario.centres],
            "services": [s.model_copy(update={"demand": None}) for s in scenario.services],
        }
    )
    monday = dt.date(2001, 1, 1)  # any Monday: only the weekly layer is used
    return build_instance(plain, Period(monday, monday + dt.timedelta(days=7)), {})


def _evening_slots(scenario: Scenario, weekdays: set[int], g: int) -> set[int]:
    evening = scenario.rules.evening
    length = (evening.end - evening.start) % MINUTES_PER_DAY or MINUTES_PER_DAY
    per_day, per_week = MINUTES_PER_DAY // g, 7 * MINUTES_PER_DAY // g
    return {
        (day * per_day + (evening.start + minute) // g) % per_week
        for day in weekdays
        for minute in range(0, length, g)
    }


def _counts(pattern: list[StandingShift], g: int) -> dict[Candidate, int]:
    out: dict[Candidate, int] = defaultdict(int)
    for s in pattern:
        out[Candidate(s.centre, s.service, s.week_start // g, s.minutes // g)] += s.responders
    return dict(out)


def _weekly(instance: Instance, counts: dict[Candidate, int]) -> _Weekly:
    per_week = instance.slots_per_week
    group = set(instance.scenario.rules.holiday_duty_group)
    finnish = instance.scenario.rules.finnish_line
    service: dict[tuple[str, int], int] = defaultdict(int)
    pair: dict[tuple[str, str, int], int] = defaultdict(int)
    group_cov: dict[int, int] = defaultdict(int)
    for cand, n in counts.items():
        for i in range(cand.length):
            slot = (cand.start + i) % per_week
            service[(cand.service, slot)] += n
            pair[(cand.centre, cand.service, slot)] += n
            if cand.service == finnish and cand.centre in group:
                group_cov[slot] += n
    return _Weekly(dict(service), dict(group_cov), dict(pair))


def _keep_weekly_hours(
    scenario: Scenario,
    instance: Instance,
    variables: Variables,
    current: dict[Candidate, int],
    centres: set[str],
) -> None:
    """R4 (hard): a centre whose shifts may change keeps its weekly hours within its
    commitment (or no further outside it than they already are)."""
    g = instance.slot_minutes
    for centre_id in sorted(centres):
        centre = scenario.centre(centre_id)
        now = sum(c.length * n for c, n in current.items() if c.centre == centre_id)
        low = min(int(-(-centre.weekly_hours.min * 60 // g)), now)
        high = max(int(centre.weekly_hours.max * 60 // g), now)
        slots = sum(
            cand.length * var for cand, var in variables.shift.items() if cand.centre == centre_id
        )
        variables.model.add_linear_constraint(slots, low, high)


def _left_short(
    instance: Instance,
    solved: _Weekly,
    required: dict[tuple[str, int], int],
    group_slots: list[int],
) -> list[str]:
    """The hours the best repair still leaves short, merged into weekly ranges."""
    g = instance.slot_minutes
    short: dict[tuple[str, str], list[int]] = defaultdict(list)
    finnish = instance.scenario.rules.finnish_line
    for (service, slot), need in sorted(required.items()):
        if solved.service.get((service, slot), 0) < need:
            short[("R2" if service == finnish else "R3", service)].append(slot)
    for slot in group_slots:
        if solved.group.get(slot, 0) < 1:
            short[("R5", finnish)].append(slot)
    return [
        f"{rule} {service} {describe_week_range(first * g, (last + 1) * g)} stays short"
        for (rule, service), slots in sorted(short.items())
        for first, last in _runs(sorted(slots))
    ]


def _runs(slots: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for slot in slots:
        if out and slot == out[-1][1] + 1:
            out[-1] = (out[-1][0], slot)
        else:
            out.append((slot, slot))
    return out


def _shift_model(cand: Candidate, responders: int, g: int) -> ShiftModel:
    per_day = MINUTES_PER_DAY // g
    return ShiftModel.of(
        StandingShift(
            centre=cand.centre,
            service=cand.service,
            weekday=cand.start // per_day,
            start=(cand.start % per_day) * g,
            minutes=cand.length * g,
            responders=responders,
        )
    )


def _conclude(
    scenario: Scenario,
    holidays: dict[dt.date, str],
    repair: Repair,
    steps: list[RepairStep],
    remaining: list[Violation],
    repair_from: dt.date,
    effective: dt.date,
) -> Repair:
    """The repair's final status, judged by the validator rather than by the model."""
    steps = [
        s.model_copy(update={"shift": s.shift.model_copy(update={"valid_from": repair_from})})
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


def _why(
    scenario: Scenario, holidays: dict[dt.date, str], violation: Violation, effective: dt.date
) -> str:
    coverage = violation.rule in {"R2", "R5"} or (
        violation.rule == "R3" and " of " in violation.message and "responders" in violation.message
    )
    if coverage and violation.service and violation.start and violation.end:
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

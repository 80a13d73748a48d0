"""The minimal-disruption repair that restores the hard rules after a proposed change.

The repair is a small CP-SAT model of the weekly pattern in force on the effective date. Every
shift is fixed except those of the centres that could cover the hours the change leaves short;
for them, the model may keep, shrink or drop their shifts and add shifts that touch those hours.
Each changed responder-shift costs `CHANGE`, a shortfall costs `SHORTFALL`, and the current
calendar is the hint, so the answer is the fewest changes that restore every coverage rule. A
full quarter solve takes half a minute; this model has a few hundred variables and solves in
well under a second. Whether the repair worked is the validator's to say (`rota.app.impact`).

A weekly pattern cannot cover a date on which a holiday or a closure cancels the shifts that
would (R6): there `repair_dates` adds dated duties (holiday duty, substitutes) for other centres,
built and costed exactly as `rota plan` builds them (`solver.plan.instance`'s dated layer, the
rules of `solver.plan.rules`), and only for the hours the change broke and the weekly repair
left short.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from rota.domain.calendar import HELSINKI, Period, instant, local
from rota.domain.clock import MINUTES_PER_DAY, describe_week_range
from rota.domain.plan import DatedDuty, Occurrence, StandingShift
from rota.domain.proposals import (
    Repair,
    RepairStep,
    ShiftModel,
)
from rota.domain.scenario import Scenario
from solver import cpsat
from solver.cpsat import Term, weighted
from solver.plan.instance import Candidate, Instance, Pair, build_instance
from solver.plan.rules import (
    CHANGE,
    RuleContext,
    few_dated_duties,
    holiday_evening_duty,
    minimum_staffing,
)
from solver.plan.variables import Variables

REPAIR_TIME_LIMIT = 1.0  # seconds; the model proves optimality far sooner on the fixture
CHANGED_SLOT = 1  # tie-breaker: among repairs with as few changes, the one moving fewest hours


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
    model.minimize(weighted(terms))
    solver = cpsat.solver(time_limit, workers=2)
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
    length = evening.length
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
    return ShiftModel.of(cand.shift(g, responders))


# --- dated duties where the weekly pattern cannot help ---------------------------------------


@dataclass(frozen=True)
class Gap:
    """Real time a coverage rule misses: the service's minimum (R2, R3), or with `group` a
    holiday-duty group member on the Finnish line (R5)."""

    service: str
    start: dt.datetime
    end: dt.datetime
    group: bool = False


@dataclass(frozen=True)
class DatedRepair:
    """The dated duties found; whether they close every gap is the validator's to say."""

    duties: list[DatedDuty]
    solver_status: str
    solver_seconds: float


def repair_dates(
    scenario: Scenario,
    holidays: dict[dt.date, str],
    occurrences: list[Occurrence],
    gaps: list[Gap],
    proposer: str,
    dates: Period,
    time_limit: float = REPAIR_TIME_LIMIT,
) -> DatedRepair:
    """The cheapest dated duties of centres other than `proposer` that close `gaps`, given the
    calendar's `occurrences`; duties start on `dates` only (the repair's notice date up to the
    last date the calendar plans dated duties for).

    Everything already in the calendar stays as it is: the model's only variables are the
    dated duties `rota plan` would consider on the gaps' dates, and its only requirements are
    the gaps' hours, so the repair neither blames the change for older gaps nor moves anyone."""
    started = time.perf_counter()
    g = scenario.slot_minutes
    needs = _gap_slots(gaps, g)
    days = sorted({day for _, day, _ in needs if dates.contains(day)})
    if not days:
        return DatedRepair([], "", 0.0)

    model = cp_model.CpModel()
    terms: list[Term] = []
    runs: list[Variables] = []
    # One instance per run of consecutive dates: a quarter-long instance would hold every
    # slot between, say, Epiphany and Easter.
    for first, last in _runs([d.toordinal() for d in days]):
        run = Period(dt.date.fromordinal(first), dt.date.fromordinal(last + 1))
        instance = _dated_instance(
            scenario, holidays, occurrences, run, needs, proposer, dates.first
        )
        variables = Variables(instance, model)
        ctx = RuleContext(instance, model, variables)
        terms += minimum_staffing(ctx) + holiday_evening_duty(ctx) + few_dated_duties(ctx)
        _free_lines(instance, variables)
        runs.append(variables)
    model.minimize(weighted(terms))
    solver = cpsat.solver(time_limit, workers=2)
    code = solver.solve(model)
    duties: list[DatedDuty] = []
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        for variables in runs:
            for cand, var in variables.dated.items():
                n = solver.value(var)
                if n:
                    duties.append(cand.duty(g, n))
    return DatedRepair(sorted(duties), solver.status_name(code), time.perf_counter() - started)


SlotKey = tuple[str, dt.date, int]  # (service, local date, slot of the day)


def _gap_slots(gaps: list[Gap], g: int) -> dict[SlotKey, set[str]]:
    """The wall-clock slots each gap touches, with what they lack ('service', 'group').
    Stepping through real time keeps a gap across a DST change on the right local slots."""
    out: dict[SlotKey, set[str]] = defaultdict(set)
    step = dt.timedelta(minutes=g)
    for gap in gaps:
        moment = instant(gap.start)
        while moment < instant(gap.end):
            wall = moment.astimezone(HELSINKI)
            slot = (wall.hour * 60 + wall.minute) // g
            out[(gap.service, wall.date(), slot)].add("group" if gap.group else "service")
            moment += step
    return dict(out)


def _dated_instance(
    scenario: Scenario,
    holidays: dict[dt.date, str],
    occurrences: list[Occurrence],
    run: Period,
    needs: dict[SlotKey, set[str]],
    proposer: str,
    earliest: dt.date,
) -> Instance:
    """`rota plan`'s dated layer for the dates of `run`, with every occurrence of the calendar
    fixed and no weekly pattern to choose.

    With the pattern taking effect only after the run, every date of it is a dated date and
    every occurrence on it comes from `occurrences`; the weekly candidates are then dropped.
    A slot requires only what a gap lacks there (hours the calendar missed before the change
    are not the repair's to fill), and the duties left are other centres' (none starting
    before `earliest`) that cover such a slot."""
    eve, after = run.first - dt.timedelta(days=1), run.end + dt.timedelta(days=1)
    window = (instant(local(eve, 0)), instant(local(after, 0)))
    fixed = [o for o in occurrences if instant(o.end) > window[0] and instant(o.start) < window[1]]
    plain = scenario.model_copy(
        update={"services": [s.model_copy(update={"demand": None}) for s in scenario.services]}
    )
    instance = build_instance(
        plain,
        run,
        holidays,
        pattern_from=run.end,
        fixed_occurrences=fixed,
        kept_until=local(earliest, 0),
    )
    for dslot in instance.dated_slots:
        lacks = needs.get((dslot.service, dslot.day, dslot.slot), set())
        dslot.required = dslot.required if "service" in lacks else 0
        dslot.required_group = dslot.required_group if "group" in lacks else 0
        dslot.inactive = {}
    useful = {
        d
        for dslot in instance.dated_slots
        if dslot.required or dslot.required_group
        for d in dslot.dated
        if d.centre != proposer
    }
    for dslot in instance.dated_slots:
        dslot.dated = [d for d in dslot.dated if d in useful]
    return replace(
        instance,
        candidates={},
        required={},
        group_slots=[],
        values={},
        dated_candidates=[d for d in instance.dated_candidates if d in useful],
    )


def _free_lines(instance: Instance, variables: Variables) -> None:
    """R4 (hard): a duty only where the centre has a line free. As `rules.centre_lines`, but
    only for the centres that may take a duty there: a calendar already over a centre's lines
    elsewhere is not the repair's to judge, and must not make its model infeasible."""
    for dslot in instance.dated_slots:
        for centre in dslot.dated_by_centre:
            lines = instance.lines(centre, dslot.service)
            cap = max(lines, dslot.fixed.get(centre, 0))
            variables.model.add(variables.dated_on_duty(dslot, centre) <= cap)

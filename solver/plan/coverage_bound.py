"""A quick bound on the plan's objective from responders per centre and slot, without shifts.

The model's LP relaxation (`solver.plan.relaxation`) is nearly exact, but on a network of 200
centres GLOP needs two minutes for it: every coverage variable is tied to the dozens of candidate
shifts that cover it. This relaxation keeps only the coverage: `y[c, s, t]`, the responders centre c
has on service s in weekly slot t, anywhere its candidate shifts could put them, within its lines.
Every plan gives such a `y` (its coverage), so the LP below is a relaxation of the plan model and
its optimum a valid bound, as long as every term it keeps is counted exactly and every term it drops
can only add to the objective:

- kept exactly: S1 (levels of answered contacts against the service's coverage), S2 (the spread
  of weekend-evening duty in the holiday-duty group), S4 (preferences), R4's weekly maximum;
- kept from below: the shift count, as at least a centre's covered slots over its longest shift;
- kept only when phase 1 left no shortfall (`strict`), because the plan model then holds them as
  constraints: R2/R3 minimum staffing, R5, R4's weekly minimum;
- dropped, all costing ≥ 0: the dated layer (holidays, closures, dated duties and their
  shortfalls), S3's changes from the baseline, and hard-rule shortfalls.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict

from ortools.linear_solver import linear_solver_pb2

from solver.plan.instance import Instance, slots_of
from solver.plan.relaxation import Relaxation, solve_request
from solver.plan.rules import DISLIKED, FAIRNESS, PREFERRED, SHIFT, weekly_cost


def coverage_bound(instance: Instance, strict: bool, time_limit: float) -> Relaxation | None:
    """The bound, or None if GLOP does not finish within `time_limit` seconds."""
    started = time.monotonic()
    request = linear_solver_pb2.MPModelRequest(
        solver_type=linear_solver_pb2.MPModelRequest.GLOP_LINEAR_PROGRAMMING
    )
    lp = request.model
    per_week = instance.slots_per_week

    def column(high: float, cost: float = 0.0) -> int:
        lp.variable.append(
            linear_solver_pb2.MPVariableProto(
                lower_bound=0.0, upper_bound=high, objective_coefficient=cost
            )
        )
        return len(lp.variable) - 1

    def row(
        plus: list[int], low: float, high: float = math.inf, minus: tuple[int, ...] = ()
    ) -> None:
        """low ≤ Σ plus − Σ minus ≤ high."""
        lp.constraint.append(
            linear_solver_pb2.MPConstraintProto(
                var_index=[*plus, *minus],
                coefficient=[1.0] * len(plus) + [-1.0] * len(minus),
                lower_bound=low,
                upper_bound=high,
            )
        )

    # y[c, s, t] where some candidate shift of (c, s) covers t, with the shift count's share.
    y: dict[tuple[str, str, int], int] = {}
    shift_cost = weekly_cost(instance, SHIFT)
    for (centre, service), candidates in instance.candidates.items():
        if not candidates:
            continue
        longest = max(c.length for c in candidates)
        lines = instance.lines(centre, service)
        covered = {(c.start + i) % per_week for c in candidates for i in range(c.length)}
        for slot in sorted(covered):
            y[(centre, service, slot)] = column(lines, shift_cost / longest)
    by_slot: dict[tuple[str, int], list[int]] = defaultdict(list)
    by_centre: dict[str, list[int]] = defaultdict(list)
    for (centre, service, slot), index in y.items():
        by_slot[(service, slot)].append(index)
        by_centre[centre].append(index)

    for (service, slot), values in instance.values.items():  # S1
        levels = []
        for value in values:
            if value <= 0:
                break
            levels.append(column(1.0, -weekly_cost(instance, value)))
        if levels:  # Σ levels ≤ the service's coverage
            row(levels, -math.inf, 0.0, minus=tuple(by_slot[(service, slot)]))

    rules = instance.scenario.rules
    finnish = rules.finnish_line
    group_evenings = {
        centre: [y[k] for slot in instance.group_slots if (k := (centre, finnish, slot)) in y]
        for centre in rules.holiday_duty_group
    }
    if len(rules.holiday_duty_group) >= 2:  # S2: most − least, as `fair_holiday_duty` has it
        cost = weekly_cost(instance, FAIRNESS)
        most, least = column(math.inf, cost), column(math.inf, -cost)
        for evenings in group_evenings.values():
            row([most], 0.0, minus=tuple(evenings))  # most ≥ load
            row([least], -math.inf, 0.0, minus=tuple(evenings))  # least ≤ load

    g = instance.slot_minutes
    disliked = {c.id: slots_of(c.preferences.disliked, g) for c in instance.scenario.centres}
    preferred = {c.id: slots_of(c.preferences.preferred, g) for c in instance.scenario.centres}
    for (centre, _service, slot), index in y.items():  # S4
        if slot in disliked[centre]:
            lp.variable[index].objective_coefficient += weekly_cost(instance, DISLIKED)
        if slot in preferred[centre]:
            lp.variable[index].objective_coefficient -= weekly_cost(instance, PREFERRED)
    for info in instance.scenario.centres:  # R4
        high = info.weekly_hours.max * 60 // g
        low = -(-info.weekly_hours.min * 60 // g) if strict else 0
        row(by_centre[info.id], float(low), float(high))

    if strict:
        for (service, slot), required in instance.required.items():
            row(by_slot[(service, slot)], float(required))
        if rules.holiday_duty_group:
            for slot in instance.group_slots:
                members = [
                    y[k]
                    for centre in rules.holiday_duty_group
                    if (k := (centre, finnish, slot)) in y
                ]
                row(members, 1.0)
    return solve_request(request, 0.0, 1.0, time_limit, started)

"""The rules of SPEC §3 as CP-SAT constraints and objective terms, one function per rule.

Each function adds its constraints and returns the objective terms it contributes, as
(expression, cost per unit, label); the model minimises the sum. Hard coverage rules use
shortfall variables with a cost far above anything else, so an impossible scenario still gets its
best plan and the shortfalls say exactly what could not be met.

Rules enforced by construction rather than here:
- R1 (4–8 h on the grid): `solver.plan.instance` only creates candidate shifts of those lengths.
- R3 "never outside windows, only centres with the language and service": candidates exist only
  inside the service's windows for centres that may staff it.
- R4 availability: candidates exist only inside the centre's availability.
- R6 and R7: `solver.plan.instance` marks cancelled and not-yet-valid occurrences inactive on
  the dated slots, and fixes what was already promised.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model, cp_model_helper

from rota.domain.clock import describe_week_minute, format_clock
from solver.cpsat import Term
from solver.plan.instance import DatedSlot, Instance, slots_of
from solver.plan.variables import Variables

# Costs, in hundredths of an expected answered contact (the unit of S1's values).
SHORTFALL = 1_000_000  # one responder missing for one slot: never worth any gain elsewhere
DATED_DUTY = 2_000  # a one-off duty disturbs a centre: only to restore a hard rule
DATED_DUTY_SLOT = 50  # …and prefer short ones
SHIFT = 5  # per responder-shift per week: fewer, longer shifts (fewer handovers)
CHANGE = 3_000  # S3: one responder-shift changed from the baseline
FAIRNESS = 2_000  # S2: per slot of weekly spread between the most and least loaded group centre
DISLIKED = 40  # S4: per responder-slot per week in a centre's disliked hours
PREFERRED = 20  # S4: reward per responder-slot per week in a centre's preferred hours


@dataclass(frozen=True)
class Shortfall:
    """A shortfall variable of a hard rule, and where it sits in words."""

    rule: str
    service: str  # for R4 weekly hours: the centre
    var: cp_model.IntVar
    where: str
    weekly_slot: int | None = None  # set for shortfalls of the plain week


class RuleContext:
    def __init__(self, instance: Instance, model: cp_model.CpModel, variables: Variables) -> None:
        self.instance = instance
        self.model = model
        self.vars = variables
        self.shortfalls: list[Shortfall] = []

    def weekly_cost(self, cost: int) -> int:
        return weekly_cost(self.instance, cost)


def weekly_cost(instance: Instance, cost: int) -> int:
    """A per-week cost over the weeks the pattern is in force (at least 1, so a pattern that
    never takes effect is still a sensible one)."""
    return max(1, round(cost * max(instance.pattern_weeks, 1.0)))


def minimum_staffing(ctx: RuleContext) -> list[Term]:
    """R2 and R3 (hard): every open slot has at least the service's `min_responders`; the
    Finnish line is open at every slot. Shortfall costs SHORTFALL per responder and slot."""
    inst, terms = ctx.instance, list[Term]()
    finnish = inst.scenario.rules.finnish_line
    for (service, slot), required in sorted(inst.required.items()):
        rule = "R2" if service == finnish else "R3"
        expr = ctx.vars.service_on_duty(service, slot)
        terms += _at_least(ctx, expr, required, rule, service, weekly_slot=slot)
    for dslot in inst.dated_slots:
        rule = "R2" if dslot.service == finnish else "R3"
        expr = cp_model.LinearExpr.sum(
            [ctx.vars.dated_on_duty(dslot, c) for c in _centres(ctx, dslot)]
        )
        terms += _at_least(ctx, expr, dslot.required, rule, dslot.service, dslot=dslot)
    return terms


def holiday_evening_duty(ctx: RuleContext) -> list[Term]:
    """R5 (hard): on Saturdays, Sundays and public holidays, throughout the evening window, at
    least one Finnish-line responder comes from the holiday-duty group."""
    inst, terms = ctx.instance, list[Term]()
    group = set(inst.scenario.rules.holiday_duty_group)
    if not group:
        return terms
    finnish = inst.scenario.rules.finnish_line
    for slot in inst.group_slots:
        expr = ctx.vars.service_on_duty(finnish, slot, group)
        terms += _at_least(ctx, expr, 1, "R5", finnish, weekly_slot=slot)
    for dslot in inst.dated_slots:
        expr = cp_model.LinearExpr.sum(
            [ctx.vars.dated_on_duty(dslot, c) for c in _centres(ctx, dslot) if c in group]
        )
        terms += _at_least(ctx, expr, dslot.required_group, "R5", finnish, dslot=dslot)
    return terms


def _at_least(
    ctx: RuleContext,
    expr: cp_model.LinearExpr,
    required: int,
    rule: str,
    service: str,
    weekly_slot: int | None = None,
    dslot: DatedSlot | None = None,
) -> list[Term]:
    """`expr` ≥ `required`, softened by a named shortfall variable that says where it failed.
    A weekly slot's shortfall repeats every week the pattern is in force.

    Where `expr` holds no variable (a slot before the notice date, kept as promised), its
    shortfall is forced: a constant, still reported, but with no term. It is the same in every
    plan, so it cannot rank plans; as a cost it would make phase 1 prove what needs no proof,
    and weigh in the relative gap as if the search had to close it."""
    if required <= 0:
        return []
    g = ctx.instance.slot_minutes
    if dslot is None:
        assert weekly_slot is not None
        where, cost = f"every {describe_week_minute(weekly_slot * g)}", ctx.weekly_cost(SHORTFALL)
    else:
        where, cost = f"{dslot.day.isoformat()} {format_clock(dslot.slot * g)}", SHORTFALL
    flat = cp_model_helper.FlatIntExpr(expr)
    if not flat.vars:
        forced = required - flat.offset
        if forced > 0:
            short = ctx.model.new_constant(forced)
            ctx.shortfalls.append(Shortfall(rule, service, short, where, weekly_slot))
        return []
    short = ctx.model.new_int_var(0, required, f"short[{rule},{service},{where}]")
    ctx.model.add(expr + short >= required)
    ctx.shortfalls.append(Shortfall(rule, service, short, where, weekly_slot))
    return [Term(short, cost, f"{rule} shortfall", hard=True)]


def centre_lines(ctx: RuleContext) -> list[Term]:
    """R4 (hard): never more responders on a service than the centre's lines. On a plain week
    the coverage variables' domains enforce it; dated slots with extra duties are checked here."""
    for dslot in ctx.instance.dated_slots:
        extra = {d.centre for d in dslot.dated} | set(dslot.fixed)
        for centre in extra:
            lines = ctx.instance.lines(centre, dslot.service)
            ctx.model.add(ctx.vars.dated_on_duty(dslot, centre) <= lines)
    return []


def weekly_hours(ctx: RuleContext) -> list[Term]:
    """R4 (hard): each centre's standing calendar lies within its weekly [min, max]. Dated
    duties (holiday duty, substitutes) are agreed case by case on top of it and reported. The
    maximum always holds; a minimum the centre's availability cannot reach is a shortfall
    costing SHORTFALL per missing slot."""
    inst, terms = ctx.instance, list[Term]()
    g = inst.slot_minutes
    for centre in inst.scenario.centres:
        shifts = [
            (var, cand.length)
            for pair in inst.pairs()
            if pair[0] == centre.id
            for cand, var in ctx.vars.shifts_of(pair)
        ]
        slots = cp_model.LinearExpr.weighted_sum([v for v, _ in shifts], [n for _, n in shifts])
        low = int(-(-centre.weekly_hours.min * 60 // g))
        high = int(centre.weekly_hours.max * 60 // g)
        ctx.model.add(slots <= high)
        if low > 0:
            short = ctx.model.new_int_var(0, low, f"short[R4,{centre.id}]")
            ctx.model.add(slots + short >= low)
            where = f"standing hours below the weekly minimum {centre.weekly_hours.min:g} h"
            ctx.shortfalls.append(Shortfall("R4", centre.id, short, where))
            terms.append(Term(short, SHORTFALL, "R4 shortfall", hard=True))
    return terms


def answered_contacts(ctx: RuleContext) -> list[Term]:
    """S1 (soft, primary): expected answered contacts, concave in concurrent responders: the
    k-th responder in a slot is worth `values[k]`, which never grows with k.

    One 0/1 level per possible responder, at most as many levels as responders on duty. Because
    the values never grow, the best choice is always the first levels, so an ordering
    constraint between levels would add work without changing any optimum."""
    inst, terms = ctx.instance, list[Term]()
    for (service, slot), values in sorted(inst.values.items()):
        levels: list[cp_model.IntVar] = []
        for k, value in enumerate(values, start=1):
            if value <= 0:
                break
            level = ctx.model.new_bool_var(f"level[{service},{slot},{k}]")
            levels.append(level)
            terms.append(Term(level, -ctx.weekly_cost(value), "S1 answered contacts"))
        if levels:
            ctx.model.add(
                cp_model.LinearExpr.sum(levels) <= ctx.vars.service_on_duty(service, slot)
            )
    return terms


def fair_holiday_duty(ctx: RuleContext) -> list[Term]:
    """S2 (soft): weekend evening duty shared evenly within the holiday-duty group; costs
    FAIRNESS per slot between the most and the least loaded member."""
    inst = ctx.instance
    group = inst.scenario.rules.holiday_duty_group
    if len(group) < 2:
        return []
    finnish = inst.scenario.rules.finnish_line
    top = len(inst.group_slots) * max(inst.lines(c, finnish) for c in group)
    most = ctx.model.new_int_var(0, top, "group_evenings_max")
    least = ctx.model.new_int_var(0, top, "group_evenings_min")
    for centre in group:
        load = sum(ctx.vars.on_duty(centre, finnish, slot) for slot in inst.group_slots)
        ctx.model.add(most >= load)
        ctx.model.add(least <= load)
    return [Term(most - least, ctx.weekly_cost(FAIRNESS), "S2 holiday-duty spread")]


def stability(ctx: RuleContext) -> list[Term]:
    """S3 (soft): few changes from the baseline calendar: CHANGE per responder-shift added or
    removed, so moving a whole shift costs two changes and many small edits cost more."""
    inst, terms = ctx.instance, list[Term]()
    if not inst.baseline:
        return terms
    for cand, var in ctx.vars.shift.items():
        before = inst.baseline.get((cand.centre, cand.service, cand.start, cand.length), 0)
        if before == 0:
            terms.append(Term(var, CHANGE, "S3 added shift"))
            continue
        diff = ctx.model.new_int_var(
            0, max(before, inst.lines(cand.centre, cand.service)), f"change[{cand}]"
        )
        ctx.model.add_abs_equality(diff, var - before)
        terms.append(Term(diff, CHANGE, "S3 changed shift"))
    return terms


def centre_preferences(ctx: RuleContext) -> list[Term]:
    """S4 (soft): a centre's disliked hours cost DISLIKED per responder-slot, preferred hours
    earn PREFERRED."""
    inst, terms = ctx.instance, list[Term]()
    for centre in inst.scenario.centres:
        disliked = slots_of(centre.preferences.disliked, inst.slot_minutes)
        preferred = slots_of(centre.preferences.preferred, inst.slot_minutes)
        for pair in inst.pairs():
            if pair[0] != centre.id:
                continue
            for slot in disliked:
                terms.append(Term(ctx.vars.on_duty(*pair, slot), ctx.weekly_cost(DISLIKED), "S4"))
            for slot in preferred:
                terms.append(Term(ctx.vars.on_duty(*pair, slot), -ctx.weekly_cost(PREFERRED), "S4"))
    return terms


def few_dated_duties(ctx: RuleContext) -> list[Term]:
    """Dated duties only where a hard rule needs them, short rather than long."""
    return [
        Term(var, DATED_DUTY + DATED_DUTY_SLOT * d.length, "dated duty")
        for d, var in ctx.vars.dated.items()
    ]


def few_shifts(ctx: RuleContext) -> list[Term]:
    """Tie-breaker: among plans of equal value, fewer and longer shifts."""
    return [Term(var, ctx.weekly_cost(SHIFT), "shift count") for var in ctx.vars.shift.values()]


# The order only matters for reading: hard rules first, then the objective by priority.
RULES: list[Callable[[RuleContext], list[Term]]] = [
    minimum_staffing,
    holiday_evening_duty,
    centre_lines,
    weekly_hours,
    answered_contacts,
    fair_holiday_duty,
    stability,
    centre_preferences,
    few_dated_duties,
    few_shifts,
]


def _centres(ctx: RuleContext, dslot: DatedSlot) -> set[str]:
    return (
        set(ctx.vars.centres_of(dslot.service)) | set(dslot.fixed) | {d.centre for d in dslot.dated}
    )

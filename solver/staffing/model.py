"""Responders on the seats of one centre's shifts: a CP-SAT model per centre (issue 8).

Centres share no responders, so each centre is its own model, and the network's centres are
solved in parallel processes. Each rule is one function below, listed in order in `RULES`; it
adds its constraints and returns its objective terms. Rules enforced by construction, when
`solver.staffing.instance` creates the options: training and language, availability,
absences, and R8 (a volunteer or student only on a shift whose end has debriefing).

Every hard rule here is an upper limit, and a seat may always stay open at a large cost, so
every centre has a solution: what cannot be filled is reported as an open seat, never as a
failure.
"""

from __future__ import annotations

import multiprocessing
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ortools.sat.python import cp_model

from solver import cpsat, interrupt
from solver.cpsat import Term, weighted
from solver.staffing.instance import CentreInstance, Option, Shift

# Costs per unit, in one currency; a seat left open outweighs every soft rule together.
OPEN_SEAT = 1_000_000  # per seat left open
REGULAR = 400  # per person on a weekly shift: the same few people week after week
RETURNING = 300  # reward per shift taken by someone who did this weekly shift last quarter
LOAD_TIERS = (0, 1, 2, 4)  # per minute worked in each quarter of a person's quarter limit
GAP = 0.002  # relative gap at which a centre's solve stops
FIRST_SHARE = 0.3  # of a centre's time for the whole model; the rest for `improve`
NEIGHBOURHOOD = 3  # weekly shifts (or weeks of dated duties) freed at a time by `improve`
NEIGHBOURHOOD_SECONDS = 0.5
CANDIDATES_PER_SEAT = 8  # options kept per seat on a large centre (see `shortlist`)
PREFERENCE = 1  # per minute inside preferred hours (disliked minutes count twice, as cost)
# Per minute below a weekly minimum commitment, and per shift below a monthly one: above every
# other soft rule (a 4-hour week short costs 9,600, more than its fair-spread cost of at most
# 960), far below an open seat, so a minimum never leaves a seat open.
BELOW_MINIMUM = 40
BELOW_MINIMUM_SHIFT = 240 * BELOW_MINIMUM


class AssignmentVariables:
    """Who takes a seat on which shift, asked in the domain's words."""

    def __init__(self, instance: CentreInstance, model: cp_model.CpModel) -> None:
        self.instance = instance
        self.take: dict[Option, cp_model.IntVar] = {
            o: model.new_bool_var(f"take[{instance.people[o.person].id},{o.shift}]")
            for o in instance.options
        }
        self.open = [model.new_int_var(0, s.seats, f"open[{s.label}]") for s in instance.shifts]
        self._by_shift: dict[int, list[Option]] = defaultdict(list)
        self._by_person: dict[int, list[Option]] = defaultdict(list)
        for option in instance.options:
            self._by_shift[option.shift].append(option)
            self._by_person[option.person].append(option)

    def takers(self, shift: int) -> list[cp_model.IntVar]:
        return [self.take[o] for o in self._by_shift[shift]]

    def options_of(self, person: int) -> list[Option]:
        return self._by_person[person]

    def minutes_of(self, person: int, options: list[Option] | None = None) -> cp_model.LinearExpr:
        """Real minutes the person works on the given options (default: all of theirs)."""
        chosen = self._by_person[person] if options is None else options
        return cp_model.LinearExpr.weighted_sum(
            [self.take[o] for o in chosen],
            [self.instance.shifts[o.shift].minutes for o in chosen],
        )


@dataclass
class Context:
    """What a rule builds on. `start` is the greedy assignment the search starts from: each
    rule hints its own helper variables from it, so the hint is a complete solution."""

    instance: CentreInstance
    model: cp_model.CpModel
    vars: AssignmentVariables
    start: set[tuple[int, int]] = field(default_factory=set)

    def took(self, option: Option) -> bool:
        """Whether the starting assignment takes `option`."""
        return (option.shift, option.person) in self.start

    def started_minutes(self, person: int) -> int:
        """Minutes the person works in the starting assignment."""
        return sum(
            self.instance.shifts[o.shift].minutes
            for o in self.vars.options_of(person)
            if (o.shift, o.person) in self.start
        )


# --- hard rules -------------------------------------------------------------------------------


def seats_filled_or_open(ctx: Context) -> list[Term]:
    """Hard: each seat has at most one responder and a responder at most one seat per shift;
    a seat without a responder is open, at OPEN_SEAT each."""
    taken = Counter(shift for shift, _ in ctx.start)
    for i, shift in enumerate(ctx.instance.shifts):
        ctx.model.add(sum(ctx.vars.takers(i)) + ctx.vars.open[i] == shift.seats)
        ctx.model.add_hint(ctx.vars.open[i], shift.seats - taken[i])
    return [Term(sum(ctx.vars.open), OPEN_SEAT, "open seats")]


def no_overlap_with_rest(ctx: Context) -> list[Term]:
    """Hard: a person is on one shift at a time, with `min_rest` minutes between shifts."""
    inst = ctx.instance
    for person in range(len(inst.people)):
        spans = [
            (inst.shifts[o.shift].start, inst.shifts[o.shift].end + inst.min_rest, o)
            for o in ctx.vars.options_of(person)
        ]
        for clique in _overlapping_groups(spans):
            ctx.model.add_at_most_one(ctx.vars.take[o] for o in clique)
    return []


def weekly_hours(ctx: Context) -> list[Term]:
    """Hard: at most `max_hours_week` in each ISO week (a shift counts in its start's week)."""
    inst = ctx.instance
    for person, limits in enumerate(inst.people):
        by_week: dict[int, list[Option]] = defaultdict(list)
        for option in ctx.vars.options_of(person):
            by_week[inst.shifts[option.shift].week].append(option)
        for options in by_week.values():
            if sum(inst.shifts[o.shift].minutes for o in options) > limits.max_week:
                ctx.model.add(ctx.vars.minutes_of(person, options) <= limits.max_week)
    return []


def quarter_hours(ctx: Context) -> list[Term]:
    """Hard: at most `max_hours_quarter` in the quarter."""
    for person, limits in enumerate(ctx.instance.people):
        ctx.model.add(ctx.vars.minutes_of(person) <= limits.max_quarter)
    return []


# --- soft rules -------------------------------------------------------------------------------


def regular_people(ctx: Context) -> list[Term]:
    """Soft: few different people on one weekly shift, so responders have standing shifts;
    REGULAR per person on each weekly shift."""
    inst = ctx.instance
    on_series: dict[tuple[int, int], list[Option]] = defaultdict(list)
    for option in inst.options:
        series = inst.shifts[option.shift].series
        if series is not None:
            on_series[(series, option.person)].append(option)
    terms = []
    for (series, person), options in on_series.items():
        member = ctx.model.new_bool_var(f"regular[{inst.people[person].id},{series}]")
        for option in options:
            ctx.model.add_implication(ctx.vars.take[option], member)
        ctx.model.add_hint(member, any((o.shift, o.person) in ctx.start for o in options))
        terms.append(Term(member, REGULAR, "people per weekly shift"))
    return terms


def returning_people(ctx: Context) -> list[Term]:
    """Soft (stability): a shift taken by someone who did the same weekly shift last quarter
    earns RETURNING."""
    returning = [ctx.vars.take[o] for o in ctx.instance.options if o.returning]
    return (
        [Term(sum(returning), -RETURNING, "returning to last quarter's shift")] if returning else []
    )


def fair_spread(ctx: Context) -> list[Term]:
    """Soft: spread the work in proportion to people's quarter limits. Each person's minutes
    cost more the more of their limit they use: nothing up to a quarter of it, then LOAD_TIERS
    per minute for the next quarters. The cost is convex, so two people at half their limit
    cost less than one at the full limit and one idle."""
    inst, model, terms = ctx.instance, ctx.model, list[Term]()
    for person, limits in enumerate(inst.people):
        if not ctx.vars.options_of(person):
            continue
        step = limits.max_quarter // len(LOAD_TIERS) + 1
        started = ctx.started_minutes(person)
        tiers = []
        for k, cost in enumerate(LOAD_TIERS):
            tier = model.new_int_var(0, step, f"load[{limits.id},{k}]")
            model.add_hint(tier, min(step, max(0, started - k * step)))
            tiers.append(tier)
            if cost:
                terms.append(Term(tier, cost, "load above a quarter of the limit"))
        model.add(ctx.vars.minutes_of(person) == sum(tiers))
    return terms


def preferences(ctx: Context) -> list[Term]:
    """Soft: preferred hours earn PREFERENCE per minute, disliked hours cost twice that."""
    options = [o for o in ctx.instance.options if o.preference]
    if not options:
        return []
    expr = cp_model.LinearExpr.weighted_sum(
        [ctx.vars.take[o] for o in options], [o.preference for o in options]
    )
    return [Term(expr, -PREFERENCE, "preferences")]


def minimum_commitments(ctx: Context) -> list[Term]:
    """Soft: a responder's minimum commitment (roster columns min_hours_week, min_shifts_month)
    in each whole week and month they are not away; BELOW_MINIMUM per minute short of the
    weekly minimum, BELOW_MINIMUM_SHIFT per shift short of the monthly one."""
    inst, model, terms = ctx.instance, ctx.model, list[Term]()
    for person, limits in enumerate(inst.people):
        options = ctx.vars.options_of(person)
        if limits.min_week:
            by_week: dict[int, list[Option]] = defaultdict(list)
            for option in options:
                by_week[inst.shifts[option.shift].week].append(option)
            for week in sorted(limits.full_weeks):
                short = model.new_int_var(0, limits.min_week, f"below_week[{limits.id},{week}]")
                model.add(short >= limits.min_week - ctx.vars.minutes_of(person, by_week[week]))
                started = sum(inst.shifts[o.shift].minutes for o in by_week[week] if ctx.took(o))
                model.add_hint(short, max(0, limits.min_week - started))
                terms.append(Term(short, BELOW_MINIMUM, "minutes below a weekly minimum"))
        if limits.min_month:
            by_month: dict[int, list[Option]] = defaultdict(list)
            for option in options:
                by_month[inst.shifts[option.shift].month].append(option)
            for month in sorted(limits.full_months):
                short = model.new_int_var(0, limits.min_month, f"below_month[{limits.id},{month}]")
                taken = sum(ctx.vars.take[o] for o in by_month[month])
                model.add(short >= limits.min_month - taken)
                model.add_hint(
                    short, max(0, limits.min_month - sum(map(ctx.took, by_month[month])))
                )
                terms.append(Term(short, BELOW_MINIMUM_SHIFT, "shifts below a monthly minimum"))
    return terms


Rule = Callable[[Context], list[Term]]
RULES: list[Rule] = [
    # Hard
    seats_filled_or_open,
    no_overlap_with_rest,
    weekly_hours,
    quarter_hours,
    # Soft
    regular_people,
    returning_people,
    fair_spread,
    preferences,
    minimum_commitments,
]


# --- solving ----------------------------------------------------------------------------------


@dataclass
class CentreResult:
    """A centre's solve: status, objective, bound, time and the (shift, person) pairs taken."""

    centre: str
    status: str
    objective: float
    bound: float
    seconds: float
    taken: list[tuple[int, int]] = field(default_factory=list)
    open_seats: int = 0


def assign_centre(
    instance: CentreInstance, time_limit: float = 10.0, per_seat: int = CANDIDATES_PER_SEAT
) -> CentreResult:
    """Solve one centre; a greedy assignment is the hint and the fallback."""
    started = time.monotonic()
    greedy = set(greedy_assignment(instance))
    instance = shortlist(instance, greedy, per_seat)
    model = cp_model.CpModel()
    variables = AssignmentVariables(instance, model)
    for option, var in variables.take.items():
        model.add_hint(var, (option.shift, option.person) in greedy)
    ctx = Context(instance, model, variables, greedy)
    terms = [term for rule in RULES for term in rule(ctx)]
    model.minimize(weighted(terms))

    # Presolving a large centre's whole model takes seconds and gains little from a complete hint.
    solver = _solver(max(0.1, time_limit * FIRST_SHARE), presolve=False)
    code = interrupt.run(solver, model)
    status, objective, bound = solver.status_name(code), float("nan"), float("nan")
    taken = sorted(greedy)
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        objective, bound = solver.objective_value, solver.best_objective_bound
        solution = list(solver.response_proto.solution)
        if code == cp_model.FEASIBLE and objective - bound > GAP * max(1.0, abs(objective)):
            remaining = time_limit - (time.monotonic() - started)
            objective, solution = improve(
                instance, model, variables, solution, objective, remaining
            )
        index = {o: v.index for o, v in variables.take.items()}
        taken = sorted((o.shift, o.person) for o in instance.options if solution[index[o]])
    seats = sum(s.seats for s in instance.shifts)
    return CentreResult(
        centre=instance.centre,
        status=status,
        objective=objective,
        bound=bound,
        seconds=time.monotonic() - started,
        taken=taken,
        open_seats=seats - len(taken),
    )


def improve(
    instance: CentreInstance,
    model: cp_model.CpModel,
    variables: AssignmentVariables,
    solution: list[int],
    objective: float,
    seconds: float,
) -> tuple[float, list[int]]:
    """Large-neighbourhood search: free the seats of a few weekly shifts (or one week's dated
    duties), keep every other seat as it is, solve that small model, keep any improvement.

    One CP-SAT worker searching the whole model from a hint hardly changes who holds a
    weekly shift, because that takes many seats changing together; a neighbourhood frees
    exactly such a group.
    """
    deadline = time.monotonic() + seconds
    groups: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, shift in enumerate(instance.shifts):
        key = ("series", shift.series) if shift.series is not None else ("week", shift.week)
        groups[key].append(i)
    keys = sorted(groups)
    if len(keys) < 2:
        return objective, solution
    rng = random.Random(1)
    proto = model.proto
    proto.solution_hint.vars.clear()
    proto.solution_hint.vars.extend(range(len(solution)))
    takes = [(o.shift, v.index) for o, v in variables.take.items()]
    while time.monotonic() < deadline - 0.05:
        free = {i for key in rng.sample(keys, min(NEIGHBOURHOOD, len(keys))) for i in groups[key]}
        for at, index in takes:
            low, high = (0, 1) if at in free else (solution[index], solution[index])
            domain = proto.variables[index].domain
            domain[0], domain[1] = low, high
        proto.solution_hint.values.clear()
        proto.solution_hint.values.extend(solution)
        # No presolve: on a large centre it takes the neighbourhood's whole time, and the
        # fixed seats propagate at once without it.
        solver = _solver(min(NEIGHBOURHOOD_SECONDS, deadline - time.monotonic()), presolve=False)
        code = interrupt.run(solver, model)
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.objective_value <= objective:
            objective, solution = solver.objective_value, list(solver.response_proto.solution)
    for _, index in takes:
        domain = proto.variables[index].domain
        domain[0], domain[1] = 0, 1
    return objective, solution


def _solver(seconds: float, presolve: bool) -> cp_model.CpSolver:
    """One CP-SAT worker (the centres run in parallel processes), seeded, with at least a
    hundredth of a second even when the deadline has passed, so each centre gets its hint back
    as a plan."""
    solve = cpsat.solver(max(0.01, seconds), workers=1, relative_gap=GAP, seed=1)
    solve.parameters.cp_model_presolve = presolve
    return solve


def assign_network(
    instances: list[CentreInstance], time_limit: float = 10.0, workers: int = 2
) -> list[CentreResult]:
    """Solve every centre, `workers` at a time, within about `time_limit` seconds of solving.

    Each centre gets a share of the workers' time in proportion to its size, the largest first
    so the small ones fill in around it.
    """
    if not instances:
        return []
    total = sum(i.size for i in instances) or 1
    limits = [max(0.5, min(time_limit, time_limit * workers * i.size / total)) for i in instances]
    order = sorted(range(len(instances)), key=lambda k: -instances[k].size)
    if workers <= 1:
        results = {k: assign_centre(instances[k], limits[k]) for k in order}
    else:
        # "fork" starts a worker in a fraction of a second where "spawn" re-imports everything
        # (seconds per worker). It is safe here: a CP-SAT solve (e.g. planning the quarter
        # first) joins its threads before returning, so no thread is alive at the fork.
        # Ctrl-C: the workers ignore it and the parent's wait raises KeyboardInterrupt; leaving
        # the block terminates the workers mid-solve instead of waiting for their time limits.
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, initializer=interrupt.leave_sigint_to_parent) as pool:
            pending = {k: pool.apply_async(assign_centre, (instances[k], limits[k])) for k in order}
            results = {k: job.get() for k, job in pending.items()}
    return [results[k] for k in range(len(instances))]


def shortlist(
    instance: CentreInstance, keep: set[tuple[int, int]], per_seat: int
) -> CentreInstance:
    """The instance with, per shift, only the options in `keep` and the `per_seat` × seats best
    others: returning people first, then preferred hours, then an order fixed per weekly shift
    (a hash of shift series and person), so the same few people are candidates every week.

    A large centre has far more eligible people per seat than a search of a few seconds can
    weigh; the shortlist keeps the model small without losing a seat `keep` fills.
    """
    by_shift: dict[int, list[Option]] = defaultdict(list)
    for option in instance.options:
        by_shift[option.shift].append(option)
    kept: list[Option] = []
    for i, options in by_shift.items():
        shift = instance.shifts[i]
        room = per_seat * shift.seats
        if len(options) <= room:
            kept.extend(options)
            continue
        anchor = shift.series if shift.series is not None else -1 - i
        ranked = sorted(
            options,
            key=lambda o: (
                (o.shift, o.person) not in keep,
                not o.returning,
                -o.preference,
                _mix(anchor, o.person),
            ),
        )
        kept.extend(ranked[: max(room, sum((o.shift, o.person) in keep for o in options))])
    return replace(instance, options=sorted(kept, key=lambda o: (o.shift, o.person)))


def _mix(a: int, b: int) -> int:
    """A fixed pseudo-random order of (a, b) pairs (no hash seeding across processes)."""
    return ((a * 1_000_003) ^ (b * 998_244_353)) * 2_654_435_761 % (1 << 32)


def greedy_assignment(instance: CentreInstance) -> list[tuple[int, int]]:
    """Seats in time order, each to the least loaded person who may still take it (regulars of
    the weekly shift first): a quick, valid assignment to start the search from."""
    shifts, people = instance.shifts, instance.people
    by_shift: dict[int, list[Option]] = defaultdict(list)
    for option in instance.options:
        by_shift[option.shift].append(option)
    worked = [0] * len(people)
    weekly: dict[tuple[int, int], int] = defaultdict(int)
    busy: dict[int, list[tuple[int, int]]] = defaultdict(list)
    regulars: dict[int, set[int]] = defaultdict(set)
    taken: list[tuple[int, int]] = []
    rest = instance.min_rest
    for i in sorted(range(len(shifts)), key=lambda k: shifts[k].start):
        shift = shifts[i]

        def fits(p: int, shift: Shift = shift) -> bool:
            return (
                worked[p] + shift.minutes <= people[p].max_quarter
                and weekly[(p, shift.week)] + shift.minutes <= people[p].max_week
                and not any(shift.start < b + rest and a < shift.end + rest for a, b in busy[p])
            )

        candidates = [o for o in by_shift[i] if fits(o.person)]
        candidates.sort(
            key=lambda o: (
                worked[o.person] * 2 > people[o.person].max_quarter,
                shift.series is None or o.person not in regulars[shift.series],
                not o.returning,
                worked[o.person] / max(1, people[o.person].max_quarter),
                -o.preference,
                o.person,
            )
        )
        for option in candidates[: shift.seats]:
            p = option.person
            taken.append((i, p))
            worked[p] += shift.minutes
            weekly[(p, shift.week)] += shift.minutes
            busy[p].append((shift.start, shift.end))
            if shift.series is not None:
                regulars[shift.series].add(p)
    return taken


def _overlapping_groups(spans: list[tuple[int, int, Option]]) -> list[list[Option]]:
    """Maximal groups of half-open spans that share an instant (cliques of the overlap graph)."""
    events = sorted(
        [(start, 1, k) for k, (start, _, _) in enumerate(spans)]
        + [(end, 0, k) for k, (_, end, _) in enumerate(spans)]
    )
    active: set[int] = set()
    grew = False
    groups: list[list[Option]] = []
    for _, is_start, k in events:
        if is_start:
            active.add(k)
            grew = True
        else:
            if grew and len(active) > 1:
                groups.append([spans[j][2] for j in sorted(active)])
            grew = False
            active.discard(k)
    return groups

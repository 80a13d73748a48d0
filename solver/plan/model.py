"""Build the CP-SAT model from the rule registry, solve it, and read the plan back."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from ortools.sat.python import cp_model

from rota.domain.plan import DatedDuty, StandingShift
from solver import cpsat, interrupt
from solver.cpsat import Term, weighted
from solver.plan.coverage_bound import coverage_bound
from solver.plan.greedy import heuristic_plan
from solver.plan.instance import Candidate, Instance
from solver.plan.neighbourhood import Incumbent, NeighbourhoodSearch
from solver.plan.relaxation import BackgroundRelaxation, solve_relaxation, trivial_bound
from solver.plan.rules import RULES, RuleContext, Shortfall
from solver.plan.variables import Variables


@dataclass(frozen=True)
class Progress:
    seconds: float
    objective: float
    bound: float

    @property
    def gap(self) -> float:
        """How far the best plan so far may still be from the best possible (relative)."""
        return _gap(self.objective, self.bound)


class Status(StrEnum):
    """How a solve ended. OPTIMAL means within the relative gap asked (0.1 % by default)."""

    OPTIMAL = "OPTIMAL"
    FEASIBLE = "FEASIBLE"
    INFEASIBLE = "INFEASIBLE"
    MODEL_INVALID = "MODEL_INVALID"
    UNKNOWN = "UNKNOWN"


@dataclass(frozen=True)
class Unmet:
    """A hard rule the plan falls short of: which, for what (a service, or a centre for R4's
    weekly hours), and where in words."""

    rule: str
    subject: str
    where: str


@dataclass
class SolveResult:
    """A solve's outcome. An infeasible input is a status with shortfalls, not an exception."""

    status: Status
    objective: float
    bound: float
    seconds: float
    standing: list[StandingShift] = field(default_factory=list)
    dated: list[DatedDuty] = field(default_factory=list)
    shortfalls: list[Unmet] = field(default_factory=list)
    variables: int = 0
    constraints: int = 0
    # Seconds from the start to the end of phase 1 (the fewest shortfalls settled): from there on
    # the phase-2 model exists.
    phase1_seconds: float | None = None

    @property
    def gap(self) -> float:
        """Relative gap between the best plan and the proven bound."""
        return _gap(self.objective, self.bound)

    @property
    def has_plan(self) -> bool:
        return self.status in {Status.OPTIMAL, Status.FEASIBLE}


@dataclass
class Built:
    """The plan's model with every rule of `solver.plan.rules.RULES` added, objective not
    yet set."""

    model: cp_model.CpModel
    variables: Variables
    shortfall: cp_model.LinearExpr  # the hard rules' weighted shortfalls (phase 1's objective)
    soft: cp_model.LinearExpr  # the soft terms (added to it in phase 2)
    shortfalls: list[Shortfall]


def build_model(instance: Instance) -> Built:
    model = cp_model.CpModel()
    variables = Variables(instance, model)
    ctx = RuleContext(instance, model, variables)
    hard: list[Term] = []
    soft: list[Term] = []
    for rule in RULES:
        for term in rule(ctx):
            (hard if term.hard else soft).append(term)
    return Built(model, variables, weighted(hard), weighted(soft), ctx.shortfalls)


def solve(
    instance: Instance,
    time_limit: float = 60.0,
    workers: int = 2,
    on_progress: Callable[[Progress], None] | None = None,
    relative_gap: float = 1e-3,
    on_model: Callable[[cp_model.CpModel], None] | None = None,
) -> SolveResult:
    """Solve lexicographically: first the fewest hard-rule shortfalls, then, keeping that, the
    best soft objective, within `time_limit` seconds in all. The plan's standing shifts are
    valid from `instance.pattern_from`.

    Two phases because one weighted objective makes the search spend its time trading huge shortfall
    costs against each other before it ever looks at answered contacts. Phase 1 is the greedy cover
    (`solver.plan.greedy`) completed by CP-SAT, and a CP-SAT solve for the fewest shortfalls only if
    that cover falls short. Phase 2 is a neighbourhood search (`solver.plan.neighbourhood`) from a
    heuristic plan; its bound is the model's LP relaxation (`solver.plan.relaxation`), solved in a
    child process meanwhile. It stops when plan and bound are within `relative_gap` of each other
    (0.1 %: "proven optimal" for the coordinator's purposes). A shortfall no decision can change
    (a gap in what the notice keeps) is reported but not in the objective (`rules._at_least`), so
    it neither holds up phase 1 nor sits in the gap as if the search had to close it. `workers`
    is both CP-SAT's threads in the single solves and the neighbourhoods solved at a time.
    `on_model` receives the phase-2 model (full objective, the starting plan as hint) at the end,
    for the benchmarks' comparison with other solvers on the very same model.
    """
    started = time.monotonic()
    deadline = started + time_limit
    built = build_model(instance)
    model, variables, shortfall = built.model, built.variables, built.shortfall

    model.minimize(shortfall)
    # Phase 1 starts from the heuristic's cover (the requirements weigh most in its greedy
    # fill), so it has a plan to return even on a network too large to search in time. The
    # heuristic starts from the calendar in force, if any: S3 makes every shift it changes a
    # cost, so a cover built from nothing starts phase 2 far from the optimum.
    start = _heuristic_start(
        model,
        instance,
        variables,
        _in_force(instance, variables),
        workers,
        seconds=0.1 * (deadline - time.monotonic()),
    )
    if start is not None and objective_at(model, start) == 0:
        # The heuristic's cover already meets every hard rule: nothing for phase 1 to prove.
        phase1 = start
    else:
        if start is not None:
            _hint(model, start)
        # Phase 1 stops as soon as it proves no shortfall is needed, which is usually quick; it
        # may take most of what is left on a tight network, where a full cover matters more than
        # polish.
        first = cpsat.solver(0.6 * (deadline - time.monotonic()), workers, relative_gap=0.0)
        code = interrupt.run(first, model)
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            phase1 = list(first.response_proto.solution)
        elif start is not None and code == cp_model.UNKNOWN:
            phase1 = start  # out of time before CP-SAT even reported its hint: the hint is a plan
        else:
            return SolveResult(
                status=Status(first.status_name(code)),
                objective=0,
                bound=first.best_objective_bound,
                seconds=time.monotonic() - started,
                variables=len(model.proto.variables),
                constraints=len(model.proto.constraints),
            )
    least_shortfall = round(objective_at(model, phase1))
    model.add(shortfall <= least_shortfall)
    phase1_seconds = time.monotonic() - started
    # Shortfalls stay in the objective: if phase 1 ran out of time, phase 2 may still close them.
    model.minimize(shortfall + built.soft)

    # The bounds are solved beside the search, in a child process (`BackgroundRelaxation`), for
    # as long as the time limit allows: first the quick one from coverage alone, then the model's
    # own LP relaxation, nearly exact; until one is in, the bound is the trivial one.
    limit = deadline - time.monotonic()
    relaxation = BackgroundRelaxation(
        lambda: coverage_bound(instance, strict=least_shortfall == 0, time_limit=limit),
        lambda: solve_relaxation(model, time_limit=limit),
    )
    try:
        found = {c: phase1[v.index] for c, v in variables.shift.items() if phase1[v.index]}
        values = _heuristic_start(
            model,
            instance,
            variables,
            found,
            workers,
            seconds=max(0.5, 0.1 * (deadline - time.monotonic())),
        )
        values = values or phase1
        _hint(model, values)  # the plan phase 2 starts from, kept with the model for the bench
        incumbent = Incumbent(values, objective_at(model, values))
        bound = trivial_bound(model)
        latest = incumbent

        def report(plan: Incumbent) -> None:
            nonlocal latest
            latest = plan
            if on_progress is not None:
                on_progress(Progress(time.monotonic() - started, plan.objective, bound))

        def good_enough(objective: float) -> bool:
            nonlocal bound
            if not relaxation.done:
                relaxation.poll()
                if relaxation.result is not None and relaxation.result.bound > bound:
                    bound = relaxation.result.bound
                    report(latest)
            return _gap(objective, bound) <= relative_gap

        report(incumbent)
        search = NeighbourhoodSearch(model, variables, workers)
        incumbent = search.improve(incumbent, deadline, good_enough, on_improvement=report)
        good_enough(incumbent.objective)  # a bound that came in with the last step
    finally:
        relaxation.stop()
    if search.proven:  # a neighbourhood held the whole model: its optimum is proven
        bound = incumbent.objective
        report(incumbent)
    proven = _gap(incumbent.objective, bound) <= relative_gap
    result = SolveResult(
        status=Status.OPTIMAL if proven else Status.FEASIBLE,
        objective=incumbent.objective,
        bound=bound,
        seconds=time.monotonic() - started,
        variables=len(model.proto.variables),
        constraints=len(model.proto.constraints),
        phase1_seconds=phase1_seconds,
    )
    value = _reader(incumbent.values)
    result.standing = _standing(instance, variables, value)
    result.dated = _dated(instance, variables, value)
    result.shortfalls = _shortfalls(built.shortfalls, value)
    if on_model is not None:
        on_model(model)
    return result


def _gap(objective: float, bound: float) -> float:
    return abs(objective - bound) / max(abs(objective), 1.0)


def objective_at(model: cp_model.CpModel, values: list[int]) -> float:
    """The model's objective at `values` (by proto index)."""
    objective = model.proto.objective
    total = sum(c * values[v] for v, c in zip(objective.vars, objective.coeffs, strict=True))
    return float(total + objective.offset)


def _reader(values: list[int]) -> Callable[[cp_model.IntVar], int]:
    return lambda var: values[var.index]


def _heuristic_start(
    model: cp_model.CpModel,
    instance: Instance,
    variables: Variables,
    start: dict[Candidate, int],
    workers: int,
    seconds: float,
) -> list[int] | None:
    """`start` improved by `solver.plan.greedy.heuristic_plan`, as a value for every variable of
    `model` (None if the heuristic's shifts do not fit it).

    The heuristic decides the standing shifts only, and CP-SAT follows a partial hint loosely.
    So a copy of the model with those shifts fixed is solved briefly for every other variable
    (dated duties, coverage, levels, shortfalls): that is quick, as presolve fixes nearly all
    of it, and gives a complete plan.
    """
    planned = heuristic_plan(instance, start, seconds)
    fixed = model.clone()
    fixed.clear_hints()
    for cand, var in variables.shift.items():
        domain = fixed.proto.variables[var.index].domain
        domain[0] = domain[1] = planned.get(cand, 0)
    completion = cpsat.solver(max(1.0, seconds), workers, relative_gap=0.0)
    if interrupt.run(completion, fixed) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return list(completion.response_proto.solution)


def _in_force(instance: Instance, variables: Variables) -> dict[Candidate, int]:
    """The baseline's standing shifts that are candidates (within their centre's lines)."""
    found: dict[Candidate, int] = {}
    for cand in variables.shift:
        responders = instance.baseline.get((cand.centre, cand.service, cand.start, cand.length))
        if responders:
            found[cand] = min(responders, instance.lines(cand.centre, cand.service))
    return found


def _hint(model: cp_model.CpModel, values: list[int]) -> None:
    model.clear_hints()
    model.proto.solution_hint.vars.extend(range(len(values)))
    model.proto.solution_hint.values.extend(values)


def _standing(
    instance: Instance, variables: Variables, value: Callable[[cp_model.IntVar], int]
) -> list[StandingShift]:
    g = instance.slot_minutes
    out = []
    for cand, var in variables.shift.items():
        n = value(var)
        if n:
            out.append(cand.shift(g, n, instance.pattern_from))
    return sorted(out)


def _dated(
    instance: Instance, variables: Variables, value: Callable[[cp_model.IntVar], int]
) -> list[DatedDuty]:
    g = instance.slot_minutes
    out = [cand.duty(g, n) for cand, var in variables.dated.items() if (n := value(var))]
    return sorted(out)


def _shortfalls(
    shortfalls: list[Shortfall], value: Callable[[cp_model.IntVar], int]
) -> list[Unmet]:
    return [Unmet(s.rule, s.service, s.where) for s in shortfalls if value(s.var) > 0]

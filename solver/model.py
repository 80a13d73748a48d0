"""Build the CP-SAT model from the rule registry, solve it, and read the plan back."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from rota.calendar import local
from rota.plan import DatedDuty, Kind, StandingShift
from solver.greedy import heuristic_plan
from solver.instance import Instance
from solver.rules import RULES, RuleContext, Shortfall, Term
from solver.variables import Variables


@dataclass(frozen=True)
class Progress:
    seconds: float
    objective: float
    bound: float


@dataclass
class SolveResult:
    """A solve's outcome. An infeasible input is a status with shortfalls, not an exception."""

    status: str  # OPTIMAL, FEASIBLE, INFEASIBLE, MODEL_INVALID or UNKNOWN
    objective: float
    bound: float
    seconds: float
    standing: list[StandingShift] = field(default_factory=list)
    dated: list[DatedDuty] = field(default_factory=list)
    shortfalls: list[tuple[str, str, str]] = field(default_factory=list)  # rule, subject, where
    variables: int = 0
    constraints: int = 0

    @property
    def gap(self) -> float:
        """Relative gap between the best plan and the proven bound (0 when optimal)."""
        if self.status == "OPTIMAL":
            return 0.0
        scale = max(abs(self.objective), 1.0)
        return abs(self.objective - self.bound) / scale

    @property
    def has_plan(self) -> bool:
        return self.status in {"OPTIMAL", "FEASIBLE"}


class _Reporter(cp_model.CpSolverSolutionCallback):
    def __init__(self, on_progress: Callable[[Progress], None], started: float) -> None:
        super().__init__()
        self._on_progress = on_progress
        self._started = started

    def on_solution_callback(self) -> None:
        self._on_progress(
            Progress(
                time.monotonic() - self._started, self.objective_value, self.best_objective_bound
            )
        )


def solve(
    instance: Instance,
    time_limit: float = 60.0,
    workers: int = 2,
    on_progress: Callable[[Progress], None] | None = None,
    relative_gap: float = 1e-4,
) -> SolveResult:
    """Solve lexicographically: first the fewest hard-rule shortfalls, then, keeping that, the
    best soft objective. The plan's standing shifts are valid from `instance.pattern_from`.

    Two phases because one weighted objective makes the search spend its time trading huge
    shortfall costs against each other before it ever looks at answered contacts.
    """
    started = time.monotonic()
    model = cp_model.CpModel()
    variables = Variables(instance, model)
    ctx = RuleContext(instance, model, variables)
    hard: list[Term] = []
    soft: list[Term] = []
    for _name, rule in RULES:
        for term in rule(ctx):
            (hard if term.hard else soft).append(term)
    shortfall = _weighted(hard)

    model.minimize(shortfall)
    # Phase 1 stops as soon as it proves no shortfall is needed, which is usually quick; it may
    # take most of the budget on a tight network, where a full cover matters more than polish.
    first = _solver(workers, time_limit * 0.8, relative_gap=0.0)
    code = first.solve(model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return SolveResult(
            status=first.status_name(code),
            objective=0,
            bound=first.best_objective_bound,
            seconds=time.monotonic() - started,
            variables=len(model.proto.variables),
            constraints=len(model.proto.constraints),
        )
    model.add(shortfall <= round(first.objective_value))
    # Shortfalls stay in the objective: if phase 1 ran out of time, phase 2 may still close them.
    model.minimize(shortfall + _weighted(soft))
    spent = time.monotonic() - started
    hinted = _hint_heuristic_plan(
        model, instance, variables, first, workers, seconds=max(0.5, 0.1 * (time_limit - spent))
    )

    remaining = max(1.0, time_limit - (time.monotonic() - started))
    second = _solver(workers, remaining, relative_gap)
    reporter = _Reporter(on_progress, started) if on_progress else None
    code = second.solve(model, reporter)
    best = second
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # Out of time before phase 2 found a plan: the plan it was hinted with is still a plan
        # of the same model (the heuristic one, else phase 1's).
        best, code = hinted, cp_model.FEASIBLE
    result = SolveResult(
        status=second.status_name(code),
        objective=best.objective_value,
        bound=second.best_objective_bound,
        seconds=time.monotonic() - started,
        variables=len(model.proto.variables),
        constraints=len(model.proto.constraints),
    )
    result.standing = _standing(instance, variables, best)
    result.dated = _dated(instance, variables, best)
    result.shortfalls = _shortfalls(ctx.shortfalls, best)
    return result


def _hint_heuristic_plan(
    model: cp_model.CpModel,
    instance: Instance,
    variables: Variables,
    first: cp_model.CpSolver,
    workers: int,
    seconds: float,
) -> cp_model.CpSolver:
    """Start phase 2 from phase 1's plan improved by `solver.greedy.heuristic_plan`; return the
    solver holding the complete plan used as the hint.

    A hint of the shifts alone is not enough: CP-SAT follows a partial hint only loosely. So a
    copy of the model with those shifts fixed is solved briefly for every other variable
    (dated duties, coverage, levels), and that complete solution becomes the hint. If the
    heuristic shifts do not fit, phase 1's complete solution is the hint instead.
    """
    found = {cand: first.value(var) for cand, var in variables.shift.items()}
    planned = heuristic_plan(instance, {c: n for c, n in found.items() if n}, seconds)
    fixed = model.clone()
    for cand, var in variables.shift.items():
        copy = fixed.get_int_var_from_proto_index(var.index)
        fixed.add(copy == planned.get(cand, 0))
    completion = _solver(workers, max(1.0, seconds), relative_gap=0.01)
    code = completion.solve(fixed)
    source = completion if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) else first
    for index in range(len(model.proto.variables)):
        var = model.get_int_var_from_proto_index(index)
        model.add_hint(var, source.value(var))
    return source


def _weighted(terms: list[Term]) -> cp_model.LinearExpr:
    return cp_model.LinearExpr.weighted_sum([t.expr for t in terms], [t.cost for t in terms])


def _solver(workers: int, time_limit: float, relative_gap: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.relative_gap_limit = relative_gap
    return solver


def _standing(
    instance: Instance, variables: Variables, solver: cp_model.CpSolver
) -> list[StandingShift]:
    g, per_day = instance.slot_minutes, instance.slots_per_day
    out = []
    for cand, var in variables.shift.items():
        n = solver.value(var)
        if n:
            out.append(
                StandingShift(
                    centre=cand.centre,
                    service=cand.service,
                    weekday=cand.start // per_day,
                    start=(cand.start % per_day) * g,
                    minutes=cand.length * g,
                    responders=n,
                    valid_from=instance.pattern_from,
                )
            )
    return sorted(out)


def _dated(instance: Instance, variables: Variables, solver: cp_model.CpSolver) -> list[DatedDuty]:
    g = instance.slot_minutes
    out = []
    for cand, var in variables.dated.items():
        n = solver.value(var)
        if n:
            kind: Kind = "holiday-duty" if cand.kind == "holiday-duty" else "substitute"
            out.append(
                DatedDuty(
                    start=local(cand.day, cand.start * g),
                    end=local(cand.day, (cand.start + cand.length) * g),
                    centre=cand.centre,
                    service=cand.service,
                    responders=n,
                    kind=kind,
                )
            )
    return sorted(out)


def _shortfalls(
    shortfalls: list[Shortfall], solver: cp_model.CpSolver
) -> list[tuple[str, str, str]]:
    return [(s.rule, s.service, s.where) for s in shortfalls if solver.value(s.var) > 0]

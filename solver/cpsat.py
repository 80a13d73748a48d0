"""What every CP-SAT model here shares: an objective term with its cost and name, the weighted
objective of a list of terms, and a solver set up with a time limit that can never be invalid.

Both models (`solver.plan`, `solver.staffing`) and the repair of a change build their objective
from `Term`s, so a report can say which term cost what."""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model


@dataclass(frozen=True)
class Term:
    expr: cp_model.LinearExprT
    cost: int
    label: str
    hard: bool = False  # a shortfall of a hard rule: minimised first, before any soft term


def weighted(terms: list[Term]) -> cp_model.LinearExpr:
    """The sum of each term's expression times its cost."""
    return cp_model.LinearExpr.weighted_sum([t.expr for t in terms], [t.cost for t in terms])


def solver(
    seconds: float,
    workers: int,
    relative_gap: float | None = None,
    seed: int | None = None,
) -> cp_model.CpSolver:
    """A CP-SAT solver that stops after `seconds` (at once when the deadline has passed: CP-SAT
    calls a negative limit an invalid model and would return no plan at all)."""
    solve = cp_model.CpSolver()
    solve.parameters.max_time_in_seconds = max(0.0, seconds)
    solve.parameters.num_workers = workers
    if relative_gap is not None:
        solve.parameters.relative_gap_limit = relative_gap
    if seed is not None:
        solve.parameters.random_seed = seed
    return solve

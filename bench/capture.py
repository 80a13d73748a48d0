"""Record every CP-SAT solve the product makes, without changing how it makes them.

The benchmark measures the product's own code paths (`solver.model.solve`, `solver.repair.analyse`)
rather than a copy of their model building, so that whatever the solver package changes — rules,
phases, parameters, hints — is what the numbers show. While a `Recorder` is active,
`CpSolver.solve` is wrapped: the wrapper notes the model proto, the parameters, and every
solution and bound improvement with its time, then calls the original with the caller's own
parameters. A caller's own solution callback is kept; only a solve without one gets the
recording callback.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ortools.sat.python import cp_model

from bench.trace import Point, Trace, finite


class _Solutions(cp_model.CpSolverSolutionCallback):
    def __init__(self, record: Callable[[float | None, float | None], None]) -> None:
        super().__init__()
        self._record = record

    def on_solution_callback(self) -> None:
        self._record(self.objective_value, self.best_objective_bound)


class Recorder:
    """Traces of the CP-SAT solves made while it is active; with a `directory`, each solved
    model is also written there as `solve-<n>.pb` (binary CpModelProto)."""

    def __init__(self, directory: Path | None = None) -> None:
        self.started = time.monotonic()
        self.directory = directory
        self.traces: list[Trace] = []

    def model_path(self, index: int) -> Path:
        assert self.directory is not None
        return self.directory / f"solve-{index}.pb"

    def now(self) -> float:
        return time.monotonic() - self.started

    def solve(
        self,
        original: Callable[..., Any],
        solver: cp_model.CpSolver,
        model: cp_model.CpModel,
        callback: cp_model.CpSolverSolutionCallback | None,
    ) -> Any:
        trace = Trace(
            started=self.now(),
            variables=len(model.proto.variables),
            constraints=len(model.proto.constraints),
            parameters=" ".join(str(solver.parameters).split()),
        )
        if self.directory is not None:
            model.export_to_file(str(self.model_path(len(self.traces))))
        self.traces.append(trace)

        def record(objective: float | None, bound: float | None) -> None:
            trace.points.append(Point(self.now(), finite(objective), finite(bound)))

        solver.best_bound_callback = lambda bound: record(None, bound)
        status = original(solver, model, callback or _Solutions(record))
        trace.seconds = self.now() - trace.started
        trace.status = solver.status_name(status)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            trace.objective = finite(solver.objective_value)
            trace.bound = finite(solver.best_objective_bound)
            record(trace.objective, trace.bound)
        return status


@contextmanager
def recording(directory: Path | None = None) -> Iterator[Recorder]:
    """Record every `CpSolver.solve` call made inside the block."""
    recorder = Recorder(directory)
    original = cp_model.CpSolver.solve

    def solve(
        self: cp_model.CpSolver,
        model: cp_model.CpModel,
        solution_callback: cp_model.CpSolverSolutionCallback | None = None,
    ) -> Any:
        return recorder.solve(original, self, model, solution_callback)

    cp_model.CpSolver.solve = solve  # type: ignore[method-assign]
    try:
        yield recorder
    finally:
        cp_model.CpSolver.solve = original  # type: ignore[method-assign]

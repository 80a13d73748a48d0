"""Record the CP-SAT solves the product makes, without changing how it makes them.

The benchmark measures the product's own code paths (`solver.plan.model.solve`,
`rota.app.impact.analyse`) rather than a copy of their model building, so that whatever the solver
package changes — rules, phases, parameters, hints — is what the numbers show. While a `Recorder` is
active, `CpSolver.solve` is wrapped: every call is counted and timed, and the first `detailed` calls
are traced in full — the wrapper notes the model's size, the parameters, and every solution and
bound improvement with its time — then calls the original with the caller's own parameters. A
caller's own solution callback is kept; only a traced solve without one gets the recording callback.
Solves beyond `detailed` (a plan's neighbourhood search makes hundreds of small ones) get no
callback at all, so the recording costs them nothing but a clock reading.
"""

from __future__ import annotations

import time
from collections import Counter
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
    """The CP-SAT solves made while it is active: a count, their total time and statuses, and
    the traces of the first `detailed` of them (None: all). With a `directory`, each traced
    model is also written there as `solve-<n>.pb` (binary CpModelProto)."""

    def __init__(self, directory: Path | None = None, detailed: int | None = None) -> None:
        self.started = time.monotonic()
        self.directory = directory
        self.detailed = detailed
        self.traces: list[Trace] = []
        self.count = 0
        self.seconds = 0.0  # wall time inside CpSolver.solve, all calls
        self.statuses: Counter[str] = Counter()

    def model_path(self, index: int) -> Path:
        assert self.directory is not None
        return self.directory / f"solve-{index}.pb"

    def now(self) -> float:
        return time.monotonic() - self.started

    def summary(self) -> dict[str, Any]:
        """Every solve, traced or not: how many, seconds inside them, and their statuses."""
        return {
            "count": self.count,
            "seconds": self.seconds,
            "statuses": dict(sorted(self.statuses.items())),
        }

    def solve(
        self,
        original: Callable[..., Any],
        solver: cp_model.CpSolver,
        model: cp_model.CpModel,
        callback: cp_model.CpSolverSolutionCallback | None,
    ) -> Any:
        self.count += 1
        if self.detailed is not None and len(self.traces) >= self.detailed:
            started = self.now()
            status = original(solver, model, callback)
            self.seconds += self.now() - started
            self.statuses[solver.status_name(status)] += 1
            return status
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
        self.seconds += trace.seconds
        self.statuses[trace.status] += 1
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            trace.objective = finite(solver.objective_value)
            trace.bound = finite(solver.best_objective_bound)
            record(trace.objective, trace.bound)
        return status


@contextmanager
def recording(directory: Path | None = None, detailed: int | None = None) -> Iterator[Recorder]:
    """Record every `CpSolver.solve` call made inside the block (see `Recorder`)."""
    recorder = Recorder(directory, detailed)
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

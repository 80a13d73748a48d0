"""What one solver run looked like over time: (seconds, objective, bound) points and the
measures the benchmark table reads off them."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

PROVEN_GAP = 1e-3  # "proven optimal" in the sense: relative gap at most 0.1 %
CHECKPOINTS = (10.0, 30.0, 60.0)


def relative_gap(objective: float, bound: float) -> float:
    """|objective − bound| / max(|objective|, 1), as `solver.plan.model.SolveResult.gap`."""
    return abs(objective - bound) / max(abs(objective), 1.0)


@dataclass
class Point:
    seconds: float  # since the run started
    objective: float | None  # the best plan's objective, if a plan was reported
    bound: float | None  # the proven bound, if one was reported


@dataclass
class Trace:
    """One solve of one model: when it started within its run, and its progress."""

    started: float  # seconds from the run's start to this solve's start
    seconds: float = 0.0  # the solve's own wall time
    status: str = "UNKNOWN"
    objective: float | None = None
    bound: float | None = None
    variables: int = 0
    constraints: int = 0
    parameters: str = ""
    points: list[Point] = field(default_factory=list)

    def state_at(self, seconds: float) -> tuple[float | None, float | None]:
        """Best objective and bound known `seconds` after this solve started."""
        objective = bound = None
        for p in self.points:
            if p.seconds - self.started > seconds + 1e-9:
                break
            objective = p.objective if p.objective is not None else objective
            bound = p.bound if p.bound is not None else bound
        return objective, bound

    def first_solution(self) -> float | None:
        """Seconds from this solve's start to its first plan."""
        return next(
            (p.seconds - self.started for p in self.points if p.objective is not None), None
        )

    def time_to_gap(self, gap: float = PROVEN_GAP) -> float | None:
        """Seconds from this solve's start until its gap is at most `gap` (None: never)."""
        objective = bound = None
        for p in self.points:
            objective = p.objective if p.objective is not None else objective
            bound = p.bound if p.bound is not None else bound
            if (
                objective is not None
                and bound is not None
                and relative_gap(objective, bound) <= gap + 1e-12
            ):
                return p.seconds - self.started
        return None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Trace:
        points = [Point(**p) for p in data.get("points", [])]
        return cls(**{**data, "points": points})


def finite(value: float | None) -> float | None:
    """JSON has no infinity: an infinite bound is no bound."""
    if value is None or not math.isfinite(value):
        return None
    return float(value)

"""Large-neighbourhood search over the plan's model: re-solve a few centres, or a few hours of
the week, exactly, with everything else held where it is.

CP-SAT's own neighbourhoods free variables at random or along the constraint graph. A better
placement of hours here means moving whole shifts of one centre to other hours, or trading hours
between centres that staff the same service at the same time; a random set of variables almost
never contains both ends of such a move. The two neighbourhoods below contain them by
construction:

- *centres*: every standing shift of k centres is free (the centres' weekly hours move
  anywhere within their availability);
- *window*: every standing shift starting within a span of the week is free, at every centre
  (hours trade between centres around those hours);
- *windows*: the same for two disjoint spans of half the size (a centre's weekly hours are
  usually all spent, so moving an hour from one time to another needs both times free);
- *fairness*: the weekend's standing shifts (from Friday on) of the holiday-duty centres with
  the most and the least weekend-evening duty (S2 is their difference, so only a move between
  them lowers it, and with their weekly hours spent, each needs its other weekend shifts free
  to make room; the whole week of six tied centres is too much to solve in a step).

Dated duties are always free (they are few, and they follow the standing shifts they stand in
for). Each neighbourhood is a copy of the full model with the other shifts' domains fixed to the
current plan, solved by CP-SAT from the current plan as a complete hint, so every accepted step
is a plan of the full model and the objective never gets worse. Sizes adapt as CP-SAT's own LNS
does: a neighbourhood solved to optimality grows, one that runs out of time shrinks.

Neighbourhoods are solved side by side, one CP-SAT worker each, as many at a time as there are
workers: on the fixture week (before the parameters of `_solve` were tuned) two single-worker
solves at a time reached 0.1 % in a median of 21.8 s over four runs, one two-worker solve at a
time in 29 s (two of four runs not within 30 s). When the search ends, solves still running are
stopped rather than waited for.
A step that ends finds the incumbent perhaps improved by the other since it began; its plan is
still a plan of the full model, and it is kept only if it is better.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from solver import cpsat, interrupt
from solver.plan.variables import Variables

# One neighbourhood's time limit on a model of the fixture week's size. With the parameters of
# `_solve` (three runs each to a proven 0.1 % on the fixture week): 0.5 s 6.6/7.3/6.6 s, 0.4 s
# 6.6 s thrice, 0.7 s 5.6/6.6/5.6 s and later 6.8/8.3/8.3 s against 0.5 s's 6.5/5.1/5.3 s.
SUB_SECONDS = 0.5
FIXTURE_SIZE = 15_000  # variables in the fixture's weekly model, where SUB_SECONDS was chosen
GROW, SHRINK = 1.25, 0.8
KINDS = ("centres", "window", "windows", "fairness")


@dataclass
class Incumbent:
    """The best plan so far: a value for every model variable, by proto index."""

    values: list[int]
    objective: float


@dataclass
class _Size:
    """A neighbourhood's adaptive size, between `low` and `high`."""

    value: float
    low: float
    high: float

    def adapt(self, solved: bool) -> None:
        factor = GROW if solved else SHRINK
        self.value = min(self.high, max(self.low, self.value * factor))

    @property
    def whole(self) -> int:
        return round(self.value)


class NeighbourhoodSearch:
    def __init__(
        self,
        model: cp_model.CpModel,
        variables: Variables,
        workers: int,
        seed: int = 0,
    ) -> None:
        self.model = model
        self.workers = workers
        self.random = np.random.default_rng(seed)
        per_week = variables.instance.slots_per_week
        self.per_week = per_week
        self.by_centre: dict[str, list[int]] = defaultdict(list)
        self.starts: list[tuple[int, int]] = []  # (weekly start slot, proto index)
        for cand, var in variables.shift.items():
            self.by_centre[cand.centre].append(var.index)
            self.starts.append((cand.start, var.index))
        self.shift_indices = [index for _, index in self.starts]
        self.centre_names = sorted(self.by_centre)
        centres = len(self.by_centre)
        instance = variables.instance
        group = [c for c in instance.scenario.rules.holiday_duty_group if c in self.by_centre]
        finnish = instance.scenario.rules.finnish_line
        friday = 4 * variables.instance.slots_per_day
        self.weekend: dict[str, list[int]] = defaultdict(list)
        for cand, var in variables.shift.items():
            if cand.start >= friday:
                self.weekend[cand.centre].append(var.index)
        self.evenings: dict[str, list[int]] = {}
        for centre in group:
            found = (variables.coverage_var(centre, finnish, slot) for slot in instance.group_slots)
            self.evenings[centre] = [var.index for var in found if var is not None]
        per_day = variables.instance.slots_per_day
        self.sizes = {
            "centres": _Size(min(3.0, centres), 1.0, float(centres)),
            "window": _Size(1.5 * per_day, 4.0, float(per_week)),
            "windows": _Size(1.5 * per_day, 4.0, float(per_week)),
        }
        self.iterations = 0
        # Set when a neighbourhood that frees every standing shift is solved to optimality: the
        # plan is then the full model's optimum (dated duties are free in every neighbourhood).
        self.proven = False
        # Each neighbourhood's solve copies and presolves the whole model, which takes longer the
        # larger the network: its time grows with the model beyond the fixture's size.
        self.sub_seconds = SUB_SECONDS * max(1.0, len(model.proto.variables) / FIXTURE_SIZE)
        self._solving: set[cp_model.CpSolver] = set()  # the solves running now
        self._stopped = False  # the search has ended: no new solve may start

    def improve(
        self,
        incumbent: Incumbent,
        deadline: float,
        good_enough: Callable[[float], bool],
        on_improvement: Callable[[Incumbent], None] | None = None,
    ) -> Incumbent:
        """Improve `incumbent` until `deadline` (time.monotonic) or until `good_enough` says the
        objective is close enough to the bound."""
        running: dict[Future[tuple[Incumbent | None, bool, bool]], str] = {}
        with ThreadPoolExecutor(max_workers=self.workers) as pool, self._stopping_at_exit():
            while not good_enough(incumbent.objective) and not self.proven:
                remaining = deadline - time.monotonic()
                while len(running) < self.workers and remaining >= 0.2:
                    kind = KINDS[self.iterations % len(KINDS)]
                    free = self.neighbourhood(kind, incumbent)
                    self.iterations += 1
                    if free:
                        seconds = min(self.sub_seconds, remaining)
                        running[pool.submit(self._solve, free, incumbent, seconds)] = kind
                if not running:
                    break
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for job in done:
                    kind = running.pop(job)
                    found, solved, proven = job.result()
                    self.proven |= proven
                    if kind in self.sizes:
                        self.sizes[kind].adapt(solved)
                    if found is not None and found.objective < incumbent.objective - 0.5:
                        incumbent = found
                        if on_improvement is not None:
                            on_improvement(incumbent)
        return incumbent

    @contextmanager
    def _stopping_at_exit(self) -> Iterator[None]:
        """Stop the solves still running when the block ends (the pool then joins at once), and
        any about to start."""
        self._stopped = False
        try:
            yield
        finally:
            self._stopped = True
            # A stop that reaches a solver before its solve() has begun is lost (OR-Tools has
            # nothing to stop yet), so keep stopping until every registered solve has returned.
            while self._solving:
                for solver in list(self._solving):
                    solver.stop_search()
                time.sleep(0.01)

    def neighbourhood(self, kind: str, incumbent: Incumbent) -> set[int]:
        """The proto indices of the standing shifts a neighbourhood of `kind` frees."""
        if kind == "centres":
            return self._free_centres()
        if kind == "window":
            return self._free_window()
        if kind == "windows":
            return self._free_windows()
        return self._free_fairness(incumbent)

    def _free_fairness(self, incumbent: Incumbent) -> set[int]:
        """The most and the least loaded holiday-duty centres (nothing if they are level). All
        centres tied at either end are free: lowering one of several maxima changes nothing."""
        if len(self.evenings) < 2:
            return set()
        load = {c: sum(incumbent.values[i] for i in idx) for c, idx in self.evenings.items()}
        most, least = max(load.values()), min(load.values())
        if most == least:
            return set()
        chosen = [c for c, n in load.items() if n in (most, least)]
        return {index for centre in chosen for index in self.weekend[centre]}

    def _free_centres(self) -> set[int]:
        size = self.sizes["centres"].whole
        chosen = self.random.choice(len(self.centre_names), size, replace=False)
        return {index for c in chosen for index in self.by_centre[self.centre_names[c]]}

    def _free_window(self) -> set[int]:
        first, span = int(self.random.integers(self.per_week)), self.sizes["window"].whole
        return {index for start, index in self.starts if (start - first) % self.per_week < span}

    def _free_windows(self) -> set[int]:
        # Two disjoint spans fit only if each is under half the week: a size grown to the whole
        # week is two spans of just under half of it.
        span = min(max(2, self.sizes["windows"].whole // 2), (self.per_week - 1) // 2)
        first = int(self.random.integers(self.per_week))
        second = (first + int(self.random.integers(span, self.per_week - span))) % self.per_week
        return {
            index
            for start, index in self.starts
            if (start - first) % self.per_week < span or (start - second) % self.per_week < span
        }

    def _solve(
        self, free: set[int], incumbent: Incumbent, seconds: float
    ) -> tuple[Incumbent | None, bool, bool]:
        """Re-solve with every standing shift outside `free` fixed, on one worker: (plan found,
        solved to optimality, and so the full model's optimum because nothing was fixed)."""
        values = incumbent.values
        sub = self.model.clone()
        sub.clear_hints()
        variables = sub.proto.variables
        for index in self.shift_indices:
            if index not in free:
                domain = variables[index].domain
                domain[0] = domain[1] = values[index]
        hint = sub.proto.solution_hint
        hint.vars.extend(range(len(values)))
        hint.values.extend(values)
        solver = cpsat.solver(seconds, workers=1)
        # The full linearisation (with its cuts) in the single worker's LP: on the fixture week
        # 0.1 % was proven in 8.0/7.6 s with it, 19.8/19.6/17.2 s at the default level 1.
        solver.parameters.linearization_level = 2
        # No probing in presolve: it costs a fixed share of every short solve (fixture week, three
        # runs: 4.9/5.0/5.3 s without, 6.6/7.3/6.6 s with).
        solver.parameters.cp_model_probing_level = 0
        solver.parameters.relative_gap_limit = 0.0
        self._solving.add(solver)
        try:
            # (A stop that came while the model was copied found no solver to stop.)
            code = cp_model.UNKNOWN if self._stopped else interrupt.run(solver, sub)
        finally:
            self._solving.discard(solver)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None, False, False
        found = Incumbent(list(solver.response_proto.solution), solver.objective_value)
        solved = code == cp_model.OPTIMAL
        return found, solved, solved and len(free) == len(self.shift_indices)

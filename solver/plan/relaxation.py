"""The linear relaxation of a CP-SAT model, solved by GLOP: a proven bound.

The plan's model is linear apart from S3's absolute changes, and its LP relaxation is tight
(the benchmarks measure plans within 0.1 % of it), but CP-SAT's own bound climbs towards it
slowly: its LP is built incrementally, with cuts and iteration limits, and presolve rewrites S1's
levels into a weaker encoding. Solving the relaxation once, with the primal simplex of OR-Tools'
GLOP, gives that bound in about a second on the fixture (ten on a network of 60 centres).

`BackgroundRelaxation` solves it, after the quicker bound of `solver.plan.coverage_bound`, in a
child process while the search runs: GLOP holds the interpreter's lock while it solves, so a thread
would stop the search for as long.

Only relaxing is allowed here, so the bound stays valid whatever the model holds: a linear
constraint keeps its span (holes in a domain are ignored), `lin_max` keeps `target ≥ expr` for
each expression, and every other constraint (and any constraint with an enforcement literal) is
left out.
"""

from __future__ import annotations

import math
import multiprocessing
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection

from ortools.linear_solver import linear_solver_pb2, pywraplp
from ortools.sat.python import cp_model

from solver import interrupt

# GLOP's primal and dual tolerances are about 1e-7; a bound is only claimed this far below the LP
# optimum, relative to its size, before rounding up to the integer objective.
SAFETY = 1e-6


@dataclass(frozen=True)
class Relaxation:
    bound: float  # proven lower bound of the model's (minimised, integer) objective
    values: list[float]  # LP value of every model variable, by proto index
    seconds: float


def solve_relaxation(model: cp_model.CpModel, time_limit: float = 30.0) -> Relaxation | None:
    """Solve the LP relaxation of `model`'s minimisation; None if GLOP does not finish.

    The objective must have integer coefficients and offset (the planner's does), which is what
    lets the bound round up to the next integer. The LP is written as one request proto rather
    than through the solver's per-coefficient calls: on a 200-centre network that is the
    difference between seconds and a minute of building.
    """
    if time_limit <= 0:
        return None
    started = time.monotonic()
    proto = model.proto
    request = linear_solver_pb2.MPModelRequest(
        solver_type=linear_solver_pb2.MPModelRequest.GLOP_LINEAR_PROGRAMMING
    )
    lp = request.model
    lp.variable.extend(
        linear_solver_pb2.MPVariableProto(lower_bound=v.domain[0], upper_bound=_last(v.domain))
        for v in proto.variables
    )
    for var, coeff in zip(proto.objective.vars, proto.objective.coeffs, strict=True):
        lp.variable[var].objective_coefficient += coeff
    rows = lp.constraint
    for ct in proto.constraints:
        if len(ct.enforcement_literal):
            continue
        if ct.has_linear():
            linear = ct.linear
            if all(v >= 0 for v in linear.vars):
                low, high = linear.domain[0], _last(linear.domain)
                rows.append(
                    linear_solver_pb2.MPConstraintProto(
                        var_index=linear.vars,
                        coefficient=linear.coeffs,
                        lower_bound=-math.inf if low <= cp_model.INT_MIN else low,
                        upper_bound=math.inf if high >= cp_model.INT_MAX else high,
                    )
                )
        elif ct.has_lin_max():
            target = ct.lin_max.target
            for expr in ct.lin_max.exprs:
                # target − expr ≥ expr.offset − target.offset
                vars_ = [*target.vars, *expr.vars]
                if all(v >= 0 for v in vars_):
                    rows.append(
                        linear_solver_pb2.MPConstraintProto(
                            var_index=vars_,
                            coefficient=[*target.coeffs, *(-c for c in expr.coeffs)],
                            lower_bound=expr.offset - target.offset,
                            upper_bound=math.inf,
                        )
                    )
    scale = proto.objective.scaling_factor or 1.0
    return solve_request(request, proto.objective.offset, scale, time_limit, started)


def solve_request(
    request: linear_solver_pb2.MPModelRequest,
    offset: float,
    scale: float,
    time_limit: float,
    started: float,
) -> Relaxation | None:
    """Solve an LP written as a request (GLOP) for what is left of `time_limit` since
    `started`; its optimum plus `offset`, rounded up to an integer with the SAFETY margin and
    times `scale`, is the bound of an objective with integer coefficients."""
    request.solver_time_limit_seconds = max(0.0, time_limit - (time.monotonic() - started))
    response = linear_solver_pb2.MPSolutionResponse()
    pywraplp.Solver.SolveWithProto(request, response)
    if response.status != linear_solver_pb2.MPSOLVER_OPTIMAL:
        return None
    raw = response.objective_value + offset
    bound = math.ceil(raw - SAFETY * max(1.0, abs(raw)))
    return Relaxation(
        bound=scale * bound,
        values=list(response.variable_value),
        seconds=time.monotonic() - started,
    )


Bound = Callable[[], "Relaxation | None"]


class BackgroundRelaxation:
    """Bounds solved one after the other in a forked child process (`bounds`: each a call that
    returns a `Relaxation`, or None if it did not finish); `poll` collects what has come in.

    A fork, not a spawn: the child has the model without pickling it and starts in milliseconds.
    It is safe because the caller starts it between CP-SAT solves, when no solver thread is
    alive. The child is a daemon, so the caller must not be one (the planner never is).
    """

    def __init__(self, *bounds: Bound) -> None:
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_solve_and_send, args=(bounds, sender), daemon=True)
        self._process.start()
        sender.close()  # the child holds its own end; ours must go for EOF to reach us
        self._waiting = len(bounds)
        self.result: Relaxation | None = None  # the highest bound in so far

    @property
    def done(self) -> bool:
        return self._waiting == 0

    def poll(self) -> bool:
        """Collect the answers that are in; whether every bound has answered (or the child
        died). `result` is then the highest bound that finished, or None."""
        while not self.done and self._receiver.poll():
            try:
                answer = self._receiver.recv()
            except EOFError:  # the child died: nothing more will come
                self._waiting = 0
                break
            self._waiting -= 1
            if answer is not None and (self.result is None or answer.bound > self.result.bound):
                self.result = answer
        if self.done:
            self._process.join()
        return self.done

    def stop(self) -> None:
        """End the child if it is still solving (the time is up); answers not yet collected
        are dropped."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._receiver.close()
        self._waiting = 0


def _solve_and_send(bounds: tuple[Bound, ...], sender: Connection) -> None:
    interrupt.leave_sigint_to_parent()
    for bound in bounds:
        sender.send(bound())
    sender.close()


def trivial_bound(model: cp_model.CpModel) -> float:
    """A bound that needs no solve, for when the LP does not finish in time: every objective
    term at the best end of its domain. Valid, and loose."""
    objective = model.proto.objective
    variables = model.proto.variables
    total = objective.offset
    for var, coeff in zip(objective.vars, objective.coeffs, strict=True):
        domain = variables[var].domain
        total += min(coeff * domain[0], coeff * _last(domain))
    return float(total)


def _last(values: Sequence[int]) -> int:
    """The last element: the proto's repeated fields do not support negative indices."""
    return int(values[len(values) - 1])

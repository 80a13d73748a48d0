"""The same model, solved by HiGHS: a CP-SAT model proto translated into a MIP.

The translation is exact for what the rota models use: integer variables with interval domains,
linear constraints (with enforcement literals as big-M rows), `bool_or` / `bool_and` (the
implications of S1's levels), `at_most_one` / `exactly_one`, `lin_max` (S3's absolute changes)
and the objective with its offset and scaling. A `lin_max` whose target only appears in the
objective with a non-negative cost becomes `target ≥ expr` rows, which is exact at every
optimum and what a modeller would write for HiGHS; any other `lin_max` gets one binary per
argument. The model's solution hint becomes HiGHS's (partial) starting solution, so both solvers
start from the same information. Anything else raises `Unsupported`, naming the constraint.
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import highspy
import numpy as np
from highspy.highs import HighsCallbackEvent
from ortools.sat import cp_model_pb2

from bench.trace import Point, Trace, finite

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
Expr = dict[int, float]  # column -> coefficient


@contextmanager
def _banner_silenced() -> Iterator[None]:
    """Send the C-level standard output to /dev/null for a moment.

    HiGHS 1.16 prints its banner from C++ when an instance is created, before any option can be
    set, so `output_flag` cannot silence it; this process's standard output belongs to its caller.
    """
    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


def quiet_highs() -> highspy.Highs:
    """A HiGHS instance that writes nothing to standard output."""
    with _banner_silenced():
        highs = highspy.Highs()
        highs.setOptionValue("output_flag", False)
    return highs


class Unsupported(ValueError):
    """A constraint kind this translation does not handle."""


@dataclass
class Mip:
    """A minimisation MIP in row form, ready for `highspy.Highs.passModel`."""

    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    cost: list[float] = field(default_factory=list)
    offset: float = 0.0
    scale: float = 1.0  # reported objective = scale × (cost · x + offset), as in CP-SAT
    row_lower: list[float] = field(default_factory=list)
    row_upper: list[float] = field(default_factory=list)
    starts: list[int] = field(default_factory=lambda: [0])
    index: list[int] = field(default_factory=list)
    value: list[float] = field(default_factory=list)
    hint: dict[int, float] = field(default_factory=dict)

    def column(self, lower: float, upper: float) -> int:
        self.lower.append(lower)
        self.upper.append(upper)
        self.cost.append(0.0)
        return len(self.lower) - 1

    def row(self, expr: Expr, constant: float, lower: float, upper: float) -> None:
        """lower ≤ expr + constant ≤ upper."""
        terms = [(col, coef) for col, coef in expr.items() if coef != 0]
        self.index.extend(col for col, _ in terms)
        self.value.extend(coef for _, coef in terms)
        self.starts.append(len(self.index))
        self.row_lower.append(lower - constant)
        self.row_upper.append(upper - constant)

    def span(self, expr: Expr, constant: float = 0.0) -> tuple[float, float]:
        """The least and greatest value of expr + constant over the column bounds."""
        low = high = constant
        for col, coef in expr.items():
            a, b = coef * self.lower[col], coef * self.upper[col]
            low, high = low + min(a, b), high + max(a, b)
        return low, high

    @property
    def rows(self) -> int:
        return len(self.row_lower)

    def lp(self) -> highspy.HighsLp:
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = len(self.lower), self.rows
        lp.col_cost_ = np.array(self.cost, dtype=np.float64)
        lp.col_lower_ = np.array(self.lower, dtype=np.float64)
        lp.col_upper_ = np.array(self.upper, dtype=np.float64)
        lp.row_lower_ = np.array(self.row_lower, dtype=np.float64)
        lp.row_upper_ = np.array(self.row_upper, dtype=np.float64)
        lp.offset_ = self.offset
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = lp.num_col_, lp.num_row_
        lp.a_matrix_.start_ = np.array(self.starts, dtype=np.int32)
        lp.a_matrix_.index_ = np.array(self.index, dtype=np.int32)
        lp.a_matrix_.value_ = np.array(self.value, dtype=np.float64)
        lp.integrality_ = [highspy.HighsVarType.kInteger] * lp.num_col_
        return lp


def _bound(value: int) -> float:
    if value <= INT64_MIN:
        return -highspy.kHighsInf
    if value >= INT64_MAX:
        return highspy.kHighsInf
    return float(value)


def _literal(ref: int) -> tuple[Expr, float]:
    """A CP-SAT literal as an expression: x, or 1 − x for a negated reference."""
    return ({ref: 1.0}, 0.0) if ref >= 0 else ({-ref - 1: -1.0}, 1.0)


def _add(into: Expr, expr: Expr, factor: float = 1.0) -> None:
    for col, coef in expr.items():
        into[col] = into.get(col, 0.0) + factor * coef


def _relaxed(enforcement: list[int]) -> tuple[Expr, float]:
    """Σ (1 − literal) over the enforcement literals: 0 exactly when the constraint applies."""
    expr: Expr = {}
    constant = 0.0
    for ref in enforcement:
        lit, c = _literal(ref)
        _add(expr, lit, -1.0)
        constant += 1.0 - c
    return expr, constant


def _linear(vars_: list[int], coeffs: list[int], offset: float = 0.0) -> tuple[Expr, float]:
    """A linear sum. The Python API writes only positive references here; a negative one would
    mean −x rather than a negated literal, so it is refused rather than guessed."""
    if any(ref < 0 for ref in vars_):
        raise Unsupported("a negative variable reference in a linear expression")
    expr: Expr = {}
    for ref, coef in zip(vars_, coeffs, strict=True):
        expr[ref] = expr.get(ref, 0.0) + float(coef)
    return expr, offset


def _literals(refs: list[int]) -> tuple[Expr, float]:
    """The number of true literals among `refs`."""
    expr: Expr = {}
    constant = 0.0
    for ref in refs:
        lit, c = _literal(ref)
        _add(expr, lit)
        constant += c
    return expr, constant


def _at_least(mip: Mip, expr: Expr, constant: float, low: float, enforcement: list[int]) -> None:
    """expr + constant ≥ low, when every enforcement literal holds."""
    least, _ = mip.span(expr, constant)
    if low == -highspy.kHighsInf or least >= low:
        return
    if enforcement:
        off, off_constant = _relaxed(enforcement)
        expr = dict(expr)
        _add(expr, off, low - least)
        constant += (low - least) * off_constant
    mip.row(expr, constant, low, highspy.kHighsInf)


def _at_most(mip: Mip, expr: Expr, constant: float, high: float, enforcement: list[int]) -> None:
    """expr + constant ≤ high, when every enforcement literal holds."""
    _, most = mip.span(expr, constant)
    if high == highspy.kHighsInf or most <= high:
        return
    if enforcement:
        off, off_constant = _relaxed(enforcement)
        expr = dict(expr)
        _add(expr, off, high - most)
        constant += (high - most) * off_constant
    mip.row(expr, constant, -highspy.kHighsInf, high)


def translate(proto: cp_model_pb2.CpModelProto) -> Mip:
    """The MIP equivalent of a CP-SAT model (see the module docstring for what is covered)."""
    mip = Mip()
    for var in proto.variables:
        domain = list(var.domain)
        if len(domain) != 2:
            raise Unsupported(f"variable {var.name!r} has a domain with holes: {domain}")
        mip.column(_bound(domain[0]), _bound(domain[1]))

    objective = proto.objective
    if proto.HasField("floating_point_objective"):
        raise Unsupported("floating-point objective")
    # Variables used in any constraint: a lin_max target used nowhere else may be relaxed.
    used: Counter[int] = Counter()
    for ct in proto.constraints:
        for ref in _references(ct):
            used[ref if ref >= 0 else -ref - 1] += 1
    cost = {v: c for v, c in zip(objective.vars, objective.coeffs, strict=True)}

    for ct in proto.constraints:
        kind = ct.WhichOneof("constraint")
        enforcement = list(ct.enforcement_literal)
        if kind == "linear":
            expr, constant = _linear(list(ct.linear.vars), list(ct.linear.coeffs))
            domain = list(ct.linear.domain)
            if len(domain) != 2:
                raise Unsupported(f"linear constraint with a domain with holes: {domain}")
            _at_least(mip, expr, constant, _bound(domain[0]), enforcement)
            _at_most(mip, expr, constant, _bound(domain[1]), enforcement)
        elif kind == "bool_or":
            expr, constant = _literals(list(ct.bool_or.literals))
            _at_least(mip, expr, constant, 1.0, enforcement)
        elif kind == "bool_and":
            for ref in ct.bool_and.literals:
                lit, c = _literal(ref)
                _at_least(mip, lit, c, 1.0, enforcement)
        elif kind in ("at_most_one", "exactly_one"):
            expr, constant = _literals(list(getattr(ct, kind).literals))
            _at_most(mip, expr, constant, 1.0, enforcement)
            if kind == "exactly_one":
                _at_least(mip, expr, constant, 1.0, enforcement)
        elif kind == "lin_max":
            if enforcement:
                raise Unsupported("lin_max with enforcement literals")
            _lin_max(mip, ct.lin_max, cost, used)
        else:
            raise Unsupported(f"constraint kind {kind!r}")

    expr, constant = _linear(list(objective.vars), list(objective.coeffs), objective.offset)
    for col, coef in expr.items():
        mip.cost[col] += coef
    mip.offset += constant
    mip.scale = objective.scaling_factor or 1.0
    mip.hint = {
        v: float(x)
        for v, x in zip(proto.solution_hint.vars, proto.solution_hint.values, strict=True)
    }
    return mip


def _references(ct: cp_model_pb2.ConstraintProto) -> list[int]:
    kind = ct.WhichOneof("constraint")
    refs = list(ct.enforcement_literal)
    if kind == "linear":
        refs += list(ct.linear.vars)
    elif kind in ("bool_or", "bool_and", "at_most_one", "exactly_one"):
        refs += list(getattr(ct, kind).literals)
    elif kind == "lin_max":
        refs += [v for e in [ct.lin_max.target, *ct.lin_max.exprs] for v in e.vars]
    return refs


def _expression(e: cp_model_pb2.LinearExpressionProto) -> tuple[Expr, float]:
    return _linear(list(e.vars), list(e.coeffs), float(e.offset))


def _lin_max(
    mip: Mip,
    ct: cp_model_pb2.LinearArgumentProto,
    cost: dict[int, int],
    used: Counter[int],
) -> None:
    """target = max(exprs)."""
    target, target_constant = _expression(ct.target)
    exprs = [_expression(e) for e in ct.exprs]
    for expr, constant in exprs:  # target ≥ every argument
        row = dict(target)
        _add(row, expr, -1.0)
        mip.row(row, target_constant - constant, 0.0, highspy.kHighsInf)
    [(var, coef)] = target.items() if len(target) == 1 else [(None, 0.0)]
    # CP-SAT minimises its internal objective whatever the scaling, so a target used only here
    # and costing nothing negative is pushed down onto the largest argument at every optimum.
    if var is not None and coef > 0 and used[var] == 1 and cost.get(var, 0) >= 0:
        return
    choice: Expr = {}
    _, high = mip.span(target, target_constant)
    for expr, constant in exprs:  # target ≤ the chosen argument
        pick = mip.column(0.0, 1.0)
        choice[pick] = 1.0
        least, _ = mip.span(expr, constant)
        row = dict(target)
        _add(row, expr, -1.0)
        row[pick] = high - least
        mip.row(row, target_constant - constant, -highspy.kHighsInf, high - least)
    mip.row(choice, 0.0, 1.0, 1.0)


def verify(proto: cp_model_pb2.CpModelProto, values: list[int]) -> tuple[list[str], float]:
    """Check an integer solution against the CP-SAT model itself rather than the MIP: what it
    breaks (empty: feasible) and its objective. A relaxed `lin_max` target left above its
    maximum is lowered onto it first, which the objective only gains from."""
    values = list(values)

    def lit(ref: int) -> int:
        return values[ref] if ref >= 0 else 1 - values[-ref - 1]

    def total(e: cp_model_pb2.LinearExpressionProto | cp_model_pb2.LinearConstraintProto) -> int:
        offset = getattr(e, "offset", 0)
        return offset + sum(c * values[v] for v, c in zip(e.vars, e.coeffs, strict=True))

    for ct in proto.constraints:
        target = ct.lin_max.target
        if ct.WhichOneof("constraint") == "lin_max" and len(target.vars) == 1:
            top = max(total(e) for e in ct.lin_max.exprs)
            want, rest = divmod(top - target.offset, target.coeffs[0])
            if target.coeffs[0] > 0 and not rest and values[target.vars[0]] > want:
                values[target.vars[0]] = want

    broken = [
        f"variable {var.name} = {values[i]} outside {list(var.domain)}"
        for i, var in enumerate(proto.variables)
        if not var.domain[0] <= values[i] <= var.domain[-1]
    ]
    for index, ct in enumerate(proto.constraints):
        if not all(lit(ref) == 1 for ref in ct.enforcement_literal):
            continue
        kind = ct.WhichOneof("constraint")
        if kind == "linear":
            ok = ct.linear.domain[0] <= total(ct.linear) <= ct.linear.domain[-1]
        elif kind == "bool_or":
            ok = any(lit(r) for r in ct.bool_or.literals)
        elif kind == "bool_and":
            ok = all(lit(r) for r in ct.bool_and.literals)
        elif kind == "at_most_one":
            ok = sum(lit(r) for r in ct.at_most_one.literals) <= 1
        elif kind == "exactly_one":
            ok = sum(lit(r) for r in ct.exactly_one.literals) == 1
        elif kind == "lin_max":
            ok = total(ct.lin_max.target) == max(total(e) for e in ct.lin_max.exprs)
        else:
            raise Unsupported(f"constraint kind {kind!r}")
        if not ok:
            broken.append(f"constraint {index} ({kind})")
    objective = proto.objective
    value = objective.offset + sum(
        c * values[v] for v, c in zip(objective.vars, objective.coeffs, strict=True)
    )
    return broken, (objective.scaling_factor or 1.0) * value


@dataclass
class HighsRun:
    trace: Trace
    translate_seconds: float
    rows: int
    columns: int
    hint_status: str
    broken: list[str] = field(default_factory=list)  # what HiGHS's final plan breaks, if any
    checked_objective: float | None = None  # that plan's objective in the CP-SAT model


def solve(
    proto: cp_model_pb2.CpModelProto,
    time_limit: float,
    threads: int = 2,
    relative_gap: float = 1e-4,
) -> HighsRun:
    """Translate and solve with HiGHS, tracing primal and dual bounds over time."""
    started = time.monotonic()
    mip = translate(proto)
    translated = time.monotonic()
    highs = quiet_highs()
    highs.setOptionValue("threads", threads)
    highs.setOptionValue("time_limit", float(time_limit))
    highs.setOptionValue("mip_rel_gap", relative_gap)
    highs.passModel(mip.lp())
    hint_status = "none"
    if mip.hint:
        cols = np.array(list(mip.hint), dtype=np.int32)
        values = np.array(list(mip.hint.values()), dtype=np.float64)
        hint_status = highs.setSolution(len(cols), cols, values).name

    trace = Trace(started=0.0, variables=len(mip.lower), constraints=mip.rows)
    trace.parameters = (
        f"threads: {threads} time_limit: {time_limit:g} mip_rel_gap: {relative_gap:g}"
    )
    last: list[tuple[float | None, float | None]] = [(None, None)]

    def record(event: HighsCallbackEvent) -> None:
        out = event.data_out
        objective = finite(out.mip_primal_bound)
        bound = finite(out.mip_dual_bound)
        objective = None if objective is None else mip.scale * objective
        bound = None if bound is None else mip.scale * bound
        if (objective, bound) != last[0]:
            last[0] = (objective, bound)
            trace.points.append(Point(time.monotonic() - run_started, objective, bound))

    highs.cbMipImprovingSolution.subscribe(record)
    highs.cbMipInterrupt.subscribe(record)
    run_started = time.monotonic()
    highs.run()
    trace.seconds = time.monotonic() - run_started
    trace.status = highs.modelStatusToString(highs.getModelStatus())
    info = highs.getInfo()
    dual = finite(info.mip_dual_bound)
    final = None if dual is None else mip.scale * dual
    _drop_foreign_bounds(trace, final, mip.scale)
    run = HighsRun(trace, translated - started, mip.rows, len(mip.lower), hint_status)
    if info.primal_solution_status == 2:  # kSolutionStatusFeasible
        trace.objective = mip.scale * info.objective_function_value
        trace.bound = final
        trace.points.append(Point(trace.seconds, trace.objective, trace.bound))
        solution = highs.getSolution().col_value[: len(proto.variables)]
        run.broken, run.checked_objective = verify(proto, [round(x) for x in solution])
    return run


def _drop_foreign_bounds(trace: Trace, final: float | None, scale: float) -> None:
    """Forget bounds the main search never proved. Completing a partial starting solution runs
    a sub-MIP first, whose callbacks report that sub-MIP's dual bound; the main search's bound
    only ever rises towards `final`, so any bound beyond it came from the sub-MIP."""
    sign = 1.0 if scale > 0 else -1.0
    for point in trace.points:
        if point.bound is None:
            continue
        if final is None or sign * (point.bound - final) > 1e-9 * max(1.0, abs(final)):
            point.bound = None

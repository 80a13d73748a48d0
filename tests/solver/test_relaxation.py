"""The LP relaxation's bound: never above the true optimum, whatever the model holds, and exact
where the LP is."""

from __future__ import annotations

import random
import time

import pytest
from ortools.sat.python import cp_model

from solver.plan.relaxation import BackgroundRelaxation, solve_relaxation, trivial_bound


def optimum(model: cp_model.CpModel) -> float:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    assert solver.solve(model) == cp_model.OPTIMAL
    return solver.objective_value


def bound(model: cp_model.CpModel) -> float:
    relaxation = solve_relaxation(model)
    assert relaxation is not None
    return relaxation.bound


def test_the_bound_rounds_the_lp_optimum_up_to_the_next_integer() -> None:
    # LP: x + y = 1.5 at best, so −1.5; every plan is an integer, so −1 is proven.
    model = cp_model.CpModel()
    x, y = model.new_int_var(0, 5, "x"), model.new_int_var(0, 5, "y")
    model.add(2 * x + 2 * y <= 3)
    model.minimize(-x - y)
    assert bound(model) == -1 == optimum(model)


def test_lp_values_are_reported_by_proto_index() -> None:
    model = cp_model.CpModel()
    x, y = model.new_int_var(0, 4, "x"), model.new_int_var(0, 4, "y")
    model.add(x + y == 3)
    model.add(x >= 1)
    model.minimize(2 * x + 3 * y + 7)
    relaxation = solve_relaxation(model)
    assert relaxation is not None
    assert relaxation.values[x.index] == pytest.approx(3)
    assert relaxation.values[y.index] == pytest.approx(0)
    assert relaxation.bound == 13


def test_a_domain_with_holes_is_relaxed_to_its_span() -> None:
    # x ∈ {0, 5}: the LP may take 2.5, which the integer model may not. The upper end is read
    # from the last element of the domain (the proto's lists refuse negative indices).
    model = cp_model.CpModel()
    x = model.new_int_var_from_domain(cp_model.Domain.from_values([0, 5]), "x")
    model.add(x <= 3)
    model.minimize(-x)
    assert bound(model) == -3
    assert optimum(model) == 0


def test_abs_is_relaxed_to_both_sides_and_stays_exact_when_minimised() -> None:
    model = cp_model.CpModel()
    x = model.new_int_var(0, 10, "x")
    t = model.new_int_var(0, 10, "t")
    model.add_abs_equality(t, x - 3)
    model.add(x >= 5)
    model.minimize(t)
    assert bound(model) == 2 == optimum(model)


def test_a_constraint_with_an_enforcement_literal_is_left_out_so_the_bound_stays_valid() -> None:
    model = cp_model.CpModel()
    x, b = model.new_int_var(0, 10, "x"), model.new_bool_var("b")
    model.add(x >= 4).only_enforce_if(b)
    model.minimize(x - 10 * b)
    assert bound(model) == -10
    assert optimum(model) == -6


@pytest.mark.parametrize("seed", range(12))
def test_on_random_models_the_bound_never_exceeds_the_optimum(seed: int) -> None:
    rng = random.Random(seed)
    model = cp_model.CpModel()
    xs = [model.new_int_var(0, rng.randint(1, 6), f"x{i}") for i in range(8)]
    for _ in range(6):
        chosen = rng.sample(xs, 3)
        coeffs = [rng.randint(1, 5) for _ in chosen]
        expr = sum(c * x for c, x in zip(coeffs, chosen, strict=True))
        if rng.random() < 0.5:
            model.add(expr <= rng.randint(4, 20))
        else:
            model.add(expr >= rng.randint(1, 6))
    diff = model.new_int_var(0, 12, "diff")
    model.add_abs_equality(diff, xs[0] - xs[1])
    model.minimize(sum(rng.randint(-9, 9) * x for x in xs) + 3 * diff)
    assert bound(model) <= optimum(model)


def test_the_trivial_bound_takes_every_term_at_its_best_end() -> None:
    model = cp_model.CpModel()
    x, y = model.new_int_var(-2, 5, "x"), model.new_int_var(1, 4, "y")
    model.add(x + y >= 6)
    model.minimize(3 * x - 2 * y + 1)
    assert trivial_bound(model) == 3 * -2 - 2 * 4 + 1
    assert trivial_bound(model) <= bound(model) <= optimum(model)


def test_in_the_background_the_bound_is_the_same_and_arrives_while_the_caller_runs() -> None:
    model = cp_model.CpModel()
    x, y = model.new_int_var(0, 5, "x"), model.new_int_var(0, 5, "y")
    model.add(2 * x + 2 * y <= 3)
    model.minimize(-x - y)
    background = BackgroundRelaxation(lambda: solve_relaxation(model, time_limit=10))
    deadline = time.monotonic() + 10
    while not background.poll():  # the caller is free meanwhile: here it only waits
        assert time.monotonic() < deadline
        time.sleep(0.01)
    background.stop()
    assert background.result is not None
    assert background.result.bound == bound(model) == -1


def test_stopping_the_background_ends_a_solve_that_has_not_finished() -> None:
    # A model far too large to solve in the moment the test allows it.
    model = cp_model.CpModel()
    xs = [model.new_int_var(0, 10, f"x{i}") for i in range(20_000)]
    for i in range(0, len(xs) - 2):
        model.add(xs[i] + 2 * xs[i + 1] - xs[i + 2] >= 1)
    model.minimize(sum(xs))
    background = BackgroundRelaxation(lambda: solve_relaxation(model, time_limit=60))
    started = time.monotonic()
    background.stop()
    assert time.monotonic() - started < 5
    assert background.poll() and background.result is None

"""The bound from coverage alone: never above the plan model's optimum (nor its LP bound), and
close to the LP bound on the fixture, which is what lets it stand in for it on large networks."""

from __future__ import annotations

import datetime as dt

import pytest
from ortools.sat.python import cp_model

from rota.domain.calendar import Period, public_holidays
from rota.domain.scenario import Scenario
from rota.io.scenario_file import load_scenario
from solver.plan.coverage_bound import coverage_bound
from solver.plan.instance import Instance, build_instance
from solver.plan.model import build_model
from solver.plan.relaxation import solve_relaxation
from tests.builders import FI_PHONE, SV_PHONE, centre, scenario

WEEK = Period(dt.date(2027, 1, 11), dt.date(2027, 1, 18), "2027-W02")  # no holiday
FIXTURE = "fixtures/mieli/scenario.yaml"
DEMAND = {"rate": 6, "handle_minutes": 15, "patience_minutes": 2.5}
WEEKENDS = [{"days": ["sat", "sun"], "start": "08:00", "end": "24:00"}]
EVENINGS = [{"days": ["mon", "tue", "wed"], "start": "18:00", "end": "22:00"}]


def networks() -> list[Scenario]:
    fi = dict(FI_PHONE, demand=DEMAND)
    sv = dict(SV_PHONE, demand=dict(DEMAND, rate=2))
    group = [centre(c, hours=(4, 16), availability=WEEKENDS) for c in ("a", "b", "c")]
    keeper = centre("d", hours=(0, 168), lines=2)
    picky = centre(
        "e",
        languages=("fi", "sv"),
        services=("fi-phone", "sv-phone"),
        hours=(8, 24),
    )
    picky["preferences"] = {"disliked": EVENINGS, "preferred": WEEKENDS}
    return [
        scenario([*group, keeper], services=[fi], group=["a", "b", "c"]),
        scenario([group[0], keeper, picky], services=[fi, sv], group=["a", "d"]),
    ]


def instance(sc: Scenario) -> Instance:
    return build_instance(sc, WEEK, public_holidays(WEEK))


def optimum(inst: Instance) -> tuple[float, float]:
    """The plan model's exact optimum and its hard-rule shortfall."""
    built = build_model(inst)
    built.model.minimize(built.shortfall + built.soft)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_time_in_seconds = 60
    assert solver.solve(built.model) == cp_model.OPTIMAL
    return solver.objective_value, solver.value(built.shortfall)


@pytest.mark.parametrize("index", [0, 1])
def test_the_bound_never_passes_the_optimum(index: int) -> None:
    inst = instance(networks()[index])
    best, shortfall = optimum(inst)
    assert shortfall == 0  # so the strict bound applies
    for strict in (True, False):
        found = coverage_bound(inst, strict=strict, time_limit=30)
        assert found is not None
        assert found.bound <= best


def test_strict_is_tighter_and_both_stay_below_the_lp_on_the_fixture() -> None:
    inst = build_instance(load_scenario(FIXTURE), WEEK, public_holidays(WEEK))
    built = build_model(inst)
    built.model.minimize(built.shortfall + built.soft)
    lp = solve_relaxation(built.model)
    strict, loose = (coverage_bound(inst, strict=s, time_limit=30) for s in (True, False))
    assert lp is not None and strict is not None and loose is not None
    assert loose.bound <= strict.bound <= lp.bound
    # Nearly as tight as the model's own LP: what lets it stand in where that LP is too slow.
    assert lp.bound - strict.bound <= 1e-3 * abs(lp.bound)

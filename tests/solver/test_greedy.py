"""The heuristic start of phase 2: it fills the hours where they answer most, without opening a
gap in the group's weekend evenings (R5) and without piling them on one group centre (S2)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import numpy as np
import pytest

from rota.domain.calendar import Period, public_holidays
from rota.domain.scenario import Scenario
from solver.plan import greedy
from solver.plan.greedy import heuristic_plan
from solver.plan.instance import Candidate, Instance, build_instance
from tests.builders import FI_PHONE, centre, scenario

WEEK = Period(dt.date(2027, 1, 11), dt.date(2027, 1, 18), "2027-W02")  # no holiday
DEMAND = {"rate": 6, "handle_minutes": 15, "patience_minutes": 2.5}
WEEKENDS = [{"days": ["sat", "sun"], "start": "08:00", "end": "24:00"}]


def network() -> Scenario:
    # Three holiday-duty centres with 12 weekend hours each, and a fourth centre that keeps the
    # line open the rest of the week.
    group = [centre(c, hours=(0, 12), availability=WEEKENDS) for c in ("a", "b", "c")]
    other = centre("d", hours=(0, 168), lines=2)
    return scenario(
        [*group, other], services=[dict(FI_PHONE, demand=DEMAND)], group=["a", "b", "c"]
    )


def instance() -> Instance:
    return build_instance(network(), WEEK, public_holidays(WEEK))


def evening_load(inst: Instance, plan: dict[Candidate, int]) -> Counter[str]:
    """Responder-slots of weekend evening per group centre."""
    evenings = set(inst.group_slots)
    per_week = inst.slots_per_week
    load: Counter[str] = Counter({c: 0 for c in inst.scenario.rules.holiday_duty_group})
    for cand, n in plan.items():
        if cand.centre in load:
            slots = {(cand.start + i) % per_week for i in range(cand.length)}
            load[cand.centre] += n * len(slots & evenings)
    return load


def group_cover(inst: Instance, plan: dict[Candidate, int], slot: int) -> int:
    group = set(inst.scenario.rules.holiday_duty_group)
    per_week = inst.slots_per_week
    return sum(
        n
        for cand, n in plan.items()
        if cand.centre in group and (slot - cand.start) % per_week < cand.length
    )


def test_the_group_shares_the_weekend_evenings_evenly() -> None:
    inst = instance()
    load = evening_load(inst, heuristic_plan(inst, {}))
    assert max(load.values()) == min(load.values()) > 0, load


def test_without_the_fairness_term_the_evenings_pile_up(monkeypatch: pytest.MonkeyPatch) -> None:
    # The control for the test above: the greedy fill alone favours one centre.
    monkeypatch.setattr(greedy, "FAIRNESS", 0)
    inst = instance()
    load = evening_load(inst, heuristic_plan(inst, {}))
    assert max(load.values()) > min(load.values()), load


def test_every_weekend_evening_keeps_a_group_responder() -> None:
    inst = instance()
    plan = heuristic_plan(inst, {})
    assert all(group_cover(inst, plan, slot) >= 1 for slot in inst.group_slots)


def test_the_last_group_responder_of_an_evening_is_worth_a_requirement() -> None:
    # What keeps moves from opening an R5 gap: taking the only group responder off an evening
    # slot costs as much as a hard requirement; with a second one there, it does not.
    inst = instance()
    state = greedy._Heuristic(inst)
    evening = min(inst.group_slots)
    a, b = (
        next(
            i
            for i, c in enumerate(state.candidates)
            if c.centre == name and c.start == evening and c.length == 8
        )
        for name in ("a", "b")
    )
    state.change(a, +1)
    assert state.loss(a) >= greedy.REQUIRED
    state.change(b, +1)
    assert state.loss(a) < greedy.REQUIRED


def test_a_responder_worth_less_than_a_shift_is_not_added(monkeypatch: pytest.MonkeyPatch) -> None:
    # With the shift count's cost above any contact's worth, only the requirements (R2, R5)
    # are worth a responder, so the fill stops far short of the centres' hours.
    inst = instance()
    everything = sum(heuristic_plan(inst, {}).values())
    monkeypatch.setattr(greedy, "SHIFT", 10**6)
    needed = heuristic_plan(inst, {})
    assert sum(needed.values()) < everything
    assert all(group_cover(inst, needed, slot) >= 1 for slot in inst.group_slots)


def test_a_centre_tied_at_the_top_is_still_drawn_towards_the_mean(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a and b share the highest weekend-evening load: taking a responder off a alone leaves the
    # spread as it is, but brings a towards the mean, which is what lets the greedy level them.
    inst = instance()
    state = greedy._Heuristic(inst)
    evening = min(inst.group_slots)
    shift = {
        name: next(
            i
            for i, c in enumerate(state.candidates)
            if c.centre == name and c.start == evening and c.length == 8
        )
        for name in ("a", "b")
    }
    state.change(shift["a"], +1)
    state.change(shift["b"], +1)
    rows = np.array([shift["a"]])
    assert state._spread_change(-1, rows)[0] < 0
    monkeypatch.setattr(greedy, "TIE", 0.0)
    assert state._spread_change(-1, rows)[0] == 0


def test_a_clock_already_past_its_deadline_still_gets_the_whole_first_cover() -> None:
    # The cover is what a solve falls back on when its time is gone; a busy machine once cut
    # it short and the plan came back with gaps.
    inst = instance()
    late = heuristic_plan(inst, {}, seconds=-1.0)
    assert sum(late.values()) > 0
    assert all(group_cover(inst, late, slot) >= 1 for slot in inst.group_slots)

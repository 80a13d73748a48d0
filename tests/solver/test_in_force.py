"""Planning from a calendar in force (R7): a gap the notice keeps is reported but costs nothing,
the start keeps the calendar where it is as good, and respects what the notice keeps past its
date, so such a plan is proven as quickly as one with nothing to keep."""

from __future__ import annotations

import datetime as dt

import pytest

from rota.domain.calendar import instant, local, public_holidays
from rota.domain.plan import Occurrence, Plan, StandingShift, expand
from rota.domain.scenario import Scenario
from solver.plan import greedy
from solver.plan.greedy import heuristic_plan
from solver.plan.instance import Instance, build_instance
from solver.plan.model import Progress, Status, solve
from tests.builders import FI_PHONE, centre, scenario
from tests.change_network import EFFECTIVE, Q1, daily_calendar, network

HOLIDAYS = public_holidays(Q1)
EPIPHANY = dt.date(2027, 1, 6)  # a Wednesday, before the notice date 2027-02-01
WEDNESDAY = {"days": ["wed"], "start": "10:00", "end": "18:00", "rate": 4.5}


def three_centres() -> Scenario:
    """a, b and c with exactly the hours of their daily shifts: every plan has one responder
    on at all times, so S1 is the same for all and the LP bound is exact; c alone owns the
    weekend evenings (a group of one has no S2 spread to even out)."""
    raw = network(group=("c",))
    for info in raw["centres"]:
        info["weekly_hours"] = {"min": 0, "max": 56}
    return Scenario.model_validate(raw)


def in_force(
    sc: Scenario, standing: list[StandingShift], missing: Occurrence | None = None
) -> Instance:
    """The quarter planned from `standing` in force until the notice date: its occurrences
    before then are kept (all but `missing`), the new pattern starts on it."""
    occurrences = expand(Plan(Q1, standing), sc, HOLIDAYS).occurrences
    kept = [
        o for o in occurrences if instant(o.start) < instant(local(EFFECTIVE, 0)) and o != missing
    ]
    return build_instance(
        sc,
        Q1,
        HOLIDAYS,
        pattern_from=EFFECTIVE,
        fixed_occurrences=kept,
        baseline_standing=standing,
        kept_until=local(EFFECTIVE, 0),
    )


def b_on_epiphany(sc: Scenario) -> Occurrence:
    occurrences = expand(Plan(Q1, daily_calendar()), sc, HOLIDAYS).occurrences
    (found,) = [o for o in occurrences if o.centre == "b" and o.start.date() == EPIPHANY]
    return found


def test_a_gap_the_notice_keeps_is_reported_and_costs_nothing() -> None:
    # b's Epiphany shift is missing from the calendar in force and nothing may change before
    # 2027-02-01: eight hours short whatever the plan. Costed, they added 8 × SHORTFALL to an
    # objective of about −380,000, so the gap was measured against an objective they made
    # (and on the fixture, where they nearly cancelled it, a 99 % gap that never closed).
    sc = three_centres()
    result = solve(in_force(sc, daily_calendar(), b_on_epiphany(sc)), time_limit=20)
    whole = solve(in_force(sc, daily_calendar()), time_limit=20)

    assert {(s.rule, s.where) for s in result.shortfalls} == {
        ("R2", f"2027-01-06 {h:02d}:00") for h in range(8, 16)
    }
    assert result.objective == whole.objective < 0
    assert result.status == whole.status == Status.OPTIMAL
    assert result.gap == whole.gap <= 1e-3


def test_a_calendar_in_force_that_is_already_the_best_is_the_start() -> None:
    # Any other pattern costs S3 changes and answers no more: starting from the calendar in
    # force, the plan is proven optimal at its first step.
    sc = three_centres()
    steps: list[Progress] = []
    result = solve(in_force(sc, daily_calendar()), time_limit=20, on_progress=steps.append)
    assert result.status == Status.OPTIMAL
    assert steps[0].objective == result.objective
    kept = [(s.pattern_key, s.responders) for s in result.standing]
    assert kept == [(s.pattern_key, s.responders) for s in sorted(daily_calendar())]


def test_the_start_moves_a_shift_in_force_only_for_more_than_the_changes_cost(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # x's 8 weekly hours are on Tuesday; Wednesday's slightly busier hours would answer a
    # little more, but less than the two changes (remove, add) a move costs.
    demand = {"rate": 4, "handle_minutes": 15, "patience_minutes": 3, "windows": [WEDNESDAY]}
    sc = scenario(
        [centre("a", hours=(0, 168)), centre("x", hours=(0, 8))],
        services=[dict(FI_PHONE, demand=demand)],
    )
    standing = [
        *(StandingShift("a", "fi-phone", d, h * 60, 8 * 60) for d in range(7) for h in (0, 8, 16)),
        StandingShift("x", "fi-phone", 1, 10 * 60, 8 * 60),
    ]
    inst = in_force(sc, standing)
    start = {
        cand: 1
        for cands in inst.candidates.values()
        for cand in cands
        if (cand.centre, cand.service, cand.start, cand.length) in inst.baseline
    }
    assert heuristic_plan(inst, start) == start
    monkeypatch.setattr(greedy, "CHANGE", 0)
    moved = {(c.centre, c.start // 24, c.start % 24) for c in heuristic_plan(inst, start)}
    assert ("x", 2, 10) in moved and ("x", 1, 10) not in moved


def test_the_start_leaves_the_line_a_night_shift_from_the_eve_holds() -> None:
    # One centre, one line, nights 22–06: the night from Sunday 2027-01-31 is kept and holds the
    # line until 06:00 on the notice date, when the new pattern already runs. A start with a
    # shift from Monday 00:00 would break R4 there, and the completion would find no plan.
    sc = scenario([centre("a", hours=(0, 168))])
    nights = [
        StandingShift("a", "fi-phone", day, start * 60, 8 * 60)
        for day in range(7)
        for start in (6, 14, 22)
    ]
    inst = in_force(sc, nights)
    plan = heuristic_plan(inst, {})
    monday = [c for c in plan if c.start < 6]  # weekly slots 0–5: Monday 00:00–06:00
    assert not monday
    result = solve(inst, time_limit=20)
    assert result.status == Status.OPTIMAL and not result.shortfalls

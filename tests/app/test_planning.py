"""Planning against a calendar in force: the two-month notice (R7) and stability (S3)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from rota.app.planning import PlanOutcome, plan_quarter
from rota.app.publication import write_plan
from rota.domain.calendar import instant, local, parse_quarter
from rota.io.plan_files import read_previous_plan
from rota.io.scenario_file import load_scenario
from tests.builders import centre, scenario

Q4 = parse_quarter("2026Q4")
Q1 = parse_quarter("2027Q1")


def network(b_max: float = 60):
    return scenario(
        [centre("a", hours=(0, 168)), centre("b", hours=(0, b_max)), centre("g", hours=(0, 40))],
        group=["g"],
    )


@pytest.fixture(scope="module")
def q4_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("q4")
    outcome = plan_quarter(network(), Q4, today=dt.date(2026, 8, 1), time_limit=8)
    assert outcome.feasible, outcome.validation.violations()
    write_plan(folder, outcome)
    return folder


def replan(previous: Path, today: dt.date, period=Q1, b_max: float = 20) -> PlanOutcome:
    return plan_quarter(
        network(b_max), period, today=today, previous=read_previous_plan(previous), time_limit=8
    )


def test_new_pattern_waits_for_the_notice_date(q4_plan: Path) -> None:
    # Today 2026-11-22: changes may take effect from 2027-01-22. Centre b may now work 20 h.
    outcome = replan(q4_plan, dt.date(2026, 11, 22))
    assert outcome.feasible, outcome.validation.violations()
    assert outcome.validation.checks["R7"].applicable
    notice = dt.date(2027, 1, 22)
    ended = [s for s in outcome.plan.standing if s.valid_until == notice - dt.timedelta(days=1)]
    assert ended and {s.centre for s in ended} >= {"b"}, "b's dropped shifts end the day before"
    # Before the notice date b works what the old calendar says; from it, at most 20 h a week.
    previous = read_previous_plan(q4_plan)
    old_b = sum(s.minutes for s in previous.standing if s.centre == "b") / 60
    assert old_b > 20

    def week_of_b(monday: dt.date) -> float:
        return sum(
            o.wall_minutes / 60 * o.responders
            for o in outcome.expansion.occurrences
            if o.centre == "b"
            and o.kind == "standing"
            and monday <= o.start.date() < monday + dt.timedelta(days=7)
        )

    assert week_of_b(dt.date(2027, 1, 11)) == old_b
    assert week_of_b(dt.date(2027, 2, 1)) <= 20


def test_today_inside_the_quarter_keeps_every_promised_occurrence(tmp_path: Path) -> None:
    first = plan_quarter(network(), Q1, today=dt.date(2026, 10, 1), time_limit=8)
    write_plan(tmp_path, first)
    outcome = replan(tmp_path, dt.date(2027, 1, 10))
    assert outcome.feasible, outcome.validation.violations()
    cut = instant(local(dt.date(2027, 3, 10), 0))
    before = {o.key for o in first.expansion.occurrences if instant(o.start) < cut}
    after = {o.key for o in outcome.expansion.occurrences if instant(o.start) < cut}
    assert before == after
    dated = [
        o for o in first.expansion.occurrences if o.kind != "standing" and instant(o.start) < cut
    ]
    assert {o.key for o in dated} <= after, "dated duties are promises too"


def test_breaking_a_promise_fails_the_validator(tmp_path: Path) -> None:
    first = plan_quarter(network(), Q1, today=dt.date(2026, 10, 1), time_limit=8)
    write_plan(tmp_path, first)
    # Tamper with the plan in force: drop every occurrence starting on 2027-01-12. The new plan
    # keeps the promise as written (so the gap is reported), never silently re-creates it.
    rows = list(csv.DictReader((tmp_path / "shifts.csv").open()))
    rows = [r for r in rows if not r["start"].startswith("2027-01-12")]
    with (tmp_path / "shifts.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    outcome = replan(tmp_path, dt.date(2027, 1, 10))
    assert outcome.validation.checks["R7"].passed
    assert "R2" in {v.rule for v in outcome.validation.violations()}


def test_unchanged_network_keeps_the_calendar(q4_plan: Path) -> None:
    # S3: with nothing to gain, the next quarter repeats the calendar in force.
    outcome = replan(q4_plan, dt.date(2026, 11, 22), b_max=60)
    assert outcome.feasible
    old = {(s.pattern_key, s.responders) for s in read_previous_plan(q4_plan).standing}
    new = {(s.pattern_key, s.responders) for s in outcome.plan.standing if s.valid_until is None}
    assert old == new


@pytest.mark.parametrize("seconds", [0.0, 0.3])
def test_a_time_limit_used_up_before_the_solve_still_gives_the_greedy_plan(
    seconds: float,
) -> None:
    # The limit counts from the start of the command; what is left for CP-SAT may be nothing.
    # That is "stop at once" (the greedy start is the plan), never an invalid model and no plan.
    mieli = load_scenario(Path(__file__).parents[2] / "fixtures" / "mieli" / "scenario.yaml")
    outcome = plan_quarter(
        mieli, parse_quarter("2027Q1"), today=dt.date(2026, 12, 1), time_limit=seconds
    )
    assert outcome.result.has_plan, outcome.result.status
    assert outcome.plan.standing
    assert outcome.validation.passed

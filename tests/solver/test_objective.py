"""S1, expected answered contacts: the solver's values are Erlang-A, concave, follow the
calendar's month and date factors, count what coverage.csv counts, and move hours to where
they answer more."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from rota.analysis.coverage import coverage_rows
from rota.analysis.whatif import compare
from rota.app.planning import plan_quarter
from rota.app.publication import write_plan
from rota.domain.calendar import Period, parse_quarter, public_holidays
from rota.domain.clock import WEEKDAYS
from rota.domain.demand import erlang_a, marginal_answered
from rota.domain.plan import Plan, StandingShift, expand
from rota.domain.scenario import Scenario
from solver.plan.instance import build_instance
from tests.builders import FI_PHONE, centre, scenario

Q1 = parse_quarter("2027Q1")
Q3 = parse_quarter("2027Q3")
TUE, THU, FRI = (WEEKDAYS.index(d) for d in ("tue", "thu", "fri"))


def with_demand(**demand: Any) -> dict[str, Any]:
    base = {"rate": 6, "handle_minutes": 15, "patience_minutes": 2.5}
    return dict(FI_PHONE, demand={**base, **demand})


def values_of(sc: Scenario, period: Period) -> dict[tuple[str, int], list[int]]:
    return build_instance(sc, period, public_holidays(period)).values


def test_values_are_erlang_a_increments_in_hundredths_per_week() -> None:
    # Rate 12/h, handle 15 min, patience 2.5 min: responders 1–3 add 3.29, 2.82 and 2.25
    # answered calls an hour (Erlang-A), so 329, 282 and 225 hundredths per week. Thirteen
    # whole weeks, so every weekday occurs equally often; Easter does not close the line.
    sc = scenario([centre("a", lines=3)], services=[with_demand(rate=12)])
    values = values_of(sc, Period(dt.date(2027, 1, 4), dt.date(2027, 4, 5)))
    expected = [round(100 * v) for v in marginal_answered(12, 15, 2.5, 3)]
    assert expected == [329, 282, 225]
    assert {tuple(v) for v in values.values()} == {tuple(expected)}


def test_a_weekday_that_occurs_less_often_is_worth_less_per_week_in_force() -> None:
    # 2027Q1 is 90 days from Friday Jan 1: 13 of every weekday but Thursday, which has 12.
    sc = scenario([centre("a")], services=[with_demand(rate=12)])
    values = values_of(sc, Q1)
    one = marginal_answered(12, 15, 2.5, 1)[0]
    assert values[("fi-phone", TUE * 24 + 10)] == [round(100 * one * 13 / (90 / 7))]
    assert values[("fi-phone", THU * 24 + 10)] == [round(100 * one * 12 / (90 / 7))]


@pytest.mark.parametrize("rate", [0.5, 6, 24, 90])
def test_values_never_grow_with_the_kth_responder(rate: float) -> None:
    sc = scenario([centre("a", lines=8)], services=[with_demand(rate=rate)])
    for value in values_of(sc, Q1).values():
        assert value == sorted(value, reverse=True)
        assert all(v >= 0 for v in value)


def test_busier_hours_are_worth_more_for_every_k() -> None:
    windows = [{"days": ["fri"], "start": "18:00", "end": "22:00", "rate": 24}]
    sc = scenario([centre("a", lines=3)], services=[with_demand(windows=windows)])
    values = values_of(sc, Q1)
    busy, quiet = values[("fi-phone", FRI * 24 + 19)], values[("fi-phone", TUE * 24 + 10)]
    assert all(b > q for b, q in zip(busy, quiet, strict=True))


def test_month_and_date_factors_are_averaged_over_the_quarter() -> None:
    # 2027Q3 has 13 Tuesdays, 4 of them in July (factor 1.5) and 14 Thursdays in 13 1/7 weeks.
    # The value of a Tuesday slot is (4·m(9) + 9·m(6)) / (92/7) per week in force.
    demand = {"months": [{"month": 7, "factor": 1.5}]}
    sc = scenario([centre("a", lines=2)], services=[with_demand(**demand)])
    values = values_of(sc, Q3)
    july, rest = marginal_answered(9, 15, 2.5, 2), marginal_answered(6, 15, 2.5, 2)
    tuesday = [(4 * j + 9 * r) / (92 / 7) for j, r in zip(july, rest, strict=True)]
    assert values[("fi-phone", TUE * 24 + 10)] == [round(100 * v) for v in tuesday]


def test_a_holiday_when_the_service_is_closed_is_worth_nothing() -> None:
    # New Year's Day (Fri Jan 1) and Good Friday (Mar 26) close a Friday-only line: 11 of the
    # quarter's 13 Fridays remain.
    line = dict(
        with_demand(),
        id="fri-line",
        hours=[{"days": ["fri"], "start": "09:00", "end": "13:00"}],
        open_on_holidays=False,
    )
    sc = scenario([centre("a", services=("fi-phone", "fri-line"))], services=[with_demand(), line])
    value = values_of(sc, Q1)[("fri-line", FRI * 24 + 10)]
    assert value == [round(100 * marginal_answered(6, 15, 2.5, 1)[0] * 11 / (90 / 7))]


def test_solver_values_add_up_to_what_coverage_reports() -> None:
    # A plan's S1 (values × weeks in force) and the sum of coverage.csv's expected answered
    # agree to rounding: the objective is the quarter's own demand, not a plain week's.
    demand = {
        "windows": [{"days": ["sat"], "start": "16:00", "end": "24:00", "rate": 20}],
        "months": [{"month": 7, "factor": 1.2}, {"month": 8, "factor": 0.9}],
        "dates": [{"date": "2027-08-14", "factor": 2.0}],
    }
    sc = scenario([centre("a", lines=3)], services=[with_demand(**demand)])
    holidays = public_holidays(Q3)
    instance = build_instance(sc, Q3, holidays)
    shifts = [StandingShift("a", "fi-phone", d, h * 60, 480) for d in range(7) for h in (0, 8, 16)]
    shifts += [StandingShift("a", "fi-phone", 5, 16 * 60, 480, responders=2)]
    expansion = expand(Plan(Q3, shifts), sc, holidays)
    answered = sum(
        r.expected_answered for r in coverage_rows(sc, Q3, holidays, expansion.occurrences)
    )
    weekly = {slot: 1 for slot in range(168)} | {5 * 24 + h: 3 for h in range(16, 24)}
    s1 = sum(sum(instance.values[("fi-phone", s)][:n]) for s, n in weekly.items())
    assert s1 / 100 * instance.pattern_weeks == pytest.approx(answered, rel=1e-4)


def test_the_extra_responder_goes_to_the_busier_hours() -> None:
    # One centre, two lines, exactly 172 h a week: 168 h keep the line open and 4 h are free.
    # Tue 10–14 has 12 calls an hour, Fri 18–22 has 24, the rest 6. A second responder adds
    # 2.82 an hour on Tuesday but 3.57 on Friday (Erlang-A, 15 min handle, 2.5 min patience),
    # so the free four hours are Friday 18–22: 14.3 answered a week, not 11.3.
    windows = [
        {"days": ["tue"], "start": "10:00", "end": "14:00", "rate": 12},
        {"days": ["fri"], "start": "18:00", "end": "22:00", "rate": 24},
    ]
    sc = scenario([centre("a", lines=2, hours=(172, 172))], services=[with_demand(windows=windows)])
    outcome = plan_quarter(sc, Q1, time_limit=8)
    assert outcome.feasible, outcome.validation.violations()
    on_duty: dict[tuple[int, int], int] = {}
    for shift in outcome.plan.standing:
        for h in range(shift.minutes // 60):
            hour = shift.start // 60 + h
            key = ((shift.weekday + hour // 24) % 7, hour % 24)
            on_duty[key] = on_duty.get(key, 0) + shift.responders
    twice = sorted(key for key, n in on_duty.items() if n == 2)
    assert twice == [(FRI, h) for h in range(18, 22)]


def test_no_pattern_days_falls_back_to_the_weekly_rate() -> None:
    sc = scenario([centre("a")], services=[with_demand(rate=12)])
    period = Period(dt.date(2027, 1, 4), dt.date(2027, 1, 11))
    instance = build_instance(sc, period, {}, pattern_from=dt.date(2027, 2, 1))
    assert instance.pattern_weeks == 0
    assert instance.values[("fi-phone", 10)] == [round(100 * marginal_answered(12, 15, 2.5, 1)[0])]


# --- what-if: the same responder-hours, placed flat ------------------------------------------


def busy_evenings() -> Scenario:
    # Two lines, 172 h a week: the line open round the clock plus four free hours; evenings
    # 16–22 have 24 calls an hour, the rest 6.
    windows = [{"days": list(WEEKDAYS), "start": "16:00", "end": "22:00", "rate": 24}]
    return scenario(
        [centre("a", lines=2, hours=(172, 172))], services=[with_demand(windows=windows)]
    )


def test_the_optimised_plan_answers_more_than_the_flat_calendar() -> None:
    sc = busy_evenings()
    outcome = plan_quarter(sc, Q1, time_limit=8)
    rows = coverage_rows(sc, Q1, outcome.holidays, outcome.expansion.occurrences)
    whatif = compare(sc, Q1, outcome.holidays, rows)
    assert whatif.reference == "flat"
    [line] = whatif.services
    assert line.plan_hours == pytest.approx(line.reference_hours)
    assert line.plan_answered > line.reference_answered
    assert whatif.gain > 0
    assert line.ceiling_answered is not None
    assert line.ceiling_answered >= line.plan_answered - 1e-9
    added, _ = whatif.moved()
    assert added
    assert all(16 <= b.start_hour < 22 for b in added), "the free hours go to the evenings"
    assert sum(b.answered for b in whatif.blocks) == pytest.approx(
        line.plan_answered - line.reference_answered
    )


def test_flat_calendar_by_hand() -> None:
    # One day, constant 12 calls an hour, a plan with 2 responders for 12 h and 1 for 12 h:
    # 36 responder-hours over 24 open hours is 1.5 everywhere, credited as the mean of one and
    # two responders in every hour.
    sc = scenario([centre("a", lines=2)], services=[with_demand(rate=12)])
    day = Period(dt.date(2027, 1, 5), dt.date(2027, 1, 6), "day")
    shifts = [
        StandingShift("a", "fi-phone", 1, 0, 480),
        StandingShift("a", "fi-phone", 1, 480, 480),
        StandingShift("a", "fi-phone", 1, 960, 480),
        StandingShift("a", "fi-phone", 1, 480, 480),
        StandingShift("a", "fi-phone", 1, 1200, 240),
    ]
    occurrences = expand(Plan(day, shifts), sc, {}).occurrences
    rows = coverage_rows(sc, day, {}, occurrences)
    whatif = compare(sc, day, {}, rows)
    weeks = 1 / 7
    one, two = (erlang_a(12, 15, 2.5, n).answered for n in (1, 2))
    [line] = whatif.services
    assert line.reference_hours * weeks == pytest.approx(36)
    assert line.reference_answered * weeks == pytest.approx(24 * (one + two) / 2)
    assert line.plan_answered * weeks == pytest.approx(12 * one + 12 * two)
    # At a constant rate the best any calendar can do is as even as whole responders allow,
    # which is this plan.
    assert line.ceiling_answered == pytest.approx(line.plan_answered)


def test_the_baseline_itself_gains_nothing() -> None:
    sc = busy_evenings()
    outcome = plan_quarter(sc, Q1, time_limit=8)
    rows = coverage_rows(sc, Q1, outcome.holidays, outcome.expansion.occurrences)
    whatif = compare(sc, Q1, outcome.holidays, rows, baseline=outcome.plan.standing)
    assert whatif.reference == "baseline"
    assert whatif.gain == pytest.approx(0, abs=1e-9)
    assert all(b.answered == pytest.approx(0, abs=1e-9) for b in whatif.blocks)


def test_the_report_shows_the_what_if_and_the_extra_shifts(tmp_path: Path) -> None:
    outcome = plan_quarter(busy_evenings(), Q1, time_limit=8)
    write_plan(tmp_path, outcome)
    report = (tmp_path / "report.md").read_text()
    assert "## What-if: this plan against a flat calendar, same responder-hours" in report
    assert "| **all** | 172 | 172 |" in report
    assert "Where the difference comes from" in report
    assert "## Extra shifts wanted (feeds/extra-shifts.ics)" in report
    assert (tmp_path / "feeds" / "extra-shifts.ics").is_file()

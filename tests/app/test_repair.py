"""Impact analysis and the minimal-disruption repair, on the three-centre network.

a covers 00–08, b 08–16, c 16–24 every day, one responder each, one line each; the holiday-duty
group is b and c unless a test says otherwise.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rota.app.impact import analyse, analysis_period, check_calendar
from rota.domain.calendar import public_holidays
from rota.domain.plan import StandingShift
from rota.domain.proposals import CalendarVersion, ShiftChange, apply_changes, parse_shift
from rota.domain.scenario import Scenario
from tests.change_network import EFFECTIVE, Q1, daily_calendar, network, write_network


def setup(tmp_path: Path, **kwargs: object) -> tuple[Scenario, CalendarVersion]:
    _, _, scenario = write_network(tmp_path, network(**kwargs))  # type: ignore[arg-type]
    return scenario, CalendarVersion(1, daily_calendar(), [], Q1)


def drop(centre: str, text: str, effective: dt.date = EFFECTIVE) -> ShiftChange:
    return ShiftChange(centre, "drop", parse_shift(centre, text), None, effective)


def repaired_standing(
    calendar: CalendarVersion, change: ShiftChange, report
) -> list[StandingShift]:
    standing = apply_changes(calendar.standing, change.removed, change.added, change.effective)
    steps = report.repair.steps
    return apply_changes(
        standing,
        [s.shift.shift() for s in steps if s.action == "remove"],
        [s.shift.shift() for s in steps if s.action == "add"],
        report.repair.valid_from,
    )


def test_a_gap_on_the_finnish_line_is_repaired_by_one_added_shift(tmp_path: Path) -> None:
    # Dropping c's Thursday 16–24 leaves fi-phone empty then on every Thursday from 1 Feb; a or
    # b (one free line each, 56 of 100 hours) adds exactly that shift: one change, 8 hours.
    scenario, calendar = setup(tmp_path)
    change = drop("c", "fi-phone thu 16:00-24:00")
    report = analyse(scenario, calendar, change)

    assert [(b.rule, b.service, b.weekday, b.hours) for b in report.breaks] == [
        ("R2", "fi-phone", "thu", "16:00–24:00")
    ]
    assert len(report.breaks[0].dates) == 8  # the Thursdays 2027-02-04 … 2027-03-25
    assert report.repair.status == "found"
    assert report.repair.changed_shifts == 1
    [step] = report.repair.steps
    assert step.action == "add"
    assert step.shift.centre in {"a", "b"}
    assert (step.shift.weekday, step.shift.start, step.shift.end) == ("thu", "16:00", "00:00")
    assert step.shift.valid_from == EFFECTIVE
    assert report.remaining == []

    holidays = public_holidays(Q1)
    standing = repaired_standing(calendar, change, report)
    assert check_calendar(scenario, calendar, standing, Q1, holidays).validation.passed


def test_a_holiday_evening_keeps_the_holiday_duty_group(tmp_path: Path) -> None:
    # Easter Monday (2027-03-29) is a public holiday, so c's Monday evening also carried R5
    # there: the repair must come from b, the other group member, not from a.
    scenario, calendar = setup(tmp_path)
    report = analyse(scenario, calendar, drop("c", "fi-phone mon 16:00-24:00"))
    assert {(b.rule, b.weekday) for b in report.breaks} == {("R2", "mon"), ("R5", "mon")}
    assert report.repair.status == "found"
    assert [(s.action, s.shift.centre) for s in report.repair.steps] == [("add", "b")]
    assert report.remaining == []


def test_coverage_and_expected_answered_change_per_service(tmp_path: Path) -> None:
    scenario, calendar = setup(tmp_path)
    report = analyse(scenario, calendar, drop("c", "fi-phone thu 16:00-24:00"))
    [fi] = report.services
    # 8 Thursdays × 8 hours fewer until the repair puts them back.
    assert fi.responder_hours_before - fi.responder_hours_after == 64
    assert fi.responder_hours_repaired == fi.responder_hours_before
    assert fi.answered_after < fi.answered_before
    assert fi.answered_repaired == fi.answered_before


def test_weekend_evening_needs_the_holiday_duty_group(tmp_path: Path) -> None:
    # c leaves Saturday 16–24: only b (the other group member) restores R5, and b's one line is
    # busy 08–16, so the cheapest repair is b taking 16–24 (a could cover R2 but not R5).
    scenario, calendar = setup(tmp_path)
    report = analyse(scenario, calendar, drop("c", "fi-phone sat 16:00-24:00"))
    assert {b.rule for b in report.breaks} == {"R2", "R5"}
    assert report.repair.status == "found"
    assert {s.shift.centre for s in report.repair.steps if s.action == "add"} == {"b"}


def test_redundant_shift_needs_no_repair(tmp_path: Path) -> None:
    scenario, _ = setup(tmp_path)
    extra = StandingShift("a", "fi-phone", 1, 9 * 60, 4 * 60)
    calendar = CalendarVersion(1, [*daily_calendar(), extra], [], Q1)
    report = analyse(scenario, calendar, drop("a", "fi-phone tue 09:00-13:00"))
    assert report.breaks == []
    assert report.repair.status == "not-needed"


def test_no_repair_when_nobody_else_is_available_says_why(tmp_path: Path) -> None:
    # Only c is available in the evenings: dropping its Monday evening cannot be repaired.
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    daytime = [{"days": days, "start": "00:00", "end": "16:00"}]
    scenario, calendar = setup(tmp_path, availability={"a": daytime, "b": daytime})
    report = analyse(scenario, calendar, drop("c", "fi-phone mon 16:00-24:00"))
    assert report.repair.status == "none"
    assert report.repair.steps == []
    assert any("not available" in why for why in report.repair.why), report.repair.why


def test_a_change_that_breaks_its_own_centres_limits_cannot_be_repaired(tmp_path: Path) -> None:
    # c asks for two responders on one line: only c can undo that (R4).
    scenario, calendar = setup(tmp_path)
    before = parse_shift("c", "fi-phone mon 16:00-24:00")
    after = parse_shift("c", "fi-phone mon 16:00-24:00 x2")
    report = analyse(scenario, calendar, ShiftChange("c", "resize", before, after, EFFECTIVE))
    assert {b.rule for b in report.breaks} == {"R4"}
    assert report.repair.status == "none"
    assert "R4" in report.repair.why[0]


def test_problems_the_calendar_already_had_are_not_blamed_on_the_change(tmp_path: Path) -> None:
    scenario, _ = setup(tmp_path)
    gap = [s for s in daily_calendar() if (s.centre, s.weekday) != ("b", 2)]  # Wed 08–16 open
    calendar = CalendarVersion(1, [*gap, StandingShift("a", "fi-phone", 1, 9 * 60, 4 * 60)], [], Q1)
    report = analyse(scenario, calendar, drop("a", "fi-phone tue 09:00-13:00"))
    assert report.breaks == []
    assert report.repair.status == "not-needed"


def test_the_analysed_period_runs_to_the_quarter_end_and_at_least_four_weeks() -> None:
    assert analysis_period(dt.date(2027, 2, 1)).end == dt.date(2027, 4, 1)
    assert analysis_period(dt.date(2027, 3, 20)).end == dt.date(2027, 7, 1)


def test_a_weekly_shift_closed_on_a_holiday_is_backed_by_a_dated_duty(tmp_path: Path) -> None:
    # b leaves Monday 08–16. Only a can take it every week (c is available in the evenings
    # only, d has no weekly hours to give), but a is closed on holidays, so on Easter Monday
    # (2027-03-29) its new shift is cancelled: there d, open on holidays and with its line
    # free, takes one 8-hour holiday duty (cheaper than two 4-hour ones).
    raw = network()
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    evenings = [{"days": days, "start": "16:00", "end": "24:00"}]
    for centre in raw["centres"]:
        centre["open_on_holidays"] = centre["id"] != "a"
        if centre["id"] == "c":
            centre["availability"] = evenings
    raw["centres"].append({**raw["centres"][1], "id": "d", "name": "D"})
    raw["centres"][-1]["weekly_hours"] = {"min": 0, "max": 0}
    _, _, scenario = write_network(tmp_path, raw)
    calendar = CalendarVersion(1, daily_calendar(), [], Q1)
    change = drop("b", "fi-phone mon 08:00-16:00")
    report = analyse(scenario, calendar, change)

    assert report.repair.status == "found", report.repair.why
    assert [s.describe() for s in report.repair.steps] == [
        "a: add a fi-phone mon 08:00–16:00 ×1",
        "d: holiday duty fi-phone Mon 2027-03-29 08:00–16:00 ×1 (this date only)",
    ]
    assert report.repair.size() == "1 changed responder-shifts and 1 dated duty"
    assert report.remaining == []

    standing = repaired_standing(calendar, change, report)
    with_duty = CalendarVersion(1, calendar.standing, report.repair.duties, Q1)
    period, holidays = analysis_period(EFFECTIVE), public_holidays(Q1)
    before = check_calendar(scenario, calendar, calendar.standing, period, holidays).validation
    after = check_calendar(scenario, with_duty, standing, period, holidays).validation
    assert {(v.rule, v.message) for v in after.violations()} <= {
        (v.rule, v.message) for v in before.violations()
    }

"""Repairs in holiday periods (issue 17): where a holiday cancels the weekly shifts that would
cover a gap, the repair adds a dated duty, and approval goes through without --force.

The network: oulu 00–08, tku 08–16 and vaasa 16–24 staff the Finnish line every day, one line
and 56 weekly hours each, their maximum. tku is closed on public holidays, so on each holiday of
2027Q1 hki (Helsinki) stands in for it as a substitute; on Mondays hki also has 15:00–23:00,
which on Easter Monday (2027-03-29) is what covers 15:00–16:00: hki's substitute duty that day
ends at 15:00. When hki drops the Monday shift from 2027-03-08, every plain Monday stays
covered (tku until 16, vaasa from 16), so no weekly shift is short: only Easter Monday
15:00–16:00 is, and no weekly pattern can reach a date on which tku is closed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from rota.app import changes
from rota.app.actors import Actor
from rota.app.impact import analyse, analysis_period, check_calendar
from rota.domain.calendar import HELSINKI, local, parse_quarter, public_holidays
from rota.domain.errors import ChangeError
from rota.domain.plan import DatedDuty, Plan, StandingShift, expand
from rota.domain.proposals import (
    CalendarVersion,
    DutyStep,
    ImpactReport,
    Repair,
    RepairStep,
    ShiftChange,
    ShiftModel,
    parse_shift,
)
from rota.io.plan_files import write_shifts, write_standing
from rota.io.scenario_file import load_scenario
from rota.store import Store
from solver.plan import repair as repair_module

Q1 = parse_quarter("2027Q1")
TODAY = dt.date(2026, 12, 1)
EFFECTIVE = dt.date(2027, 3, 8)
EASTER_MONDAY = dt.date(2027, 3, 29)
COORDINATOR = Actor.parse("coordinator")
HKI = Actor.parse("centre:hki")
DROP = "fi-phone mon 15:00-23:00 x1"


def holiday_network() -> dict[str, Any]:
    def centre(ident: str, hours: tuple[int, int], open_on_holidays: bool = True) -> dict[str, Any]:
        return {
            "id": ident,
            "name": ident.capitalize(),
            "languages": ["fi"],
            "services": ["fi-phone"],
            "lines": {"fi-phone": 1},
            "weekly_hours": {"min": hours[0], "max": hours[1]},
            "open_on_holidays": open_on_holidays,
        }

    return {
        "name": "four centres, one closed on holidays",
        "rules": {"holiday_duty_group": ["hki", "oulu", "vaasa"]},
        "services": [
            {
                "id": "fi-phone",
                "name": "MIELI Kriisipuhelin",
                "channel": "phone",
                "language": "fi",
                "hours": "always",
                "min_responders": 1,
            }
        ],
        "centres": [
            centre("hki", (0, 60)),
            centre("oulu", (56, 56)),
            centre("tku", (56, 56), open_on_holidays=False),
            centre("vaasa", (56, 56)),
        ],
    }


def holiday_calendar() -> tuple[list[StandingShift], list[DatedDuty]]:
    standing = [
        StandingShift(centre, "fi-phone", day, start * 60, 8 * 60)
        for day in range(7)
        for centre, start in (("oulu", 0), ("tku", 8), ("vaasa", 16))
    ]
    standing.append(StandingShift("hki", "fi-phone", 0, 15 * 60, 8 * 60))
    # hki's Monday shift covers from 15:00, so its Easter Monday substitute ends there.
    substitutes = [
        DatedDuty(
            local(day, 8 * 60),
            local(day, (15 if day.weekday() == 0 else 16) * 60),
            "hki",
            "fi-phone",
            1,
            "substitute",
        )
        for day in sorted(public_holidays(Q1))
    ]
    return standing, substitutes


@pytest.fixture
def holiday_store(store: Store, tmp_path: Path) -> Store:
    """The store holding the holiday network's 2027Q1 calendar as the calendar in force."""
    scenario_path = tmp_path / "scenario.yaml"
    scenario_path.write_text(yaml.safe_dump(holiday_network(), sort_keys=False), "utf-8")
    plan_dir = tmp_path / "plan"
    plan_dir.mkdir()
    standing, dated = holiday_calendar()
    scenario = load_scenario(scenario_path)
    occurrences = expand(Plan(Q1, standing, dated), scenario, public_holidays(Q1)).occurrences
    write_standing(plan_dir / "standing.csv", standing)
    write_shifts(plan_dir / "shifts.csv", occurrences)
    changes.init_calendar(store, COORDINATOR, scenario_path, plan_dir)
    return store


def propose_drop(store: Store) -> changes.ProposalView:
    return changes.propose(
        store, HKI, "drop", EFFECTIVE, "Monday evening staff gone", TODAY, shift=DROP
    )


def test_the_easter_monday_drop_gets_a_holiday_duty_and_is_approved_without_force(
    holiday_store: Store,
) -> None:
    view = propose_drop(holiday_store)
    impact = view.impact
    assert impact is not None
    assert [(b.rule, b.weekday, b.hours, b.dates) for b in impact.breaks] == [
        ("R2", "mon", "15:00–16:00", [EASTER_MONDAY])
    ]
    repair = impact.repair
    assert repair.status == "found", repair.why
    assert impact.remaining == []
    # No standing shift changes: one 4-hour holiday duty (the shortest `rota plan` builds) of a
    # centre open on Easter Monday with its line free at 15:00 (oulu and vaasa cost the same).
    [step] = repair.steps
    assert isinstance(step, DutyStep)
    assert (step.date, step.kind, step.service) == (EASTER_MONDAY, "holiday-duty", "fi-phone")
    assert step.centre in {"oulu", "vaasa"}
    [duty] = repair.duties
    assert duty.start <= local(EASTER_MONDAY, 15 * 60) and duty.end >= local(EASTER_MONDAY, 16 * 60)
    assert duty.start.astimezone(HELSINKI).hour >= 12  # …and not starting before noon: 4 hours
    assert step.describe().startswith(f"{step.centre}: holiday duty fi-phone Mon 2027-03-29 ")

    approved = changes.approve(holiday_store, COORDINATOR, view.id, TODAY)
    assert approved.status == "approved"
    assert approved.decision is not None and approved.decision.version == 2
    assert approved.decision.reason == f"approved on {TODAY}"  # no --force
    assert approved.decision.repair is not None and approved.decision.repair.duties == [duty]

    # The new version holds the duty beside the calendar's own substitutes, and the independent
    # validator finds nothing the old calendar did not already have.
    in_force = changes.calendar_in_force(holiday_store, COORDINATOR)
    old_standing, old_dated = holiday_calendar()
    assert in_force.version == 2
    assert sorted(in_force.calendar.dated) == sorted([*old_dated, duty])
    assert any(
        o.kind == "holiday-duty" and o.start == duty.start and o.centre == duty.centre
        for o in in_force.occurrences
    )
    scenario = in_force.scenario
    assert check_calendar(
        scenario, in_force.calendar, in_force.calendar.standing, Q1, in_force.holidays
    ).validation.passed
    period = analysis_period(EFFECTIVE)
    holidays = public_holidays(period)
    old = CalendarVersion(1, old_standing, old_dated, Q1)
    before = check_calendar(scenario, old, old_standing, period, holidays).validation
    after = check_calendar(
        scenario, in_force.calendar, in_force.calendar.standing, period, holidays
    ).validation
    known = {(v.rule, v.message) for v in before.violations()}
    assert [v for v in after.violations() if (v.rule, v.message) not in known] == []


def test_without_dated_duties_the_easter_monday_drop_has_no_repair(
    holiday_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The weekly pattern alone cannot help here: forbid the dated duties and the repair is the
    # old `status none`, which only --force gets past.
    def no_duties(*args: object, **kwargs: object) -> repair_module.DatedRepair:
        return repair_module.DatedRepair([], "", 0.0)

    monkeypatch.setattr("rota.app.impact.repair_dates", no_duties)
    view = propose_drop(holiday_store)
    assert view.impact is not None and view.impact.repair.status == "none"
    assert any("tku closed on Easter Monday" in why for why in view.impact.repair.why)
    with pytest.raises(ChangeError, match="would break R2"):
        changes.approve(holiday_store, COORDINATOR, view.id, TODAY)


def test_a_repair_with_both_kinds_of_step_survives_the_store() -> None:
    # Decisions keep the repair as JSON: each step comes back as its own kind.
    shift = ShiftModel.of(StandingShift("vaasa", "fi-phone", 0, 16 * 60, 8 * 60))
    night = DatedDuty(
        local(dt.date(2027, 3, 27), 22 * 60),
        local(dt.date(2027, 3, 27), 30 * 60),  # 06:00 on the morning clocks go forward
        "oulu",
        "fi-phone",
        1,
        "holiday-duty",
    )
    repair = Repair(
        status="found", steps=[RepairStep(action="add", shift=shift), DutyStep.of(night)]
    )
    again = Repair.model_validate(repair.model_dump(mode="json"))
    assert again == repair
    assert again.duties == [night] and again.added == [shift.shift()]
    [_, step] = again.steps
    assert (step.date, step.start, step.end) == (dt.date(2027, 3, 27), "22:00", "06:00")
    assert again.size() == "1 dated duty"  # changed_shifts counts standing shifts only


def analysed(tmp_path: Path, repair_from: dt.date | None = None) -> ImpactReport:
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(holiday_network(), sort_keys=False), "utf-8")
    standing, dated = holiday_calendar()
    change = ShiftChange("hki", "drop", parse_shift("hki", DROP), None, EFFECTIVE)
    return analyse(
        load_scenario(path), CalendarVersion(1, standing, dated, Q1), change, repair_from
    )


def test_no_dated_duty_before_the_repairs_notice_date(tmp_path: Path) -> None:
    # Approved on 2027-01-30, the repair may bind other centres only from 2027-03-30 on: the day
    # after Easter Monday. The gap stays, and the repair says why.
    report = analysed(tmp_path, repair_from=dt.date(2027, 3, 30))
    assert report.repair.status == "none"
    assert report.repair.steps == []
    assert any(
        why.startswith(
            "no dated duty on 2027-03-29: the repair adds them only on the dates the "
            "calendar plans dated duties for (2027-01-01 … 2027-03-31) and from 2027-03-30 on"
        )
        for why in report.repair.why
    ), report.repair.why

"""Standing shifts to dated occurrences on real dates: DST nights, holidays, closures, files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rota.domain.calendar import add_months, parse_quarter, public_holidays
from rota.domain.plan import Plan, StandingShift, expand
from rota.io.plan_files import read_previous_plan, write_shifts, write_standing
from tests.builders import centre, scenario

Q1 = parse_quarter("2027Q1")
Q4 = parse_quarter("2026Q4")
SUNDAY, SATURDAY = 6, 5


def expand_one(shift: StandingShift, period=Q1, **centre_options: object):
    sc = scenario([centre("a", **centre_options)])  # type: ignore[arg-type]
    return expand(Plan(period, [shift]), sc, public_holidays(period))


def real_hours(occ) -> float:
    return (occ.end.astimezone(dt.UTC) - occ.start.astimezone(dt.UTC)).total_seconds() / 3600


def on(expansion, day: dt.date):
    return next(o for o in expansion.occurrences if o.start.date() == day)


def test_spring_forward_night_is_three_real_hours_ending_at_four() -> None:
    night = on(expand_one(StandingShift("a", "fi-phone", SUNDAY, 0, 240)), dt.date(2027, 3, 28))
    assert night.end.isoformat() == "2027-03-28T04:00:00+03:00"
    assert night.start.isoformat() == "2027-03-28T00:00:00+02:00"
    assert real_hours(night) == 3
    assert night.wall_minutes == 240


def test_fall_back_night_is_five_real_hours_ending_at_four() -> None:
    night = on(
        expand_one(StandingShift("a", "fi-phone", SUNDAY, 0, 240), Q4), dt.date(2026, 10, 25)
    )
    assert night.start.isoformat() == "2026-10-25T00:00:00+03:00"
    assert night.end.isoformat() == "2026-10-25T04:00:00+02:00"
    assert real_hours(night) == 5


def test_shift_ending_in_the_spring_gap_ends_at_the_real_instant() -> None:
    # Sat 21:00–03:00: 03:00 does not exist on 2027-03-28; it is the instant of 04:00+03:00.
    night = on(
        expand_one(StandingShift("a", "fi-phone", SATURDAY, 21 * 60, 360)), dt.date(2027, 3, 27)
    )
    assert night.end.astimezone(dt.UTC) == dt.datetime(2027, 3, 28, 1, 0, tzinfo=dt.UTC)
    assert night.end.isoformat() == "2027-03-28T03:00:00+02:00"
    assert night.wall_minutes == 360 and real_hours(night) == 6


def test_first_night_of_the_quarter_comes_from_the_eve() -> None:
    # A Thursday 22:00–06:00 shift on 2026-12-31 overlaps 2027Q1 and belongs to its plan.
    shift = StandingShift("a", "fi-phone", 3, 22 * 60, 480, valid_from=dt.date(2026, 12, 31))
    first = expand_one(shift).occurrences[0]
    assert first.start.isoformat() == "2026-12-31T22:00:00+02:00"


def test_holiday_cancels_every_touching_occurrence_for_a_holiday_closed_centre() -> None:
    # Independence Day 2026-12-06 is a Sunday; Sat 20:00–04:00 touches it and is cancelled too.
    sat = expand_one(
        StandingShift("a", "fi-phone", SATURDAY, 20 * 60, 480), Q4, open_on_holidays=False
    )
    cancelled = {c.start.date(): c.reason for c in sat.cancellations}
    assert cancelled[dt.date(2026, 12, 5)].startswith("Independence Day (2026-12-06)")
    assert dt.date(2026, 12, 5) not in {o.start.date() for o in sat.occurrences}
    assert cancelled[dt.date(2026, 10, 31)].startswith("All Saints' Day")


def test_closure_cancels_its_dates() -> None:
    shift = StandingShift("a", "fi-phone", 1, 9 * 60, 240)
    found = expand_one(shift, closures=[{"start": "2027-02-01", "end": "2027-02-14"}])
    days = {o.start.date() for o in found.occurrences}
    assert dt.date(2027, 2, 2) not in days and dt.date(2027, 2, 9) not in days
    assert dt.date(2027, 2, 16) in days
    assert len(found.cancellations) == 2


def test_shift_files_round_trip_keeps_agreed_wall_times(tmp_path: Path) -> None:
    shifts = [
        StandingShift("a", "fi-phone", SATURDAY, 21 * 60, 360, valid_from=dt.date(2026, 12, 31)),
        StandingShift("a", "fi-phone", SUNDAY, 0, 240, valid_from=dt.date(2026, 12, 31)),
    ]
    found = expand(Plan(Q1, shifts), scenario([centre("a")]), public_holidays(Q1))
    write_standing(tmp_path / "standing.csv", shifts)
    write_shifts(tmp_path / "shifts.csv", found.occurrences)
    back = read_previous_plan(tmp_path)
    assert [o.key for o in back.occurrences] == [o.key for o in found.occurrences]
    assert [o.wall_minutes for o in back.occurrences] == [o.wall_minutes for o in found.occurrences]
    assert sorted(back.standing) == sorted(shifts)
    assert back.covered_until == dt.date(2027, 4, 1)


def test_two_months_notice_dates() -> None:
    assert add_months(dt.date(2026, 11, 22), 2) == dt.date(2027, 1, 22)
    assert add_months(dt.date(2026, 12, 31), 2) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 11, 30), 3) == dt.date(2028, 2, 29)

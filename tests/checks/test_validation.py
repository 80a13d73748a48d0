"""The independent validator, one rule at a time, on hand-made occurrences and real dates."""

from __future__ import annotations

import datetime as dt

import pytest

from rota.checks.plan import Baseline, Validation, validate
from rota.domain.calendar import Period, parse_quarter, public_holidays
from rota.domain.plan import Occurrence, StandingShift
from tests.builders import FI_PHONE, SV_PHONE, centre, occurrence, round_the_clock, scenario

Q1 = parse_quarter("2027Q1")  # Epiphany Wed, Good Friday, Easter Sunday on the spring DST night
Q4 = parse_quarter("2026Q4")  # autumn DST 2026-10-25, All Saints' Day Sat, Independence Day Sun
SPRING = dt.date(2027, 3, 28)
AUTUMN = dt.date(2026, 10, 25)


def run(sc, period: Period, occurrences, standing=(), baseline=None) -> Validation:
    holidays = public_holidays(period, sc.holidays.extra)
    return validate(
        sc,
        period,
        holidays,
        sorted(occurrences, key=lambda o: o.start.astimezone(dt.UTC)),
        list(standing),
        baseline,
    )


def one_centre():
    return scenario([centre("a", open_on_holidays=True)])


def covered(period: Period, who: str = "a"):
    return round_the_clock(who, period.first, period.end)


def test_round_the_clock_plan_passes_every_rule() -> None:
    result = run(one_centre(), Q1, covered(Q1))
    assert result.passed, result.violations()


def test_r1_flags_a_three_hour_shift() -> None:
    occs = [*covered(Q1), occurrence("a", dt.date(2027, 1, 5), "09:00", 3)]
    found = run(one_centre(), Q1, occs).checks["R1"].violations
    assert len(found) == 1 and "lasts 3 h" in found[0].message


def test_r1_counts_wall_clock_hours_on_the_spring_night() -> None:
    # 00:00–04:00 on 2027-03-28 is 3 real hours but 4 wall-clock hours: R1 holds.
    night = occurrence("a", SPRING, "00:00", 4)
    assert (night.end - night.start).total_seconds() == 4 * 3600  # wall readings
    assert (night.end.astimezone(dt.UTC) - night.start.astimezone(dt.UTC)) == dt.timedelta(hours=3)
    assert run(one_centre(), Q1, [night]).checks["R1"].passed


def test_r2_reports_the_exact_gap() -> None:
    gap_day = dt.date(2027, 2, 10)
    occs = [o for o in covered(Q1) if not (o.start.date() == gap_day and o.start.hour == 8)]
    found = run(one_centre(), Q1, occs).checks["R2"].violations
    assert [v.message for v in found] == [
        "fi-phone has 0 of 1 responders Wed 2027-02-10 08:00–16:00"
    ]


@pytest.mark.parametrize("day", [SPRING, AUTUMN], ids=["spring-forward", "fall-back"])
def test_r2_holds_across_dst_nights_in_wall_clock(day: dt.date) -> None:
    period = Q1 if day == SPRING else Q4
    assert run(one_centre(), period, covered(period)).checks["R2"].passed


def test_r2_catches_real_hour_arithmetic_on_the_autumn_night() -> None:
    # 00:00–08:00 local on the fall-back night is 9 real hours; a shift computed as "start + 8
    # real hours" ends at 07:00 local and leaves a one-hour gap before the 08:00 shift.
    occs = [o for o in covered(Q4) if not (o.start.date() == AUTUMN and o.start.hour == 0)]
    start = occurrence("a", AUTUMN, "00:00", 4).start
    naive_end = start.astimezone(dt.UTC) + dt.timedelta(hours=8)  # 8 real hours
    occs.append(Occurrence(start, naive_end, "a", "fi-phone", 1, "standing"))
    found = run(one_centre(), Q4, occs).checks["R2"].violations
    assert len(found) == 1
    assert found[0].start is not None and found[0].start.astimezone(dt.UTC).hour == 5


def test_r3_window_must_be_staffed_and_never_outside() -> None:
    sc = scenario(
        [centre("a"), centre("s", languages=("fi", "sv"), services=("fi-phone", "sv-phone"))],
        services=[FI_PHONE, SV_PHONE],
    )
    base = covered(Q1)
    holidays = public_holidays(Q1)
    tuesdays = [d for d in Q1.dates() if d.weekday() == 1 and d not in holidays]
    sv = [occurrence("s", d, "09:00", 4, "sv-phone") for d in tuesdays]
    assert run(sc, Q1, base + sv).checks["R3"].passed
    missing = run(sc, Q1, base + sv[1:]).checks["R3"].violations
    assert [v.message for v in missing] == [
        "sv-phone has 0 of 1 responders Tue 2027-01-05 09:00–13:00"
    ]
    late = [*base, *sv, occurrence("s", tuesdays[0], "13:00", 4, "sv-phone")]
    outside = run(sc, Q1, late).checks["R3"].violations
    assert len(outside) == 1 and "outside its opening hours" in outside[0].message


def test_r3_only_centres_with_the_language() -> None:
    sc = scenario([centre("a", services=("fi-phone",))], services=[FI_PHONE, SV_PHONE])
    tuesday = dt.date(2027, 1, 12)
    result = run(sc, Q1, [*covered(Q1), occurrence("a", tuesday, "09:00", 4, "sv-phone")])
    assert any("may not staff sv-phone" in v.message for v in result.checks["R3"].violations)


def test_r4_lines_availability_and_weekly_hours() -> None:
    day = dt.date(2027, 2, 2)
    sc = scenario(
        [
            centre("a"),
            centre(
                "b",
                hours=(0, 10),
                availability=[{"days": ["tue"], "start": "08:00", "end": "16:00"}],
            ),
        ]
    )
    ok = [*covered(Q1), occurrence("b", day, "08:00", 8)]
    assert run(sc, Q1, ok).checks["R4"].passed
    double = [*covered(Q1), occurrence("a", day, "10:00", 4)]
    assert any("but 1 lines" in v.message for v in run(sc, Q1, double).checks["R4"].violations)
    late = [*covered(Q1), occurrence("b", day, "12:00", 6)]
    assert any("not available" in v.message for v in run(sc, Q1, late).checks["R4"].violations)
    over = [
        StandingShift("b", "fi-phone", 1, 8 * 60, 8 * 60),
        StandingShift("b", "fi-phone", 2, 8 * 60, 4 * 60),
    ]
    msgs = [v.message for v in run(sc, Q1, covered(Q1), standing=over).checks["R4"].violations]
    assert msgs == ["b has 12 standing hours a week; its commitment is 0–10 h"]


def test_r4_standing_hours_below_commitment() -> None:
    sc = scenario([centre("a", hours=(10, 168))])
    shifts = [StandingShift("a", "fi-phone", 0, 8 * 60, 4 * 60)]
    found = run(sc, Q1, covered(Q1), standing=shifts).checks["R4"].violations
    assert [v.message for v in found] == [
        "a has 4 standing hours a week; its commitment is 10–168 h"
    ]


def test_r5_weekend_and_holiday_evenings_need_the_group() -> None:
    sc = scenario([centre("a"), centre("g")], group=["g"])
    holidays = public_holidays(Q1)
    evenings = [d for d in Q1.dates() if d.weekday() >= 5 or d in holidays]
    group = [occurrence("g", d, "16:00", 6) for d in evenings]
    assert run(sc, Q1, covered(Q1) + group).checks["R5"].passed
    epiphany = dt.date(2027, 1, 6)  # a Wednesday
    without = [o for o in group if o.start.date() != epiphany]
    found = run(sc, Q1, covered(Q1) + without).checks["R5"].violations
    assert [v.message for v in found] == [
        "no holiday-duty group responder on fi-phone Wed 2027-01-06 16:00–22:00 (Epiphany)"
    ]


def test_r5_holiday_on_a_weekend_counts_once() -> None:
    sc = scenario([centre("a"), centre("g")], group=["g"])
    all_saints = dt.date(2026, 10, 31)  # a Saturday
    result = run(sc, Q4, covered(Q4)).checks["R5"]
    days = {v.start.astimezone(dt.UTC).date() for v in result.violations if v.start}
    assert all_saints in days
    weekends_and_holidays = {d for d in Q4.dates() if d.weekday() >= 5 or d in public_holidays(Q4)}
    assert result.checked == len(weekends_and_holidays)


def test_r6_closures_and_holidays() -> None:
    sc = scenario(
        [
            centre("a"),
            centre(
                "c", open_on_holidays=False, closures=[{"start": "2027-02-01", "end": "2027-02-07"}]
            ),
        ]
    )
    ok = [*covered(Q1), occurrence("c", dt.date(2027, 2, 8), "08:00", 8)]
    assert run(sc, Q1, ok).checks["R6"].passed
    closed = [*covered(Q1), occurrence("c", dt.date(2027, 2, 3), "08:00", 8)]
    assert "closed on 2027-02-03" in run(sc, Q1, closed).checks["R6"].violations[0].message
    # A night shift starting the evening before Good Friday touches the holiday.
    eve = [*covered(Q1), occurrence("c", dt.date(2027, 3, 25), "20:00", 6)]
    assert "Good Friday" in run(sc, Q1, eve).checks["R6"].violations[0].message


def test_r7_promised_occurrences_must_stay() -> None:
    sc = one_centre()
    occs = covered(Q1)
    baseline = Baseline(
        occs, [], notice_date=dt.date(2027, 2, 1), covered_until=dt.date(2027, 4, 1)
    )
    assert run(sc, Q1, occs, baseline=baseline).checks["R7"].passed
    moved = [o for o in occs if o.start.date() != dt.date(2027, 1, 20)]
    moved += round_the_clock("a", dt.date(2027, 1, 20), dt.date(2027, 1, 21))[:2]
    moved.append(occurrence("a", dt.date(2027, 1, 20), "16:00", 8, responders=2))
    found = run(sc, Q1, moved, baseline=baseline).checks["R7"].violations
    assert any("is missing or changed" in v.message for v in found)
    assert any("was not in the plan in force" in v.message for v in found)


def test_r7_new_standing_shift_before_notice_is_refused() -> None:
    sc = one_centre()
    new = StandingShift("a", "fi-phone", 1, 8 * 60, 4 * 60, valid_from=dt.date(2027, 1, 15))
    baseline = Baseline([], [], notice_date=dt.date(2027, 2, 1), covered_until=Q1.first)
    found = run(sc, Q1, covered(Q1), standing=[new], baseline=baseline).checks["R7"].violations
    assert [v.message for v in found] == [
        "new standing shift a fi-phone tue 08:00–12:00 ×1 takes effect 2027-01-15, before the "
        "notice date 2027-02-01"
    ]

"""Extra shifts (issue 7): open slots ranked by what one more responder answers, weekends and
public holidays first for volunteers, as a table, JSON and a subscribable iCal feed; the open
seats of the responders' assignment (issue 8) before them."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path
from typing import Any

import icalendar
import pytest
import recurring_ical_events
import yaml
from ical.calendar_stream import IcsCalendarStream
from typer.testing import CliRunner

from rota.analysis.extra_shifts import ExtraSlot, extra_slots, for_volunteers, ranked
from rota.cli.main import app
from rota.domain.calendar import Period, instant, local, public_holidays
from rota.domain.demand import erlang_a
from rota.domain.plan import Occurrence
from rota.domain.scenario import Scenario
from rota.domain.seats import OpenSeat
from rota.io.plan_files import write_shifts, write_standing
from rota.io.seat_files import write_open_seats
from rota.publish.extra_shift_feed import extra_shift_calendar, write_extra_shift_feed
from tests.app.test_assignment import roster_row, write_inputs
from tests.builders import FI_PHONE, centre, occurrence, round_the_clock, scenario

# Mon 4 – Sun 10 January 2027; Wednesday the 6th is Epiphany, a public holiday.
WEEK = Period(dt.date(2027, 1, 4), dt.date(2027, 1, 11), "week")
WED, THU, SAT = dt.date(2027, 1, 6), dt.date(2027, 1, 7), dt.date(2027, 1, 9)
# Quiet hours 6 calls an hour; 16–20 busier on the holiday, busiest on Thursday, busy Saturday.
DEMAND = {
    "rate": 6,
    "windows": [
        {"days": ["wed"], "start": "16:00", "end": "20:00", "rate": 24},
        {"days": ["thu"], "start": "16:00", "end": "20:00", "rate": 30},
        {"days": ["sat"], "start": "16:00", "end": "20:00", "rate": 12},
    ],
    "handle_minutes": 15,
    "patience_minutes": 2.5,
}


def network(lines: int = 2, **kwargs: Any) -> Scenario:
    return scenario([centre("a", lines=lines, **kwargs)], services=[dict(FI_PHONE, demand=DEMAND)])


def slots_of(sc: Scenario, period: Period = WEEK) -> list[ExtraSlot]:
    """Extra slots of a plan with one responder on duty round the clock."""
    holidays = public_holidays(period)
    occurrences = round_the_clock("a", period.first - dt.timedelta(days=1), period.end)
    return extra_slots(sc, period, holidays, occurrences)


def starts(slots: list[ExtraSlot]) -> list[dt.datetime]:
    return [s.start for s in slots]


def gain(rate: float) -> float:
    """One more responder (1 → 2) for four hours at `rate` calls an hour."""
    return 4 * (erlang_a(rate, 15, 2.5, 2).answered - erlang_a(rate, 15, 2.5, 1).answered)


def test_ranked_by_contacts_one_more_responder_answers() -> None:
    # Erlang-A gains over four hours: 30/h → 14.8, 24/h → 14.3, 12/h → 11.3, 6/h → 7.1.
    slots = slots_of(network())
    top = ranked(slots)[:3]
    assert starts(top) == [local(THU, 16 * 60), local(WED, 16 * 60), local(SAT, 16 * 60)]
    assert [s.gain for s in top] == pytest.approx([gain(30), gain(24), gain(12)])
    assert gain(30) > gain(24) > gain(12) > gain(6)
    assert all(s.on_duty == 1 for s in slots)
    assert top[1].holiday == "Epiphany" and top[1].weekend_or_holiday
    assert not top[0].weekend_or_holiday


def test_volunteers_see_weekends_and_holidays_first() -> None:
    volunteers = for_volunteers(slots_of(network()))
    assert starts(volunteers[:2]) == [local(WED, 16 * 60), local(SAT, 16 * 60)]
    flags = [s.weekend_or_holiday for s in volunteers]
    assert flags == sorted(flags, reverse=True), "no weekday before a weekend or holiday"
    weekday = [s for s in volunteers if not s.weekend_or_holiday]
    assert weekday[0].start == local(THU, 16 * 60)


def test_listed_slots_never_overlap_and_last_the_minimum_shift() -> None:
    slots = sorted(slots_of(network()), key=lambda s: instant(s.start))
    for before, after in itertools.pairwise(slots):
        assert instant(before.end) <= instant(after.start)
    for slot in slots:
        wall = slot.end.replace(tzinfo=None) - slot.start.replace(tzinfo=None)
        assert wall == dt.timedelta(hours=4)


def test_no_slot_without_a_spare_line() -> None:
    assert slots_of(network(lines=1)) == []


def test_a_centre_closed_on_holidays_offers_no_holiday_slot() -> None:
    slots = slots_of(network(open_on_holidays=False))
    assert slots and not any(s.holiday for s in slots)
    assert all(s.start.date() != WED for s in slots)


def test_a_slot_over_the_spring_dst_night_counts_its_three_real_hours() -> None:
    # 2027-03-28 00:00–04:00 local is three real hours: three hours of calls, three hours gained.
    night = Period(dt.date(2027, 3, 28), dt.date(2027, 3, 29), "night")
    slot = next(s for s in slots_of(network(), night) if s.start == local(night.first, 0))
    assert instant(slot.end) - instant(slot.start) == dt.timedelta(hours=3)
    assert slot.offered == pytest.approx(3 * 6)
    assert slot.gain == pytest.approx(gain(6) * 3 / 4)


# --- the feed -------------------------------------------------------------------------------


def test_feed_parses_and_expands_to_the_listed_slots(tmp_path: Path) -> None:
    sc = network()
    slots = slots_of(sc)
    path = tmp_path / "feeds" / "extra-shifts.ics"
    chosen = write_extra_shift_feed(path, sc, WEEK, slots)
    assert set(chosen) == set(slots), "a week has fewer slots than the feed lists"
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    found = recurring_ical_events.of(calendar).between(WEEK.start_instant, WEEK.end_instant)
    assert sorted((instant(e["DTSTART"].dt), instant(e["DTEND"].dt)) for e in found) == sorted(
        (instant(s.start), instant(s.end)) for s in slots
    )
    holiday = next(e for e in found if instant(e["DTSTART"].dt) == instant(local(WED, 960)))
    assert str(holiday["X-ROTA-VOLUNTEER-FIRST"]) == "TRUE"
    assert "Epiphany" in str(holiday["DESCRIPTION"])
    assert str(holiday["TRANSP"]) == "TRANSPARENT"
    strict = IcsCalendarStream.calendar_from_ics(path.read_text(encoding="utf-8"))
    assert [tz.tz_id for tz in strict.timezones] == ["Europe/Helsinki"]
    text = path.read_text()
    assert "DTSTART;TZID=Europe/Helsinki:20270107T160000" in text
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT12H" in text


def test_feed_bytes_are_identical_for_identical_input() -> None:
    sc = network()
    first = extra_shift_calendar(sc, WEEK, slots_of(sc)).to_ical()
    assert extra_shift_calendar(sc, WEEK, slots_of(sc)).to_ical() == first


def test_feed_writes_the_autumn_repeat_in_utc() -> None:
    # 2027-10-31 03:00 happens twice. A busy window from 03:00 makes the slot starting at the
    # first 03:00 (00:00 UTC) the best: five real hours. Its wall time is ambiguous, so the
    # feed writes it in UTC, and every reader gets the same instant.
    busy = {"days": ["sun"], "start": "03:00", "end": "07:00", "rate": 30}
    demand = dict(DEMAND, windows=[busy])
    sc = scenario([centre("a", lines=2)], services=[dict(FI_PHONE, demand=demand)])
    night = Period(dt.date(2027, 10, 31), dt.date(2027, 11, 1), "night")
    slots = slots_of(sc, night)
    best = ranked(slots)[0]
    assert instant(best.start) == dt.datetime(2027, 10, 31, 0, 0, tzinfo=dt.UTC)
    assert instant(best.end) - instant(best.start) == dt.timedelta(hours=5)
    text = extra_shift_calendar(sc, night, slots).to_ical()
    assert b"DTSTART:20271031T000000Z" in text
    calendar = icalendar.Calendar.from_ical(text)
    found = recurring_ical_events.of(calendar).between(night.start_instant, night.end_instant)
    assert sorted(instant(e["DTSTART"].dt) for e in found) == sorted(
        instant(s.start) for s in slots
    )


# --- the command ----------------------------------------------------------------------------


def plan_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "plan"
    folder.mkdir()
    write_standing(folder / "standing.csv", [])
    period = Period(dt.date(2027, 1, 1), dt.date(2027, 4, 1))
    write_shifts(
        folder / "shifts.csv",
        round_the_clock("a", period.first - dt.timedelta(days=1), period.end),
    )
    return folder


def scenario_file(tmp_path: Path) -> Path:
    raw = {
        "name": "extra shifts",
        "services": [dict(FI_PHONE, demand=DEMAND)],
        "centres": [centre("a", lines=2)],
    }
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


def test_cli_lists_both_rankings_and_writes_the_feed(tmp_path: Path) -> None:
    sc_path = scenario_file(tmp_path)
    folder = plan_folder(tmp_path)
    args = ["extra-shifts", str(sc_path), "--quarter", "2027Q1", "--plan", str(folder)]
    result = CliRunner().invoke(app, [*args, "--limit", "3"])
    assert result.exit_code == 0, result.output
    assert "By answered contacts gained" in result.stdout
    assert "Volunteers: weekends and public holidays first" in result.stdout
    assert (folder / "feeds" / "extra-shifts.ics").is_file()

    result = CliRunner().invoke(app, [*args, "--json", "--out", str(tmp_path / "x.ics")])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["quarter"] == "2027Q1" and record["hours"] == 4
    best = record["by_gain"]
    assert [r["gain"] for r in best] == sorted((r["gain"] for r in best), reverse=True)
    assert best[0]["start"] == "2027-01-07T16:00:00+02:00"
    volunteers = record["for_volunteers"]
    assert volunteers[0]["start"] == "2027-01-06T16:00:00+02:00"
    assert volunteers[0]["holiday"] == "Epiphany" and volunteers[0]["weekend_or_holiday"]
    assert (tmp_path / "x.ics").is_file()


def test_cli_refuses_a_bad_quarter_and_writes_nothing(tmp_path: Path) -> None:
    sc_path = scenario_file(tmp_path)
    out = tmp_path / "x.ics"
    result = CliRunner().invoke(
        app, ["extra-shifts", str(sc_path), "--quarter", "2027Q5", "--out", str(out)]
    )
    assert result.exit_code == 2
    assert "--quarter" in result.stderr
    assert not out.exists()


# --- open seats: what the centres could not fill, listed first -------------------------------

FRI, SUN = dt.date(2027, 1, 8), dt.date(2027, 1, 10)


def plan_with_a_double_shift(tmp_path: Path) -> tuple[Path, Occurrence, Occurrence]:
    """The round-the-clock plan with Thursday 16–24 for two; returns that shift and Sunday 00–08."""
    folder = tmp_path / "plan"
    folder.mkdir()
    write_standing(folder / "standing.csv", [])
    period = Period(dt.date(2027, 1, 1), dt.date(2027, 4, 1))
    shifts = round_the_clock("a", period.first - dt.timedelta(days=1), period.end)
    double = occurrence("a", THU, "16:00", 8, responders=2)
    shifts = [double if s.key[:4] == double.key[:4] else s for s in shifts]
    write_shifts(folder / "shifts.csv", shifts)
    return folder, double, occurrence("a", SUN, "00:00", 8)


def test_open_seats_come_first_marked_and_a_filled_seat_is_not_listed(tmp_path: Path) -> None:
    folder, double, sunday = plan_with_a_double_shift(tmp_path)
    # Thursday's first seat was filled, its second was not; Sunday night's only seat was not.
    seats_file = tmp_path / "assignment" / "open-seats.csv"
    seats_file.parent.mkdir()
    reason = "nobody trained for fi-phone is available then"
    write_open_seats(seats_file, [OpenSeat(sunday, 1, reason), OpenSeat(double, 2, reason)])
    args = ["extra-shifts", str(scenario_file(tmp_path)), "--quarter", "2027Q1",
            "--plan", str(folder), "--open-seats", str(seats_file.parent)]  # fmt: skip

    result = CliRunner().invoke(app, [*args, "--json", "--out", str(tmp_path / "x.ics")])
    assert result.exit_code == 0, result.output
    assert result.stdout.index('"open_seats"') < result.stdout.index('"by_gain"')
    record = json.loads(result.stdout)
    assert record["open_seats_total"] == 2
    assert [
        (r["type"], r["centre"], r["start"], r["end"], r["seats"]) for r in record["open_seats"]
    ] == [
        ("open-seat", "a", "2027-01-07T16:00:00+02:00", "2027-01-08T00:00:00+02:00", 1),
        ("open-seat", "a", "2027-01-10T00:00:00+02:00", "2027-01-10T08:00:00+02:00", 1),
    ]
    assert record["open_seats"][1]["weekend_or_holiday"]
    # Slots are valued as if the open seats were taken: Thursday 16–24 has both lines planned.
    assert "2027-01-07T16:00:00+02:00" not in [r["start"] for r in record["by_gain"]]

    calendar = icalendar.Calendar.from_ical((tmp_path / "x.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert [str(e["X-ROTA-KIND"]) for e in events[:2]] == ["open-seat", "open-seat"]
    assert {str(e["X-ROTA-KIND"]) for e in events[2:]} == {"extra"}
    assert str(events[0]["SUMMARY"]).startswith("Open seat: ")
    assert events[0]["DTSTART"].dt == local(THU, 16 * 60)
    assert reason not in (tmp_path / "x.ics").read_text(encoding="utf-8")

    table = CliRunner().invoke(app, args)
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    first = lines.index(next(line for line in lines if line.startswith("OPEN SEATS first")))
    assert first < lines.index("By answered contacts gained:")
    marked = [line for line in lines if "OPEN SEAT " in line]
    assert len(marked) == 2
    assert "Thu 2027-01-07 16:00–24:00" in marked[0] and "Sun 2027-01-10 00:00–08:00" in marked[1]


def test_bad_open_seats_get_one_line_per_problem_and_exit_2(tmp_path: Path) -> None:
    folder, _, _ = plan_with_a_double_shift(tmp_path)
    sc_path, feed = scenario_file(tmp_path), tmp_path / "x.ics"

    def run(*extra: str) -> list[str]:
        args = ["extra-shifts", str(sc_path), "--quarter", "2027Q1", "--out", str(feed)]
        result = CliRunner().invoke(app, [*args, *extra])
        assert result.exit_code == 2, result.output
        assert not feed.exists(), "nothing is written"
        return result.stderr.splitlines()

    bad = tmp_path / "open-seats.csv"
    bad.write_text(
        "centre,service,start,end,seat,kind,reason\n"
        "a,fi-phone,2027-01-07T16:00:00,2027-01-08T00:00:00+02:00,1,standing,x\n"
        "a,fi-phone,2027-01-07T16:00:00+02:00,2027-01-08T00:00:00+02:00,0,standing,x\n"
        "a,fi-phone,2027-01-07T16:00:00+02:00,2027-01-08T00:00:00+02:00,3,standing,x\n"
        "a,fi-phone,2027-01-07T09:00:00+02:00,2027-01-07T13:00:00+02:00,1,standing,x\n"
        "a,fi-phone,2026-12-31T16:00:00+02:00,2027-01-01T00:00:00+02:00,1,standing,x\n",
        encoding="utf-8",
    )
    problems = run("--plan", str(folder), "--open-seats", str(bad))
    assert [p.split(": ")[:2] for p in problems] == [[str(bad), f"line {n}"] for n in range(2, 7)]
    assert "start '2027-01-07T16:00:00' is not a time with a UTC offset" in problems[0]
    assert "seat '0' is not a seat number" in problems[1]
    assert all("is not a seat of the plan in 2027Q1" in p for p in problems[2:])

    bad.write_text("centre,service,start,end\n", encoding="utf-8")
    (problem,) = run("--plan", str(folder), "--open-seats", str(bad))
    assert problem.startswith(f"{bad}: line 1: missing columns seat, kind, reason; ")

    (problem,) = run("--plan", str(folder), "--open-seats", str(tmp_path / "nowhere"))
    assert problem == (
        f"{tmp_path / 'nowhere'}: file not found; give the output of 'rota responders assign'"
    )
    (problem,) = run("--open-seats", str(bad))
    assert problem.startswith(f"--open-seats: {bad}: needs --plan; ")


def test_open_seats_from_rota_responders_assign_end_to_end(tmp_path: Path) -> None:
    # One Tuesday-morning seat only a volunteer could take, and no debriefing when it ends (R8).
    scenario_path, plan, roster = write_inputs(
        tmp_path, [roster_row("v-1", "volunteer"), roster_row("v-2", "volunteer")]
    )
    out = tmp_path / "people"
    assign = ["responders", "assign", str(scenario_path), "--quarter", "2027Q1",
              "--roster", str(roster), "--plan", str(plan), "--out", str(out),
              "--workers", "1", "--time-limit", "2"]  # fmt: skip
    assert CliRunner().invoke(app, assign).exit_code == 0
    args = ["extra-shifts", str(scenario_path), "--quarter", "2027Q1", "--plan", str(plan),
            "--open-seats", str(out / "open-seats.csv")]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    (row,) = [line for line in result.stdout.splitlines() if "OPEN SEAT " in line]
    assert row.split() == ["1", "OPEN", "SEAT", "fi-phone", "north", "Tue", "2027-01-05",
                           "09:00–13:00", "1"]  # fmt: skip
    feed = (plan / "feeds" / "extra-shifts.ics").read_text(encoding="utf-8")
    assert "X-ROTA-KIND:open-seat" in feed
    for text in (result.stdout, feed):
        assert "Secret Name" not in text and "v-1" not in text and "v-2" not in text

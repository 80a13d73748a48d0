"""Assigning responders to seats (issue 8): R8 both ways, absence substitutes, open seats,
limits, the independent validator on a tampered assignment, and `rota responders assign`.

Every case is a centre `north` with a handful of responders and shifts built in code; Q1 2027
starts on a Friday, 2027-01-05 is an ordinary Tuesday and 2027-01-06 (Epiphany) a holiday.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from rota.app.staffing import StaffingOutcome, staff_quarter
from rota.checks.assignment import rows_from, validate_assignment
from rota.cli.main import app
from rota.domain.calendar import parse_quarter
from rota.domain.plan import Occurrence
from rota.domain.responders import Responder, Roster
from rota.domain.scenario import Scenario
from rota.domain.seats import SeatAssignment
from rota.io.plan_files import write_shifts, write_standing
from rota.io.roster_file import COLUMNS
from rota.io.seat_files import read_assignment, write_assignment
from solver.staffing.model import assign_network
from tests.builders import FI_PHONE, SV_PHONE, centre, occurrence, scenario

Q1 = parse_quarter("2027Q1")
TUESDAYS = [dt.date(2027, 1, 5) + dt.timedelta(weeks=k) for k in range(3)]
WEEKDAYS_ALL = [{"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00",
                 "end": "24:00"}]  # fmt: skip


def network(debrief: list[dict[str, str]] | None = None) -> Scenario:
    north = centre("north", languages=("fi", "sv"), services=("fi-phone", "sv-phone"), lines=2)
    north["debrief"] = debrief or []
    return scenario([north], services=[FI_PHONE, SV_PHONE])


def person(ident: str, role: str = "staff", **fields: Any) -> Responder:
    data: dict[str, Any] = {
        "id": ident,
        "name": f"Responder {ident}",
        "centre": "north",
        "role": role,
        "languages": ["fi"],
        "services": ["fi-phone"],
        "availability": WEEKDAYS_ALL,
        "max_hours_week": 40,
        "max_hours_quarter": 400,
    }
    return Responder.model_validate({**data, **fields})


def staff(
    net: Scenario,
    occurrences: list[Occurrence],
    people: list[Responder],
    previous: list[SeatAssignment] | None = None,
) -> StaffingOutcome:
    return staff_quarter(
        net, Q1, occurrences, Roster(people), previous=previous, time_limit=5, workers=1
    )


def who(outcome: StaffingOutcome) -> list[tuple[dt.date, str]]:
    return sorted((a.occurrence.start.date(), a.responder) for a in outcome.assignments)


# --- R8 ---------------------------------------------------------------------------------------


def test_a_volunteer_shift_ending_tuesday_13_is_refused_without_local_debrief() -> None:
    shift = occurrence("north", TUESDAYS[0], "09:00", 4)  # ends 13:00; national is evenings only
    outcome = staff(network(), [shift], [person("v-1", "volunteer")])
    assert outcome.assignments == []
    (seat,) = outcome.open_seats
    assert "no debriefing is available when it ends (Tue 13:00, R8)" in seat.reason


def test_the_same_shift_is_taken_when_the_centre_debriefs_at_13() -> None:
    net = network([{"days": ["tue"], "start": "12:00", "end": "14:00"}])
    shift = occurrence("north", TUESDAYS[0], "09:00", 4)
    outcome = staff(net, [shift], [person("v-1", "volunteer")])
    assert who(outcome) == [(TUESDAYS[0], "v-1")]
    assert outcome.open_seats == []


def test_staff_need_no_debrief_and_a_student_does() -> None:
    shift = occurrence("north", TUESDAYS[0], "09:00", 4, responders=2)
    people = [person("s-1", "student"), person("w-1", "staff")]
    outcome = staff(network(), [shift], people)
    assert who(outcome) == [(TUESDAYS[0], "w-1")]
    assert len(outcome.open_seats) == 1


# --- substitutes, open seats, limits ---------------------------------------------------------


def test_an_absent_regular_is_replaced_by_a_substitute_from_the_same_centre() -> None:
    # a-1 held the Tuesday evening shift last quarter and keeps it; on the Tuesday a-1 is
    # away, b-1 of the same centre substitutes.
    shifts = [occurrence("north", day, "16:00", 4) for day in TUESDAYS]
    last_quarter = occurrence("north", dt.date(2026, 12, 29), "16:00", 4)
    people = [
        person("a-1", absences=[{"start": "2027-01-12", "end": "2027-01-14"}]),
        person("b-1"),
    ]
    outcome = staff(network(), shifts, people, [SeatAssignment("a-1", last_quarter, 1)])
    assert who(outcome) == [(TUESDAYS[0], "a-1"), (TUESDAYS[1], "b-1"), (TUESDAYS[2], "a-1")]


def test_a_seat_nobody_can_fill_is_reported_open_with_its_reason() -> None:
    swedish = occurrence("north", TUESDAYS[0], "09:00", 4, service="sv-phone")
    finnish = occurrence("north", TUESDAYS[0], "16:00", 4)
    outcome = staff(network(), [swedish, finnish], [person("a-1")])
    assert who(outcome) == [(TUESDAYS[0], "a-1")]
    (seat,) = outcome.open_seats
    assert (seat.occurrence, seat.seat) == (swedish, 1)
    assert seat.reason == "nobody at north is trained for sv-phone"


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"availability": [{"days": ["mon"], "start": "08:00", "end": "16:00"}]},
         "nobody trained for fi-phone is available then"),
        ({"absences": [{"start": "2027-01-05", "end": "2027-01-05"}]},
         "everyone trained and available is absent then"),
    ],
)  # fmt: skip
def test_each_reason_a_seat_stays_open(fields: dict[str, Any], reason: str) -> None:
    outcome = staff(
        network(), [occurrence("north", TUESDAYS[0], "16:00", 4)], [person("a-1", **fields)]
    )
    assert [s.reason for s in outcome.open_seats] == [reason]


def test_hour_limits_and_rest_leave_a_seat_open_rather_than_break_them() -> None:
    # One person, 8 h a week: of two 6-hour shifts in one week only one fits; two shifts
    # 4 hours apart break the 8-hour rest.
    week = [
        occurrence("north", TUESDAYS[0], "08:00", 6),
        occurrence("north", TUESDAYS[0] + dt.timedelta(2), "08:00", 6),
    ]
    outcome = staff(network(), week, [person("a-1", max_hours_week=8)])
    assert len(outcome.assignments) == 1 and len(outcome.open_seats) == 1
    close = [
        occurrence("north", TUESDAYS[1], "08:00", 4),
        occurrence("north", TUESDAYS[1], "16:00", 4),
    ]
    outcome = staff(network(), close, [person("a-1")])
    assert len(outcome.assignments) == 1
    assert outcome.open_seats[0].reason.startswith("every responder who may take it is at an hour")


def test_the_work_is_spread_over_people() -> None:
    # Six Tuesday shifts for two people with the same limits: three each, not six for one.
    shifts = [occurrence("north", d, h, 4) for d in TUESDAYS for h in ("08:00", "16:00")][:4]
    shifts += [occurrence("north", TUESDAYS[2] + dt.timedelta(1), "08:00", 4)]
    shifts += [occurrence("north", TUESDAYS[2] + dt.timedelta(2), "08:00", 4)]
    people = [person("a-1", max_hours_quarter=24), person("b-1", max_hours_quarter=24)]
    outcome = staff(network(), shifts, people)
    loads = sorted(sum(a.responder == p for a in outcome.assignments) for p in ("a-1", "b-1"))
    assert loads == [3, 3]


def test_centres_are_solved_in_parallel_processes() -> None:
    north = centre("north")
    south = centre("south")
    net = scenario([north, south])
    shifts = [occurrence(c, TUESDAYS[0], "16:00", 4) for c in ("north", "south")]
    people = [person("n-1"), person("s-1", centre="south")]
    outcome = staff_quarter(net, Q1, shifts, Roster(people), time_limit=5, workers=2)
    assert sorted((a.occurrence.centre, a.responder) for a in outcome.assignments) == [
        ("north", "n-1"),
        ("south", "s-1"),
    ]
    assert assign_network([], workers=2) == []


# --- the validator ------------------------------------------------------------------------------


def test_the_validator_fails_a_tampered_assignment(tmp_path: Path) -> None:
    net = network()
    shifts = [
        occurrence("north", TUESDAYS[0], "09:00", 4),
        occurrence("north", TUESDAYS[1], "16:00", 4, responders=2),
    ]
    people = [person("w-1"), person("v-1", "volunteer", max_hours_quarter=4)]
    outcome = staff(net, shifts, people)
    path = tmp_path / "assignment.csv"
    write_assignment(path, outcome.assignments)
    rows = rows_from(read_assignment(path))
    assert validate_assignment(net, Q1, shifts, Roster(people), rows, min_rest_hours=8).passed

    # The volunteer on the 13:00 seat (R8), twice on one shift, and over the quarter limit.
    tampered = [
        SeatAssignment("v-1", shifts[0], 1),
        SeatAssignment("v-1", shifts[1], 1),
        SeatAssignment("v-1", shifts[1], 2),
        SeatAssignment("x-9", shifts[1], 3),
    ]
    result = validate_assignment(net, Q1, shifts, Roster(people), rows_from(tampered))
    failed = {name for name, check in result.checks.items() if not check.passed}
    assert failed == {"R8", "seats", "roster", "hours", "overlap"}
    problems = result.problems()
    assert any(
        p.startswith("R8: north fi-phone Tue 2027-01-05 09:00 seat 1: v-1") for p in problems
    )
    assert (
        "seats: north fi-phone Tue 2027-01-12 16:00 seat 3: seat 3 does not exist (the shift has 2)"
        in problems
    )


def test_the_validator_checks_skills_availability_and_absence() -> None:
    net = network()
    swedish = occurrence("north", TUESDAYS[0], "09:00", 4, service="sv-phone")
    late = occurrence("north", TUESDAYS[1], "16:00", 4)
    people = [
        person("a-1", availability=[{"days": ["tue"], "start": "08:00", "end": "14:00"}],
               absences=[{"start": "2027-01-12", "end": "2027-01-12"}]),
    ]  # fmt: skip
    rows = rows_from([SeatAssignment("a-1", swedish, 1), SeatAssignment("a-1", late, 1)])
    result = validate_assignment(net, Q1, [swedish, late], Roster(people), rows)
    failed = {name for name, check in result.checks.items() if not check.passed}
    assert failed == {"skills", "availability", "absences"}


# --- the command line -------------------------------------------------------------------------


def write_inputs(folder: Path, rows: list[dict[str, str]]) -> tuple[Path, Path, Path]:
    scenario_path = folder / "scenario.yaml"
    scenario_path.write_text(
        "name: tiny\nservices:\n"
        "  - {id: fi-phone, name: MIELI Kriisipuhelin, channel: phone, language: fi, "
        "hours: always}\n"
        "centres:\n"
        "  - {id: north, name: North, languages: [fi], services: [fi-phone], "
        "lines: {fi-phone: 2}, weekly_hours: {min: 0, max: 168}}\n",
        encoding="utf-8",
    )
    plan = folder / "plan"
    plan.mkdir()
    write_standing(plan / "standing.csv", [])
    shifts = [occurrence("north", d, "16:00", 4, responders=2) for d in TUESDAYS]
    shifts.append(occurrence("north", TUESDAYS[0], "09:00", 4))  # nobody may take it (R8)
    write_shifts(plan / "shifts.csv", shifts)
    roster = folder / "roster.csv"
    with roster.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return scenario_path, plan, roster


def roster_row(ident: str, role: str) -> dict[str, str]:
    return {
        "id": ident,
        "name": f"Secret Name {ident}",
        "centre": "north",
        "role": role,
        "languages": "fi",
        "services": "fi-phone",
        "availability": "tue 08:00-24:00",
        "absences": "",
        "max_hours_week": "8",
        "max_hours_quarter": "40",
        "preferred": "",
        "disliked": "",
    }


def test_rota_responders_assign_writes_everything_and_keeps_feeds_private(tmp_path: Path) -> None:
    ids = ["v-1", "v-2", "s-1"]
    scenario_path, plan, roster = write_inputs(
        tmp_path,
        [
            roster_row("v-1", "volunteer"),
            roster_row("v-2", "volunteer"),
            roster_row("s-1", "student"),
        ],
    )
    out = tmp_path / "out"
    args = ["responders", "assign", str(scenario_path), "--quarter", "2027Q1",
            "--roster", str(roster), "--plan", str(plan), "--out", str(out),
            "--workers", "1", "--time-limit", "5"]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "6 of 7 seats filled (85.7%), 1 open" in result.stdout
    assignment = list(csv.DictReader((out / "assignment.csv").open(encoding="utf-8")))
    assert [r["responder"] for r in assignment] and {r["responder"] for r in assignment} <= set(ids)
    assert list(assignment[0]) == ["responder", "centre", "service", "start", "end", "seat", "kind"]
    (open_seat,) = list(csv.DictReader((out / "open-seats.csv").open(encoding="utf-8")))
    assert open_seat["start"] == "2027-01-05T09:00:00+02:00" and "R8" in open_seat["reason"]
    report = (out / "assignment.md").read_text(encoding="utf-8")
    assert "6 of 7 seats filled (85.7%)" in report and "| north | 7 | 6 | 1 | 85.7% |" in report
    for ident in ids:
        feed = (out / "feeds" / f"responder-{ident}.ics").read_text(encoding="utf-8")
        mine = sum(r["responder"] == ident for r in assignment)
        assert feed.count("BEGIN:VEVENT") == mine
        assert "Secret Name" not in feed
        assert not [other for other in ids if other != ident and other in feed]
    for name in ("assignment.csv", "open-seats.csv", "assignment.md"):
        assert "Secret Name" not in (out / name).read_text(encoding="utf-8")
    own = (out / "centres" / "assignment-north.csv").read_text(encoding="utf-8")
    assert own == (out / "assignment.csv").read_text(encoding="utf-8")

    # Next run, with this one as last quarter's assignment: the same people keep their shifts.
    again = tmp_path / "again"
    args[args.index(str(out))] = str(again)
    result = CliRunner().invoke(app, [*args, "--previous", str(out)])
    assert result.exit_code == 0, result.output
    assert (again / "assignment.csv").read_text(encoding="utf-8") == (
        out / "assignment.csv"
    ).read_text(encoding="utf-8")


def test_rota_responders_assign_refuses_a_bad_roster_and_writes_nothing(tmp_path: Path) -> None:
    bad = roster_row("V 1", "boss")
    scenario_path, plan, roster = write_inputs(tmp_path, [bad])
    out = tmp_path / "out"
    args = ["responders", "assign", str(scenario_path), "--quarter", "2027Q5",
            "--roster", str(roster), "--plan", str(plan), "--out", str(out)]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert not out.exists()
    assert result.stderr.splitlines() == [
        "--quarter: '2027Q5' is not a quarter; write YYYYQn, e.g. 2027Q1",
        f"{roster}: row 2, column id: 'V 1' is not a valid id; use lowercase letters, digits "
        "and '-'",
        f"{roster}: row 2, column role: Input should be 'staff', 'volunteer' or 'student'; got "
        "'boss'",
    ]


def test_rota_responders_generate_writes_one_file_per_centre(tmp_path: Path) -> None:
    scenario_path, _, _ = write_inputs(tmp_path, [])
    out = tmp_path / "roster"
    args = ["responders", "generate", "--scenario", str(scenario_path), "--out", str(out),
            "--seed", "3", "--count", "12", "--quarter", "2027Q1"]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["north.csv"]
    assert "Responder nor-0012" in (out / "north.csv").read_text(encoding="utf-8")


def test_without_a_plan_the_quarter_is_planned_first(tmp_path: Path) -> None:
    scenario_path, _, roster = write_inputs(tmp_path, [roster_row("w-1", "staff")])
    out = tmp_path / "out"
    args = ["responders", "assign", str(scenario_path), "--quarter", "2027Q1",
            "--roster", str(roster), "--out", str(out), "--plan-time-limit", "3",
            "--time-limit", "2", "--workers", "2"]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert (out / "plan" / "shifts.csv").is_file() and (out / "assignment.csv").is_file()
    assert "seats filled" in result.stdout


def test_a_shift_on_the_spring_forward_night_counts_its_real_hours() -> None:
    # 00:00–04:00 on 2027-03-28 lasts 3 real hours: it fits a 3-hour weekly limit.
    night = occurrence("north", dt.date(2027, 3, 28), "00:00", 4)
    sunday_night = [{"days": ["sun"], "start": "00:00", "end": "04:00"}]
    people = [person("a-1", availability=sunday_night, max_hours_week=3)]
    outcome = staff(network(), [night], people)
    assert who(outcome) == [(dt.date(2027, 3, 28), "a-1")]
    rows = rows_from(outcome.assignments)
    assert validate_assignment(network(), Q1, [night], Roster(people), rows).passed


# --- solver and validator agree -----------------------------------------------------------


@st.composite
def availabilities(draw: st.DrawFn) -> list[dict[str, Any]]:
    if draw(st.booleans()):
        return WEEKDAYS_ALL
    days = draw(st.lists(st.sampled_from(["mon", "tue", "wed", "sun"]), min_size=1, unique=True))
    start = draw(st.integers(0, 16))
    end = start + draw(st.integers(4, 8))
    return [{"days": days, "start": f"{start:02d}:00", "end": f"{end:02d}:00"}]


@st.composite
def people(draw: st.DrawFn, ident: str) -> Responder:
    languages = draw(st.sampled_from([["fi"], ["fi", "sv"]]))
    swedish = "sv" in languages and draw(st.booleans())
    away = [{"start": "2027-03-24", "end": "2027-03-25"}] if draw(st.booleans()) else []
    return person(
        ident,
        draw(st.sampled_from(["staff", "volunteer", "student"])),
        languages=languages,
        services=["fi-phone", "sv-phone"] if swedish else ["fi-phone"],
        availability=draw(availabilities()),
        absences=away,
        max_hours_week=draw(st.sampled_from([4, 8, 16])),
        max_hours_quarter=draw(st.sampled_from([8, 16, 40])),
    )


@st.composite
def centres(draw: st.DrawFn) -> tuple[list[Occurrence], list[Responder]]:
    """A fortnight of random shifts at north (over the DST night) and random responders."""
    days = [dt.date(2027, 3, 22) + dt.timedelta(d) for d in range(14)]
    shifts = [
        occurrence(
            "north",
            draw(st.sampled_from(days)),
            f"{draw(st.integers(0, 20)):02d}:00",
            draw(st.sampled_from([4, 6, 8])),
            service=draw(st.sampled_from(["fi-phone", "sv-phone"])),
            responders=draw(st.integers(1, 2)),
        )
        for _ in range(draw(st.integers(1, 8)))
    ]
    return shifts, [draw(people(f"p-{k}")) for k in range(draw(st.integers(1, 5)))]


@settings(max_examples=25, deadline=None)
@given(centres(), st.booleans())
def test_every_assignment_passes_the_independent_validator(
    case: tuple[list[Occurrence], list[Responder]], debrief: bool
) -> None:
    shifts, people = case
    net = network([{"days": ["mon", "wed"], "start": "10:00", "end": "14:00"}] if debrief else None)
    outcome = staff_quarter(net, Q1, shifts, Roster(people), time_limit=0.5, workers=1)
    rows = rows_from(outcome.assignments)
    result = validate_assignment(net, Q1, shifts, Roster(people), rows, min_rest_hours=8)
    assert result.passed, result.problems()
    assert len(outcome.assignments) + len(outcome.open_seats) == outcome.seats


def test_identical_occurrences_share_one_numbering_of_their_seats() -> None:
    # Two identical one-seat occurrences (found by the property above): seats 1 and 2, not
    # seat 1 twice.
    shifts = [occurrence("north", TUESDAYS[0], "16:00", 4) for _ in range(2)]
    outcome = staff(network(), shifts, [person("p-0"), person("p-1")])
    assert sorted(a.seat for a in outcome.assignments) == [1, 2]
    rows = rows_from(outcome.assignments)
    assert validate_assignment(network(), Q1, shifts, Roster([]), rows).checks["seats"].passed


# Starlette's test client uses an anyio alias anyio has deprecated; not ours to fix.
@pytest.mark.filterwarnings("ignore:The anyio.abc.BlockingPortal alias:DeprecationWarning")
def test_a_personal_feed_is_served_behind_its_responders_token(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    from rota.app.actors import Actor
    from rota.app.feed_tokens import feed_url, issue
    from rota.domain.errors import PermissionDenied
    from rota.store import open_store
    from rota.web.server import create_app

    scenario_path, plan, roster = write_inputs(
        tmp_path, [roster_row("v-1", "volunteer"), roster_row("v-2", "volunteer")]
    )
    out = tmp_path / "out"
    args = ["responders", "assign", str(scenario_path), "--quarter", "2027Q1",
            "--roster", str(roster), "--plan", str(plan), "--out", str(out),
            "--workers", "1", "--time-limit", "2"]  # fmt: skip
    assert CliRunner().invoke(app, args).exit_code == 0
    store = open_store(f"sqlite:///{tmp_path / 'serve.db'}")
    try:
        secret = issue(store, Actor("responder", "v-1"), "responder-v-1").secret
        with pytest.raises(PermissionDenied):
            issue(store, Actor("responder", "v-1"), "responder-v-2")
        response = TestClient(create_app(out, store)).get(feed_url("http://test", secret))
    finally:
        store.close()
    assert response.status_code == 200
    assert response.content == (out / "feeds" / "responder-v-1.ics").read_bytes()
    assert b"v-2" not in response.content


# --- a night that starts before the quarter (issue 15, finding 8) -------------------------------

EVE = dt.date(2026, 12, 31)  # a Thursday: the quarter opens at midnight inside this night


def test_a_night_running_into_the_quarter_has_its_seats_filled_or_listed_open() -> None:
    night = occurrence("north", EVE, "20:00", 6)  # 2026-12-31 20:00 – 2027-01-01 02:00
    outcome = staff(network(), [night], [person("n-1")])
    assert outcome.occurrences == [night]
    assert [(a.occurrence, a.responder) for a in outcome.assignments] == [(night, "n-1")]
    rows = rows_from(outcome.assignments)
    assert validate_assignment(network(), Q1, [night], Roster([person("n-1")]), rows, 8).passed
    # With no one to take it, the seat is listed open rather than dropped.
    unstaffed = staff(network(), [night], [])
    assert [(s.occurrence, s.seat) for s in unstaffed.open_seats] == [(night, 1)]


def test_a_night_already_seated_by_last_quarters_assignment_is_left_to_it() -> None:
    night = occurrence("north", EVE, "20:00", 6)
    evening = occurrence("north", EVE, "16:00", 4)  # ends before the quarter: never ours
    earlier = [SeatAssignment("n-1", night, 1)]
    outcome = staff(network(), [evening, night], [person("n-1")], previous=earlier)
    assert outcome.occurrences == []
    assert outcome.assignments == outcome.open_seats == []

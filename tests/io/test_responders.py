"""Responders (issue 8): the roster file and its errors, R8 debrief windows, the synthetic
roster, and the privacy of personal feeds."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import icalendar
import pandas as pd
import pytest

from rota.domain.calendar import local, parse_quarter, public_holidays
from rota.domain.debrief import NationalDebrief, debrief_available, debrief_source
from rota.domain.errors import InputError
from rota.domain.responders import Responder
from rota.domain.scenario import Scenario, Window
from rota.domain.seats import SeatAssignment
from rota.io.debrief_file import load_national_debrief
from rota.io.roster_file import COLUMNS, load_roster
from rota.io.scenario_file import load_scenario
from rota.io.synthetic_roster import generate_roster, write_roster
from rota.publish.personal_feeds import write_personal_feeds
from tests.builders import FI_PHONE, SV_PHONE, centre, occurrence, scenario

ROOT = Path(__file__).resolve().parents[2]
Q1 = parse_quarter("2027Q1")
HOLIDAYS = public_holidays(Q1)
TUESDAY = dt.date(2027, 1, 5)  # an ordinary Tuesday
SATURDAY = dt.date(2027, 1, 9)
EPIPHANY = dt.date(2027, 1, 6)  # a Wednesday public holiday

HEADER = ",".join(COLUMNS)
GOOD = "n-001,Responder n-001,north,volunteer,fi,fi-phone,mon-fri 16:00-22:00,,8,24,,"


def network(debrief: list[dict[str, object]] | None = None) -> Scenario:
    north = centre("north", languages=("fi", "sv"), services=("fi-phone", "sv-phone"))
    north["debrief"] = debrief or []
    return scenario([north], services=[FI_PHONE, SV_PHONE])


def write_csv(folder: Path, name: str, *rows: str) -> Path:
    path = folder / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


# --- the roster file ---------------------------------------------------------------------------


def test_a_roster_row_reads_every_column(tmp_path: Path) -> None:
    row = (
        'n-002,Responder n-002,north,staff,"fi, sv","fi-phone; sv-phone",'
        '"mon-fri 16:00-22:00; sat,sun 10:00-18:00",2027-01-10..2027-01-20; 2027-02-03,'
        "37.5,300,sat 10:00-18:00,sun-mon 22:00-06:00"
    )
    roster = load_roster(write_csv(tmp_path, "north.csv", row), network())
    (person,) = roster.responders
    assert (person.id, person.role, person.languages) == ("n-002", "staff", ["fi", "sv"])
    assert person.services == ["fi-phone", "sv-phone"]
    assert [(w.days, w.start, w.end) for w in person.availability] == [
        (["mon", "tue", "wed", "thu", "fri"], 16 * 60, 22 * 60),
        (["sat", "sun"], 10 * 60, 18 * 60),
    ]
    assert person.absent_on(dt.date(2027, 1, 20)) and person.absent_on(dt.date(2027, 2, 3))
    assert not person.absent_on(dt.date(2027, 1, 21))
    assert person.disliked[0].days == ["sun", "mon"]  # a day range wraps past Sunday
    assert not person.needs_debrief


def test_empty_availability_means_always(tmp_path: Path) -> None:
    row = "n-003,Responder n-003,north,student,fi,fi-phone,,,8,16,,"
    (person,) = load_roster(write_csv(tmp_path, "n.csv", row), network()).responders
    assert person.availability[0].length == 24 * 60 and len(person.availability[0].days) == 7
    assert person.needs_debrief


def test_a_roster_with_several_errors_gives_one_line_per_problem(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "north.csv",
        GOOD,
        "n-002,Responder n-002,south,volunteer,fi,fi-phone,,,8,24,,",
        "N 3,Responder,north,manager,fi,sv-phone,mon-fri 25:00-22:00,2027-02-30,-4,24,,",
        "n-004,,north,staff,fi,fi-phone,funday 10:00-12:00,,eight,24,,",
        "n-001,Responder again,north,staff,fi,fi-phone,,,8,24,,",
    )
    with pytest.raises(InputError) as caught:
        load_roster(path, network())
    assert caught.value.problems == [
        f"{path}: row 3, column centre: unknown centre 'south'; use one of: north",
        f"{path}: row 4, column id: 'N 3' is not a valid id; use lowercase letters, digits and '-'",
        f"{path}: row 4, column role: Input should be 'staff', 'volunteer' or 'student'; "
        "got 'manager'",
        f"{path}: row 4, column availability: '25:00' is not a time of day; use 00:00…23:59 "
        "or 24:00",
        f"{path}: row 4, column absences: '2027-02-30' is not a date; write YYYY-MM-DD, "
        "ranges as YYYY-MM-DD..YYYY-MM-DD",
        f"{path}: row 4, column max_hours_week: Input should be greater than 0; got '-4'",
        f"{path}: row 5, column name: empty; fill it in",
        f"{path}: row 5, column availability: 'funday' is not a weekday; use mon, tue, wed, "
        "thu, fri, sat, sun",
        f"{path}: row 5, column max_hours_week: Input should be a valid number, unable to "
        "parse string as a number; got 'eight'",
        f"{path}: row 6, column id: 'n-001' is used twice (also {path}: row 2); give each "
        "responder a unique id",
    ]


def test_a_non_numeric_limit_and_a_language_gap_are_named(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "north.csv",
        "n-005,Responder n-005,north,staff,fi,fi-phone; sv-phone; chat,,,eight,24,,",
    )
    with pytest.raises(InputError) as caught:
        load_roster(path, network())
    assert caught.value.problems == [
        f"{path}: row 2, column max_hours_week: Input should be a valid number, unable to parse "
        "string as a number; got 'eight'",
    ]
    path = write_csv(
        tmp_path,
        "north.csv",
        "n-005,Responder n-005,north,staff,fi,fi-phone; sv-phone; chat,,,8,24,,",
    )
    with pytest.raises(InputError) as caught:
        load_roster(path, network())
    assert caught.value.problems == [
        f"{path}: row 2, column services: 'sv-phone' is answered in sv, which is not in "
        "languages; add sv or drop the service",
        f"{path}: row 2, column services: north does not staff 'chat'; use some of: fi-phone, "
        "sv-phone",
    ]


def test_an_unknown_or_missing_column_is_reported_on_the_header(tmp_path: Path) -> None:
    path = tmp_path / "north.csv"
    path.write_text("id,name,centre,role,languages,services,phone\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_roster(path, network())
    assert caught.value.problems[0].startswith(f"{path}: row 1, column phone: unknown column;")
    assert caught.value.problems[1:] == [
        f"{path}: row 1: column max_hours_week is missing; add it to the header",
        f"{path}: row 1: column max_hours_quarter is missing; add it to the header",
    ]


def test_an_excel_roster_reads_like_a_csv(tmp_path: Path) -> None:
    cells = dict(zip(COLUMNS, [*GOOD.split(","), "", ""], strict=True))  # no minimums
    cells["max_hours_week"] = 8  # type: ignore[assignment]  # a number cell, as Excel keeps it
    path = tmp_path / "north.xlsx"
    pd.DataFrame([cells]).to_excel(path, index=False)
    (person,) = load_roster(path, network()).responders
    assert (person.id, person.max_hours_week, person.max_hours_quarter) == ("n-001", 8, 24)


def test_a_roster_directory_reads_every_file(tmp_path: Path) -> None:
    write_csv(tmp_path, "a.csv", GOOD)
    write_csv(tmp_path, "b.csv", GOOD.replace("n-001", "n-002"))
    (tmp_path / "README.md").write_text("not a roster", encoding="utf-8")
    roster = load_roster(tmp_path, network())
    assert [r.id for r in roster.responders] == ["n-001", "n-002"]


# --- R8: debriefing -------------------------------------------------------------------------


def test_no_debrief_after_a_tuesday_shift_ending_at_13_without_local_hours() -> None:
    north = network().centres[0]
    end = local(TUESDAY, 13 * 60)
    assert not debrief_available(north, end, HOLIDAYS)


def test_local_debrief_hours_covering_13_make_the_shift_debriefed() -> None:
    north = network([{"days": ["tue"], "start": "12:00", "end": "14:00"}]).centres[0]
    assert debrief_source(north, local(TUESDAY, 13 * 60), HOLIDAYS) == "centre"


def test_the_national_service_takes_weekday_evenings_weekends_and_holidays() -> None:
    north = network().centres[0]
    assert debrief_source(north, local(TUESDAY, 17 * 60), HOLIDAYS) == "national"
    assert debrief_source(north, local(TUESDAY, 21 * 60 + 59), HOLIDAYS) == "national"
    # The debrief starts when the shift ends: a window closing at 22:00 is over by then.
    assert debrief_source(north, local(TUESDAY, 22 * 60), HOLIDAYS) is None
    assert debrief_source(north, local(SATURDAY, 4 * 60), HOLIDAYS) == "national"
    assert debrief_source(north, local(EPIPHANY, 9 * 60), HOLIDAYS) == "national"


def test_national_hours_are_configuration(tmp_path: Path) -> None:
    path = tmp_path / "debrief.yaml"
    path.write_text(
        'windows: [{days: [tue], start: "12:00", end: "14:00"}]\nweekends: false\n',
        encoding="utf-8",
    )
    national = load_national_debrief(path)
    north = network().centres[0]
    assert debrief_available(north, local(TUESDAY, 13 * 60), HOLIDAYS, national)
    assert not debrief_available(north, local(SATURDAY, 13 * 60), HOLIDAYS, national)
    path.write_text("weekend: true\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_national_debrief(path)
    assert caught.value.problems == [f"{path}: weekend: Extra inputs are not permitted"]


def test_a_closed_centre_does_not_debrief() -> None:
    closed = network([{"days": ["wed"], "start": "08:00", "end": "12:00"}]).centres[0]
    closed = closed.model_copy(update={"open_on_holidays": False})
    # Epiphany is a holiday: the centre is shut, but the national service is open all day.
    national = NationalDebrief(public_holidays=False)
    assert debrief_source(closed, local(EPIPHANY, 9 * 60), HOLIDAYS, national) is None


def test_a_night_window_belongs_to_the_day_it_starts() -> None:
    night = Window.model_validate({"days": ["mon"], "start": "22:00", "end": "02:00"})
    national = NationalDebrief(windows=[night], weekends=False, public_holidays=False)
    north = network().centres[0]
    assert debrief_available(north, local(TUESDAY, 60), HOLIDAYS, national)
    assert not debrief_available(north, local(TUESDAY + dt.timedelta(1), 60), HOLIDAYS, national)


# --- the synthetic roster -----------------------------------------------------------------------


def test_the_synthetic_roster_is_seeded_synthetic_and_valid(tmp_path: Path) -> None:
    fixture = load_scenario(ROOT / "fixtures" / "mieli" / "scenario.yaml")
    first = generate_roster(fixture, Q1, count=300, seed=7)
    assert first == generate_roster(fixture, Q1, count=300, seed=7)
    assert first != generate_roster(fixture, Q1, count=300, seed=8)
    assert sum(len(rows) for rows in first.values()) == 300
    write_roster(tmp_path, first)
    roster = load_roster(tmp_path, fixture)
    assert {r.role for r in roster.responders} == {"staff", "volunteer", "student"}
    assert all(r.name == f"Responder {r.id}" for r in roster.responders)
    assert {r.id.split("-")[0] for r in roster.of_centre("pohjois-karjala")} == {"pok"}


def test_the_committed_fixture_roster_loads() -> None:
    fixture = load_scenario(ROOT / "fixtures" / "mieli" / "scenario.yaml")
    roster = load_roster(ROOT / "fixtures" / "mieli" / "roster", fixture)
    assert 950 <= len(roster.responders) <= 1050
    assert {r.centre for r in roster.responders} == {c.id for c in fixture.centres}


# --- personal feeds ---------------------------------------------------------------------------


def person(ident: str, name: str) -> Responder:
    return Responder.model_validate(
        {
            "id": ident,
            "name": name,
            "centre": "north",
            "role": "volunteer",
            "languages": ["fi"],
            "services": ["fi-phone"],
            "availability": [{"days": ["tue", "sat"], "start": "00:00", "end": "24:00"}],
            "max_hours_week": 8,
            "max_hours_quarter": 40,
        }
    )


def test_a_personal_feed_holds_only_its_owners_shifts(tmp_path: Path) -> None:
    net = network()
    alice, bob = person("n-001", "Alice Example"), person("n-002", "Bob Example")
    shared = occurrence("north", TUESDAY, "16:00", 4, responders=2)
    alone = occurrence("north", SATURDAY, "10:00", 6)
    rows = [
        SeatAssignment("n-001", shared, 1),
        SeatAssignment("n-002", shared, 2),
        SeatAssignment("n-002", alone, 1),
    ]
    write_personal_feeds(tmp_path, net, Q1, HOLIDAYS, [alice, bob], rows)
    mine = (tmp_path / "responder-n-001.ics").read_bytes()
    theirs = (tmp_path / "responder-n-002.ics").read_bytes()
    calendar = icalendar.Calendar.from_ical(mine)
    events = list(calendar.walk("VEVENT"))
    assert [e.decoded("DTSTART") for e in events] == [shared.start]
    assert len(list(icalendar.Calendar.from_ical(theirs).walk("VEVENT"))) == 2
    text = mine.decode()
    for secret in ("n-002", "Bob", "Alice", "Example"):
        assert secret not in text
    assert "Debrief after the shift: with the national debrief service." in text.replace(
        "\r\n ", ""
    )
    assert re.search(r"X-WR-CALNAME:My crisis duty shifts \(North\)", text)


def test_a_responder_without_shifts_gets_an_empty_feed(tmp_path: Path) -> None:
    write_personal_feeds(tmp_path, network(), Q1, HOLIDAYS, [person("n-009", "Nobody")], [])
    calendar = icalendar.Calendar.from_ical((tmp_path / "responder-n-009.ics").read_bytes())
    assert list(calendar.walk("VEVENT")) == []
    assert len(list(calendar.walk("VTIMEZONE"))) == 1


def test_the_fixture_debrief_file_states_the_defaults() -> None:
    assert load_national_debrief(ROOT / "fixtures" / "mieli" / "debrief.yaml") == NationalDebrief()

"""Input that once hung, exhausted memory or crashed (issue 15, finding 5): each is now one line
naming the file, the place and the bound, and nothing is built from it."""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from rota.domain.errors import InputError
from rota.io.debrief_file import load_national_debrief
from rota.io.plan_files import read_previous_plan
from rota.io.roster_file import MAX_RESPONDERS, MAX_ROSTER_BYTES, load_roster
from rota.io.scenario_file import MAX_SCENARIO_BYTES, load_scenario
from rota.store import open_store

TINY = Path(__file__).parents[1] / "fixtures" / "tiny.yaml"


def tiny() -> dict[str, Any]:
    raw: dict[str, Any] = yaml.safe_load(TINY.read_text(encoding="utf-8"))
    return raw


def only_problem(path: Path) -> str:
    """The one problem the loader reports, which must come fast and be one line."""
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    assert time.monotonic() - started < 5
    (problem,) = caught.value.problems
    assert "\n" not in problem
    assert problem.startswith(f"{path}: ")
    return problem.removeprefix(f"{path}: ")


def written(folder: Path, text: str) -> Path:
    path = folder / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def replaced(folder: Path, old: str, new: str) -> Path:
    text = TINY.read_text(encoding="utf-8")
    assert old in text
    return written(folder, text.replace(old, new, 1))


# --- values that are no date or no finite number -----------------------------------------------


def test_impossible_closure_date_is_one_line(tmp_path: Path) -> None:
    path = replaced(
        tmp_path,
        "weekly_hours: {min: 40, max: 80}",
        "weekly_hours: {min: 40, max: 80}\n    closures: [{start: 2026-02-30, end: 2026-03-02}]",
    )
    assert only_problem(path) == (
        "centres[0].closures[0].start: '2026-02-30' is not a date; write YYYY-MM-DD"
    )


def test_impossible_extra_holiday_is_one_line(tmp_path: Path) -> None:
    path = replaced(tmp_path, "extra: []", "extra: [2027-13-01]")
    assert only_problem(path) == "holidays.extra[0]: '2027-13-01' is not a date; write YYYY-MM-DD"


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan"])
def test_infinite_or_nan_hours_are_refused(value: str, tmp_path: Path) -> None:
    path = replaced(tmp_path, "{min: 40, max: 80}", f"{{min: 40, max: {value}}}")
    problem = only_problem(path)
    assert problem.startswith("centres[0].weekly_hours.max: ")
    assert problem.endswith("is not a number; write a finite number")


def test_a_tag_the_value_does_not_fit_is_reported_at_the_value(tmp_path: Path) -> None:
    path = replaced(tmp_path, "slot_minutes: 60", "slot_minutes: !!int sixty")
    assert (
        only_problem(path)
        == "line 6, column 15: 'sixty' cannot be read as int; write a plain value"
    )


# --- numbers bounded by the domain --------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        (
            "lines: {fi-phone: 1}",
            "lines: {fi-phone: 99999999}",
            "centres[0].lines.fi-phone: 99999999 is more than 50 lines; ",
        ),
        (
            "lines: {fi-phone: 1}",
            f"lines: {{fi-phone: {2**63}}}",
            f"centres[0].lines.fi-phone: {2**63} is more than 50 lines; ",
        ),
        (
            "{min: 40, max: 80}",
            "{min: 40, max: 1e9}",
            "centres[0].weekly_hours.max: 1e+09 is more than 8400 hours a week; ",
        ),
        (
            "  min_shift_hours: 4",
            "  min_shift_hours: 400",
            "rules.min_shift_hours: 400 is more than 24 hours; ",
        ),
        (
            "    min_responders: 1\n",
            "    min_responders: 1000\n",
            "services[0].min_responders: 1000 is more than 50 responders; ",
        ),
    ],
)
def test_a_number_beyond_the_domain_names_its_bound(
    old: str, new: str, says: str, tmp_path: Path
) -> None:
    problem = only_problem(replaced(tmp_path, old, new))
    assert problem.startswith(says)


def test_a_huge_demand_rate_names_its_bound(tmp_path: Path) -> None:
    raw = tiny()
    raw["services"][0]["demand"] = {"rate": 10**6, "handle_minutes": 10, "patience_minutes": 2}
    problem = only_problem(written(tmp_path, yaml.safe_dump(raw)))
    assert problem.startswith("services[0].demand.rate: 1e+06 is more than 10000 contacts an hour")


def test_an_integer_of_thousands_of_digits_is_refused_before_it_is_built(tmp_path: Path) -> None:
    path = replaced(tmp_path, "lines: {fi-phone: 1}", "lines: {fi-phone: " + "9" * 5000 + "}")
    problem = only_problem(path)
    assert problem.startswith("line 36, column ")
    assert "a number of 5000 digits is beyond any value a scenario holds" in problem


def test_too_many_centres_are_refused_with_the_bound(tmp_path: Path) -> None:
    raw = tiny()
    raw["centres"] = [dict(raw["centres"][0], id=f"c{i}") for i in range(201)]
    raw["rules"]["holiday_duty_group"] = []
    problem = only_problem(written(tmp_path, yaml.safe_dump(raw)))
    assert problem.startswith("centres: 201 centres are more than 200; ")


# --- the shape of the YAML ----------------------------------------------------------------------


def test_deep_nesting_is_refused_without_recursing(tmp_path: Path) -> None:
    path = written(tmp_path, "name: " + "[" * 5000 + "]" * 5000 + "\n")
    assert only_problem(path).startswith("line 1, column 26: nested more than 20 levels deep")


def test_an_alias_bomb_is_refused_while_it_is_read(tmp_path: Path) -> None:
    # Nine levels of nine aliases each: 9**9 (387 million) values from about 400 bytes.
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = written(tmp_path, "\n".join(lines) + "\nname: *a9\n")
    assert "expands to more than 100,000 values" in only_problem(path)


def test_an_alias_inside_its_own_anchor_is_refused(tmp_path: Path) -> None:
    path = written(tmp_path, "name: &loop [*loop]\n")
    assert only_problem(path) == (
        "line 1, column 14: alias *loop repeats the value that holds it; remove the alias"
    )


def test_a_file_too_large_is_refused_unread(tmp_path: Path) -> None:
    path = written(tmp_path, "#" * (MAX_SCENARIO_BYTES + 1))
    assert only_problem(path) == (
        "is larger than 1,000,000 bytes, more than any scenario needs; check the file"
    )


# --- what the path names ------------------------------------------------------------------------


def test_dev_zero_is_refused_without_reading_it() -> None:
    assert only_problem(Path("/dev/zero")) == (
        "is not a regular file (a pipe or device); give a scenario file"
    )


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "scenario.yaml"
    os.mkfifo(fifo)
    assert only_problem(fifo) == "is not a regular file (a pipe or device); give a scenario file"


def test_a_folder_is_refused(tmp_path: Path) -> None:
    assert only_problem(tmp_path) == "is a folder; give the scenario file"


def test_a_fifo_as_debrief_file_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "debrief.yaml"
    os.mkfifo(fifo)
    with pytest.raises(InputError) as caught:
        load_national_debrief(fifo)
    assert caught.value.problems == [
        f"{fifo}: is not a regular file (a pipe or device); give a debrief file"
    ]


# --- names are one line (issue 15, finding 6) ---------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        ("name: Tiny network", 'name: "Tiny\\nnetwork"', "name"),
        ("name: North centre", 'name: "North\\ncentre"', "centres[0].name"),
        ("name: Finnish line", 'name: "Finnish\\u2028line"', "services[0].name"),
        ("name: Swedish line", 'name: "Swedish\\tline"', "services[1].name"),
    ],
)
def test_a_name_with_a_line_break_or_control_character_is_one_line(
    old: str, new: str, path: str, tmp_path: Path
) -> None:
    problem = only_problem(replaced(tmp_path, old, new))
    assert problem.startswith(f"{path}: ")
    assert "write it on one line without it" in problem


def test_every_problem_stays_on_one_line_whatever_it_quotes(tmp_path: Path) -> None:
    path = replaced(tmp_path, "timezone: Europe/Helsinki", '"time\\nzone": Europe/Helsinki')
    problem = only_problem(path)
    assert problem.startswith("time\\nzone: unknown key")


# --- found by the seeded fuzz (tests/io/test_fuzz_input.py) ------------------------------------


@pytest.mark.parametrize(("value", "reason"), [("\\0", "embedded null byte"), ("x" * 5000, "")])
def test_a_baseline_that_is_no_path_is_one_line(value: str, reason: str, tmp_path: Path) -> None:
    # NUL made pathlib raise ValueError, a name beyond the system's limit OSError.
    path = replaced(tmp_path, "name: Tiny network", f'name: Tiny network\nbaseline: "{value}"')
    problem = only_problem(path)
    assert problem.startswith("baseline: ")
    assert "is not a path" in problem
    assert reason in problem


def test_an_id_that_is_a_mapping_is_reported_not_raised(tmp_path: Path) -> None:
    # The reference checks used ids as dictionary keys: a mapping there raised TypeError.
    path = replaced(tmp_path, "- id: sv-phone", "- id: {value: sv-phone}")
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    assert f"{path}: services[1].id: Input should be a valid string" in caught.value.problems


def test_an_evening_past_midnight_is_refused(tmp_path: Path) -> None:
    # The planner ran the window's slots off the end of the week (IndexError) instead.
    path = replaced(
        tmp_path,
        'evening: {start: "16:00", end: "22:00"}',
        'evening: {start: "22:00", end: "06:00"}',
    )
    assert only_problem(path) == (
        "rules.evening: end is before start; the evening window ends on its own day, by 24:00"
    )


# --- rosters ------------------------------------------------------------------------------------

ROSTER_HEADER = (
    "id,name,centre,role,languages,services,availability,absences,max_hours_week,"
    "max_hours_quarter,preferred,disliked"
)


def roster_row(ident: str = "nor-1", name: str = "Responder", week: str = "12") -> str:
    return f"{ident},{name},north,volunteer,fi,fi-phone,always,,{week},36,,"


def roster_problems(path: Path) -> list[str]:
    scenario = load_scenario(TINY)
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        load_roster(path, scenario)
    assert time.monotonic() - started < 5
    assert all("\n" not in problem for problem in caught.value.problems)
    return caught.value.problems


@pytest.mark.parametrize(
    ("week", "says"),
    [
        ("inf", "column max_hours_week: 'inf' is not a number of hours; write a finite number"),
        ("1e23", "column max_hours_week: 1e+23 is more than 168 hours (a whole week); give the"),
    ],
)
def test_roster_hours_beyond_a_week_name_the_bound(week: str, says: str, tmp_path: Path) -> None:
    path = tmp_path / "north.csv"
    path.write_text(f"{ROSTER_HEADER}\n{roster_row(week=week)}\n", encoding="utf-8")
    (problem,) = roster_problems(path)
    assert problem.startswith(f"{path}: row 2, {says}")


def test_roster_name_with_a_line_feed_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "north.csv"
    row = roster_row(name='"Resp\nonder"')
    path.write_text(f"{ROSTER_HEADER}\n{row}\n", encoding="utf-8")
    (problem,) = roster_problems(path)
    assert problem.startswith(f"{path}: row 2, column name: 'Resp\\nonder' contains a line feed")


def test_a_roster_of_more_rows_than_a_network_has_people_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "north.csv"
    rows = "\n".join(roster_row(f"nor-{i}") for i in range(MAX_RESPONDERS + 1))
    path.write_text(f"{ROSTER_HEADER}\n{rows}\n", encoding="utf-8")
    assert roster_problems(path) == [
        f"{path}: the roster holds more than 10,000 rows; a network has at most that many "
        "responders, remove the rows that are no one"
    ]


def test_garbage_and_a_zip_that_is_no_workbook_are_one_line_each(tmp_path: Path) -> None:
    garbage = tmp_path / "north.xlsx"
    garbage.write_bytes(b"PK\x03\x04 not a zip at all")
    other = tmp_path / "south.xlsx"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("notes.txt", "hello")
    fix = "save it again as .xlsx (Excel workbook) or as .csv"
    assert roster_problems(tmp_path) == [
        f"{garbage}: not an Excel workbook; {fix}",
        f"{other}: not a readable Excel workbook (KeyError); {fix}",
    ]


def test_a_workbook_that_unpacks_to_gigabytes_is_refused_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "north.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (MAX_ROSTER_BYTES + 1))
    (problem,) = roster_problems(path)
    assert problem.startswith(f"{path}: the workbook unpacks to 16,000,001 bytes, more than")


def test_a_fifo_in_a_roster_folder_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "north.csv"
    os.mkfifo(fifo)
    assert roster_problems(tmp_path) == [
        f"{fifo}: is not a regular file (a pipe or device); give a roster file"
    ]


@pytest.mark.parametrize(
    ("column", "cell"),
    [
        ("availability", "mon" + " " * 200_000 + "08:00-16:00"),
        ("availability", "s" + "\t" * 200_000 + "at 10:00-16:00"),
        ("availability", "mon " + "1-" * 100_000 + "1 x"),
        ("absences", "2027-01-10" + " " * 200_000 + "..2027-01-20"),
        ("absences", "2027-01-10" + " " * 200_000 + "x"),
        ("preferred", "mon 08:00-16:00" + " " * 200_000 + "; tue 08:00-16:00"),
    ],
)
def test_a_long_run_in_a_roster_cell_is_read_in_linear_time(
    column: str, cell: str, tmp_path: Path
) -> None:
    # The window and date-range patterns could split one run many ways: minutes per cell.
    path = tmp_path / "north.csv"
    cells = dict(zip(ROSTER_HEADER.split(","), roster_row().split(","), strict=True))
    cells[column] = f'"{cell}"'
    path.write_text(f"{ROSTER_HEADER}\n{','.join(cells.values())}\n", encoding="utf-8")
    started = time.monotonic()
    try:
        load_roster(path, load_scenario(TINY))
    except InputError as error:
        assert all(
            problem.startswith(f"{path}: row 2, column {column}: ") for problem in error.problems
        )
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    ("at_header", "says"),
    [
        (False, "row 2: 100,012 cells but the header names 12 columns; remove the extra cells"),
        (True, "row 1: 100,012 columns are more than any roster has; keep the columns id, name"),
    ],
)
def test_a_row_of_thousands_of_cells_is_refused_before_it_is_read(
    at_header: bool, says: str, tmp_path: Path
) -> None:
    # pandas took a first row's extra cells as index levels: minutes for 100,000 commas, and
    # every cell shifted into the wrong column for one.
    path = tmp_path / "north.csv"
    commas = "," * 100_000
    header, row = (
        (ROSTER_HEADER + commas, roster_row())
        if at_header
        else (ROSTER_HEADER, roster_row() + commas)
    )
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    (problem,) = roster_problems(path)
    assert problem.startswith(f"{path}: {says}")


def test_a_first_row_with_one_cell_too_many_is_not_shifted(tmp_path: Path) -> None:
    path = tmp_path / "north.csv"
    path.write_text(f"{ROSTER_HEADER}\n{roster_row()},\n", encoding="utf-8")
    assert roster_problems(path) == [
        f"{path}: row 2: 13 cells but the header names 12 columns; remove the extra cells or "
        "name their columns"
    ]


# --- baselines (a previous plan's folder) -------------------------------------------------------

STANDING = "centre,service,weekday,start,end,responders,valid_from,valid_until\n"
SHIFTS = "centre,service,start,end,responders,kind\n"
SHIFT = "north,fi-phone,2027-01-01T00:00:00+02:00,2027-01-01T08:00:00+02:00,{n},standing\n"


def baseline_problems(folder: Path, standing: str, shifts: str) -> list[str]:
    folder.mkdir()
    (folder / "standing.csv").write_text(STANDING + standing, encoding="utf-8")
    (folder / "shifts.csv").write_text(SHIFTS + shifts, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_previous_plan(folder)
    return caught.value.problems


@pytest.mark.parametrize("count", ["-3", "0", "99999999999999999999999", "many"])
def test_baseline_responders_outside_the_domain_are_one_line(count: str, tmp_path: Path) -> None:
    shifts = tmp_path / "plan" / "shifts.csv"
    assert baseline_problems(tmp_path / "plan", "", SHIFT.format(n=count)) == [
        f"{shifts}: line 2: responders '{count}' is not a whole number from 1 to 50"
    ]


def test_a_baseline_without_shifts_is_refused(tmp_path: Path) -> None:
    shifts = tmp_path / "plan" / "shifts.csv"
    assert baseline_problems(tmp_path / "plan", "", "") == [
        f"{shifts}: holds no shifts, only the header; give the output directory of a previous plan"
    ]


@pytest.mark.parametrize(
    ("line", "says"),
    [
        (SHIFT.format(n=1).replace("2027", "0001", 1), "0001-01-01 is not in the years 2000–2199"),
        (
            SHIFT.format(n=1).replace("2027-01-01T08", "9999-12-31T23"),
            "is no shift; a shift ends after it starts, within a day",
        ),
        ("north,fi-phone\n", "Invalid isoformat string: ''"),
    ],
)
def test_a_baseline_shift_far_off_or_cut_short_is_one_line(
    line: str, says: str, tmp_path: Path
) -> None:
    (problem,) = baseline_problems(tmp_path / "plan", "", SHIFT.format(n=1) + line)
    assert problem.startswith(f"{tmp_path / 'plan' / 'shifts.csv'}: line 3: ")
    assert says in problem


def test_a_baseline_cell_beyond_the_csv_field_limit_is_one_line(tmp_path: Path) -> None:
    line = "north," + "x" * 200_000 + "\n"
    (problem,) = baseline_problems(tmp_path / "plan", "", SHIFT.format(n=1) + line)
    assert problem.startswith(f"{tmp_path / 'plan' / 'shifts.csv'}: line 3: not CSV (field larger")


@pytest.mark.parametrize("centre", ['"a\nb"', "North", "north centre", ""])
def test_a_baseline_centre_that_is_no_id_is_one_line(centre: str, tmp_path: Path) -> None:
    # Read as is, "a<LF>b" came back split over two stderr lines in 'unknown centres a<LF>b'.
    line = SHIFT.format(n=1).replace("north", centre, 1)
    (problem,) = baseline_problems(tmp_path / "plan", "", line)
    shown = centre.strip('"').replace("\n", "\\n")
    assert problem == (
        f"{tmp_path / 'plan' / 'shifts.csv'}: line 2: centre '{shown}' is not an id (lowercase "
        "letters, digits and '-')"
    )


# --- database URLs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("nonsense", "--db: 'nonsense' is not a database URL (Could not parse"),
        ("foo://", "--db: 'foo://' is not a database URL (Can't load plugin"),
        ("postgresql://u:secret@host:port/db", "--db: 'postgresql+psycopg://u:***@host:port/db'"),
        (
            "sqlite:////proc/1/x/rota.db",
            "--db: 'sqlite:////proc/1/x/rota.db': the folder /proc/1/x",
        ),
        # A mistyped path is not a new, empty store in a folder made for it.
        ("sqlite:////nonexistent/dir/x.db", "--db: 'sqlite:////nonexistent/dir/x.db': the folder"),
        ("sqlite://", "--db: 'sqlite://' is a database in memory"),
        ("sqlite:///:memory:", "--db: 'sqlite:///:memory:' is a database in memory"),
        ("postgresql://u:secret@127.0.0.1:1/db", "--db: cannot open the database at"),
    ],
)
def test_a_malformed_database_url_is_one_line_without_its_password(url: str, says: str) -> None:
    with pytest.raises(InputError) as caught:
        open_store(url)
    (problem,) = caught.value.problems
    assert problem.startswith(says)
    assert "secret" not in problem
    assert problem.endswith(
        ("postgresql://user:password@host/db", "host, user and password", "check the path")
    )
    assert not Path("/nonexistent").exists()

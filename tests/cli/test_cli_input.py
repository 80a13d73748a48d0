"""`rota plan` on bad input (SPEC §6): exit code 2, one line per problem, nothing written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from rota.cli.main import app

TINY = Path(__file__).parents[1] / "fixtures" / "tiny.yaml"

STANDING_HEADER = "centre,service,weekday,start,end,responders,valid_from,valid_until\n"
SHIFTS_HEADER = "centre,service,start,end,responders,kind\n"


def plan(*args: str | Path) -> Result:
    return CliRunner().invoke(app, ["plan", *map(str, args)])


def assert_refused(result: Result, out: Path) -> list[str]:
    """Exit 2, no traceback, nothing under --out; returns the stderr lines."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    assert result.stdout == ""
    return result.stderr.splitlines()


def bad_scenario(folder: Path) -> Path:
    text = TINY.read_text(encoding="utf-8")
    text = text.replace("weekly_hours: {min: 40, max: 80}", "weekly_hours: {min: 90, max: 80}", 1)
    text = text.replace("holiday_duty_group: [north, south]", "holiday_duty_group: [north, east]")
    text = text.replace('start: "16:00", end: "20:00"', 'start: "25:00", end: "20:00"')
    path = folder / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def baseline_with_bad_shifts(folder: Path) -> Path:
    folder.mkdir()
    (folder / "standing.csv").write_text(STANDING_HEADER, encoding="utf-8")
    (folder / "shifts.csv").write_text(
        SHIFTS_HEADER
        + "north,fi-phone,2027-01-01T00:00:00+02:00,2027-01-01T04:00:00+02:00,1,standing\n"
        + "north,fi-phone,yesterday,2027-01-01T08:00:00+02:00,1,standing\n"
        + "north,fi-phone,2027-01-01T08:00:00,2027-01-01T12:00:00+02:00,1,standing\n"
        + "north,fi-phone,2027-01-01T12:00:00+02:00,2027-01-01T16:00:00+02:00,1,overtime\n",
        encoding="utf-8",
    )
    return folder


def test_bad_scenario_exits_2_with_one_line_per_problem(tmp_path: Path) -> None:
    scenario = bad_scenario(tmp_path)
    out = tmp_path / "out"

    lines = assert_refused(plan(scenario, "--out", out, "--quarter", "2027Q1"), out)

    assert lines == [
        f"{scenario}: services[1].hours[0].start: '25:00' is not a time of day; "
        "use 00:00…23:59 or 24:00",
        f"{scenario}: centres[0].weekly_hours: min 90.0 is above max 80.0; swap them",
        f"{scenario}: rules.holiday_duty_group[1]: unknown centre 'east'; "
        "use one of: north, south, west",
    ]


def test_missing_scenario_file_exits_2(tmp_path: Path) -> None:
    out = tmp_path / "out"

    lines = assert_refused(plan(tmp_path / "nope.yaml", "--out", out), out)

    assert lines == [f"{tmp_path / 'nope.yaml'}: file not found; check the path"]


def test_existing_out_directory_is_left_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.md").write_text("the plan in force", encoding="utf-8")

    result = plan(bad_scenario(tmp_path), "--out", out, "--quarter", "2027Q1")

    assert result.exit_code == 2, result.output
    assert [p.name for p in out.iterdir()] == ["report.md"]
    assert (out / "report.md").read_text(encoding="utf-8") == "the plan in force"


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--quarter", "2027Q5", "--quarter: '2027Q5' is not a quarter; write YYYYQn, e.g. 2027Q1"),
        ("--quarter", "next", "--quarter: 'next' is not a quarter; write YYYYQn, e.g. 2027Q1"),
        ("--today", "2027-13-01", "--today: '2027-13-01' is not a date; write YYYY-MM-DD"),
        ("--today", "tomorrow", "--today: 'tomorrow' is not a date; write YYYY-MM-DD"),
        ("--time-limit", "0", "--time-limit: 0.0 is not a positive number of seconds"),
    ],
    ids=["quarter-5", "quarter-word", "today-month-13", "today-word", "time-limit-zero"],
)
def test_bad_option_exits_2(option: str, value: str, message: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["--quarter", "2027Q1", "--today", "2026-10-01", option, value]

    assert assert_refused(plan(TINY, "--out", out, *args), out) == [message]


def test_baseline_with_malformed_shifts_exits_2_with_file_and_line(tmp_path: Path) -> None:
    baseline = baseline_with_bad_shifts(tmp_path / "previous")
    out = tmp_path / "out"

    lines = assert_refused(
        plan(TINY, "--out", out, "--quarter", "2027Q1", "--baseline", baseline), out
    )

    shifts = baseline / "shifts.csv"
    assert [line.split(": ")[:2] for line in lines] == [
        [str(shifts), "line 3"],
        [str(shifts), "line 4"],
        [str(shifts), "line 5"],
    ]
    assert "UTC offset" in lines[1]
    assert "kind 'overtime' is not one of" in lines[2]


def test_baseline_named_in_scenario_is_read_too(tmp_path: Path) -> None:
    baseline_with_bad_shifts(tmp_path / "previous")
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(TINY.read_text(encoding="utf-8") + "baseline: previous\n", encoding="utf-8")
    out = tmp_path / "out"

    lines = assert_refused(plan(scenario, "--out", out, "--quarter", "2027Q1"), out)

    assert len(lines) == 3
    assert all(line.startswith(f"{tmp_path / 'previous' / 'shifts.csv'}: line ") for line in lines)


def test_baseline_folder_without_files_exits_2(tmp_path: Path) -> None:
    baseline = tmp_path / "empty"
    baseline.mkdir()
    out = tmp_path / "out"

    lines = assert_refused(
        plan(TINY, "--out", out, "--quarter", "2027Q1", "--baseline", baseline), out
    )

    fix = "file not found; give the output directory of a previous plan"
    assert lines == [f"{baseline / 'standing.csv'}: {fix}", f"{baseline / 'shifts.csv'}: {fix}"]


def test_problems_of_scenario_and_options_are_reported_together(tmp_path: Path) -> None:
    scenario = bad_scenario(tmp_path)
    out = tmp_path / "out"

    lines = assert_refused(
        plan(scenario, "--out", out, "--quarter", "2027Q5", "--today", "someday"), out
    )

    assert len(lines) == 5
    assert sum(line.startswith(f"{scenario}: ") for line in lines) == 3
    assert "--today: 'someday' is not a date; write YYYY-MM-DD" in lines
    assert "--quarter: '2027Q5' is not a quarter; write YYYYQn, e.g. 2027Q1" in lines


def test_installed_command_prints_no_traceback(tmp_path: Path) -> None:
    # The real process, not the test runner: what a coordinator's terminal would show.
    rota = Path(sys.executable).parent / "rota"
    scenario = bad_scenario(tmp_path)
    out = tmp_path / "out"

    done = subprocess.run(
        [rota, "plan", scenario, "--out", out, "--quarter", "2027Q1"],
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 2
    assert "Traceback" not in done.stdout + done.stderr
    assert len(done.stderr.splitlines()) == 3
    assert not out.exists()

"""`rota calendar import` (issue 17): the version, the counts and the rule findings in words; exit
2 with every problem on its own line, nothing stored and no traceback on bad input or for another
role."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
from typer.testing import CliRunner, Result

from rota.app import changes
from rota.app.actors import Actor
from rota.cli.main import app
from rota.store import open_store
from tests.change_network import daily_calendar, write_network

MIELI = Path(__file__).parents[2] / "fixtures" / "mieli"
SCENARIO, SAMPLE = MIELI / "scenario.yaml", MIELI / "calendar-in-force.csv"
FI_DAYS = ("ma", "ti", "ke", "to", "pe", "la", "su")
STANDING_HEADER = ["centre", "service", "weekday", "start", "end", "responders"]
DATED_HEADER = ["centre", "service", "start", "end", "responders", "kind"]


def workbook(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    """A workbook whose number cells are shown as times, as Excel keeps 24:00: the serial 1.0."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, float):
                cell.number_format = "hh:mm"
    book.save(path)
    return path


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(app, ["calendar", "import", *map(str, args)])


def versions(db: str) -> list[int]:
    store = open_store(db)
    try:
        return [v.number for v in changes.list_versions(store, Actor("coordinator"))]
    finally:
        store.close()


def test_the_sample_import_prints_version_counts_and_findings(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'rota.db'}"

    result = run(
        SAMPLE, "--scenario", SCENARIO, "--today", "2026-12-01", "--as", "coordinator", "--db", db
    )

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Calendar version 1 is now the calendar in force: imported "
        f"{SAMPLE}, 120 standing shifts of 21 centres, 0 dated duties; covers "
        "2026-10-01…2027-03-31.",
        "Checked 2026-12-01…2027-03-31: the calendar already breaks a rule in 3 places (stored "
        "all the same, as the centres work to it):",
        "  R2 fi-phone wed 08:00–10:00 on 2027-01-06: fi-phone has 0 of 1 responders Wed "
        "2027-01-06 08:00–10:00 — Finnish line always staffed",
        "  R2 fi-phone mon 16:00–20:00 on 2027-03-29: fi-phone has 0 of 1 responders Mon "
        "2027-03-29 16:00–20:00 — Finnish line always staffed",
        "  R5 fi-phone mon 16:00–20:00 on 2027-03-29: no holiday-duty group responder on "
        "fi-phone Mon 2027-03-29 16:00–20:00 (Easter Monday) — Holiday-duty group on weekend and "
        "holiday evenings",
    ]
    assert versions(db) == [1]


def test_an_excel_calendar_and_dated_duties_import(tmp_path: Path) -> None:
    """Workbooks as Excel types them: time cells, 24:00 as the serial 1.0 shown as a time, and
    date-and-time cells for the dated duty."""
    scenario, _plan, _ = write_network(tmp_path / "net")
    # Excel keeps 24:00 as the serial 1.0 shown as a time; the responders cell left empty is 1.
    rows: list[list[Any]] = [
        [s.centre, s.service, FI_DAYS[s.weekday], dt.time(s.start // 60), end, None]
        for s in daily_calendar()
        for end in [dt.time(s.end // 60) if s.end else 1.0]
    ]
    calendar = workbook(tmp_path / "kalenteri.xlsx", STANDING_HEADER, rows)
    dated = workbook(
        tmp_path / "dated.xlsx",
        DATED_HEADER,
        [
            [
                "b",
                "fi-phone",
                dt.datetime(2026, 12, 24, 16),
                dt.datetime(2026, 12, 24, 22),
                1,
                "extra",
            ]
        ],
    )
    db = f"sqlite:///{tmp_path / 'rota.db'}"

    result = run(
        calendar,
        "--scenario",
        scenario,
        "--dated",
        dated,
        "--today",
        "2026-12-01",
        "--as",
        "coordinator",
        "--db",
        db,
    )

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"Calendar version 1 is now the calendar in force: imported {calendar}, 21 standing "
        "shifts of 3 centres, 1 dated duties; covers 2026-10-01…2027-03-31.",
        "Checked 2026-12-01…2027-03-31: no hard rule (R1–R6) is broken.",
    ]


def test_bad_input_exits_2_with_every_problem_and_nothing_stored(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "centre;service;weekday;start;end;responders;valid_from;valid_until\n"
        "helsinki;fi-phone;maanantia;16.00;22.00;;;\n"
        "tampere;fi-phone;ti;16.00;22.00;;;\n",
        encoding="utf-8-sig",
    )
    db = f"sqlite:///{tmp_path / 'rota.db'}"

    result = run(bad, "--scenario", SCENARIO, "--as", "coordinator", "--db", db)

    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0] == (
        f"{bad}: row 2, column weekday: 'maanantia' is not a weekday; write "
        "maanantai…sunnuntai, ma…su, monday…sunday or mon…sun"
    )
    assert lines[1].startswith(f"{bad}: row 3, column centre: unknown centre 'tampere'; use one")
    assert versions(db) == []


def test_only_the_coordinator_imports(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'rota.db'}"

    result = run(SAMPLE, "--scenario", SCENARIO, "--as", "centre:oulu", "--db", db)

    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stderr == (
        "refused: centre:oulu may not import the calendar in force; only the coordinator may\n"
    )
    assert versions(db) == []


def test_a_bad_date_or_role_is_one_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'rota.db'}"

    late = run(SAMPLE, "--scenario", SCENARIO, "--as", "coordinator", "--today", "1.12.2026")
    nobody = run(SAMPLE, "--scenario", SCENARIO, "--as", "boss", "--db", db)

    assert (late.exit_code, late.stderr) == (
        2,
        "--today: '1.12.2026' is not a date; write YYYY-MM-DD\n",
    )
    assert (nobody.exit_code, nobody.stderr) == (
        2,
        "refused: --as 'boss' is not a role; write coordinator, centre:<id> or responder:<id>\n",
    )


def test_the_command_is_listed_in_help() -> None:
    assert "calendar" in CliRunner().invoke(app, ["--help"]).stdout
    usage = CliRunner().invoke(app, ["calendar", "import", "--help"]).stdout
    assert "--scenario" in usage and "--dated" in usage and "--as" in usage


def test_the_network_comes_back_byte_for_byte_as_it_was_imported(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'rota.db'}"
    imported = run(
        SAMPLE, "--scenario", SCENARIO, "--today", "2026-12-01", "--as", "coordinator", "--db", db
    )
    assert imported.exit_code == 0, imported.output
    exported = CliRunner().invoke(app, ["calendar", "network", "--db", db])
    assert exported.exit_code == 0, exported.output
    assert exported.stdout_bytes == SCENARIO.read_bytes()
    missing = CliRunner().invoke(app, ["calendar", "network", "--version", "7", "--db", db])
    assert missing.exit_code == 2
    assert "no calendar version 7" in missing.output

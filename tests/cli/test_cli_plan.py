"""`rota plan` end to end: the files of SPEC §6 and the exit codes 0 and 3."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from typer.testing import CliRunner

from rota.cli.main import app

TINY = Path(__file__).parents[1] / "fixtures" / "tiny.yaml"


def plan(scenario: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        app,
        [
            "plan",
            str(scenario),
            "--quarter",
            "2027Q1",
            "--out",
            str(out),
            "--time-limit",
            "10",
            *extra,
        ],
    )
    return result.exit_code, result.stdout, result.stderr


def test_feasible_plan_writes_every_file(tmp_path: Path) -> None:
    out = tmp_path / "q1"
    code, stdout, stderr = plan(TINY, out)
    assert code == 0, stderr
    assert "feasible" in stdout and str(out) in stdout
    assert "solving" in stderr, "a progress line is shown while solving"
    names = {p.name for p in out.iterdir()}
    assert {"standing.csv", "shifts.csv", "coverage.csv", "report.md", "feeds"} <= names

    standing = list(csv.DictReader((out / "standing.csv").open()))
    assert list(standing[0]) == [
        "centre",
        "service",
        "weekday",
        "start",
        "end",
        "responders",
        "valid_from",
        "valid_until",
    ]
    shifts = list(csv.DictReader((out / "shifts.csv").open()))
    assert list(shifts[0]) == ["centre", "service", "start", "end", "responders", "kind"]
    for row in shifts:
        start = dt.datetime.fromisoformat(row["start"])
        assert start.utcoffset() in (dt.timedelta(hours=2), dt.timedelta(hours=3))
    coverage = list(csv.DictReader((out / "coverage.csv").open()))
    assert list(coverage[0]) == [
        "service",
        "start",
        "end",
        "responders",
        "required",
        "expected_answered",
    ]
    # 90 days of 24 hourly slots, less the hour the spring DST change removes, per service.
    assert sum(1 for r in coverage if r["service"] == "fi-phone") == 90 * 24 - 1

    report = (out / "report.md").read_text()
    assert "**Status: FEASIBLE" in report
    for rule in ("R1", "R2", "R3", "R4", "R5", "R6"):
        assert f"| {rule} |" in report and f"| {rule} | " in report
    assert "| FAIL |" not in report


def test_unmeetable_rule_exits_3_with_the_reason(tmp_path: Path) -> None:
    # Without the Swedish-speaking centre, the Swedish line's Monday window cannot be staffed.
    broken = tmp_path / "no-swedish.yaml"
    text = (
        TINY.read_text()
        .replace("languages: [fi, sv]", "languages: [fi]")
        .replace("services: [fi-phone, sv-phone]", "services: [fi-phone]")
        .replace("lines: {fi-phone: 1, sv-phone: 1}", "lines: {fi-phone: 1}")
    )
    broken.write_text(text)
    out = tmp_path / "q1"
    code, stdout, stderr = plan(broken, out)
    assert code == 3, stderr
    assert "INFEASIBLE" in stdout
    report = (out / "report.md").read_text()
    assert "| R3 | Language services staffed in their windows, never outside | FAIL |" in report
    assert (
        "sv-phone has 0 of 1 responders Mon 2027-01-04 16:00–20:00 — no centre offers "
        "sv-phone in Swedish" in report
    )


def test_replan_against_the_plan_in_force(tmp_path: Path) -> None:
    first = tmp_path / "q1"
    assert plan(TINY, first)[0] == 0
    again = tmp_path / "again"
    code, _, stderr = plan(TINY, again, "--today", "2027-01-10", "--baseline", str(first))
    assert code == 0, stderr
    report = (again / "report.md").read_text()
    assert "| R7 | Two-month notice: promised occurrences unchanged | pass |" in report
    assert "Changes take effect from 2027-03-10" in report


def test_a_failed_run_leaves_an_existing_output_alone(tmp_path: Path) -> None:
    out = tmp_path / "q1"
    assert plan(TINY, out)[0] == 0
    before = (out / "shifts.csv").read_bytes()
    bad = tmp_path / "bad.yaml"
    shutil.copy(TINY, bad)
    bad.write_text(TINY.read_text().replace("min_responders: 1", "min_responders: -1", 1))
    code, _, stderr = plan(bad, out)
    assert code == 2 and "services[0].min_responders" in stderr
    assert (out / "shifts.csv").read_bytes() == before


def test_bench_is_a_rota_command_and_refuses_unknown_cases() -> None:
    result = CliRunner().invoke(app, ["bench", "--cases", "no-such-case"])
    assert result.exit_code == 2
    help_text = CliRunner().invoke(app, ["--help"]).stdout
    assert "bench" in help_text

"""`--out` folders (issue 15, finding 1): refused before any work unless they are new, empty or
an earlier output of the same command; replaced whole, keeping their permissions."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rota.cli.main import app
from rota.io import output_folder
from rota.io.output_folder import MANIFEST, check_out, replacing

TINY = Path(__file__).parents[1] / "fixtures" / "tiny.yaml"
PLAN = "rota plan"


def earlier_output(out: Path, command: str = PLAN, text: str = "old") -> Path:
    with replacing(out, command) as folder:
        (folder / "standing.csv").write_text(text, encoding="utf-8")
    return out


def test_a_folder_with_foreign_content_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "documents"
    out.mkdir()
    (out / "keep").write_text("mine", encoding="utf-8")
    assert check_out(out, PLAN) == [
        f"--out: {out}: holds files that are not an earlier output of `rota plan` (no "
        f"{MANIFEST}); give a new or empty folder, or remove this one first"
    ]


def test_an_earlier_output_of_the_same_command_is_accepted(tmp_path: Path) -> None:
    out = earlier_output(tmp_path / "q1")
    assert json.loads((out / MANIFEST).read_text()) == {"command": PLAN, "format": 1}
    assert check_out(out, PLAN) == []


def test_an_earlier_output_of_another_command_is_refused(tmp_path: Path) -> None:
    out = earlier_output(tmp_path / "q1", "rota responders assign")
    assert check_out(out, PLAN) == [
        f"--out: {out}: is the output of `rota responders assign`, not of `rota plan`; give a "
        "folder of its own"
    ]


def test_new_and_empty_folders_are_accepted(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert check_out(tmp_path / "empty", PLAN) == []
    assert check_out(tmp_path / "new" / "deeper" / "q1", PLAN) == []


def test_the_current_folder_and_its_parents_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "work"
    here.mkdir()
    monkeypatch.chdir(here)
    message = "is the current folder or one above it; give a folder of its own"
    assert check_out(Path("."), PLAN) == [f"--out: .: {message}"]
    assert check_out(Path(".."), PLAN) == [f"--out: ..: {message}"]


def test_a_folder_holding_an_input_is_refused(tmp_path: Path) -> None:
    scenario = tmp_path / "network" / "scenario.yaml"
    baseline = tmp_path / "plans" / "q4"
    for out, given in (
        (tmp_path / "network", scenario),
        (tmp_path, scenario),
        (baseline, baseline),
        (tmp_path / "plans", baseline),
    ):
        assert check_out(out, PLAN, [scenario, baseline]) == [
            f"--out: {out}: holds the input {given}; give a folder of its own for the output"
        ]
    assert check_out(baseline / "next", PLAN, [scenario, baseline]) == []


def test_a_file_and_unwritable_places_are_refused(tmp_path: Path) -> None:
    file = tmp_path / "notes.txt"
    file.write_text("x", encoding="utf-8")
    assert check_out(file, PLAN) == [
        f"--out: {file}: is a file, not a folder; give a folder for the output"
    ]
    assert check_out(file / "q1", PLAN) == [
        f"--out: {file / 'q1'}: {file} is a file, not a folder; give a folder where you may write"
    ]
    assert check_out(Path("/proc/x"), PLAN) == [
        "--out: /proc/x: cannot write in /proc; give a folder where you may write"
    ]


def test_a_link_is_refused(tmp_path: Path) -> None:
    earlier_output(tmp_path / "real")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    assert check_out(tmp_path / "link", PLAN) == [
        f"--out: {tmp_path / 'link'}: is a symbolic link; give the folder itself"
    ]


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_the_new_output_replaces_the_old_whole_and_keeps_its_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    if not exchange:
        monkeypatch.setattr(output_folder, "_exchange", lambda first, second: False)
    out = earlier_output(tmp_path / "q1")
    (out / "coverage.csv").write_text("gone next time", encoding="utf-8")
    out.chmod(0o750)
    with replacing(out, PLAN) as folder:
        (folder / "standing.csv").write_text("new", encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "standing.csv"]
    assert (out / "standing.csv").read_text() == "new"
    assert stat.S_IMODE(out.stat().st_mode) == 0o750
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q1"]


def test_a_new_output_gets_the_mode_of_any_new_folder(tmp_path: Path) -> None:
    earlier_output(tmp_path / "q1")
    (tmp_path / "plain").mkdir()
    assert stat.S_IMODE((tmp_path / "q1").stat().st_mode) == stat.S_IMODE(
        (tmp_path / "plain").stat().st_mode
    )


def test_a_failure_while_writing_leaves_the_old_output_and_no_scratch(tmp_path: Path) -> None:
    out = earlier_output(tmp_path / "q1")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(KeyboardInterrupt), replacing(out, PLAN) as folder:
        (folder / "standing.csv").write_text("half", encoding="utf-8")
        raise KeyboardInterrupt
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q1"]


# --- the three commands refuse before any work ---------------------------------------------------


def dead_pid() -> int:
    """The id of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_what_a_killed_run_left_beside_the_output_is_cleared_by_the_next(tmp_path: Path) -> None:
    out = earlier_output(tmp_path / "q1")
    dead, alive = dead_pid(), os.getpid()
    stale = tmp_path / f".q1.new-{dead}-abc"
    running = tmp_path / f".q1.new-{alive}-def"  # another run of this process, still writing
    stale.mkdir()
    running.mkdir()
    with replacing(out, PLAN) as folder:
        (folder / "standing.csv").write_text("new", encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == [running.name, "q1"]
    assert (out / "standing.csv").read_text(encoding="utf-8") == "new"


def test_an_old_output_left_as_a_backup_by_a_killed_swap_goes_back_in_place(
    tmp_path: Path,
) -> None:
    # Killed between the two renames of a swap without renameat2: the old output is the backup.
    out = earlier_output(tmp_path / "q1", text="old")
    backup = tmp_path / f".q1.old-{dead_pid()}-abc"
    out.rename(backup)
    with replacing(out, PLAN) as folder:
        assert (out / "standing.csv").read_text(encoding="utf-8") == "old"
        (folder / "standing.csv").write_text("new", encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q1"]


def test_plan_refuses_the_current_folder_and_empties_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "keep").write_text("mine", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = ["plan", str(TINY), "--quarter", "2027Q1", "--out", ".", "--time-limit", "3"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        "--out: .: is the current folder or one above it; give a folder of its own"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep"]


def test_plan_refuses_the_folder_of_its_scenario(tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(TINY, copy / "scenario.yaml")
    scenario = copy / "scenario.yaml"
    result = CliRunner().invoke(
        app, ["plan", str(scenario), "--quarter", "2027Q1", "--out", str(copy)]
    )
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        f"--out: {copy}: holds the input {scenario}; give a folder of its own for the output"
    ]
    assert sorted(p.name for p in copy.iterdir()) == ["scenario.yaml"]


def test_assign_refuses_a_plan_folder_as_its_output(tmp_path: Path) -> None:
    plan = earlier_output(tmp_path / "q1")
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name,centre,role\n", encoding="utf-8")
    args = ["responders", "assign", str(TINY), "--roster", str(roster), "--plan", str(plan),
            "--quarter", "2027Q1", "--out", str(plan)]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert (
        f"--out: {plan}: holds the input {plan}; give a folder of its own for the output"
        in result.stderr.splitlines()
    )
    assert (plan / "standing.csv").read_text() == "old"


def test_export_refuses_a_foreign_folder_before_opening_the_store(tmp_path: Path) -> None:
    out = tmp_path / "published"
    out.mkdir()
    (out / "keep").write_text("mine", encoding="utf-8")
    db = tmp_path / "never.db"
    result = CliRunner().invoke(
        app, ["changes", "export", "--out", str(out), "--db", f"sqlite:///{db}"]
    )
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        f"--out: {out}: holds files that are not an earlier output of `rota changes export` "
        f"(no {MANIFEST}); give a new or empty folder, or remove this one first"
    ]
    assert not db.exists()


# --- Ctrl-C ------------------------------------------------------------------------------------

MIELI = Path(__file__).parents[2] / "fixtures" / "mieli" / "scenario.yaml"


def test_ctrl_c_during_the_solve_stops_it_and_keeps_the_old_output(tmp_path: Path) -> None:
    # The fixture network, because the tiny one is proven optimal within moments of its first
    # progress line: the signal must reach a search that would run on for a minute.
    out = earlier_output(tmp_path / "q1")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    rota = Path(sys.executable).parent / "rota"
    args = [rota, "plan", MIELI, "--quarter", "2027Q1", "--out", out, "--time-limit", "60"]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        for line in process.stderr:
            if line.lstrip().startswith("solving"):
                break
        sent = time.monotonic()
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=10)
        seconds = time.monotonic() - sent
    finally:
        process.kill()
    assert process.returncode == 130
    assert seconds < 5, f"stopped {seconds:.1f} s after Ctrl-C"
    assert stdout == ""
    said = [line for line in stderr.splitlines() if not line.lstrip().startswith("solving")]
    assert said == [f"Interrupted: nothing written; {out} is as it was."]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q1"]


def test_ctrl_c_during_the_assignment_stops_its_workers_and_keeps_the_old_output(
    tmp_path: Path,
) -> None:
    rota = Path(sys.executable).parent / "rota"
    plan = tmp_path / "plan"
    # The limit is only a ceiling (the solve stops when proven): a busy machine needs more than
    # the few seconds an idle one does to find the first plan.
    made = subprocess.run(
        [rota, "plan", MIELI, "--quarter", "2027Q1", "--out", plan, "--time-limit", "60"],
        capture_output=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    out = earlier_output(tmp_path / "assigned", "rota responders assign")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    roster = MIELI.parent / "roster"
    args = [rota, "responders", "assign", MIELI, "--roster", roster, "--plan", plan]
    args += ["--quarter", "2027Q1", "--out", out, "--time-limit", "60", "--workers", "2"]
    # Its own process group, signalled as a terminal's Ctrl-C is: the workers receive it too.
    process = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        assert process.stderr is not None
        assert process.stderr.readline().startswith("Assigning 1000 responders")
        time.sleep(2)  # into the workers' solves (the whole assignment takes about a minute)
        sent = time.monotonic()
        os.killpg(process.pid, signal.SIGINT)
        stdout, stderr = process.communicate(timeout=10)
        seconds = time.monotonic() - sent
    finally:
        process.kill()
    assert process.returncode == 130
    assert seconds < 5, f"stopped {seconds:.1f} s after Ctrl-C"
    assert stdout == ""
    assert stderr.splitlines() == [f"Interrupted: nothing written; {out} is as it was."]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["assigned", "plan"]

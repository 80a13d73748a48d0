"""`rota plan --db` and `rota calendar publish` (issue 17) on the three-centre network: the plan
starts from the store's calendar in force and is kept there; publishing prints the diff, asks,
publishes once; again is a no-op; a plan made before an approval is refused with exit 2."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner, Result

from rota.app import changes
from rota.app.actors import Actor
from rota.cli.main import app
from rota.store import open_store
from tests.change_network import write_network

COORDINATOR = Actor("coordinator")


def rota(*args: str | Path, answer: str | None = None) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args], input=answer)


def imported(tmp_path: Path) -> tuple[str, Path, Path]:
    """A store holding the three-centre calendar: (its URL, the scenario, the plan folder)."""
    db = f"sqlite:///{tmp_path / 'rota.db'}"
    scenario, plan_dir, _ = write_network(tmp_path / "net")
    store = open_store(db)
    changes.init_calendar(store, COORDINATOR, scenario, plan_dir)
    store.close()
    return db, scenario, plan_dir


def plan(db: str, scenario: Path, out: Path) -> Result:
    planned = rota(
        "plan", scenario, "--quarter", "2027Q1", "--today", "2026-12-01",
        "--out", out, "--time-limit", "10", "--db", db,
    )  # fmt: skip
    assert planned.exit_code == 0, planned.output
    return planned


def test_plan_from_the_store_then_publish_once(tmp_path: Path) -> None:
    db, scenario, _ = imported(tmp_path)
    planned = plan(db, scenario, tmp_path / "q1")
    assert "Baseline: calendar version 1 in force" in planned.output
    assert "R7: " in planned.output and "checked against version 1" in planned.output
    assert "Kept as plan 1." in planned.output

    declined = rota("calendar", "publish", "1", "--today", "2026-12-01", "--db", db, answer="n\n")
    assert declined.exit_code == 0, declined.output
    assert "Plan 1 (2027Q1) against calendar version 1:" in declined.output
    assert "expected answered contacts over the quarter" in declined.output
    assert "Nothing published." in declined.output

    published = rota("calendar", "publish", "1", "--today", "2026-12-01", "--db", db, answer="y\n")
    assert published.exit_code == 0, published.output
    assert "Published: plan 1 is now calendar version 2." in published.output

    again = rota("calendar", "publish", "1", "--today", "2026-12-01", "--db", db, "--yes")
    assert again.exit_code == 0, again.output
    assert "is the calendar in force already; nothing to publish" in again.output

    store = open_store(db)
    assert [v.number for v in changes.list_versions(store, COORDINATOR)] == [1, 2]
    store.close()


def test_a_stale_plan_is_refused_with_exit_2(tmp_path: Path) -> None:
    db, scenario, plan_dir = imported(tmp_path)
    plan(db, scenario, tmp_path / "q1")
    # Another import lands in between: the plan no longer knows the calendar in force.
    store = open_store(db)
    changes.init_calendar(store, COORDINATOR, scenario, plan_dir)
    store.close()

    refused = rota("calendar", "publish", "1", "--today", "2026-12-01", "--db", db, "--yes")
    assert refused.exit_code == 2
    assert "refused: this plan was made against version 1" in refused.output
    assert "plan the quarter again from the calendar in force" in refused.output


def test_a_folder_baseline_and_the_store_are_not_both_given(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'rota.db'}"
    scenario, plan_dir, _ = write_network(tmp_path / "net")
    result = rota(
        "plan", scenario, "--quarter", "2027Q1", "--baseline", plan_dir,
        "--out", tmp_path / "q1", "--db", db,
    )  # fmt: skip
    assert result.exit_code == 2
    assert "--baseline: with --db the baseline is the store's calendar in force" in result.output
    assert not (tmp_path / "q1").exists()

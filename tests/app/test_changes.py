"""The change service end to end: roles, notice, impact, approval, conflicts, the audit log, the
CLI, and the store under parallel writers and a writer killed mid-transaction."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from rota.app import changes
from rota.app.actors import Actor
from rota.app.impact import check_calendar
from rota.checks.plan import Baseline
from rota.cli.main import app
from rota.domain.calendar import public_holidays
from rota.domain.errors import ChangeError, Conflict, NoticeTooShort, PermissionDenied
from rota.domain.plan import Plan, StandingShift, expand
from rota.domain.proposals import ShiftChange, apply_changes, parse_shift
from rota.io.scenario_file import load_scenario
from rota.store import Store, open_store
from rota.store import repository as repo
from rota.store.models import AuditEntry, ProposalRecord
from tests.change_network import (
    EFFECTIVE,
    Q1,
    TODAY,
    write_network,
)

COORDINATOR = Actor.parse("coordinator")
CENTRE_C = Actor.parse("centre:c")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(network_store: Store) -> Store:
    """Every test here starts from the test network's calendar in force."""
    return network_store


def propose_drop(store: Store, actor: Actor = CENTRE_C, **kwargs: object) -> changes.ProposalView:
    values: dict[str, object] = {
        "kind": "drop",
        "effective": EFFECTIVE,
        "reason": "evening staff on leave",
        "today": TODAY,
        "shift": "fi-phone thu 16:00-24:00",
        **kwargs,
    }
    return changes.propose(store, actor, **values)  # type: ignore[arg-type]


def actions(store: Store) -> list[str]:
    return [e.action for e in changes.audit_log(store, COORDINATOR)]


# --- the "done means" ------------------------------------------------------------------


def test_59_days_notice_is_refused_naming_the_earliest_date(store: Store) -> None:
    # 2026-12-01 + 2 months = 2027-02-01; 2027-01-29 is 59 days away.
    with pytest.raises(NoticeTooShort, match="earliest allowed date 2027-02-01"):
        propose_drop(store, effective=dt.date(2027, 1, 29))
    assert changes.list_proposals(store, COORDINATOR) == []
    assert actions(store) == ["import", "refused"]


def test_a_gap_on_the_finnish_line_gets_an_impact_report_with_a_concrete_repair(
    store: Store,
) -> None:
    view = propose_drop(store)
    assert view.status == "pending" and view.base_version == 1
    impact = view.impact
    assert impact is not None
    assert [(b.rule, b.service, b.weekday, b.hours) for b in impact.breaks] == [
        ("R2", "fi-phone", "thu", "16:00–24:00")
    ]
    assert impact.repair.status == "found"
    [step] = impact.repair.steps
    assert step.action == "add" and step.shift.centre in {"a", "b"}
    assert (step.shift.weekday, step.shift.start, step.shift.end) == ("thu", "16:00", "00:00")
    # Stored for real: a second reader sees the same report.
    shown = changes.show_proposal(store, CENTRE_C, view.id)
    assert shown.impact == impact


def test_approving_yields_a_new_version_that_passes_r1_to_r7(store: Store, tmp_path: Path) -> None:
    view = propose_drop(store)
    approved = changes.approve(store, COORDINATOR, view.id, TODAY)
    assert approved.status == "approved"
    assert approved.decision is not None and approved.decision.version == 2

    with store.transaction() as session:
        old = repo.version_of(repo.get_version(session, 1))  # type: ignore[arg-type]
        new = repo.version_of(repo.get_version(session, 2))  # type: ignore[arg-type]
    scenario = load_scenario(tmp_path / "net" / "scenario.yaml")
    holidays = public_holidays(Q1)
    promised = expand(Plan(Q1, old.standing), scenario, holidays).occurrences
    baseline = Baseline(promised, old.standing, EFFECTIVE, old.covered.end)
    check = check_calendar(scenario, new, new.standing, Q1, holidays, baseline)
    assert check.validation.passed, check.validation.violations()[:3]
    assert check.validation.checks["R7"].applicable

    dropped = parse_shift("c", "fi-phone thu 16:00-24:00")
    assert new.find(dropped, EFFECTIVE - dt.timedelta(days=1)) is not None
    assert new.find(dropped, EFFECTIVE) is None
    added = [s for s in new.standing if s.valid_from == EFFECTIVE]
    assert [(s.weekday, s.start, s.minutes) for s in added] == [(3, 16 * 60, 8 * 60)]


def test_a_centre_acting_for_another_centre_is_refused(store: Store) -> None:
    with pytest.raises(PermissionDenied, match="centre:a may only propose changes for a"):
        propose_drop(store, Actor.parse("centre:a"), centre="c")
    assert changes.list_proposals(store, COORDINATOR) == []
    [refused] = [e for e in changes.audit_log(store, COORDINATOR) if e.action == "refused"]
    assert refused.actor == "centre:a"


def test_the_audit_log_has_every_step(store: Store) -> None:
    with pytest.raises(NoticeTooShort):
        propose_drop(store, effective=dt.date(2027, 1, 29))
    first = propose_drop(store)
    with pytest.raises(PermissionDenied):
        changes.approve(store, CENTRE_C, first.id, TODAY)
    changes.approve(store, COORDINATOR, first.id, TODAY)
    second = propose_drop(store, shift="fi-phone fri 16:00-24:00")
    changes.reject(store, COORDINATOR, second.id, "Friday evenings are short already")

    log = changes.audit_log(store, COORDINATOR)
    assert [(e.actor, e.action) for e in log] == [
        ("coordinator", "import"),
        ("centre:c", "refused"),
        ("centre:c", "propose"),
        ("centre:c", "refused"),
        ("coordinator", "approve"),
        ("centre:c", "propose"),
        ("coordinator", "reject"),
    ]
    approve = log[4]
    assert approve.before is not None and approve.after is not None
    assert approve.before["version"] == 1 and approve.after["version"] == 2
    assert [s["centre"] for s in approve.before["shifts"]] == ["c"]
    assert approve.after["shifts"][0]["weekday"] == "thu"
    assert all(e.at.tzinfo is not None for e in log)
    # A centre reads the steps of its own proposals and its own attempts.
    assert [e.action for e in changes.audit_log(store, CENTRE_C)] == [
        "refused",
        "propose",
        "refused",
        "approve",
        "propose",
        "reject",
    ]


# --- roles -------------------------------------------------------------------------------------


def test_a_centre_sees_only_its_own_proposals(store: Store) -> None:
    mine = propose_drop(store)
    assert [p.id for p in changes.list_proposals(store, CENTRE_C)] == [mine.id]
    assert changes.list_proposals(store, Actor.parse("centre:a")) == []
    with pytest.raises(PermissionDenied):
        changes.show_proposal(store, Actor.parse("centre:a"), mine.id)


def test_responders_only_read_approved_changes(store: Store) -> None:
    responder = Actor.parse("responder:r1")
    pending = propose_drop(store)
    assert changes.list_proposals(store, responder) == []
    with pytest.raises(PermissionDenied):
        changes.show_proposal(store, responder, pending.id)
    with pytest.raises(PermissionDenied):
        propose_drop(store, responder, centre="c")
    changes.approve(store, COORDINATOR, pending.id, TODAY)
    assert [p.id for p in changes.list_proposals(store, responder)] == [pending.id]


def test_only_the_coordinator_decides(store: Store) -> None:
    view = propose_drop(store)
    with pytest.raises(PermissionDenied, match="only the coordinator"):
        changes.approve(store, CENTRE_C, view.id, TODAY)
    with pytest.raises(PermissionDenied, match="only the coordinator"):
        changes.reject(store, CENTRE_C, view.id, "no")


@pytest.mark.parametrize("text", ["centre", "centre:", "boss", "coordinator:x", ""])
def test_a_bad_role_is_refused(text: str) -> None:
    with pytest.raises(ChangeError, match="is not a role"):
        Actor.parse(text)


# --- decisions and the optimistic check ----------------------------------------------------------


def test_a_decided_proposal_cannot_be_decided_again(store: Store) -> None:
    view = propose_drop(store)
    changes.reject(store, COORDINATOR, view.id, "not now")
    with pytest.raises(Conflict, match="already rejected"):
        changes.approve(store, COORDINATOR, view.id, TODAY)
    with pytest.raises(ChangeError, match="--reason"):
        changes.reject(store, COORDINATOR, propose_drop(store).id, " ")


def test_two_proposals_on_the_same_shift_conflict(store: Store) -> None:
    # Both made against version 1; once the drop is approved, the resize of the same shift
    # would overwrite a decision it never saw.
    drop = propose_drop(store)
    resize = propose_drop(
        store, kind="resize", shift="fi-phone thu 16:00-24:00", to="fi-phone thu 18:00-24:00"
    )
    changes.approve(store, COORDINATOR, drop.id, TODAY)
    with pytest.raises(Conflict, match="changed the same shift"):
        changes.approve(store, COORDINATOR, resize.id, TODAY)
    assert changes.show_proposal(store, COORDINATOR, resize.id).status == "pending"


def test_proposals_on_different_shifts_both_land(store: Store) -> None:
    thursday = propose_drop(store)
    friday = propose_drop(store, shift="fi-phone fri 16:00-24:00")
    changes.approve(store, COORDINATOR, thursday.id, TODAY)
    second = changes.approve(store, COORDINATOR, friday.id, TODAY)
    assert second.decision is not None and second.decision.version == 3
    assert second.impact is not None and second.impact.base_version == 2  # re-analysed
    with store.transaction() as session:
        latest = repo.version_of(repo.current_version(session))  # type: ignore[arg-type]
    for day in ("thu", "fri"):
        assert latest.find(parse_shift("c", f"fi-phone {day} 16:00-24:00"), EFFECTIVE) is None
    assert len([s for s in latest.standing if s.valid_from == EFFECTIVE]) == 2


def test_a_late_approval_cannot_impose_a_repair_without_notice(store: Store) -> None:
    view = propose_drop(store)
    # Approved on 20 Dec, the other centres' repair can only start on 20 Feb: Thursdays
    # 4–18 Feb would stay uncovered.
    with pytest.raises(ChangeError, match=r"would break .* needs notice until 2027-02-20"):
        changes.approve(store, COORDINATOR, view.id, dt.date(2026, 12, 20))


# --- the domain pieces -------------------------------------------------------------------------


def test_applying_a_change_ends_the_old_shift_the_day_before() -> None:
    old = StandingShift("c", "fi-phone", 3, 16 * 60, 8 * 60)
    new = StandingShift("c", "fi-phone", 3, 18 * 60, 6 * 60)
    out = apply_changes([old], [old], [new], EFFECTIVE)
    assert out == [
        StandingShift("c", "fi-phone", 3, 16 * 60, 8 * 60, valid_until=EFFECTIVE - dt.timedelta(1)),
        StandingShift("c", "fi-phone", 3, 18 * 60, 6 * 60, valid_from=EFFECTIVE),
    ]
    assert out[0].valid_until == dt.date(2027, 1, 31)


@pytest.mark.parametrize(
    ("kind", "shift", "to", "problem"),
    [
        ("drop", "fi-phone thu 16:00-24:00", "fi-phone thu 16:00-22:00", "do not give"),
        ("move", "fi-phone thu 16:00-24:00", "fi-phone fri 16:00-22:00", "use resize"),
        ("resize", "fi-phone thu 16:00-24:00", "fi-phone fri 16:00-22:00", "use move"),
        ("move", "fi-phone thu 16:00-24:00", "fi-phone thu 16:00-24:00", "nothing changes"),
    ],
)
def test_ill_formed_changes_are_named(kind: str, shift: str, to: str, problem: str) -> None:
    change = ShiftChange(
        "c",
        kind,
        parse_shift("c", shift),
        parse_shift("c", to),
        EFFECTIVE,  # type: ignore[arg-type]
    )
    assert any(problem in p for p in change.problems())


@pytest.mark.parametrize("text", ["fi-phone xyz 16:00-20:00", "fi-phone mon 16:00", "mon 1-2"])
def test_a_shift_that_does_not_parse_says_the_format(text: str) -> None:
    with pytest.raises(ValueError, match="SERVICE DAY HH:MM-HH:MM"):
        parse_shift("c", text)


def test_a_shift_not_in_the_calendar_cannot_be_dropped(store: Store) -> None:
    with pytest.raises(ChangeError, match="is not in calendar version 1"):
        propose_drop(store, shift="fi-phone thu 15:00-23:00")


def test_re_exporting_after_an_approval_raises_sequence_of_changed_events(
    store: Store, tmp_path: Path
) -> None:
    published = tmp_path / "published"
    changes.export_calendar(store, COORDINATOR, published)
    before = _sequences(published / "feeds" / "national.ics")
    assert set(before.values()) == {0}
    changes.approve(store, COORDINATOR, propose_drop(store).id, TODAY)
    changes.export_calendar(store, COORDINATOR, published)
    after = _sequences(published / "feeds" / "national.ics")
    raised = {uid for uid in before if after.get(uid, 0) > before[uid]}
    assert raised, "the ended Thursday shift's event must change"
    assert len(raised) < len(before) / 2  # the other series are untouched
    standing = (published / "standing.csv").read_text()
    assert "c,fi-phone,thu,16:00,00:00,1,,2027-01-31" in standing
    assert ",fi-phone,thu,16:00,00:00,1,2027-02-01," in standing


def _sequences(path: Path) -> dict[str, int]:
    from icalendar import Calendar as ICalendar

    out: dict[str, int] = {}
    for event in ICalendar.from_ical(path.read_bytes()).walk("VEVENT"):
        uid = str(event["UID"])
        if "RECURRENCE-ID" not in event:
            out[uid] = int(event.get("SEQUENCE", 0))
    return out


# --- the command line ----------------------------------------------------------------------------


def test_the_cli_runs_a_proposal_through_to_a_new_version(store_url: str, tmp_path: Path) -> None:
    scenario, plan_dir, _ = write_network(tmp_path / "net")
    runner = CliRunner()

    def rota(*args: str) -> tuple[int, str, str]:
        result = runner.invoke(app, ["changes", *args, "--db", store_url])
        return result.exit_code, result.stdout, result.stderr

    code, out, _ = rota("init", str(scenario), "--from", str(plan_dir), "--as", "coordinator")
    assert code == 0 and "calendar version 1" in out
    common = ["--as", "centre:c", "--today", "2026-12-01", "--reason", "leave"]
    code, _, err = rota("propose", "drop", "--shift", "fi-phone thu 16:00-24:00", *common,
                        "--effective", "2027-01-29")  # fmt: skip
    assert code == 2
    assert err.strip().splitlines() == [err.strip()] and "earliest allowed date 2027-02-01" in err
    code, out, _ = rota("propose", "drop", "--shift", "fi-phone thu 16:00-24:00", *common,
                        "--effective", "2027-02-01", "--json")  # fmt: skip
    assert code == 0
    proposal = json.loads(out)
    assert proposal["impact"]["repair"]["status"] == "found"
    code, out, _ = rota("show", str(proposal["id"]), "--as", "centre:c")
    assert code == 0 and "Repair (1 changed responder-shifts" in out
    code, _, err = rota("approve", str(proposal["id"]), "--as", "centre:c")
    assert code == 2 and "only the coordinator" in err
    code, out, _ = rota("approve", str(proposal["id"]), "--as", "coordinator", "--json",
                        "--today", "2026-12-01")  # fmt: skip
    assert code == 0 and json.loads(out)["decision"]["version"] == 2
    code, out, _ = rota("list", "--as", "coordinator", "--json")
    assert [p["status"] for p in json.loads(out)] == ["approved"]
    code, out, _ = rota("log", "--as", "coordinator")
    assert [line.split()[3] for line in out.splitlines()] == [
        "import",
        "refused",
        "propose",
        "refused",
        "approve",
    ]
    code, out, _ = rota("export", "--out", str(tmp_path / "v2"))
    assert code == 0 and (tmp_path / "v2" / "standing.csv").exists()


def test_changes_help_documents_the_options() -> None:
    out = CliRunner().invoke(app, ["changes", "--help"]).stdout
    for word in ("propose", "approve", "reject", "list", "show", "ROTA_DATABASE_URL", "--as"):
        assert word in out
    out = CliRunner().invoke(app, ["changes", "propose", "--help"]).stdout
    for option in ("--db", "--as", "--today", "--json", "--effective", "--shift", "--to"):
        assert option in out


# --- the store under concurrency and crashes ---------------------------------------------------


def _submit(args: tuple[str, int]) -> int:
    url, n = args
    store = open_store(url)
    try:
        view = changes.propose(
            store,
            Actor.parse("centre:a"),
            "add",
            EFFECTIVE,
            f"extra shift {n}",
            TODAY,
            shift=f"fi-phone {('mon', 'tue', 'wed')[n % 3]} 08:00-12:00",
        )
        return view.id
    finally:
        store.close()


def test_50_proposals_from_parallel_processes_are_all_stored(store: Store, store_url: str) -> None:
    context = multiprocessing.get_context("spawn")
    with context.Pool(4) as pool:
        ids = pool.map(_submit, [(store_url, n) for n in range(50)])
    assert len(set(ids)) == 50
    views = changes.list_proposals(store, COORDINATOR)
    assert sorted(v.id for v in views) == sorted(ids)
    assert sorted(v.reason for v in views) == sorted(f"extra shift {n}" for n in range(50))
    assert actions(store).count("propose") == 50


WRITER = """
import sys, time
from rota.store import open_store
from rota.store import repository as repo
store = open_store(sys.argv[1])
with store.transaction() as session:
    record = repo.add_proposal(session, centre="a", kind="add", before=None, after=None,
        effective=__import__("datetime").date(2027, 2, 1), reason="never committed",
        base_version=1, impact=None, submitted_by="centre:a",
        submitted_on=__import__("datetime").date(2026, 12, 1))
    repo.audit(session, "centre:a", "propose", "never committed", proposal_id=record.id)
    print("in transaction", flush=True)
    time.sleep(60)
"""


def test_a_writer_killed_mid_transaction_leaves_the_store_consistent(
    store: Store, store_url: str
) -> None:
    kept = propose_drop(store)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, store_url],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "in transaction"
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=10)

    with store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(ProposalRecord)) == 1
        messages = session.scalars(select(AuditEntry.message)).all()
        assert "never committed" not in messages
        if store.is_sqlite:
            assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    # The lock died with the writer: the next write goes through at once.
    after = propose_drop(store, shift="fi-phone fri 16:00-24:00")
    assert [p.id for p in changes.list_proposals(store, COORDINATOR)] == [kept.id, after.id]


def test_the_dashboard_gives_shifts_as_shifts_and_they_mean_what_the_text_means(
    store: Store,
) -> None:
    # Thursday 16:00 for 8 hours, as the command line writes "fi-phone thu 16:00-24:00".
    thursday_evening = StandingShift("c", "fi-phone", 3, 16 * 60, 8 * 60)
    typed = changes.preview(store, CENTRE_C, "drop", EFFECTIVE, TODAY, shift=thursday_evening)
    text = changes.preview(
        store, CENTRE_C, "drop", EFFECTIVE, TODAY, shift="fi-phone thu 16:00-24:00"
    )
    assert typed.change == text.change
    assert typed.breaks == text.breaks
    with pytest.raises(ChangeError, match="the shift is b's, not c's"):
        changes.preview(
            store,
            CENTRE_C,
            "drop",
            EFFECTIVE,
            TODAY,
            shift=StandingShift("b", "fi-phone", 3, 960, 480),
        )

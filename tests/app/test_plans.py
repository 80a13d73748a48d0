"""Planning from the calendar in force, and publishing as a decision (issue 17): a plan starts
from the store's newest version (approved changes included) and keeps what the notice protects;
publishing shows the diff, needs the version it was shown against, does nothing for the calendar
already in force, and refuses a plan made against an older version."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rota.app import changes, plans
from rota.app.actors import Actor
from rota.app.planning import PlanOutcome, plan_quarter
from rota.domain.calendar import instant, local, parse_quarter
from rota.domain.errors import Conflict, PermissionDenied
from rota.domain.plan import Occurrence
from rota.io.scenario_file import load_scenario
from rota.store import Store
from rota.store import repository as repo
from tests.change_network import Q1, TODAY, write_network

COORDINATOR = Actor("coordinator")
SOLVE_SECONDS = 20.0


def scenario_path(tmp_path: Path) -> Path:
    return tmp_path / "net" / "scenario.yaml"


def plan_from_store(store: Store, tmp_path: Path, today: dt.date) -> tuple[PlanOutcome, int]:
    """Plan 2027Q1 from the calendar in force and keep the plan; (outcome, plan number)."""
    in_force = plans.baseline_in_force(store, COORDINATOR)
    scenario = load_scenario(scenario_path(tmp_path))
    outcome = plan_quarter(
        scenario,
        Q1,
        today=today,
        previous=in_force.previous if in_force else None,
        time_limit=SOLVE_SECONDS,
    )
    base = in_force.version if in_force else None
    return outcome, plans.record_plan(store, COORDINATOR, outcome, scenario_path(tmp_path), base)


def occurrences_before(occurrences: list[Occurrence], day: dt.date) -> set[Occurrence]:
    return {o for o in occurrences if instant(o.start) < instant(local(day, 0))}


def version_occurrences(store: Store, tmp_path: Path, number: int) -> list[Occurrence]:
    with store.transaction() as session:
        record = repo.get_version(session, number)
        assert record is not None
        calendar = repo.version_of(record)
    return plans._occurrences(load_scenario(scenario_path(tmp_path)), calendar, Q1)


def drop_thursday_evening(store: Store) -> int:
    """Centre c drops its Thursday evening from 2027-02-04 and the coordinator approves (the
    repair gives the evening to another centre); the proposal's number."""
    proposal = changes.propose(
        store,
        Actor.parse("centre:c"),
        "drop",
        dt.date(2027, 2, 4),
        "staff on leave",
        TODAY,
        shift="fi-phone thu 16:00-24:00",
    )
    changes.approve(store, COORDINATOR, proposal.id, TODAY)
    return proposal.id


def test_a_plan_keeps_every_occurrence_the_notice_protects(
    network_store: Store, tmp_path: Path
) -> None:
    outcome, _ = plan_from_store(network_store, tmp_path, TODAY)
    assert outcome.validation.passed, outcome.validation.violations()[:3]
    r7 = outcome.validation.checks["R7"]
    assert r7.applicable and r7.checked > 0
    promised = version_occurrences(network_store, tmp_path, 1)
    notice = dt.date(2027, 2, 1)
    assert occurrences_before(outcome.expansion.occurrences, notice) == occurrences_before(
        promised, notice
    )


def test_publishing_shows_the_diff_then_makes_the_next_version(
    network_store: Store, tmp_path: Path
) -> None:
    outcome, number = plan_from_store(network_store, tmp_path, TODAY)
    seen = plans.preview(network_store, COORDINATOR, number, TODAY)
    assert (seen.against, seen.identical, seen.stale) == (1, False, None)
    figures = {s.service: s for s in seen.services}
    assert figures["fi-phone"].planned > 0 and figures["fi-phone"].in_force > 0
    done = plans.publish(network_store, COORDINATOR, number, seen.against, today=TODAY)
    assert (done.version, done.published) == (2, True)
    [version] = [v for v in changes.list_versions(network_store, COORDINATOR) if v.number == 2]
    assert version.source == f"plan {number}" and version.created_by == "coordinator"
    with network_store.transaction() as session:
        record = repo.get_version(session, 2)
        assert record is not None and record.plan_id == number
    # The published calendar is the plan: the same occurrences over the quarter.
    assert set(version_occurrences(network_store, tmp_path, 2)) == set(
        outcome.expansion.occurrences
    )
    audit = changes.audit_log(network_store, COORDINATOR)
    assert [e.action for e in audit][-2:] == ["plan", "publish"]


def test_publishing_the_calendar_in_force_again_is_a_no_op(
    network_store: Store, tmp_path: Path
) -> None:
    _, number = plan_from_store(network_store, tmp_path, TODAY)
    first = plans.publish(network_store, COORDINATOR, number, 1, today=TODAY)
    again = plans.publish(network_store, COORDINATOR, number, first.version, today=TODAY)
    assert (again.version, again.published) == (first.version, False)
    assert "nothing published" in again.message
    assert [v.number for v in changes.list_versions(network_store, COORDINATOR)] == [1, 2]


def test_a_plan_made_before_an_approval_is_refused_with_the_reason(
    network_store: Store, tmp_path: Path
) -> None:
    _, number = plan_from_store(network_store, tmp_path, TODAY)
    proposal = drop_thursday_evening(network_store)
    seen = plans.preview(network_store, COORDINATOR, number, TODAY)
    assert seen.stale is not None and f"proposal {proposal}" in seen.stale
    with pytest.raises(Conflict, match="plan the quarter again from the calendar in force"):
        plans.publish(network_store, COORDINATOR, number, seen.against, today=TODAY)
    assert [v.number for v in changes.list_versions(network_store, COORDINATOR)] == [1, 2]


def test_publishing_needs_the_version_the_diff_was_shown_against(
    network_store: Store, tmp_path: Path
) -> None:
    _, number = plan_from_store(network_store, tmp_path, TODAY)
    with pytest.raises(Conflict, match="look at the diff again"):
        plans.publish(network_store, COORDINATOR, number, None, today=TODAY)


def test_a_new_plan_keeps_an_approved_change_inside_the_notice_period(
    network_store: Store, tmp_path: Path
) -> None:
    drop_thursday_evening(network_store)
    # Ten days later the notice reaches 2027-02-10: the change from 02-04 is a promise now.
    outcome, _ = plan_from_store(network_store, tmp_path, dt.date(2026, 12, 10))
    assert outcome.validation.passed, outcome.validation.violations()[:3]
    notice = dt.date(2027, 2, 10)
    promised = occurrences_before(version_occurrences(network_store, tmp_path, 2), notice)
    assert occurrences_before(outcome.expansion.occurrences, notice) == promised
    thursday = [
        o
        for o in promised
        if o.start.date() == dt.date(2027, 2, 4) and o.start.hour == 16 and o.centre == "c"
    ]
    assert thursday == [], "the approved drop is in the promised calendar"


def test_a_change_approved_beyond_the_dates_in_force_starts_on_its_date(
    store: Store, tmp_path: Path
) -> None:
    """The calendar in force lists dates only to the end of 2026; the notice reaches into
    February, so the plan continues the standing calendar from January, each shift within its
    own validity: c's Thursday evening until 2027-02-03, its replacement from 02-04."""
    scenario, plan_dir, _ = write_network(tmp_path / "net", period=parse_quarter("2026Q4"))
    changes.init_calendar(store, COORDINATOR, scenario, plan_dir)
    drop_thursday_evening(store)
    outcome, _ = plan_from_store(store, tmp_path, dt.date(2026, 12, 10))
    assert outcome.validation.passed, outcome.validation.violations()[:3]

    def thursday_evening(day: dt.date) -> set[str]:
        return {
            o.centre
            for o in outcome.expansion.occurrences
            if o.start.date() == day and o.start.hour == 16
        }

    assert thursday_evening(dt.date(2027, 1, 7)) == {"c"}
    assert "c" not in thursday_evening(dt.date(2027, 2, 4))


def test_a_first_plan_has_no_calendar_to_keep(store: Store, tmp_path: Path) -> None:
    write_network(tmp_path / "net")
    assert plans.baseline_in_force(store, COORDINATOR) is None
    _, number = plan_from_store(store, tmp_path, TODAY)
    seen = plans.preview(store, COORDINATOR, number, TODAY)
    assert (seen.against, seen.stale) == (None, None)
    assert {c.centre for c in seen.centres} == {"a", "b", "c"}
    assert all(c.added and not c.dropped for c in seen.centres)
    done = plans.publish(store, COORDINATOR, number, None, today=TODAY)
    assert (done.version, done.published) == (1, True)


def test_a_plan_left_lying_past_its_notice_is_refused(network_store: Store, tmp_path: Path) -> None:
    _, number = plan_from_store(network_store, tmp_path, TODAY)
    later = TODAY + dt.timedelta(days=10)
    seen = plans.preview(network_store, COORDINATOR, number, later)
    assert seen.stale is not None and "the notice allows changes from 2027-02-11" in seen.stale
    with pytest.raises(Conflict, match="plan the quarter again"):
        plans.publish(network_store, COORDINATOR, number, 1, today=later)


def test_only_the_coordinator_plans_and_publishes(network_store: Store, tmp_path: Path) -> None:
    centre = Actor.parse("centre:a")
    with pytest.raises(PermissionDenied):
        plans.baseline_in_force(network_store, centre)
    with pytest.raises(PermissionDenied):
        plans.publish(network_store, centre, 1, 1, today=TODAY)

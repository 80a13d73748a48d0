"""The coordinator's story of issue 17 through the app layer, on SQLite and PostgreSQL, on the
fixture network: import the sample calendar in force; plan 2027Q1 from it on 2026-12-01, keeping
every occurrence before 2027-02-01 (the validator's R7 counts them); publish; a centre proposes
and the coordinator approves; the old plan is now stale; a plan made a week later keeps the
approved change; publishing shows the diff and needs it confirmed; publishing again is a no-op;
the store's feed shows the approval on the next request, with no export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar

from rota.app import calendar_import, changes, plans
from rota.app.actors import Actor
from rota.app.planning import PlanOutcome, plan_quarter
from rota.app.store_feeds import StoreFeeds
from rota.domain.calendar import instant, local, parse_quarter
from rota.domain.errors import Conflict
from rota.domain.plan import Occurrence
from rota.io.scenario_file import load_scenario
from rota.store import Store
from rota.store import repository as repo

MIELI = Path(__file__).parents[2] / "fixtures" / "mieli"
SCENARIO, SAMPLE = MIELI / "scenario.yaml", MIELI / "calendar-in-force.csv"
Q1 = parse_quarter("2027Q1")
TODAY = dt.date(2026, 12, 1)
NOTICE = dt.date(2027, 2, 1)
COORDINATOR, OULU = Actor("coordinator"), Actor("centre", "oulu")
SOLVE_SECONDS = 20.0


def plan(store: Store, today: dt.date) -> tuple[PlanOutcome, int]:
    in_force = plans.baseline_in_force(store, COORDINATOR)
    assert in_force is not None
    outcome = plan_quarter(
        load_scenario(SCENARIO),
        Q1,
        today=today,
        previous=in_force.previous,
        time_limit=SOLVE_SECONDS,
    )
    return outcome, plans.record_plan(store, COORDINATOR, outcome, SCENARIO, in_force.version)


def before(occurrences: list[Occurrence], day: dt.date) -> set[Occurrence]:
    return {o for o in occurrences if instant(o.start) < instant(local(day, 0))}


def on(occurrences: list[Occurrence], day: dt.date, centre: str) -> set[Occurrence]:
    return {o for o in occurrences if o.start.date() == day and o.centre == centre}


def in_force(store: Store, number: int) -> list[Occurrence]:
    with store.transaction() as session:
        record = repo.get_version(session, number)
        assert record is not None
        calendar = repo.version_of(record)
    return plans._occurrences(load_scenario(SCENARIO), calendar, Q1)


def uids(body: bytes) -> set[str]:
    return {str(e["UID"]) for e in Calendar.from_ical(body).walk("VEVENT")}


def test_the_coordinators_quarter_from_import_to_feed(store: Store) -> None:
    imported = calendar_import.import_calendar(store, COORDINATOR, SCENARIO, SAMPLE, today=TODAY)
    assert imported.version == 1

    # Plan from the calendar in force: everything before the notice date stays as promised.
    first, first_plan = plan(store, TODAY)
    notice = first.validation.checks["R7"]
    assert notice.applicable and notice.checked > 0 and notice.passed
    assert before(first.expansion.occurrences, NOTICE) == before(in_force(store, 1), NOTICE)
    seen = plans.preview(store, COORDINATOR, first_plan, TODAY)
    assert (seen.against, seen.stale, seen.identical) == (1, None, False)
    # The proven optimum may keep every weekly shift and add only dated duties for holidays.
    assert seen.centres or seen.dated_added, "the plan differs from the calendar in force"
    assert plans.publish(store, COORDINATOR, first_plan, 1, TODAY).version == 2

    feeds = StoreFeeds(store)
    published = feeds.get("centre-oulu")
    assert published is not None and published.version == 2

    # Oulu drops a weekly shift from the notice date; the coordinator approves it.
    [shift, *_] = [
        s
        for s in changes.calendar_in_force(store, OULU).calendar.in_force(NOTICE)
        if s.centre == "oulu" and s.service == "fi-phone"
    ]
    proposal = changes.propose(store, OULU, "drop", NOTICE, "staff on leave", TODAY, shift=shift)
    approved = changes.approve(store, COORDINATOR, proposal.id, TODAY, force=True)
    assert approved.decision is not None and approved.decision.version == 3

    # The feed follows on the next request, with no export step.
    after = feeds.get("centre-oulu")
    assert after is not None and after.version == 3 and after.digest != published.digest

    # The first plan does not know the approval: refused, with the reason.
    with pytest.raises(Conflict, match=f"proposal {proposal.id}"):
        plans.publish(store, COORDINATOR, first_plan, 3, TODAY)

    # A week later the notice reaches 2027-02-08: the approved week from 02-01 is a promise.
    later = TODAY + dt.timedelta(days=7)
    second, second_plan = plan(store, later)
    assert second.validation.checks["R7"].passed
    week = [NOTICE + dt.timedelta(days=i) for i in range(7)]
    promised = {o for day in week for o in on(in_force(store, 3), day, "oulu")}
    assert {o for day in week for o in on(second.expansion.occurrences, day, "oulu")} == promised
    dropped = local(week[shift.weekday], 0) + dt.timedelta(minutes=shift.start)
    assert not any(o.start == dropped and o.service == "fi-phone" for o in promised)

    # Publishing needs the diff of the calendar now in force confirmed, then happens once.
    seen = plans.preview(store, COORDINATOR, second_plan, later)
    assert (seen.against, seen.stale) == (3, None)
    with pytest.raises(Conflict, match="look at the diff again"):
        plans.publish(store, COORDINATOR, second_plan, 2, later)
    done = plans.publish(store, COORDINATOR, second_plan, 3, later)
    assert (done.version, done.published) == (4, True)
    again = plans.publish(store, COORDINATOR, second_plan, 4, later)
    assert (again.version, again.published) == (4, False)
    assert [v.number for v in changes.list_versions(store, COORDINATOR)] == [1, 2, 3, 4]
    newest = feeds.get("centre-oulu")
    assert newest is not None and newest.version == 4
    assert uids(newest.body)

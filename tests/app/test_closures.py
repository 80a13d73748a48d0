"""Centres' closures staggered live (rota.app.closures), on the network of
tests/closure_network.py: Pohjanmaa and Vaasa both staff the Swedish line Tue/Thu/Fri 09–13.

Today is 1.12.2026, so a closure may begin on 1.2.2027 at the earliest (two months' notice).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from rota.app import changes, closures, plans
from rota.app.actors import Actor
from rota.app.network import network_scenario, network_versions, network_yaml
from rota.app.planning import plan_quarter
from rota.checks.plan import validate
from rota.domain.calendar import Period, local, public_holidays
from rota.domain.errors import ChangeError, Conflict, NoticeTooShort, PermissionDenied
from rota.domain.plan import DatedDuty, Occurrence, Plan, expand
from rota.domain.scenario import Closure
from rota.store import Store
from rota.store import repository as repo
from tests.change_network import Q1, TODAY
from tests.closure_network import closure_calendar, load_closure_network

COORDINATOR = Actor("coordinator")
POHJANMAA = Actor("centre", "pohjanmaa")
VAASA = Actor("centre", "vaasa")
D = dt.date


@pytest.fixture
def closure_store(store: Store, tmp_path: Path) -> Store:
    load_closure_network(store, tmp_path / "net")
    return store


def test_two_closures_together_show_the_swedish_gap_and_name_the_other_centre(
    closure_store: Store,
) -> None:
    alone = closures.preview(closure_store, VAASA, "vaasa", D(2027, 3, 3), D(2027, 3, 12), TODAY)
    assert alone.gap_free and alone.services == [] and alone.others == []

    closures.file(
        closure_store, POHJANMAA, "pohjanmaa", D(2027, 3, 1), D(2027, 3, 7), "Vacation", TODAY
    )
    found = closures.preview(closure_store, VAASA, "vaasa", D(2027, 3, 3), D(2027, 3, 12), TODAY)
    assert not found.gap_free
    (sv,) = found.services
    assert sv.service == "sv-phone"
    # Thu 4.3 and Fri 5.3, 09–13 Helsinki time: the days both are closed and the line is open.
    assert [(a.isoformat(), b.isoformat()) for a, b in sv.uncovered] == [
        ("2027-03-04T09:00:00+02:00", "2027-03-04T13:00:00+02:00"),
        ("2027-03-05T09:00:00+02:00", "2027-03-05T13:00:00+02:00"),
    ]
    assert sv.uncovered_hours == 8
    assert sv.also_closed == ["Pohjanmaa"]
    assert [(o.name, o.first, o.last, o.status) for o in found.others] == [
        ("Pohjanmaa", D(2027, 3, 1), D(2027, 3, 7), "pending")
    ]


def test_the_suggested_dates_are_the_nearest_the_validator_finds_gap_free(
    closure_store: Store,
) -> None:
    closures.file(
        closure_store, POHJANMAA, "pohjanmaa", D(2027, 3, 1), D(2027, 3, 7), "Vacation", TODAY
    )
    found = closures.preview(closure_store, VAASA, "vaasa", D(2027, 3, 3), D(2027, 3, 12), TODAY)
    # Ending on Mon 1.3 touches Pohjanmaa's closure on a day the line is shut; starting Sat 6.3
    # likewise. One day nearer either way would meet an open Tue or Thu.
    assert found.alternatives == [(D(2027, 2, 20), D(2027, 3, 1)), (D(2027, 3, 6), D(2027, 3, 15))]
    scenario = network_scenario(closure_store, COORDINATOR)
    pohjanmaa = Closure(start=D(2027, 3, 1), end=D(2027, 3, 7))
    for first, last in found.alternatives:
        closed = scenario.with_closures(
            {"pohjanmaa": [pohjanmaa], "vaasa": [Closure(start=first, end=last)]}
        )
        period = Period(first, last + dt.timedelta(days=1))
        holidays = public_holidays(period)
        occurrences = expand(Plan(period, closure_calendar()), closed, holidays).occurrences
        verdict = validate(closed, period, holidays, occurrences, closure_calendar())
        assert verdict.checks["R2"].passed and verdict.checks["R3"].passed
        # ...and one day nearer the asked dates, the validator finds the gap.
        nearer = first + dt.timedelta(days=1 if first < D(2027, 3, 3) else -1)
        closed = scenario.with_closures(
            {
                "pohjanmaa": [pohjanmaa],
                "vaasa": [Closure(start=nearer, end=nearer + (last - first))],
            }
        )
        period = Period(nearer, nearer + (last - first) + dt.timedelta(days=1))
        occurrences = expand(Plan(period, closure_calendar()), closed, holidays).occurrences
        assert not validate(closed, period, holidays, occurrences, []).checks["R3"].passed


def test_a_dated_substitute_is_shown_as_what_the_line_relies_on(
    closure_store: Store,
) -> None:
    closures.file(
        closure_store, POHJANMAA, "pohjanmaa", D(2027, 3, 1), D(2027, 3, 7), "Vacation", TODAY
    )
    # Centre c takes the Swedish line on Thu 4.3 as a dated substitute (it is the coordinator's
    # calendar to change; here it is written as the calendar in force's next version).
    with closure_store.transaction() as session:
        current = repo.current_version(session)
        assert current is not None
        calendar = repo.version_of(current)
        cover = DatedDuty(
            local(D(2027, 3, 4), 9 * 60),
            local(D(2027, 3, 4), 13 * 60),
            "b",
            "sv-phone",
            1,
            "substitute",
        )
        repo.add_version(
            session,
            2,
            current.scenario,
            replace(calendar, number=2, dated=[*calendar.dated, cover]),
            valid_from=None,
            source="test",
            created_by="coordinator",
        )
    found = closures.preview(closure_store, VAASA, "vaasa", D(2027, 3, 3), D(2027, 3, 12), TODAY)
    (sv,) = found.services
    assert sv.uncovered_hours == 4  # Friday only
    assert sv.substitute_hours == 4  # Thursday, held by the substitute


def test_a_centre_files_only_for_itself_with_notice_and_the_coordinator_decides(
    closure_store: Store,
) -> None:
    with pytest.raises(PermissionDenied, match="centre:vaasa may only file closures for vaasa"):
        closures.file(closure_store, VAASA, "pohjanmaa", D(2027, 3, 1), D(2027, 3, 7), "x", TODAY)
    with pytest.raises(PermissionDenied, match="only preview closures for vaasa"):
        closures.preview(closure_store, VAASA, "pohjanmaa", D(2027, 3, 1), D(2027, 3, 7), TODAY)
    with pytest.raises(NoticeTooShort, match="earliest allowed date 2027-02-01"):
        closures.file(closure_store, VAASA, "vaasa", D(2027, 1, 20), D(2027, 1, 30), "x", TODAY)
    with pytest.raises(ChangeError, match="before it begins 2027-03-07; swap the dates"):
        closures.preview(closure_store, VAASA, "vaasa", D(2027, 3, 7), D(2027, 3, 1), TODAY)
    with pytest.raises(ChangeError, match="reason: say why"):
        closures.file(closure_store, VAASA, "vaasa", D(2027, 3, 1), D(2027, 3, 7), "  ", TODAY)
    ident = closures.file(
        closure_store, VAASA, "vaasa", D(2027, 3, 1), D(2027, 3, 7), "Vacation", TODAY
    )
    with pytest.raises(Conflict, match="vaasa is already closed 2027-03-01…2027-03-07"):
        closures.file(closure_store, VAASA, "vaasa", D(2027, 3, 5), D(2027, 3, 9), "x", TODAY)
    with pytest.raises(PermissionDenied, match="may not approve a closure"):
        closures.approve(closure_store, VAASA, ident)
    with pytest.raises(PermissionDenied, match="only see its own closures"):
        closures.list_closures(closure_store, POHJANMAA, "vaasa")
    assert closures.list_closures(closure_store, POHJANMAA) == []
    closures.return_(closure_store, COORDINATOR, ident, "Pohjanmaa is closed then; move a week")
    (view,) = closures.list_closures(closure_store, VAASA)
    assert (view.status, view.decision) == ("returned", "Pohjanmaa is closed then; move a week")
    with pytest.raises(Conflict, match="already returned"):
        closures.approve(closure_store, COORDINATOR, ident)
    log = [
        e
        for e in changes.audit_log(closure_store, COORDINATOR)
        if e.action in {"closure", "refused"}
    ]
    assert [e.action for e in log] == [
        "refused",
        "refused",
        "refused",
        "closure",
        "refused",
        "refused",
        "closure",
    ]


def test_an_approved_closure_reaches_the_network_and_the_next_plan(
    closure_store: Store,
) -> None:
    ident = closures.file(
        closure_store, POHJANMAA, "pohjanmaa", D(2027, 3, 1), D(2027, 3, 7), "Vacation", TODAY
    )
    before = network_scenario(closure_store, COORDINATOR)
    assert closures.approve(closure_store, COORDINATOR, ident, "fine") == 2
    assert '{start: 2027-03-01, end: 2027-03-07, reason: "Vacation"}' in network_yaml(
        closure_store, COORDINATOR
    )
    scenario = network_scenario(closure_store, COORDINATOR)
    assert scenario.centre("pohjanmaa").is_closed(D(2027, 3, 2))
    (view,) = closures.list_closures(closure_store, COORDINATOR)
    assert (view.status, view.version) == ("approved", 2)

    in_force = plans.baseline_in_force(closure_store, COORDINATOR)
    assert in_force is not None
    outcome = plan_quarter(scenario, Q1, today=TODAY, previous=in_force.previous, time_limit=8)
    closed_days = {D(2027, 3, d) for d in range(1, 8)}
    assert not [
        o
        for o in outcome.expansion.occurrences
        if o.centre == "pohjanmaa" and set(o.local_dates()) & closed_days
    ]
    assert outcome.validation.checks["R6"].passed
    # R6 counts the closure: a duty of Pohjanmaa on Tue 2.3 breaks it under the new network,
    # not under the old one.
    duty = Occurrence(
        local(D(2027, 3, 2), 9 * 60),
        local(D(2027, 3, 2), 13 * 60),
        "pohjanmaa",
        "sv-phone",
        1,
        "extra",
    )
    holidays = public_holidays(Q1)
    after = validate(scenario, Q1, holidays, [*outcome.expansion.occurrences, duty], [])
    (broken,) = after.checks["R6"].violations
    assert "pohjanmaa is closed on 2027-03-02" in broken.message
    assert (
        validate(before, Q1, holidays, [*outcome.expansion.occurrences, duty], [])
        .checks["R6"]
        .passed
    )


def test_a_gap_another_closure_leaves_anyway_is_not_this_closures_doing(
    closure_store: Store,
) -> None:
    # Centre a closing leaves the Finnish line's nights open whatever Vaasa does.
    closures.file(
        closure_store, Actor("centre", "a"), "a", D(2027, 2, 15), D(2027, 3, 31), "x", TODAY
    )
    closures.file(
        closure_store, POHJANMAA, "pohjanmaa", D(2027, 3, 1), D(2027, 3, 7), "Vacation", TODAY
    )
    found = closures.preview(closure_store, VAASA, "vaasa", D(2027, 3, 3), D(2027, 3, 12), TODAY)
    assert [s.service for s in found.services] == ["sv-phone"]
    assert found.alternatives == [(D(2027, 2, 20), D(2027, 3, 1)), (D(2027, 3, 6), D(2027, 3, 15))]
    season = closures.season(closure_store, COORDINATOR, D(2027, 3, 1), D(2027, 3, 31))
    # The coordinator's season shows every gap the filed closures leave: Vaasa's is only
    # previewed, so the Swedish line is still covered.
    assert {g.service for g in season.gaps} == {"fi-phone"}
    assert [k.name for k in season.closures] == ["A", "Pohjanmaa"]


def test_the_plan_form_lists_the_networks_the_store_holds_the_one_in_force_first(
    closure_store: Store,
) -> None:
    ident = closures.file(
        closure_store, POHJANMAA, "pohjanmaa", D(2027, 3, 1), D(2027, 3, 7), "Vacation", TODAY
    )
    closures.approve(closure_store, COORDINATOR, ident)
    found = network_versions(closure_store, COORDINATOR)
    assert [(v.version, v.source) for v in found] == [(2, f"closure {ident}"), (1, found[1].source)]
    assert found[1].source.startswith("import ")
    newest = network_yaml(closure_store, COORDINATOR, found[0].version)
    assert "2027-03-01" in newest and "2027-03-01" not in network_yaml(
        closure_store, COORDINATOR, 1
    )

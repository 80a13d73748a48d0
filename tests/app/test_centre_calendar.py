"""A centre's dated calendar week by week (rota.app.centre_calendar).

The network is the three-centre one of the change tests (a 00–08, b 08–16, c 16–24 every day,
2027Q1) with what a real calendar has: centre a closes on public holidays, so b covers a's night
on Epiphany (Wed 06.01.2027) with a holiday duty, and centre c is closed on 10–11.02.2027.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rota.app import changes
from rota.app.actors import Actor
from rota.app.centre_calendar import CentreWeek, centre_weeks
from rota.domain.calendar import local, public_holidays
from rota.domain.errors import ChangeError, PermissionDenied
from rota.domain.plan import Occurrence, Plan, expand
from rota.io.plan_files import write_shifts
from rota.store import Store
from tests.change_network import Q1, TODAY, daily_calendar, network, write_network

EPIPHANY = dt.date(2027, 1, 6)
EASTER_MONDAY = dt.date(2027, 3, 29)
COORDINATOR = Actor("coordinator")


def write_calendar_network(folder: Path) -> tuple[Path, Path]:
    """scenario.yaml and a plan directory of the network above."""
    raw = network()
    raw["centres"][0]["open_on_holidays"] = False
    raw["centres"][2]["closures"] = [{"start": "2027-02-10", "end": "2027-02-11"}]
    scenario_path, plan_dir, scenario = write_network(folder, raw)
    standing = expand(Plan(Q1, daily_calendar()), scenario, public_holidays(Q1)).occurrences
    cover = Occurrence(
        local(EPIPHANY, 0), local(EPIPHANY, 8 * 60), "b", "fi-phone", 1, "holiday-duty"
    )
    write_shifts(plan_dir / "shifts.csv", [*standing, cover])
    return scenario_path, plan_dir


@pytest.fixture
def calendar_store(store: Store, tmp_path: Path) -> Store:
    changes.init_calendar(store, COORDINATOR, *write_calendar_network(tmp_path / "net"))
    return store


def week_of(weeks: list[CentreWeek], day: dt.date) -> CentreWeek:
    (found,) = [w for w in weeks if w.first <= day <= w.last]
    return found


def test_the_weeks_are_the_current_and_next_quarter_the_calendar_covers(
    calendar_store: Store,
) -> None:
    found = centre_weeks(calendar_store, Actor("centre", "a"), None, TODAY)
    # Today is in 2026Q4; the calendar covers 2027Q1 only.
    assert (found.period.first, found.period.end) == (dt.date(2027, 1, 1), dt.date(2027, 4, 1))
    assert [(w.year, w.week) for w in found.weeks] == [(2026, 53)] + [
        (2027, n) for n in range(1, 14)
    ]
    assert all(w.last - w.first == dt.timedelta(days=6) for w in found.weeks)
    assert (found.centre, found.centre_name, found.version) == ("a", "A", 1)
    assert found.services == {"fi-phone": "MIELI Kriisipuhelin"}
    # 90 nights, less the 5 holidays a closes on: New Year's Day, Epiphany and three at Easter.
    assert sum(len(w.occurrences) for w in found.weeks) == 90 - 5
    later = centre_weeks(calendar_store, COORDINATOR, "a", dt.date(2027, 4, 10))
    assert later.weeks == []


def test_holidays_cancel_and_are_named_in_the_language_asked(calendar_store: Store) -> None:
    for language, name in (("en", "Epiphany"), ("fi", "Loppiainen"), ("sv", "Trettondag")):
        found = centre_weeks(calendar_store, Actor("centre", "a"), "a", TODAY, language)
        week = week_of(found.weeks, EPIPHANY)
        assert week.holidays == {EPIPHANY: name}
        (cancelled,) = week.cancelled
        assert (cancelled.reason, cancelled.day, cancelled.holiday) == ("holiday", EPIPHANY, name)
        assert (cancelled.start, cancelled.end) == (local(EPIPHANY, 0), local(EPIPHANY, 8 * 60))
        assert EPIPHANY not in {o.start.date() for o in week.occurrences}
    easter = week_of(found.weeks, EASTER_MONDAY)
    assert [c.day for c in easter.cancelled] == [EASTER_MONDAY]


def test_a_holiday_duty_is_the_covering_centres_and_a_closure_is_marked(
    calendar_store: Store,
) -> None:
    covering = week_of(centre_weeks(calendar_store, COORDINATOR, "b", TODAY).weeks, EPIPHANY)
    assert [o.kind for o in covering.occurrences if o.start.date() == EPIPHANY] == [
        "holiday-duty",
        "standing",
    ]
    assert covering.cancelled == []  # b is open on holidays
    closed = dt.date(2027, 2, 10)
    week = week_of(centre_weeks(calendar_store, COORDINATOR, "c", TODAY).weeks, closed)
    assert week.closed == [closed, closed + dt.timedelta(days=1)]
    assert [(c.reason, c.day, c.holiday) for c in week.cancelled] == [
        ("closure", closed, None),
        ("closure", closed + dt.timedelta(days=1), None),
    ]


def test_a_centre_sees_only_its_own_weeks_and_the_refusal_is_logged(
    calendar_store: Store,
) -> None:
    with pytest.raises(PermissionDenied, match="centre:c may only see its own calendar, not a's"):
        centre_weeks(calendar_store, Actor("centre", "c"), "a", TODAY)
    (entry,) = [e for e in changes.audit_log(calendar_store, COORDINATOR) if e.action == "refused"]
    assert entry.actor == "centre:c"
    with pytest.raises(PermissionDenied, match="may not read a centre's dated calendar"):
        centre_weeks(calendar_store, Actor("responder", "c-1"), "c", TODAY)


def test_the_coordinator_names_a_centre_of_the_network(calendar_store: Store) -> None:
    with pytest.raises(ChangeError, match="name the centre whose calendar to show"):
        centre_weeks(calendar_store, COORDINATOR, None, TODAY)
    with pytest.raises(ChangeError, match="'atlantis' is not a centre of three centres"):
        centre_weeks(calendar_store, COORDINATOR, "atlantis", TODAY)

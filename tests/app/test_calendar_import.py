"""Importing the calendar in force (issue 17) through the app layer, on SQLite and PostgreSQL: the
sample spreadsheet becomes version 1 and its rule breaks are stated; nothing is stored on bad
input or for anyone but the coordinator; every import is audited."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rota.app import changes
from rota.app.actors import Actor
from rota.app.calendar_import import import_calendar
from rota.domain.calendar import instant
from rota.domain.errors import InputError, PermissionDenied
from rota.domain.plan import StandingShift
from rota.io.calendar_file import read_calendar
from rota.io.scenario_file import load_scenario
from rota.store import Store
from tests.change_network import TODAY, daily_calendar, write_network

COORDINATOR = Actor("coordinator")
MIELI = Path(__file__).parents[2] / "fixtures" / "mieli"
SCENARIO, SAMPLE = MIELI / "scenario.yaml", MIELI / "calendar-in-force.csv"
FI_DAYS = ("ma", "ti", "ke", "to", "pe", "la", "su")
HEADER = "centre;service;weekday;start;end;responders;valid_from;valid_until"


def three_centres(folder: Path) -> tuple[Path, Path]:
    """The test network's scenario and its daily calendar (a 0–8, b 8–16, c 16–24) written the
    way a Finnish spreadsheet exports it."""
    scenario, _plan, _ = write_network(folder)
    lines = [HEADER] + [
        f"{s.centre};{s.service};{FI_DAYS[s.weekday]};{s.start // 60}.00;"
        f"{(s.start + s.minutes) // 60}.00;;;"
        for s in daily_calendar()
    ]
    calendar = folder / "kalenteri.csv"
    calendar.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return scenario, calendar


def stored_versions(store: Store) -> list[int]:
    return [v.number for v in changes.list_versions(store, COORDINATOR)]


def audit_actions(store: Store) -> list[tuple[str, str, int | None]]:
    return [(e.actor, e.action, e.version_number) for e in changes.audit_log(store, COORDINATOR)]


def test_the_sample_becomes_the_calendar_in_force_and_its_rule_breaks_are_stated(
    store: Store,
) -> None:
    result = import_calendar(store, COORDINATOR, SCENARIO, SAMPLE, today=TODAY)

    assert (result.version, result.replaced) == (1, None)
    assert (result.standing_shifts, result.dated_duties, result.centres) == (120, 0, 21)
    assert (result.covered.first, result.covered.end) == (dt.date(2026, 10, 1), dt.date(2027, 4, 1))
    assert (result.checked.first, result.checked.end) == (TODAY, dt.date(2027, 4, 1))
    # The sample was planned for 2026Q4 alone: the holidays of 2027Q1 cancel shifts nobody
    # replaced, which a real calendar carried into a new quarter does too.
    assert result.findings() == [
        "R2 fi-phone wed 08:00–10:00 on 2027-01-06: fi-phone has 0 of 1 responders Wed "
        "2027-01-06 08:00–10:00 — Finnish line always staffed",
        "R2 fi-phone mon 16:00–20:00 on 2027-03-29: fi-phone has 0 of 1 responders Mon "
        "2027-03-29 16:00–20:00 — Finnish line always staffed",
        "R5 fi-phone mon 16:00–20:00 on 2027-03-29: no holiday-duty group responder on fi-phone "
        "Mon 2027-03-29 16:00–20:00 (Easter Monday) — Holiday-duty group on weekend and holiday "
        "evenings",
    ]

    in_force = changes.calendar_in_force(store, COORDINATOR)
    expected = read_calendar(SAMPLE, None, load_scenario(SCENARIO)).standing
    assert in_force.version == 1
    assert sorted(in_force.calendar.standing) == sorted(expected)
    covered = in_force.calendar.covered
    assert (covered.first, covered.end) == (result.covered.first, result.covered.end)


def test_the_stored_calendar_keeps_wall_clock_hours_over_the_autumn_dst_change(
    store: Store,
) -> None:
    """The national unit's Saturday night 22.00–6.00 runs into Sunday 2026-10-25, when Helsinki
    clocks go back at 04:00: eight hours on the wall clock, nine real hours."""
    import_calendar(store, COORDINATOR, SCENARIO, SAMPLE, today=dt.date(2026, 10, 1))

    occurrences = changes.calendar_in_force(store, COORDINATOR).occurrences
    (night,) = [
        o
        for o in occurrences
        if o.centre == "national" and o.start.date() == dt.date(2026, 10, 24) and o.start.hour == 22
    ]

    assert night.end.date() == dt.date(2026, 10, 25) and night.end.hour == 6
    assert night.wall_minutes == 8 * 60
    assert instant(night.end) - instant(night.start) == dt.timedelta(hours=9)


def test_a_calendar_that_keeps_every_rule_has_no_findings(store: Store, tmp_path: Path) -> None:
    scenario, calendar = three_centres(tmp_path)

    result = import_calendar(store, COORDINATOR, scenario, calendar, today=TODAY)

    assert result.findings() == []
    assert sorted(changes.calendar_in_force(store, COORDINATOR).calendar.standing) == sorted(
        daily_calendar()
    )


def test_nothing_is_stored_when_a_file_has_a_problem(store: Store, tmp_path: Path) -> None:
    scenario, calendar = three_centres(tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        calendar.read_text(encoding="utf-8-sig") + "d;fi-phone;ma;8.00;16.00;;;\n",
        encoding="utf-8",
    )
    dated = tmp_path / "dated.csv"
    dated.write_text(
        "centre,service,start,end,responders,kind\na,fi-phone,1.5.2027 8.00,,1,extra\n",
        encoding="utf-8",
    )

    with pytest.raises(InputError) as raised:
        import_calendar(store, COORDINATOR, scenario, bad, dated, today=TODAY)

    assert raised.value.problems == [
        f"{bad}: row 23, column centre: unknown centre 'd'; use one of: a, b, c",
        f"{dated}: row 2, column end: '' is not a date and time; write local time "
        "2026-12-24 16:00 or 24.12.2026 16.00, or ISO with the offset 2026-12-24T16:00:00+02:00",
    ]
    assert stored_versions(store) == []
    assert audit_actions(store) == []


def test_only_the_coordinator_imports_and_a_refusal_is_audited(
    store: Store, tmp_path: Path
) -> None:
    scenario, calendar = three_centres(tmp_path)

    for actor in (Actor("centre", "a"), Actor("responder", "a-1")):
        with pytest.raises(PermissionDenied, match="only the coordinator may"):
            import_calendar(store, actor, scenario, calendar, today=TODAY)

    assert stored_versions(store) == []
    assert audit_actions(store) == [
        ("centre:a", "refused", None),
        ("responder:a-1", "refused", None),
    ]


def test_every_import_is_audited_and_the_newest_is_in_force(store: Store, tmp_path: Path) -> None:
    scenario, calendar = three_centres(tmp_path)
    dated = tmp_path / "dated.csv"
    dated.write_text(
        "centre;service;start;end;responders;kind\n"
        "b;fi-phone;1.5.2027 16.00;1.5.2027 22.00;1;extra\n",
        encoding="utf-8",
    )

    first = import_calendar(store, COORDINATOR, SCENARIO, SAMPLE, today=TODAY)
    second = import_calendar(store, COORDINATOR, scenario, calendar, dated, today=TODAY)

    assert (first.version, second.version, second.replaced) == (1, 2, 1)
    assert audit_actions(store) == [("coordinator", "import", 1), ("coordinator", "import", 2)]
    entry = changes.audit_log(store, COORDINATOR)[-1]
    assert entry.message == (
        f"calendar version 2 imported from {calendar} and {dated} with scenario {scenario}: "
        f"21 standing shifts, 1 dated duties; 0 rule breaks found {second.checked.label}"
    )
    # The dated duty on May Day lies past the next quarter: the covered dates widen to it, so
    # the calendar in force expands to it.
    assert second.covered.label == "2026-10-01…2027-05-01"
    in_force = changes.calendar_in_force(store, COORDINATOR)
    assert in_force.version == 2
    assert [(o.centre, o.start.isoformat(), o.kind) for o in in_force.occurrences[-2:]] == [
        ("b", "2027-05-01T16:00:00+03:00", "extra"),
        ("c", "2027-05-01T16:00:00+03:00", "standing"),
    ]
    assert in_force.scenario.name == "three centres"


def test_an_empty_calendar_is_refused(store: Store, tmp_path: Path) -> None:
    scenario, _ = three_centres(tmp_path)
    empty = tmp_path / "empty.csv"
    empty.write_text(HEADER + "\n", encoding="utf-8")

    with pytest.raises(InputError, match="holds no standing shifts"):
        import_calendar(store, COORDINATOR, scenario, empty, today=TODAY)

    assert stored_versions(store) == []


def test_shifts_are_stored_as_read(store: Store, tmp_path: Path) -> None:
    scenario, _ = three_centres(tmp_path)
    calendar = tmp_path / "calendar.csv"
    calendar.write_text(
        "centre,service,weekday,start,end,responders,valid_from,valid_until\n"
        "a,fi-phone,sunnuntai,22.00,6.00,2,1.10.2026,31.3.2027\n",
        encoding="utf-8",
    )

    import_calendar(store, COORDINATOR, scenario, calendar, today=TODAY)

    assert changes.calendar_in_force(store, COORDINATOR).calendar.standing == [
        StandingShift(
            "a", "fi-phone", 6, 22 * 60, 8 * 60, 2, dt.date(2026, 10, 1), dt.date(2027, 3, 31)
        )
    ]

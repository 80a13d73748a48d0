"""Calendar feeds (SPEC §6, issue 5): two independent expanders give exactly the plan.

The hand-made plans below put a shift on every awkward spot of a quarter: both DST nights
(a start in the spring gap, a start and an end in the autumn repeat, shifts spanning either
change), shifts crossing midnight, the Sunday→Monday boundary and the quarter's edges, holidays
on weekdays and weekends, a closure over the autumn night, versions of one shift, dated duties of
every kind, and (in the re-plan) occurrences kept from a baseline.
"""

from __future__ import annotations

import collections
import csv
import datetime as dt
import json
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
from ical.calendar_stream import IcsCalendarStream

from rota.app.planning import plan_quarter
from rota.app.publication import write_plan
from rota.domain.calendar import Period, instant, local, parse_quarter, public_holidays
from rota.domain.plan import DatedDuty, Expansion, Kind, Plan, StandingShift, expand
from rota.domain.scenario import Scenario
from rota.io.plan_files import read_previous_plan, write_shifts, write_standing
from rota.io.scenario_file import load_scenario
from rota.publish.feeds import write_feeds

ROOT = Path(__file__).resolve().parents[2]
EXPAND_JS = ROOT / "tests" / "js" / "expand.mjs"
Q1, Q4 = parse_quarter("2027Q1"), parse_quarter("2026Q4")
SUN, MON, TUE, WED, THU, FRI, SAT = 6, 0, 1, 2, 3, 4, 5
H = 60

# (start UTC, end UTC, centre, service, responders, kind)
Interval = tuple[dt.datetime, dt.datetime, str, str, int, str]

SCENARIO = Scenario.model_validate(
    {
        "name": "Feed test network",
        "services": [
            {
                "id": "fi-phone",
                "name": "MIELI Kriisipuhelin",
                "channel": "phone",
                "language": "fi",
                "hours": "always",
                "number": "09 2525 0111",
            },
            {
                "id": "sv-phone",
                "name": "Kristelefonen",
                "channel": "phone",
                "language": "sv",
                "hours": [{"days": ["mon", "wed"], "start": "16:00", "end": "20:00"}],
                "open_on_holidays": False,
                "number": "09 2525 0112",
            },
        ],
        "centres": [
            {
                "id": "north",
                "name": "Pohjoinen kriisikeskus",
                "cities": ["Oulu"],
                "languages": ["fi"],
                "services": ["fi-phone"],
                "lines": {"fi-phone": 2},
                "weekly_hours": {"min": 0, "max": 168},
                "open_on_holidays": False,
                "closures": [
                    {"start": "2026-10-24", "end": "2026-10-26"},
                    {"start": "2027-02-15", "end": "2027-02-21"},
                ],
            },
            {
                "id": "south",
                "name": "Eteläinen kriisikeskus",
                "cities": ["Helsinki", "Vihti"],
                "languages": ["fi", "sv"],
                "services": ["fi-phone", "sv-phone"],
                "lines": {"fi-phone": 3, "sv-phone": 1},
                "weekly_hours": {"min": 0, "max": 168},
            },
            {
                "id": "national",
                "name": "Valtakunnallinen yksikkö",
                "languages": ["fi"],
                "services": ["fi-phone"],
                "lines": {"fi-phone": 3},
                "weekly_hours": {"min": 0, "max": 168},
            },
        ],
    }
)

# The DST Sunday of each quarter: spring 2027-03-28 (also Easter Sunday), autumn 2026-10-25.
DST_SUNDAY = {Q1: dt.date(2027, 3, 28), Q4: dt.date(2026, 10, 25)}


def standing(period: Period) -> list[StandingShift]:
    dst = DST_SUNDAY[period]
    switch = period.first + dt.timedelta(days=45)
    return [
        # Both DST nights: the spring night is 3 h shorter at 00:00–04:00, 01:00–05:00 and
        # 03:00–07:00 (03:00 does not exist); 21:00–03:00 ends at a wall time that does not
        # exist. On the autumn night they are an hour longer, and 03:00 happens twice.
        StandingShift("south", "fi-phone", SUN, 0, 4 * H),
        StandingShift("south", "fi-phone", SAT, 21 * H, 6 * H),
        StandingShift("south", "fi-phone", SUN, 1 * H, 4 * H),
        StandingShift("south", "fi-phone", SUN, 3 * H, 4 * H),
        # A shift whose last date is the DST night, starting at 03:00 (gap / repeat).
        StandingShift("national", "fi-phone", SUN, 3 * H, 4 * H, valid_until=dst),
        # Across midnight, across Sunday→Monday, across the quarter's first or last night.
        StandingShift("south", "fi-phone", THU, 22 * H, 8 * H),
        StandingShift("south", "fi-phone", SUN, 22 * H, 8 * H),
        # A service closed on holidays at a centre that is open (Easter Monday).
        StandingShift("south", "sv-phone", MON, 16 * H, 4 * H),
        # Two versions of one shift: one responder, then two.
        StandingShift("south", "fi-phone", TUE, 9 * H, 4 * H, 1, valid_until=switch),
        StandingShift(
            "south", "fi-phone", TUE, 9 * H, 4 * H, 2, valid_from=switch + dt.timedelta(days=1)
        ),
        # A new version whose first date is the DST night.
        StandingShift(
            "national", "fi-phone", SUN, 2 * H, 4 * H, valid_until=dst - dt.timedelta(days=7)
        ),
        StandingShift(
            "national", "fi-phone", SUN, 2 * H, 4 * H, 2, valid_from=dst - dt.timedelta(days=6)
        ),
        # North closes on holidays: Epiphany (Wed), New Year's Day and Good Friday / Christmas
        # Day (Fri), Easter Sunday on the spring night, All Saints' Day and St Stephen's Day
        # (Sat), Independence Day (Sun), Christmas Eve (Thu), and a closure over the autumn
        # night.
        StandingShift("north", "fi-phone", WED, 8 * H, 8 * H),
        StandingShift("north", "fi-phone", FRI, 16 * H, 8 * H),
        StandingShift("north", "fi-phone", SUN, 3 * H, 4 * H),
        StandingShift("north", "fi-phone", SUN, 22 * H, 8 * H),
        StandingShift("north", "fi-phone", SAT, 10 * H, 4 * H),
        StandingShift("north", "fi-phone", SAT, 21 * H, 6 * H),
        StandingShift("north", "fi-phone", THU, 12 * H, 4 * H),
    ]


def dated(period: Period) -> list[DatedDuty]:
    def duty(centre: str, day: dt.date, start: int, minutes: int, kind: Kind) -> DatedDuty:
        return DatedDuty(
            local(day, start), local(day, start + minutes), centre, "fi-phone", 1, kind
        )

    if period == Q1:
        return [
            duty("south", dt.date(2027, 1, 6), 16 * H, 6 * H, "holiday-duty"),
            duty("national", dt.date(2027, 2, 17), 8 * H, 8 * H, "substitute"),
            duty("national", dt.date(2027, 3, 28), 1 * H, 6 * H, "extra"),
            duty("national", dt.date(2027, 3, 28), 3 * H, 4 * H, "extra"),
        ]
    return [
        duty("south", dt.date(2026, 12, 24), 16 * H, 8 * H, "holiday-duty"),
        duty("national", dt.date(2026, 10, 25), 3 * H, 4 * H, "substitute"),
        duty("national", dt.date(2026, 10, 24), 22 * H, 5 * H, "extra"),
    ]


def small_plan(period: Period, standing_shifts: list[StandingShift] | None = None) -> Plan:
    return Plan(period, standing_shifts or standing(period), dated(period))


def replanned(period: Period) -> Plan:
    """The same calendar re-planned mid-quarter: what starts before the 20th day is the
    baseline's, copied from its shifts.csv (so without the standing shift it came from)."""
    full = small_plan(period)
    kept_until = local(period.first + dt.timedelta(days=20), 0)
    before = [
        replace(o, shift=None)
        for o in expansion_of(full).occurrences
        if instant(o.start) < instant(kept_until)
    ]
    # One kept occurrence that no standing shift of the new plan explains.
    orphan_day = period.first + dt.timedelta(days=12)
    orphan = replace(before[0], start=local(orphan_day, 12 * H), end=local(orphan_day, 16 * H))
    return Plan(
        period,
        full.standing,
        [d for d in full.dated if instant(d.start) >= instant(kept_until)],
        kept=[*before, orphan],
        kept_until=kept_until,
    )


def expansion_of(plan: Plan) -> Expansion:
    return expand(plan, SCENARIO, public_holidays(plan.period))


def written(folder: Path, plan: Plan, previous: Path | None = None) -> Path:
    write_feeds(folder, SCENARIO, plan, expansion_of(plan), previous)
    return folder / "feeds"


def planned(expansion: Expansion) -> collections.Counter[Interval]:
    return collections.Counter(
        (instant(o.start), instant(o.end), o.centre, o.service, o.responders, o.kind)
        for o in expansion.occurrences
    )


def python_expansion(ics: Path, period: Period) -> collections.Counter[Interval]:
    calendar = icalendar.Calendar.from_ical(ics.read_bytes())
    found = recurring_ical_events.of(calendar).between(period.start_instant, period.end_instant)
    return collections.Counter(
        (
            instant(event["DTSTART"].dt),
            instant(event["DTEND"].dt),
            str(event["X-ROTA-CENTRE"]),
            str(event["X-ROTA-SERVICE"]),
            int(event["X-ROTA-RESPONDERS"]),
            str(event["X-ROTA-KIND"]),
        )
        for event in found
    )


def ical_js_expansion(ics: Path, period: Period) -> collections.Counter[Interval]:
    node = shutil.which("node")
    if node is None:
        pytest.fail(
            "node is not installed: the ical.js check needs Node 20 (apt-get install nodejs)"
        )
    if not (EXPAND_JS.parent / "node_modules" / "ical.js").is_dir():
        pytest.fail("ical.js is not installed: run `npm ci --prefix tests/js` (make test does)")
    window = [instant(period.start_instant).isoformat(), instant(period.end_instant).isoformat()]
    result = subprocess.run(
        [node, str(EXPAND_JS), str(ics), *window], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return collections.Counter(
        (
            dt.datetime.fromisoformat(row["start"]),
            dt.datetime.fromisoformat(row["end"]),
            row["centre"],
            row["service"],
            row["responders"],
            row["kind"],
        )
        for row in json.loads(result.stdout)
    )


def difference(
    want: collections.Counter[Interval], got: collections.Counter[Interval]
) -> dict[str, list[Interval]]:
    return {"missing": sorted(want - got), "extra": sorted(got - want)}


PLANS = {"2027Q1": lambda: small_plan(Q1), "2026Q4": lambda: small_plan(Q4)}
PLANS["2027Q1-replanned"] = lambda: replanned(Q1)
PLANS["2026Q4-replanned"] = lambda: replanned(Q4)


# --- two independent expanders ------------------------------------------------------------


@pytest.mark.parametrize("name", PLANS)
def test_recurring_ical_events_gives_exactly_the_plan(name: str, tmp_path: Path) -> None:
    plan = PLANS[name]()
    feeds = written(tmp_path, plan)
    want = planned(expansion_of(plan))
    assert python_expansion(feeds / "national.ics", plan.period) == want, difference(
        want, python_expansion(feeds / "national.ics", plan.period)
    )


@pytest.mark.parametrize("name", PLANS)
def test_ical_js_gives_exactly_the_plan(name: str, tmp_path: Path) -> None:
    plan = PLANS[name]()
    feeds = written(tmp_path, plan)
    want = planned(expansion_of(plan))
    got = ical_js_expansion(feeds / "national.ics", plan.period)
    assert got == want, difference(want, got)


def test_the_hand_made_plans_hold_the_dst_cases() -> None:
    # Guards the tests above: the plans really contain the awkward intervals (UTC).
    # Spring (EET +2 → EEST +3 at 01:00Z): 00:00–04:00 is 22:00Z–01:00Z, 3 real hours;
    # Sat 21:00–03:00 ends at a wall time that does not exist, which is 01:00Z (04:00 EEST);
    # 03:00–07:00 starts at 01:00Z (04:00 EEST) and lasts 3 h.
    spring = planned(expansion_of(small_plan(Q1)))
    utc = dt.UTC
    for start, end in (
        (dt.datetime(2027, 3, 27, 22, tzinfo=utc), dt.datetime(2027, 3, 28, 1, tzinfo=utc)),
        (dt.datetime(2027, 3, 27, 19, tzinfo=utc), dt.datetime(2027, 3, 28, 1, tzinfo=utc)),
        (dt.datetime(2027, 3, 28, 1, tzinfo=utc), dt.datetime(2027, 3, 28, 4, tzinfo=utc)),
    ):
        assert (start, end, "south", "fi-phone", 1, "standing") in spring
    # Autumn (EEST +3 → EET +2 at 01:00Z): 01:00–05:00 is 22:00Z–03:00Z, 5 real hours;
    # 03:00 is its first reading (00:00Z), so Sun 03:00–07:00 is 00:00Z–05:00Z and
    # Sat 21:00–03:00 is 18:00Z–00:00Z.
    autumn = planned(expansion_of(small_plan(Q4)))
    for start, end in (
        (dt.datetime(2026, 10, 24, 22, tzinfo=utc), dt.datetime(2026, 10, 25, 3, tzinfo=utc)),
        (dt.datetime(2026, 10, 25, 0, tzinfo=utc), dt.datetime(2026, 10, 25, 5, tzinfo=utc)),
        (dt.datetime(2026, 10, 24, 18, tzinfo=utc), dt.datetime(2026, 10, 25, 0, tzinfo=utc)),
    ):
        assert (start, end, "south", "fi-phone", 1, "standing") in autumn


# --- the file itself ----------------------------------------------------------------------


def vevents(ics: Path) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))


def test_dst_nights_are_overrides_with_their_own_end(tmp_path: Path) -> None:
    feeds = written(tmp_path, small_plan(Q1))
    text = (feeds / "national.ics").read_text()
    # Sun 00:00–04:00 on the spring night: the override keeps 04:00 local as its end.
    override = next(
        e
        for e in vevents(feeds / "national.ics")
        if "RECURRENCE-ID" in e
        and e["RECURRENCE-ID"].dt == local(dt.date(2027, 3, 28), 0)
        and e["X-ROTA-CENTRE"] == "south"
    )
    assert override["DTEND"].dt.replace(tzinfo=None) == dt.datetime(2027, 3, 28, 4, 0)
    # No DTSTART or DTEND anywhere names a wall time that does not exist or happens twice.
    for line in re.findall(r"^DT(?:START|END);TZID=Europe/Helsinki:(\d{8}T\d{6})", text, re.M):
        for naive in [dt.datetime.strptime(line, "%Y%m%dT%H%M%S")]:
            early = naive.replace(tzinfo=local(naive.date(), 0).tzinfo, fold=0)
            assert early.utcoffset() == early.replace(fold=1).utcoffset(), line


CANCELLED = {
    # north's standing shifts: (weekday, start hour) -> dates cancelled inside the series
    Q1: {
        # Q1's holidays fall on a series' first or last date (New Year's Day, Epiphany, Good
        # Friday, Easter): the series starts or ends around them instead.
        (FRI, 16): [dt.datetime(2027, 2, 19, 16)],  # closure
        (SUN, 22): [dt.datetime(2027, 2, 14, 22), dt.datetime(2027, 2, 21, 22)],  # closure
    },
    Q4: {
        (SAT, 10): [dt.datetime(2026, 10, 31, 10)],  # All Saints' Day, a Saturday
        (SUN, 3): [dt.datetime(2026, 10, 25, 3)],  # closure; 03:00 happens twice that night
        (SUN, 22): [dt.datetime(2026, 10, 25, 22), dt.datetime(2026, 12, 6, 22)],
        (THU, 12): [dt.datetime(2026, 12, 24, 12)],  # Christmas Eve
    },
}


@pytest.mark.parametrize("period", [Q1, Q4], ids=["2027Q1", "2026Q4"])
def test_cancelled_dates_are_exdates_at_the_start_wall_time(period: Period, tmp_path: Path) -> None:
    feeds = written(tmp_path, small_plan(period))
    masters = [e for e in vevents(feeds / "national.ics") if "RRULE" in e]
    for (weekday, hour), dates in CANCELLED[period].items():
        master = next(
            e
            for e in masters
            if e["X-ROTA-CENTRE"] == "north"
            and (e["DTSTART"].dt.weekday(), e["DTSTART"].dt.hour) == (weekday, hour)
        )
        exdates = {d.dt.replace(tzinfo=None) for d in master["EXDATE"].dts}
        assert set(dates) <= exdates, (weekday, hour)
    for line in re.findall(r"^EXDATE[^\r\n]*", (feeds / "national.ics").read_text(), re.M):
        assert line.startswith("EXDATE;TZID=Europe/Helsinki:"), line
    if period == Q1:
        # Epiphany is the quarter's first Wednesday: the series starts a week later and says why.
        wednesday = next(
            e for e in masters if e["X-ROTA-CENTRE"] == "north" and e["DTSTART"].dt.weekday() == WED
        )
        assert wednesday["DTSTART"].dt.date() == dt.date(2027, 1, 13)
        assert "Epiphany (2027-01-06)" in str(wednesday["DESCRIPTION"])


def test_strict_parser_reads_every_feed(tmp_path: Path) -> None:
    for name in ("2027Q1", "2026Q4-replanned"):
        feeds = written(tmp_path / name, PLANS[name]())
        for ics in sorted(feeds.glob("*.ics")):
            calendar = IcsCalendarStream.calendar_from_ics(ics.read_text(encoding="utf-8"))
            assert [tz.tz_id for tz in calendar.timezones] == ["Europe/Helsinki"]


def test_every_tzid_has_a_compact_vtimezone(tmp_path: Path) -> None:
    feeds = written(tmp_path, small_plan(Q4))
    for ics in feeds.glob("*.ics"):
        text = ics.read_text()
        used = set(re.findall(r";TZID=([^:;]+)", text))
        defined = set(re.findall(r"^TZID:(.+?)\r?$", text, re.M))
        assert used <= defined, ics.name
        # The yearly-RRULE form ical.js reads correctly, not a list of RDATEs.
        assert "RDATE" not in text
        assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text
        assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in text


def test_identical_input_gives_identical_bytes(tmp_path: Path) -> None:
    first, second = written(tmp_path / "a", small_plan(Q1)), written(tmp_path / "b", small_plan(Q1))
    names = sorted(p.name for p in first.glob("*.ics"))
    assert names == sorted(p.name for p in second.glob("*.ics"))
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_feed_files_and_calendar_properties(tmp_path: Path) -> None:
    feeds = written(tmp_path, small_plan(Q1))
    assert sorted(p.name for p in feeds.glob("*.ics")) == [
        "centre-national.ics",
        "centre-north.ics",
        "centre-south.ics",
        "national.ics",
        "service-fi-phone.ics",
        "service-sv-phone.ics",
    ]
    text = (feeds / "centre-north.ics").read_text()
    assert "X-WR-CALNAME:Crisis duty: Pohjoinen kriisikeskus" in text
    assert "X-WR-TIMEZONE:Europe/Helsinki" in text
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT12H" in text
    assert "X-PUBLISHED-TTL:PT12H" in text
    description = str(vevents(feeds / "centre-north.ics")[0]["DESCRIPTION"])
    for words in ("MIELI Kriisipuhelin", "09 2525 0111", "Pohjoinen kriisikeskus"):
        assert words in description
    assert "At shift start: check the shared notes for the shift." in description


# --- identity, change and privacy ---------------------------------------------------------


def sequences(ics: Path) -> dict[str, int]:
    return {str(e["UID"]): int(e["SEQUENCE"]) for e in vevents(ics)}


def test_sequence_rises_only_for_the_changed_event(tmp_path: Path) -> None:
    before = small_plan(Q1)
    after = small_plan(
        Q1,
        [
            replace(s, responders=2) if (s.centre, s.weekday) == ("north", WED) else s
            for s in standing(Q1)
        ],
    )
    first = written(tmp_path / "first", before)
    second = written(tmp_path / "second", after, previous=tmp_path / "first")
    again = written(tmp_path / "again", after, previous=tmp_path / "second")
    old, new = sequences(first / "national.ics"), sequences(second / "national.ics")
    assert set(old) == set(new), "UIDs stay the same when a shift changes"
    changed = {uid for uid, sequence in new.items() if sequence != old[uid]}
    assert len(changed) == 1 and all(new[uid] == 1 for uid in changed)
    assert sequences(again / "national.ics") == new, "an unchanged re-plan keeps SEQUENCE"


def test_uids_survive_a_replan_with_kept_occurrences(tmp_path: Path) -> None:
    whole = vevents(written(tmp_path / "whole", small_plan(Q1)) / "national.ics")
    kept = vevents(written(tmp_path / "kept", replanned(Q1)) / "national.ics")
    series = {str(e["UID"]) for e in whole if "RRULE" in e}
    assert series <= {str(e["UID"]) for e in kept if "RRULE" in e}
    singles = {str(e["UID"]) for e in kept if "RRULE" not in e and "RECURRENCE-ID" not in e}
    # The orphaned kept occurrence, the dated duties, and the leading DST night of a version.
    assert len(singles) == 1 + len(dated(Q1)) + 1


def test_centre_and_service_feeds_hold_only_their_own_events(tmp_path: Path) -> None:
    feeds = written(tmp_path, small_plan(Q4))
    national = vevents(feeds / "national.ics")
    for key, prefix in (("X-ROTA-CENTRE", "centre"), ("X-ROTA-SERVICE", "service")):
        for ics in feeds.glob(f"{prefix}-*.ics"):
            own = ics.stem.removeprefix(f"{prefix}-")
            events = vevents(ics)
            assert {str(e[key]) for e in events} <= {own}
            assert len(events) == sum(1 for e in national if e[key] == own)


# --- through the real pipeline ------------------------------------------------------------


def test_previous_plan_remembers_its_folder(tmp_path: Path) -> None:
    plan = small_plan(Q1)
    write_standing(tmp_path / "standing.csv", plan.standing)
    write_shifts(tmp_path / "shifts.csv", expansion_of(plan).occurrences)
    assert read_previous_plan(tmp_path).folder == tmp_path


def test_solved_fixture_feeds_match_shifts_csv(tmp_path: Path) -> None:
    scenario = load_scenario(ROOT / "fixtures" / "mieli" / "scenario.yaml")
    outcome = plan_quarter(scenario, Q1, today=dt.date(2026, 10, 1), time_limit=20)
    assert outcome.result.has_plan
    write_plan(tmp_path, outcome)
    with (tmp_path / "shifts.csv").open(encoding="utf-8") as handle:
        want = collections.Counter(
            (
                instant(dt.datetime.fromisoformat(row["start"])),
                instant(dt.datetime.fromisoformat(row["end"])),
                row["centre"],
                row["service"],
                int(row["responders"]),
                row["kind"],
            )
            for row in csv.DictReader(handle)
        )
    assert want
    national = tmp_path / "feeds" / "national.ics"
    for got in (python_expansion(national, Q1), ical_js_expansion(national, Q1)):
        assert got == want, difference(want, got)


def test_an_override_belongs_to_its_own_series_only(tmp_path: Path) -> None:
    # Two series start at the same wall time on the spring-forward Saturday; only the one that
    # ends in the DST gap needs an override there. A reader that related overrides by
    # RECURRENCE-ID alone (ical.js does unless told otherwise) would end both at 04:00.
    first = dt.date(2026, 12, 31)
    shifts = [
        StandingShift("national", "fi-phone", 5, 19 * H, 4 * H, valid_from=first),
        StandingShift("national", "fi-phone", 5, 19 * H, 8 * H, valid_from=first),
    ]
    plan = Plan(Q1, shifts)
    ics = written(tmp_path, plan) / "national.ics"
    want = planned(expansion_of(plan))
    for got in (python_expansion(ics, Q1), ical_js_expansion(ics, Q1)):
        assert got == want, difference(want, got)

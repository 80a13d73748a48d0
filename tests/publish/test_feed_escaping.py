"""Feeds stay well-formed whatever the names hold (issue 15, finding 6): a network, centre,
service or city named with ';', ',', '\\', line breaks and control characters gives feeds that
icalendar, `ical`, recurring-ical-events and Mozilla's ical.js all read back with the names
intact. The scenario is built past the loader (which refuses line breaks) on purpose: the
writer must be right on its own.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
from ical.calendar_stream import IcsCalendarStream

from rota.analysis.extra_shifts import ExtraSlot, OpenSeatShift
from rota.domain.calendar import parse_quarter, public_holidays
from rota.domain.plan import Plan, StandingShift, expand
from rota.domain.responders import Responder
from rota.domain.scenario import Scenario
from rota.domain.seats import SeatAssignment
from rota.io.scenario_file import load_scenario
from rota.publish.extra_shift_feed import extra_shift_calendar
from rota.publish.feed_merge import merge_calendars
from rota.publish.feeds import write_feeds
from rota.publish.personal_feeds import personal_calendar

ROOT = Path(__file__).resolve().parents[2]
TEXTS_JS = ROOT / "tests" / "js" / "texts.mjs"
Q1 = parse_quarter("2027Q1")
NASTY = "Semi; comma, back\\slash\nline two\r\nline three\rline four\x07bell\ttab"
# What a subscriber sees: every line break one LF, a control character as U+FFFD, tab kept.
SHOWN = "Semi; comma, back\\slash\nline two\nline three\nline four\ufffdbell\ttab"


def nasty_scenario() -> Scenario:
    tiny = load_scenario(ROOT / "tests" / "fixtures" / "tiny.yaml")
    return tiny.model_copy(
        update={
            "name": f"Net {NASTY}",
            "centres": [
                c.model_copy(update={"name": f"{c.id} {NASTY}", "cities": [f"City {NASTY}"]})
                for c in tiny.centres
            ],
            "services": [
                s.model_copy(update={"name": f"{s.id} {NASTY}", "number": f"09 {NASTY}"})
                for s in tiny.services
            ],
        }
    )


SCENARIO = nasty_scenario()
PLAN = Plan(
    Q1,
    [StandingShift(c.id, "fi-phone", i, 8 * 60, 8 * 60) for i, c in enumerate(SCENARIO.centres)]
    + [StandingShift("south", "sv-phone", 0, 16 * 60, 4 * 60)],
)
EXPANSION = expand(PLAN, SCENARIO, public_holidays(Q1))


def unescaped(raw: str) -> str:
    """RFC 5545 §3.3.11 TEXT, for the parsers that keep NAME and X-WR-* raw."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], raw)


def texts_by_icalendar(body: bytes) -> dict[str, object]:
    calendar = icalendar.Calendar.from_ical(body)
    return {
        "calendar": {
            prop: [unescaped(str(v)) for v in _all(calendar, prop)]
            for prop in ("NAME", "X-WR-CALNAME", "DESCRIPTION", "X-WR-CALDESC")
        },
        "events": [
            {
                "summary": str(e["SUMMARY"]),
                "description": str(e["DESCRIPTION"]),
                "location": str(e["LOCATION"]) if "LOCATION" in e else None,
            }
            for e in calendar.walk("VEVENT")
        ],
    }


def _all(component: icalendar.Component, prop: str) -> list[object]:
    found = component.get(prop, [])
    return found if isinstance(found, list) else [found]


def texts_by_ical(body: bytes) -> dict[str, object]:
    calendar = IcsCalendarStream.calendar_from_ics(body.decode())
    extras = {e.name: unescaped(e.value) for e in calendar.extras}
    return {
        "calendar": {
            "NAME": calendar.name,
            "X-WR-CALNAME": [extras["x-wr-calname"]],
            "DESCRIPTION": calendar.description,
            "X-WR-CALDESC": [extras["x-wr-caldesc"]],
        },
        "events": [
            {"summary": e.summary, "description": e.description, "location": e.location}
            for e in calendar.events
        ],
    }


def texts_by_ical_js(path: Path) -> dict[str, object]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed: the ical.js check needs Node 20")
    if not (TEXTS_JS.parent / "node_modules" / "ical.js").is_dir():
        pytest.fail("ical.js is not installed: run `npm ci --prefix tests/js` (make test does)")
    result = subprocess.run(
        [node, str(TEXTS_JS), str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    return {
        "calendar": {
            prop.upper(): [unescaped(v) if prop.startswith(("name", "x-")) else v for v in values]
            for prop, values in found["calendar"].items()
        },
        "events": found["events"],
    }


def assert_well_formed(path: Path, headers_named: bool = True) -> dict[str, object]:
    """Every reader gets the same texts, and they hold the names as given."""
    body = path.read_bytes()
    texts = texts_by_icalendar(body)
    assert texts_by_ical(body) == texts
    assert texts_by_ical_js(path) == texts
    calendar = texts["calendar"]
    assert isinstance(calendar, dict)
    assert calendar["NAME"] == calendar["X-WR-CALNAME"] and len(calendar["NAME"]) == 1
    assert calendar["DESCRIPTION"] == calendar["X-WR-CALDESC"] and len(calendar["DESCRIPTION"]) == 1
    if headers_named:
        assert SHOWN in calendar["NAME"][0] + calendar["DESCRIPTION"][0]
    events = texts["events"]
    assert isinstance(events, list) and events
    for event in events:
        assert SHOWN in event["summary"] and SHOWN in event["description"]
        assert event["location"] is None or SHOWN in event["location"]
    return texts


def test_plan_feeds_keep_separators_and_line_breaks_in_every_name(tmp_path: Path) -> None:
    write_feeds(tmp_path, SCENARIO, PLAN, EXPANSION)
    feeds = sorted((tmp_path / "feeds").glob("*.ics"))
    assert [p.stem for p in feeds] == [
        "centre-north",
        "centre-south",
        "centre-west",
        "national",
        "service-fi-phone",
        "service-sv-phone",
    ]
    for path in feeds:
        calendar = assert_well_formed(path)["calendar"]
        assert isinstance(calendar, dict)
        if path.stem == "centre-north":
            assert calendar["NAME"] == [f"Crisis duty: north {SHOWN}"]
        if path.stem == "national":
            assert calendar["X-WR-CALDESC"] == [f"Every centre's duty shifts in Net {SHOWN}."]


def test_recurring_ical_events_expands_the_plan_with_its_names(tmp_path: Path) -> None:
    write_feeds(tmp_path, SCENARIO, PLAN, EXPANSION)
    calendar = icalendar.Calendar.from_ical((tmp_path / "feeds" / "national.ics").read_bytes())
    found = recurring_ical_events.of(calendar).between(Q1.start_instant, Q1.end_instant)
    assert len(found) == len(EXPANSION.occurrences)
    assert all(SHOWN in str(e["SUMMARY"]) and SHOWN in str(e["LOCATION"]) for e in found)


def test_a_merged_feed_keeps_the_escaped_names(tmp_path: Path) -> None:
    write_feeds(tmp_path, SCENARIO, PLAN, EXPANSION)
    national = (tmp_path / "feeds" / "national.ics").read_bytes()
    merged = tmp_path / "merged.ics"
    merged.write_bytes(merge_calendars([national, national]))
    assert assert_well_formed(merged) == texts_by_icalendar(national)


def test_a_personal_feed_keeps_the_escaped_names(tmp_path: Path) -> None:
    responder = Responder.model_validate(
        {
            "id": "r1",
            "name": "Anna",
            "centre": "north",
            "role": "volunteer",
            "languages": ["fi"],
            "services": ["fi-phone"],
            "availability": [{"days": ["mon"], "start": "00:00", "end": "24:00"}],
            "max_hours_week": 40,
            "max_hours_quarter": 400,
        }
    )
    mine = [o for o in EXPANSION.occurrences if o.centre == "north"][:3]
    rows = [SeatAssignment("r1", occurrence, 0) for occurrence in mine]
    path = tmp_path / "responder-r1.ics"
    path.write_bytes(personal_calendar(SCENARIO, Q1, {}, responder, rows))
    assert len(assert_well_formed(path)["events"]) == 3  # type: ignore[arg-type]


def test_the_extra_shift_feed_keeps_the_escaped_names(tmp_path: Path) -> None:
    start = dt.datetime(2027, 1, 9, 16, tzinfo=dt.UTC).astimezone(
        EXPANSION.occurrences[0].start.tzinfo
    )
    end = start + dt.timedelta(hours=4)
    seat = OpenSeatShift("north", "fi-phone", start, end, "standing", 2, None)
    slot = ExtraSlot("fi-phone", start, end, 1, 12.0, 1.5, None)
    path = tmp_path / "extra-shifts.ics"
    path.write_bytes(extra_shift_calendar(SCENARIO, Q1, [slot], [seat]).to_ical())
    texts = assert_well_formed(path, headers_named=False)
    assert len(texts["events"]) == 2  # type: ignore[arg-type]

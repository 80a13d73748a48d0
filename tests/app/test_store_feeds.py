"""The calendar feeds of the calendar in force (issue 17), rendered from the store: exactly the
version's occurrences, SEQUENCE raised only where an approval changed an event, one render per
version, and the same bytes whether a process followed every version or starts at the newest.

Runs on SQLite and, with $ROTA_TEST_POSTGRES_URL, on PostgreSQL too (the `store` fixture).
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

import icalendar
import pytest
import recurring_ical_events

from rota.app import changes, store_feeds
from rota.app.actors import Actor
from rota.app.store_feeds import StoreFeeds
from rota.domain.calendar import instant
from rota.publish.feeds import FINGERPRINT
from rota.store import Store, open_store
from tests.change_network import EFFECTIVE, Q1, TODAY

COORDINATOR = Actor("coordinator")
CENTRE_C = Actor("centre", "c")
C_THURSDAY = "fi-phone thu 16:00-24:00"

# (start UTC, end UTC, centre)
Interval = tuple[dt.datetime, dt.datetime, str]


@pytest.fixture
def store(network_store: Store) -> Store:
    """The three-centre network's calendar as version 1."""
    return network_store


def approve_dropping_c_thursday(store: Store) -> None:
    """Version 2: c drops its Thursday evenings from 2027-02-01, and the repair gives them to a
    (a new series)."""
    view = changes.propose(store, CENTRE_C, "drop", EFFECTIVE, "leave", TODAY, shift=C_THURSDAY)
    changes.approve(store, COORDINATOR, view.id, TODAY)


def events(body: bytes) -> list[Any]:
    return list(icalendar.Calendar.from_ical(body).walk("VEVENT"))


def marks(body: bytes) -> dict[str, tuple[int, str]]:
    """UID -> (SEQUENCE, fingerprint) as a subscriber's client reads them."""
    return {str(e["UID"]): (int(e["SEQUENCE"]), str(e[FINGERPRINT])) for e in events(body)}


def expanded(body: bytes) -> list[Interval]:
    """The feed's occurrences over the quarter, by an independent RFC 5545 expander."""
    calendar = icalendar.Calendar.from_ical(body)
    found = recurring_ical_events.of(calendar).between(Q1.start_instant, Q1.end_instant)
    return sorted(
        (instant(e["DTSTART"].dt), instant(e["DTEND"].dt), str(e["X-ROTA-CENTRE"])) for e in found
    )


def in_force(store: Store) -> list[Interval]:
    occurrences = changes.calendar_in_force(store, COORDINATOR).occurrences
    return sorted((instant(o.start), instant(o.end), o.centre) for o in occurrences)


def test_the_national_feed_is_the_calendar_in_force(store: Store) -> None:
    feed = StoreFeeds(store).get("national")
    assert feed is not None and feed.version == 1
    assert expanded(feed.body) == in_force(store)
    assert {sequence for sequence, _ in marks(feed.body).values()} == {0}


def test_after_an_approval_only_the_changed_event_gets_a_higher_sequence(store: Store) -> None:
    feeds = StoreFeeds(store)
    before = feeds.get("national")
    assert before is not None
    approve_dropping_c_thursday(store)
    after = feeds.get("national")
    assert after is not None and after.version == 2 and after.digest != before.digest
    assert expanded(after.body) == in_force(store)
    old, new = marks(before.body), marks(after.body)
    changed = {uid for uid in old if new[uid][1] != old[uid][1]}
    assert len(changed) == 1, "only c's Thursday series changed"
    for uid, (sequence, _) in new.items():
        expected = old[uid][0] + (uid in changed) if uid in old else 0
        assert sequence == expected, uid
    (series,) = changed
    (master,) = [e for e in events(after.body) if str(e["UID"]) == series and "RRULE" in e]
    assert str(master["X-ROTA-CENTRE"]) == "c"
    assert master["RRULE"]["UNTIL"][0] < dt.datetime(2027, 2, 1, tzinfo=dt.UTC)


def test_a_centre_feed_holds_its_own_events_of_the_version(store: Store) -> None:
    feeds = StoreFeeds(store)
    approve_dropping_c_thursday(store)
    feed = feeds.get("centre-c")
    assert feed is not None
    assert {str(e["X-ROTA-CENTRE"]) for e in events(feed.body)} == {"c"}
    assert expanded(feed.body) == [i for i in in_force(store) if i[2] == "c"]


def test_a_poll_renders_nothing_and_a_new_version_renders_once(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    renders: list[int] = []
    real = store_feeds.feed_events

    def counted(*args: Any, **kwargs: Any) -> Any:
        renders.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(store_feeds, "feed_events", counted)
    feeds = StoreFeeds(store)
    first = feeds.get("national")
    for _ in range(3):
        assert feeds.get("national") is first
    assert feeds.get("centre-a") is not None and feeds.get("service-fi-phone") is not None
    assert len(renders) == 1, "one version, one render, whatever the feed"
    approve_dropping_c_thursday(store)
    assert feeds.get("national") is not first
    assert len(renders) == 2, "the new version only: the first one's marks are kept"
    StoreFeeds(store).get("national")
    assert len(renders) == 4, "a new process walks every version once"


def test_a_process_starting_at_the_newest_version_serves_the_same_bytes(store: Store) -> None:
    followed = StoreFeeds(store)
    followed.get("national")
    followed.get("extra-shifts")
    approve_dropping_c_thursday(store)
    fresh = StoreFeeds(store)
    for name in ("national", "centre-c", "extra-shifts"):
        one, other = followed.get(name), fresh.get(name)
        assert one is not None and other is not None
        assert one.body == other.body, name


def test_the_extra_shift_feed_raises_sequence_where_an_event_changed(store: Store) -> None:
    feeds = StoreFeeds(store)
    before = feeds.get("extra-shifts")
    assert before is not None and events(before.body)
    approve_dropping_c_thursday(store)
    after = feeds.get("extra-shifts")
    assert after is not None and after.version == 2
    old, new = marks(before.body), marks(after.body)
    for uid, (sequence, fingerprint) in new.items():
        if uid not in old:
            assert sequence == 0
        else:
            assert sequence == old[uid][0] + (fingerprint != old[uid][1]), uid


def test_a_feed_the_calendar_does_not_hold_is_none(store: Store) -> None:
    feeds = StoreFeeds(store)
    # Personal feeds too: assignments are not in the store yet.
    for name in ("centre-zz", "service-fax", "responder-b-1", "regional", "national.ics", ""):
        assert feeds.get(name) is None, name


def test_a_store_without_a_calendar_has_no_feeds(tmp_path: Path) -> None:
    empty = open_store(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        assert StoreFeeds(empty).get("national") is None
    finally:
        empty.close()


def test_a_version_that_does_not_render_leaves_the_last_one_served(
    store: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    feeds = StoreFeeds(store)
    good = feeds.get("national")
    approve_dropping_c_thursday(store)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("the stored scenario no longer loads")

    monkeypatch.setattr(store_feeds, "expand", broken)
    caplog.set_level(logging.ERROR, logger="rota.app.store_feeds")
    for _ in range(3):
        assert feeds.get("national") is good
    assert [r.getMessage() for r in caplog.records] == [
        "calendar version 2 does not render; serving the last one"
    ]

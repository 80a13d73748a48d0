"""`rota serve --db` (issue 17): the feeds of the store's calendar in force over real HTTP. After
an approval the next GET has the change, a raised SEQUENCE and a new ETag, with no export and
no restart; folders still serve what the store does not hold.

Runs on SQLite and, with $ROTA_TEST_POSTGRES_URL, on PostgreSQL too (the `store` fixture).
"""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import icalendar
import pytest
import recurring_ical_events
import uvicorn
from sqlalchemy.exc import OperationalError
from starlette.applications import Starlette

from rota.app import changes
from rota.app.actors import Actor
from rota.app.feed_tokens import feed_url, issue
from rota.domain.calendar import HELSINKI, public_holidays
from rota.domain.plan import Plan, StandingShift, expand
from rota.publish.feeds import write_feeds
from rota.store import Store, open_store, repository
from rota.web.server import create_app
from tests.change_network import EFFECTIVE, Q1, TODAY

ROOT = Path(__file__).resolve().parents[2]
COORDINATOR = Actor("coordinator")
CENTRE_C = Actor("centre", "c")


@pytest.fixture
def store(network_store: Store) -> Store:
    """The three-centre network's calendar as version 1."""
    return network_store


@contextmanager
def running(app: Starlette) -> Iterator[str]:
    """`app` served by uvicorn on a free loopback port, in a background thread."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def approve_dropping_c_thursday(store: Store) -> None:
    """c drops its Thursday evenings from 2027-02-01; the repair gives them to a."""
    view = changes.propose(
        store, CENTRE_C, "drop", EFFECTIVE, "leave", TODAY, shift="fi-phone thu 16:00-24:00"
    )
    changes.approve(store, COORDINATOR, view.id, TODAY)


def sequences(body: bytes) -> dict[str, int]:
    found: list[Any] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    return {str(e["UID"]): int(e["SEQUENCE"]) for e in found}


def thursday_evenings(body: bytes) -> dict[dt.date, str]:
    """Who is on duty each Thursday 16:00 of the quarter, by an independent RFC 5545 expander."""
    calendar = icalendar.Calendar.from_ical(body)
    found: list[Any] = recurring_ical_events.of(calendar).between(Q1.start_instant, Q1.end_instant)
    return {
        e["DTSTART"].dt.date(): str(e["X-ROTA-CENTRE"])
        for e in found
        if e["DTSTART"].dt.astimezone(HELSINKI).weekday() == 3
        and e["DTSTART"].dt.astimezone(HELSINKI).hour == 16
    }


def test_the_next_get_after_an_approval_has_the_change_a_higher_sequence_and_a_new_etag(
    store: Store,
) -> None:
    secret = issue(store, COORDINATOR, "national").secret
    with running(create_app([], store, calendar_in_force=True)) as base:
        url = feed_url(base, secret)
        before = httpx.get(url)
        assert before.status_code == 200
        assert before.headers["content-type"] == "text/calendar; charset=utf-8"
        approve_dropping_c_thursday(store)
        after = httpx.get(url)
    assert after.status_code == 200
    assert after.headers["etag"] != before.headers["etag"]
    old, new = sequences(before.content), sequences(after.content)
    raised = {uid for uid in old if new[uid] > old[uid]}
    assert len(raised) == 1 and all(new[uid] == old[uid] + 1 for uid in raised)
    assert all(new[uid] == old[uid] for uid in old.keys() - raised)
    assert set(thursday_evenings(before.content).values()) == {"c"}
    evenings = thursday_evenings(after.content)
    assert {who for day, who in evenings.items() if day < EFFECTIVE} == {"c"}
    assert {who for day, who in evenings.items() if day >= EFFECTIVE} == {"a"}


def test_an_unchanged_feed_is_a_304_and_a_changed_one_is_sent_again(store: Store) -> None:
    secret = issue(store, COORDINATOR, "centre-b").secret
    other = issue(store, COORDINATOR, "centre-c").secret
    with running(create_app([], store, calendar_in_force=True)) as base:
        url, c_url = feed_url(base, secret), feed_url(base, other)
        etag, c_etag = httpx.get(url).headers["etag"], httpx.get(c_url).headers["etag"]
        unchanged = httpx.get(url, headers={"If-None-Match": etag})
        assert (unchanged.status_code, unchanged.content) == (304, b"")
        assert unchanged.headers["etag"] == etag
        approve_dropping_c_thursday(store)
        # b's shifts did not change, so its feed's bytes did not either.
        assert httpx.get(url, headers={"If-None-Match": etag}).status_code == 304
        changed = httpx.get(c_url, headers={"If-None-Match": c_etag})
    assert changed.status_code == 200 and changed.headers["etag"] != c_etag


def test_a_feed_the_store_does_not_hold_is_not_found(store: Store) -> None:
    personal = issue(store, COORDINATOR, "responder-b-1").secret
    with running(create_app([], store, calendar_in_force=True)) as base:
        for secret in (personal, "not-a-token"):
            response = httpx.get(feed_url(base, secret))
            assert response.status_code == 404
            assert response.headers["cache-control"] == "no-store"


def published(folder: Path, store: Store) -> Path:
    """A published folder of the same network whose calendar differs from the store's: only
    a's Monday nights. Its national feed is the folder's, not the store's."""
    scenario = changes.calendar_in_force(store, COORDINATOR).scenario
    plan = Plan(Q1, [StandingShift("a", "fi-phone", 0, 0, 8 * 60)])
    write_feeds(folder, scenario, plan, expand(plan, scenario, public_holidays(Q1)))
    return folder / "feeds"


def test_with_folders_the_store_serves_its_feeds_and_the_folders_the_rest(
    store: Store, tmp_path: Path
) -> None:
    feeds = published(tmp_path / "published", store)
    personal = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    (feeds / "responder-b-1.ics").write_bytes(personal)
    national = issue(store, COORDINATOR, "national").secret
    responder = issue(store, COORDINATOR, "responder-b-1").secret
    with running(create_app([feeds], store, calendar_in_force=True)) as base:
        served = httpx.get(feed_url(base, national)).content
        assert httpx.get(feed_url(base, responder)).content == personal
    assert set(thursday_evenings(served).values()) == {"c"}, "the store's calendar"
    assert thursday_evenings((feeds / "national.ics").read_bytes()) == {}


def test_without_a_calendar_in_the_store_the_folders_serve_every_feed(
    store: Store, tmp_path: Path
) -> None:
    feeds = published(tmp_path / "published", store)
    empty = open_store(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        secret = issue(empty, COORDINATOR, "national").secret
        with running(create_app([feeds], empty, calendar_in_force=True)) as base:
            response = httpx.get(feed_url(base, secret))
    finally:
        empty.close()
    assert response.content == (feeds / "national.ics").read_bytes()


def test_a_store_that_does_not_answer_is_a_503(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = issue(store, COORDINATOR, "national").secret

    def down(*args: Any) -> Any:
        raise OperationalError("SELECT max(number)", {}, ConnectionError("gone"))

    with running(create_app([], store, calendar_in_force=True)) as base:
        monkeypatch.setattr(repository, "current_number", down)
        response = httpx.get(feed_url(base, secret))
    assert response.status_code == 503
    assert response.headers["cache-control"] == "no-store"


def test_rota_serve_with_db_and_no_feeds_serves_the_calendar_in_force(
    store: Store, store_url: str
) -> None:
    secret = issue(store, COORDINATOR, "national").secret
    port = free_port()
    command = [str(ROOT / ".venv" / "bin" / "rota"), "serve", "--db", store_url]
    process = subprocess.Popen(
        [*command, "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        url = feed_url(f"http://127.0.0.1:{port}", secret)
        deadline = time.monotonic() + 20
        while True:
            try:
                first = httpx.get(url)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "rota serve did not start"
                time.sleep(0.1)
        approve_dropping_c_thursday(store)
        second = httpx.get(url)
    finally:
        process.terminate()
        stdout, stderr = process.communicate(timeout=20)
    assert first.status_code == 200 and second.status_code == 200, stderr.decode()
    assert second.headers["etag"] != first.headers["etag"]
    assert set(thursday_evenings(second.content).values()) == {"a", "c"}
    assert "Serving the store's calendar in force at" in stdout.decode()
    assert "rota.web.server: GET feed=national 200" in stderr.decode()

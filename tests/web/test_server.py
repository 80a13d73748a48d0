"""The feed server and its tokens (issue 5): the real server on a loopback port, fetched over
HTTP; tokens stored as hashes only, rotated, revoked, and refused to the wrong role. Several
published folders served together, same-named feeds merged (issue 8).

The token tests run on SQLite and, with $ROTA_TEST_POSTGRES_URL, on PostgreSQL too.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import icalendar
import pytest
import recurring_ical_events
import uvicorn
from ical.calendar_stream import IcsCalendarStream
from sqlalchemy import text
from typer.testing import CliRunner

from rota.app.actors import Actor
from rota.app.feed_tokens import (
    feed_url,
    issue,
    list_tokens,
    resolve,
    revoke,
    rotate,
    token_hash,
    webcal_url,
)
from rota.cli.main import app
from rota.domain.calendar import instant, parse_quarter, public_holidays
from rota.domain.errors import ChangeError, Conflict, NotFound, PermissionDenied
from rota.domain.plan import Expansion, Plan, StandingShift, expand
from rota.domain.scenario import Scenario
from rota.io.scenario_file import load_scenario
from rota.publish.feed_merge import merge_calendars
from rota.publish.feeds import write_feeds
from rota.store import Store, open_store
from rota.web.server import create_app, feeds_folder

ROOT = Path(__file__).resolve().parents[2]
COORDINATOR = Actor("coordinator")
NORTH = Actor("centre", "north")
REQUESTS = 1_000


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """A plan's output folder with real feeds: one weekly shift per centre in 2027Q1, and a
    personal feed the way the responder stage writes one."""
    scenario = load_scenario(ROOT / "tests" / "fixtures" / "tiny.yaml")
    period = parse_quarter("2027Q1")
    standing = [
        StandingShift(c.id, "fi-phone", i, 8 * 60, 8 * 60) for i, c in enumerate(scenario.centres)
    ]
    plan = Plan(period, standing)
    folder = tmp_path / "out"
    write_feeds(folder, scenario, plan, expand(plan, scenario, public_holidays(period)))
    (folder / "feeds" / "responder-r17.ics").write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    return folder


@pytest.fixture
def server(published: Path, tmp_path: Path) -> Iterator[tuple[str, Store]]:
    with serving(published, tmp_path) as running:
        yield running


@contextmanager
def serving(published: Path | list[Path], tmp_path: Path) -> Iterator[tuple[str, Store]]:
    """The real server (uvicorn) on a free loopback port, in a background thread."""
    store = open_store(f"sqlite:///{tmp_path / 'serve.db'}")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        create_app(published, store), host="127.0.0.1", port=port, access_log=False
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}", store
    finally:
        running.should_exit = True
        thread.join(timeout=10)
        store.close()


# --- the server --------------------------------------------------------------------------------


def test_a_token_fetches_its_feed_as_text_calendar(
    server: tuple[str, Store], published: Path
) -> None:
    base, store = server
    secret = issue(store, COORDINATOR, "national").secret
    response = httpx.get(feed_url(base, secret))
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.content == (published / "feeds" / "national.ics").read_bytes()
    assert response.headers["etag"].startswith('"') and not response.headers["etag"].startswith(
        "W/"
    )
    assert response.headers["cache-control"] == "private, no-cache"


def test_head_has_the_headers_and_no_body(server: tuple[str, Store], published: Path) -> None:
    base, store = server
    url = feed_url(base, issue(store, COORDINATOR, "centre-north").secret)
    head, get = httpx.head(url), httpx.get(url)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == str(len(get.content))
    assert head.headers["etag"] == get.headers["etag"]
    assert head.headers["content-type"] == "text/calendar; charset=utf-8"


def test_a_matching_etag_gets_an_empty_304_and_a_stale_one_the_feed(
    server: tuple[str, Store],
) -> None:
    base, store = server
    url = feed_url(base, issue(store, COORDINATOR, "national").secret)
    etag = httpx.get(url).headers["etag"]
    unchanged = httpx.get(url, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged.headers["etag"] == etag
    assert httpx.get(url, headers={"If-None-Match": f'W/{etag}, "x"'}).status_code == 304
    assert httpx.get(url, headers={"If-None-Match": '"stale"'}).status_code == 200


def test_a_replaced_feed_file_gets_a_new_etag(server: tuple[str, Store], published: Path) -> None:
    base, store = server
    url = feed_url(base, issue(store, COORDINATOR, "service-fi-phone").secret)
    before = httpx.get(url).headers["etag"]
    path = published / "feeds" / "service-fi-phone.ics"
    path.write_bytes(path.read_bytes().replace(b"END:VCALENDAR", b"X-NEW:1\r\nEND:VCALENDAR"))
    after = httpx.get(url, headers={"If-None-Match": before})
    assert after.status_code == 200
    assert after.headers["etag"] != before
    assert after.content == path.read_bytes()


def test_wrong_revoked_and_rotated_out_tokens_get_the_same_404(
    server: tuple[str, Store],
) -> None:
    base, store = server
    revoked = issue(store, COORDINATOR, "national")
    revoke(store, COORDINATOR, revoked.token.id)
    rotated = issue(store, COORDINATOR, "national")
    successor = rotate(store, COORDINATOR, rotated.token.id)
    wrong = "x" * len(revoked.secret)
    answers = [httpx.get(feed_url(base, s)) for s in (wrong, revoked.secret, rotated.secret)]
    assert [a.status_code for a in answers] == [404, 404, 404]
    assert len({(a.content, a.headers["content-type"]) for a in answers}) == 1
    assert httpx.get(feed_url(base, successor.secret)).status_code == 200


def test_a_token_for_an_unpublished_feed_gets_the_same_404(server: tuple[str, Store]) -> None:
    base, store = server
    response = httpx.get(feed_url(base, issue(store, COORDINATOR, "centre-nowhere").secret))
    assert response.status_code == 404
    assert response.content == b"Not found\n"


def test_a_personal_feed_is_served_like_any_other(
    server: tuple[str, Store], published: Path
) -> None:
    base, store = server
    secret = issue(store, Actor("responder", "r17"), "responder-r17").secret
    response = httpx.get(feed_url(base, secret))
    assert response.status_code == 200
    assert response.content == (published / "feeds" / "responder-r17.ics").read_bytes()


def test_healthz(server: tuple[str, Store]) -> None:
    base, _ = server
    response = httpx.get(f"{base}/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_a_thousand_sequential_requests_are_served(
    server: tuple[str, Store], published: Path
) -> None:
    base, store = server
    url = feed_url(base, issue(store, COORDINATOR, "national").secret)
    body = (published / "feeds" / "national.ics").read_bytes()
    with httpx.Client() as client:
        started = time.perf_counter()
        statuses = [client.get(url) for _ in range(REQUESTS)]
        seconds = time.perf_counter() - started
    assert all(r.status_code == 200 and r.content == body for r in statuses)
    print(f"\n{REQUESTS} sequential GETs of {len(body):,} bytes: {REQUESTS / seconds:,.0f} req/s")


def test_the_published_folder_is_the_plan_output_or_its_feeds(published: Path) -> None:
    assert feeds_folder(published) == published / "feeds"
    assert feeds_folder(published / "feeds") == published / "feeds"
    (published.parent / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="no feeds/"):
        feeds_folder(published.parent / "empty")
    with pytest.raises(FileNotFoundError, match="folder not found"):
        feeds_folder(published.parent / "nowhere")


def test_the_webcal_address_is_the_same_address() -> None:
    url = feed_url("https://rota.example.fi/", "abc")
    assert url == "https://rota.example.fi/feeds/abc.ics"
    assert webcal_url(url) == "webcal://rota.example.fi/feeds/abc.ics"


# --- several folders: two quarters and the personal feeds -----------------------------------

# Thursdays 22–06 at north: Thursday 31 December 2026 22:00 – 1 January 06:00 is in both
# quarters' feeds, under the same UID. Mondays 08–16 at south never cross the boundary.
NIGHT = StandingShift("north", "fi-phone", 3, 22 * 60, 8 * 60)
MONDAY = StandingShift("south", "fi-phone", 0, 8 * 60, 8 * 60)
BOTH = (dt.datetime(2026, 9, 1, tzinfo=dt.UTC), dt.datetime(2027, 5, 1, tzinfo=dt.UTC))


def quarter_plan(label: str) -> tuple[Scenario, Plan, Expansion]:
    scenario = load_scenario(ROOT / "tests" / "fixtures" / "tiny.yaml")
    period = parse_quarter(label)
    plan = Plan(period, [NIGHT, MONDAY])
    return scenario, plan, expand(plan, scenario, public_holidays(period))


@pytest.fixture
def quarters(tmp_path: Path) -> tuple[Path, Path]:
    """2026Q4 and 2027Q1 planned on it as the baseline (the SEQUENCE of every event that changes
    rises), the way `rota plan --out` writes them; a personal feed in the second folder only."""
    q4, q1 = tmp_path / "2026Q4", tmp_path / "2027Q1"
    for folder, label, baseline in ((q4, "2026Q4", None), (q1, "2027Q1", q4)):
        write_feeds(folder, *quarter_plan(label), baseline)
    (q1 / "feeds" / "responder-r42.ics").write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    return q4, q1


def planned(label: str, centre: str) -> set[tuple[dt.datetime, dt.datetime]]:
    """The intervals of one centre's occurrences in a quarter's plan."""
    _, _, expansion = quarter_plan(label)
    return {(instant(o.start), instant(o.end)) for o in expansion.occurrences if o.centre == centre}


def intervals(calendar: icalendar.Calendar) -> list[tuple[dt.datetime, dt.datetime]]:
    found = recurring_ical_events.of(calendar).between(*BOTH)
    return sorted((instant(e["DTSTART"].dt), instant(e["DTEND"].dt)) for e in found)


def test_two_folders_are_served_together_and_same_named_feeds_merged(
    quarters: tuple[Path, Path], tmp_path: Path
) -> None:
    _, q1 = quarters
    with serving(list(quarters), tmp_path) as (base, store):
        national = httpx.get(feed_url(base, issue(store, COORDINATOR, "national").secret))
        north = httpx.get(feed_url(base, issue(store, COORDINATOR, "centre-north").secret))
        south = httpx.get(feed_url(base, issue(store, COORDINATOR, "centre-south").secret))
        personal = httpx.get(
            feed_url(base, issue(store, Actor("responder", "r42"), "responder-r42").secret)
        )
    assert [r.status_code for r in (national, north, south, personal)] == [200] * 4
    assert personal.content == (q1 / "feeds" / "responder-r42.ics").read_bytes()

    calendar = icalendar.Calendar.from_ical(national.content)
    assert len(calendar.walk("VTIMEZONE")) == 1
    events = calendar.walk("VEVENT")
    instances = [
        (str(e["UID"]), e.get("RECURRENCE-ID") and e.decoded("RECURRENCE-ID")) for e in events
    ]
    assert len(instances) == len(set(instances)), "one master per UID, one override per date"
    # Every night of both quarters once: the boundary night is in both files, not twice here.
    nights = planned("2026Q4", "north") | planned("2027Q1", "north")
    assert len(nights) == 14 + 13 - 1
    mondays = planned("2026Q4", "south") | planned("2027Q1", "south")
    assert intervals(icalendar.Calendar.from_ical(north.content)) == sorted(nights)
    assert intervals(icalendar.Calendar.from_ical(south.content)) == sorted(mondays)
    assert intervals(calendar) == sorted(nights | mondays)
    assert IcsCalendarStream.calendar_from_ics(national.text).events, "a strict parser reads it"

    # The newest plan's events are served as it wrote them; the older copy has a UID of its own.
    newest = icalendar.Calendar.from_ical((q1 / "feeds" / "national.ics").read_bytes())
    (series,) = [e for e in newest.walk("VEVENT") if str(e["X-ROTA-CENTRE"]) == "north"]
    (kept,) = [e for e in events if e["UID"] == series["UID"]]
    assert kept.to_ical() == series.to_ical()
    assert int(kept["SEQUENCE"]) > 0, "the new quarter is a new version of the same shift"


def test_a_change_in_any_folder_changes_the_etag(
    quarters: tuple[Path, Path], tmp_path: Path
) -> None:
    with serving(list(quarters), tmp_path) as (base, store):
        url = feed_url(base, issue(store, COORDINATOR, "national").secret)
        etags = [httpx.get(url).headers["etag"]]
        assert httpx.get(url, headers={"If-None-Match": etags[0]}).status_code == 304
        for folder in quarters:
            path = folder / "feeds" / "national.ics"
            path.write_bytes(path.read_bytes().replace(b"North centre", b"North Centre"))
            changed = httpx.get(url, headers={"If-None-Match": etags[-1]})
            assert changed.status_code == 200
            assert b"North Centre" in changed.content
            etags.append(changed.headers["etag"])
    assert len(set(etags)) == 3


def test_the_same_quarter_in_two_folders_is_served_once(
    quarters: tuple[Path, Path], tmp_path: Path
) -> None:
    q4, _ = quarters
    copy = tmp_path / "copy"
    shutil.copytree(q4, copy)
    body = merge_calendars([(f / "feeds" / "national.ics").read_bytes() for f in (q4, copy)])
    merged, alone = (
        icalendar.Calendar.from_ical(b)
        for b in (body, (q4 / "feeds" / "national.ics").read_bytes())
    )
    assert intervals(merged) == intervals(alone)
    assert len(merged.walk("VEVENT")) == len(alone.walk("VEVENT"))


def test_serve_names_a_missing_folder_in_one_line_and_exits_2(
    quarters: tuple[Path, Path], tmp_path: Path
) -> None:
    missing = tmp_path / "2027Q2"
    args = ["serve", "--db", f"sqlite:///{tmp_path / 'rota.db'}"]
    for folder in (*quarters, missing):
        args += ["--feeds", str(folder)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{missing}: folder not found; give a folder that rota plan, rota changes export or "
        "rota responders assign wrote"
    ]
    assert not (tmp_path / "rota.db").exists(), "refused before the store is opened"


# --- the tokens --------------------------------------------------------------------------------


def test_only_the_hash_of_the_secret_is_stored(store: Store) -> None:
    issued = issue(store, COORDINATOR, "national", "Oulu duty phone")
    assert len(issued.secret) >= 43  # 32 random bytes, URL-safe base64
    with store.engine.connect() as connection:
        rows = [
            " ".join(str(v) for v in row)
            for table in ("feed_tokens", "audit_log")
            for row in connection.execute(text(f"SELECT * FROM {table}"))
        ]
        stored = connection.execute(text("SELECT token_hash FROM feed_tokens")).scalar()
    assert not any(issued.secret in row for row in rows)
    assert stored == token_hash(issued.secret)
    assert resolve(store, issued.secret) == "national"
    assert resolve(store, token_hash(issued.secret)) is None


def test_rotate_revokes_the_old_token_and_issues_one_for_the_same_feed(store: Store) -> None:
    old = issue(store, COORDINATOR, "centre-north", "north screen")
    new = rotate(store, COORDINATOR, old.token.id)
    assert new.replaces == old.token.id
    assert (new.token.feed, new.token.label) == ("centre-north", "north screen")
    assert new.secret != old.secret
    assert resolve(store, old.secret) is None
    assert resolve(store, new.secret) == "centre-north"
    listed = {t.id: t for t in list_tokens(store, COORDINATOR)}
    assert listed[old.token.id].replaced_by == new.token.id
    assert listed[old.token.id].status == f"rotated (now token {new.token.id})"
    assert listed[new.token.id].status == "active"
    with pytest.raises(Conflict, match="was rotated"):
        rotate(store, COORDINATOR, old.token.id)


def test_revoke_closes_the_token_once(store: Store) -> None:
    issued = issue(store, COORDINATOR, "national")
    assert revoke(store, COORDINATOR, issued.token.id).status == "revoked"
    assert resolve(store, issued.secret) is None
    with pytest.raises(Conflict, match="already revoked"):
        revoke(store, COORDINATOR, issued.token.id)
    with pytest.raises(NotFound, match="no feed token 99"):
        revoke(store, COORDINATOR, 99)


def test_a_centre_manages_only_its_own_feed(store: Store) -> None:
    own = issue(store, NORTH, "centre-north")
    national = issue(store, COORDINATOR, "national")
    for refused in (
        lambda: issue(store, NORTH, "national"),
        lambda: issue(store, NORTH, "centre-south"),
        lambda: revoke(store, NORTH, national.token.id),
        lambda: rotate(store, NORTH, national.token.id),
        lambda: list_tokens(store, NORTH, "national"),
    ):
        with pytest.raises(PermissionDenied, match="manages only feed centre-north"):
            refused()
    assert [t.id for t in list_tokens(store, NORTH)] == [own.token.id]
    assert rotate(store, NORTH, own.token.id).token.feed == "centre-north"
    assert resolve(store, national.secret) == "national"


def test_a_responder_manages_only_its_personal_feed(store: Store) -> None:
    responder = Actor("responder", "r17")
    assert issue(store, responder, "responder-r17").token.feed == "responder-r17"
    with pytest.raises(PermissionDenied):
        issue(store, responder, "responder-r18")
    with pytest.raises(PermissionDenied):
        issue(store, responder, "national")


def test_refusals_are_audited(store: Store) -> None:
    with pytest.raises(PermissionDenied):
        issue(store, NORTH, "national")
    with store.engine.connect() as connection:
        logged = connection.execute(text("SELECT actor, action FROM audit_log")).all()
    assert [tuple(row) for row in logged] == [("centre:north", "refused")]


@pytest.mark.parametrize("name", ["", "National", "../national", "centre/north", "a b"])
def test_a_feed_name_is_lowercase_letters_digits_and_dashes(store: Store, name: str) -> None:
    with pytest.raises(ChangeError, match="is not a feed name"):
        issue(store, COORDINATOR, name)


# --- the command line --------------------------------------------------------------------------


def test_issue_prints_the_https_and_the_webcal_address(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'rota.db'}"
    base = ["feeds", "token", "issue", "--feed", "national", "--as", "coordinator", "--db", db]
    result = CliRunner().invoke(app, [*base, "--base-url", "https://rota.example.fi"])
    assert result.exit_code == 0, result.output
    https, webcal = re.findall(r"^  (\S+)$", result.output, re.MULTILINE)
    assert re.fullmatch(r"https://rota\.example\.fi/feeds/[\w-]{43}\.ics", https)
    assert webcal == "webcal://" + https.removeprefix("https://")
    as_json = json.loads(CliRunner().invoke(app, [*base, "--label", "x", "--json"]).output)
    assert as_json["url"] == f"http://127.0.0.1:8765/feeds/{as_json['secret']}.ics"
    assert as_json["webcal_url"] == f"webcal://127.0.0.1:8765/feeds/{as_json['secret']}.ics"
    store = open_store(db)
    assert resolve(store, https.rsplit("/", 1)[1].removesuffix(".ics")) == "national"
    store.close()


def test_rotate_revoke_and_list_from_the_command_line(tmp_path: Path) -> None:
    db = ["--db", f"sqlite:///{tmp_path / 'rota.db'}"]
    runner = CliRunner()
    issue_args = ["feeds", "token", "issue", "--feed", "centre-north", "--as", "centre:north"]
    assert runner.invoke(app, [*issue_args, *db]).exit_code == 0
    rotated = runner.invoke(app, ["feeds", "token", "rotate", "1", "--as", "centre:north", *db])
    assert rotated.exit_code == 0, rotated.output
    assert "Token 2 for feed centre-north, replacing token 1:" in rotated.output
    revoked = runner.invoke(app, ["feeds", "token", "revoke", "2", "--as", "coordinator", *db])
    assert revoked.exit_code == 0, revoked.output
    listed = runner.invoke(app, ["feeds", "token", "list", "--as", "centre:north", *db]).output
    statuses = [line.split()[:2] for line in listed.splitlines()]
    assert statuses == [["#1", "rotated"], ["#2", "revoked"]]


def test_a_refused_token_command_says_why_and_exits_2(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'rota.db'}"
    args = ["feeds", "token", "issue", "--feed", "national", "--as", "centre:north", "--db", db]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "refused: centre:north may not issue a token for feed national" in result.output


def test_serve_without_published_feeds_exits_2(tmp_path: Path) -> None:
    args = ["serve", "--feeds", str(tmp_path), "--db", f"sqlite:///{tmp_path / 'rota.db'}"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "no feeds/ with .ics files" in result.output

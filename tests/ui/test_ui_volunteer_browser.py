"""A volunteer in a real browser (issue 19): `rota dashboard` and `rota serve --db` on free
localhost ports, Playwright driving headless Debian Chromium. The volunteer signs in, sees their
(still empty) shifts, takes the first extra shift offered — a weekend one, where volunteers are
steered first — and makes their calendar link; the centre confirms the claim on its Claims page;
the volunteer's feed, fetched from `rota serve`, then holds the shift. Screenshots go to
test-artifacts/.

The store holds the two-centre network of tests/app/volunteer_network.py, staffed for 2027Q1.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from rota.app import claims
from rota.app.accounts import create_account
from rota.app.actors import Actor
from rota.store import open_store
from tests.app.volunteer_network import TODAY, staffed_store
from tests.ui.test_ui_browser import CHROMIUM, PASSWORD, browser, free_port, shot, sign_in

__all__ = ["browser"]  # the module-scoped Chromium fixture, shared with the other browser test

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium (make test installs it as root)"
)
ROTA = str(Path(sys.executable).parent / "rota")


def started(command: list[str], log: Path, health: str, env: dict[str, str]) -> subprocess.Popen:  # type: ignore[type-arg]
    """Start a server and wait until `health` answers 200."""
    handle = log.open("w")
    server = subprocess.Popen(command, env=env, stdout=handle, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(health, timeout=2) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise AssertionError(log.read_text(encoding="utf-8")) from None
            time.sleep(0.3)


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path]]:
    """The dashboard's and the feed server's addresses, and the claim roster's folder."""
    folder = tmp_path_factory.mktemp("volunteer")
    url = f"sqlite:///{folder / 'rota.db'}"
    store = open_store(url)
    _, roster = staffed_store(store, folder)
    create_account(store, "vol", PASSWORD, "responder:a-free")
    create_account(store, "centre-a", PASSWORD, "centre:a")
    store.close()
    dashboard_port, feed_port = free_port(), free_port()
    feeds = f"http://127.0.0.1:{feed_port}"
    env = {
        **os.environ,
        "ROTA_TODAY": TODAY.isoformat(),
        "ROTA_FEED_BASE_URL": feeds,
        "ROTA_ROSTER": str(roster),
    }
    serve = started(
        [ROTA, "serve", "--db", url, "--port", str(feed_port)],
        folder / "serve.log",
        f"{feeds}/healthz",
        env,
    )
    dashboard = started(
        [
            ROTA,
            "dashboard",
            "--db",
            url,
            "--scenario",
            str(folder / "net" / "scenario.yaml"),
            "--port",
            str(dashboard_port),
        ],
        folder / "dashboard.log",
        f"http://localhost:{dashboard_port}/_stcore/health",
        env,
    )
    try:
        yield f"http://localhost:{dashboard_port}", url, roster
    finally:
        for server in (dashboard, serve):
            server.terminate()
            server.wait(timeout=20)


def test_a_volunteer_claims_a_weekend_extra_shift_and_it_reaches_the_feed(
    servers: tuple[str, str, Path], browser: Browser
) -> None:
    base, url, roster = servers
    store = open_store(url)
    offered = claims.offers(store, Actor("responder", "a-free"), roster, TODAY)
    store.close()
    extra = offered.extra_shifts[0]
    assert extra.weekend_or_holiday  # volunteers are steered to weekends and holidays first
    listed_seats = min(len(offered.open_seats), 10)

    page = sign_in(browser, base, "vol")
    page.get_by_role("heading", name="Tulevat vuorosi").wait_for()
    page.get_by_text("Ei tulevia vuoroja.").wait_for()
    shot(page, "v1-volunteer-shifts")
    started_at = time.monotonic()
    page.get_by_role("button", name="Ota vuoro").nth(listed_seats).click()
    page.get_by_text("Vuoro on varattu sinulle; keskus vahvistaa sen.").wait_for()
    print(f"\nclaim in the browser: {time.monotonic() - started_at:.1f} s")
    expect(page.get_by_text("odottaa keskusta")).to_be_visible()
    page.get_by_role("button", name="Luo tilauslinkki").click()
    page.get_by_text("webcal://127.0.0.1").wait_for()
    expect(
        page.get_by_role("img", name="QR-koodi: tilauslinkki puhelimen kalenteriin")
    ).to_be_visible()
    shot(page, "v2-volunteer-claimed")
    link = re.search(r"http://127\.0\.0\.1:\d+/feeds/[A-Za-z0-9_-]+\.ics", page.content())
    assert link is not None
    before = urllib.request.urlopen(link.group(0), timeout=10).read()
    stamp = f"{extra.start:%Y%m%dT%H%M%S}".encode()
    assert stamp not in before  # not the volunteer's until the centre confirms

    centre = sign_in(browser, base, "centre-a")
    centre.get_by_role("link", name="Vuorovaraukset").click()
    centre.get_by_role("heading", name="Vahvistusta odottavat varaukset").wait_for()
    shot(centre, "v3-centre-claims")
    centre.get_by_role("button", name="Vahvista").click()
    centre.get_by_text("Ei odottavia varauksia.").wait_for()

    after = urllib.request.urlopen(link.group(0), timeout=10).read()
    assert stamp in after
    page = sign_in(browser, base, "vol")  # a reload would start a new, signed-out session
    page.get_by_text("vahvistettu").wait_for()
    shot(page, "v4-volunteer-confirmed")

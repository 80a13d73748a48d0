"""Closures and the duty agreement end to end in a real browser (issue 18): Vaasa enters its
summer closure on its page and sees, before submitting, that with Pohjanmaa's closure (already
filed) the Swedish line goes uncovered, naming Pohjanmaa and the nearest gap-free dates; it
submits; the coordinator sees the summer as one timeline per service and approves Pohjanmaa's
closure. Then Vaasa opens its agreement and sets its Swedish lines to none: the page flags the
Swedish line's hours as impossible (R3) before anything is sent. Screenshots go to
test-artifacts/ (closures-*.png, agreement-*.png).

The store holds the network of tests/closure_network.py as the calendar in force, with
Pohjanmaa's agreement already down to no Swedish lines (approved), so Vaasa's line is the last.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from rota.app import agreements, closures
from rota.app.accounts import create_account
from rota.app.actors import Actor
from rota.store import open_store
from tests.change_network import EFFECTIVE, TODAY
from tests.closure_network import load_closure_network
from tests.ui.test_ui_browser import CHROMIUM, browser, free_port, shot, sign_in

__all__ = ["browser"]  # the module-scoped Chromium fixture, shared with the other browser test

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium (make test installs it as root)"
)


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("closures")
    url = f"sqlite:///{folder / 'rota.db'}"
    store = open_store(url)
    load_closure_network(store, folder / "net")
    for username, role in (("coord", "coordinator"), ("vaasa", "centre:vaasa")):
        create_account(store, username, "correct horse battery", role)
    summer = (dt.date(2027, 6, 28), dt.date(2027, 7, 18))
    closures.file(store, Actor("centre", "pohjanmaa"), "pohjanmaa", *summer, "Kesäloma", TODAY)
    no_lines = {"lines": {"sv-phone": 0}}
    change = agreements.propose(
        store, Actor("centre", "pohjanmaa"), "pohjanmaa", no_lines, EFFECTIVE, "x", TODAY
    )
    agreements.approve(store, Actor("coordinator"), change)
    store.close()
    port = free_port()
    env = {**os.environ, "ROTA_TODAY": TODAY.isoformat()}
    log = (folder / "dashboard.log").open("w")
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "rota"),
            "dashboard",
            "--db",
            url,
            "--scenario",
            str(folder / "net" / "scenario.yaml"),
            "--port",
            str(port),
        ],
        cwd=folder,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        (folder / "dashboard.log").read_text(encoding="utf-8")
                    ) from None
                time.sleep(0.3)
        yield base, url
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def enter_date(page: Page, label: str, day: str) -> None:
    """Type dd.mm.yyyy into the date field's day, month and year segments, then leave it."""
    page.get_by_role("spinbutton", name=f"day, {label}").click()
    page.keyboard.type(day.replace(".", ""))
    page.keyboard.press("Escape")
    page.get_by_role("heading", name="Suljetut ajat").click()  # leaving the field sends it
    page.locator("[data-testid=stApp]:not([data-test-script-state=running])").wait_for()


def test_a_centre_files_its_summer_closure_and_the_coordinator_sees_the_season(
    dashboard: tuple[str, str], browser: Browser
) -> None:
    base, url = dashboard

    page = sign_in(browser, base, "vaasa")
    page.get_by_role("heading", name="Suljetut ajat").wait_for()
    enter_date(page, "Ensimmäinen suljettu päivä", "05.07.2027")
    enter_date(page, "Viimeinen suljettu päivä", "25.07.2027")
    page.get_by_text("Kristelefonen på svenska jäisi ilman päivystäjää 24,0 h").wait_for()
    expect(page.get_by_text("koska myös Pohjanmaa on suljettu")).to_be_visible()
    expect(page.get_by_text("Lähimmät päivät, joilla aukkoa ei synny:")).to_be_visible()
    # 21 days ending on the Monday Pohjanmaa closes, or beginning the Saturday before it reopens:
    # the Swedish line is shut on those days.
    expect(page.get_by_text("08.06.2027–28.06.2027")).to_be_visible()
    expect(page.get_by_text("17.07.2027–06.08.2027")).to_be_visible()
    shot(page, "closures-1-centre-preview")
    page.get_by_label("Perustelu").first.fill(
        "Sommarsemester"
    )  # the closure's; then the agreement's
    page.get_by_role("button", name="Lähetä sulku").click()
    page.get_by_text("Sulku 2 lähetetty").wait_for()
    shot(page, "closures-2-centre-filed")

    page = sign_in(browser, base, "coord")
    page.get_by_role("link", name="Lomasulut").click()
    page.get_by_role("heading", name="Kristelefonen på svenska").wait_for()
    charts = page.locator("[data-testid='stVegaLiteChart']")
    expect(charts.first).to_be_visible()
    assert charts.count() == 1  # only the Swedish line has closures of its centres this summer
    page.get_by_text("Tekstinä").click()
    expect(page.get_by_text("Aukkoja 24,0 h")).to_be_visible()
    shot(page, "closures-3-coordinator-season")
    page.get_by_role("button", name="Hyväksy").first.click()
    page.get_by_text("Sulku 1 hyväksytty").wait_for()
    shot(page, "closures-4-coordinator-approved")
    store = open_store(url)
    states = [(c.centre, c.status) for c in closures.list_closures(store, Actor("coordinator"))]
    store.close()
    assert states == [("pohjanmaa", "approved"), ("vaasa", "pending")]


def test_a_centre_sees_what_its_agreement_change_makes_impossible(
    dashboard: tuple[str, str], browser: Browser
) -> None:
    base, _url = dashboard
    page = sign_in(browser, base, "vaasa")
    page.get_by_role("heading", name="Päivystyssopimus").wait_for()
    page.get_by_text("Muutos", exact=True).click()
    lines = page.get_by_label("Linjoja: Kristelefonen på svenska")
    lines.fill("0")
    lines.press("Enter")
    page.get_by_text("Muutos tekisi nämä säännöt mahdottomiksi täyttää:").wait_for()
    for day in ("ti", "to", "pe"):
        expect(
            page.get_by_text(
                f"R3: Kristelefonen på svenska {day} 09:00–13:00 tarvitsee 1, "
                "linjoja olisi enintään 0"
            )
        ).to_be_visible()
    expect(
        page.get_by_text("Voimassa olevat vakiovuorot, joita muutos ei enää sallisi:")
    ).to_be_visible()
    shot(page, "agreement-1-centre-impact")
